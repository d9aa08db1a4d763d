"""The one reader of the advocacy settings (docs/ARCHITECTURE.md, "Settings").

Every setting is a row of a table (``tools.settings.Setting``: config parameter key, type, default,
settings field, smallest value); advocacy_nps and advocacy_rewards add theirs by extending
``_advocacy_settings_table``. Code reads a setting with ``env["advocacy.settings"]._advocacy_setting(key)``;
the settings form shows and stores the rows that name one of its fields (res_config_settings.py)."""

import logging

from odoo import api, models

from ..tools import attribution
from ..tools.settings import Setting, read_setting, setting_table, switch
from .moment import MOMENT_TYPES
from .notification import switch_key

_logger = logging.getLogger(__name__)

PROGRAM_SETTINGS = setting_table(
    Setting("advocacy_program.attribution_window_days", "int", 365, "advocacy_attribution_window_days", 0),
    Setting(
        "advocacy_program.public_email_domains",
        "char",
        attribution.DEFAULT_PUBLIC_DOMAINS,
        "advocacy_public_email_domains",
    ),
    Setting("advocacy_program.ask_cooldown_days", "int", 90, "advocacy_ask_cooldown_days", 0),
    Setting("advocacy_program.moment_expiry_days", "int", 30, "advocacy_moment_expiry_days", 1),
    Setting("advocacy_program.invite_on_promoter", "bool", False, "advocacy_invite_on_promoter"),
    # the thresholds of the moments found in the data (moment_detection.py)
    Setting("advocacy_program.moment_onboarding_days", "int", 30, "advocacy_moment_onboarding_days", 0),
    Setting("advocacy_program.moment_usage_orders", "int", 5, "advocacy_moment_usage_orders", 0),
    Setting("advocacy_program.moment_usage_amount", "int", 0, "advocacy_moment_usage_amount", 0),
    Setting("advocacy_program.moment_usage_days", "int", 90, "advocacy_moment_usage_days", 0),
    Setting("advocacy_program.moment_renewal_days", "int", 60, "advocacy_moment_renewal_days", 0),
    switch(switch_key("digest"), "advocacy_notify_digest"),
    *(switch(f"advocacy_program.moment_{kind}", f"advocacy_moment_on_{kind}") for kind, _l in MOMENT_TYPES),
)
# unreadable stored values already logged by this process: (database, key, text)
_REPORTED = set()


class AdvocacySettings(models.AbstractModel):
    _name = "advocacy.settings"
    _description = "Advocacy Settings Reader"

    @api.model
    def _advocacy_settings_table(self):
        """{config parameter key: Setting} of every advocacy setting; extended by the other addons. The
        switches of the advocates' mails come from the dispatcher's event table (one per event, its
        default there)."""
        events = self.env["res.partner"]._advocacy_notification_events()
        return {
            **PROGRAM_SETTINGS,
            **setting_table(
                *(
                    switch(switch_key(event), f"advocacy_notify_{event}", on)
                    for event, (_t, _f, on) in events.items()
                )
            ),
        }

    @api.model
    def _advocacy_setting(self, key):
        """The value of the setting `key`, of its type; its default when the parameter is missing or
        cannot be read (logged once)."""
        spec = self._advocacy_settings_table()[key]
        text = self.env["ir.config_parameter"].sudo().get_param(key)
        value, unreadable = read_setting(spec, text)
        if unreadable and (self.env.cr.dbname, key, text) not in _REPORTED:
            _REPORTED.add((self.env.cr.dbname, key, text))
            _logger.warning("Setting %s: cannot read %r as %s, using %r.", key, text, spec.type, spec.default)
        return value
