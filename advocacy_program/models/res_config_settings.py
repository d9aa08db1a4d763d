from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import attribution
from ..tools.settings import store_setting
from .settings import PROGRAM_SETTINGS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advocacy_attribution_window_days = fields.Integer(
        string="Attribution Window (days)",
        help="Orders of a referred customer placed within this many days of the referral count as its "
        "revenue.",
    )
    advocacy_public_email_domains = fields.Char(
        string="Public Email Domains",
        help="Comma-separated free-mail domains: sharing one of them is not a self-referral.",
    )
    advocacy_ask_cooldown_days = fields.Integer(
        string="Ask Cooldown (days)",
        help="A contact is not asked again (new advocacy moment) within this many days.",
    )
    advocacy_moment_expiry_days = fields.Integer(
        string="Moment Expiry (days)",
        help="Moments nobody answered after this many days expire.",
    )
    advocacy_invite_on_promoter = fields.Boolean(
        string="Invite Promoters to Join",
        help="A promoter's answer (9-10) or an accepted ask sends the invitation to join the program.",
    )
    advocacy_terms = fields.Html(related="company_id.advocacy_terms", readonly=False)
    advocacy_terms_version = fields.Char(related="company_id.advocacy_terms_version", readonly=False)
    advocacy_share_message = fields.Text(related="company_id.advocacy_share_message", readonly=False)

    # mails to advocates, one switch per event (advocacy_rewards adds its own)
    advocacy_notify_welcome = fields.Boolean(
        string="Welcome mail", help="Mail a contact who becomes an active advocate."
    )
    advocacy_notify_referral_received = fields.Boolean(
        string="Referral received mail", help="Mail the advocate when a referral of theirs is recorded."
    )
    advocacy_notify_referral_won = fields.Boolean(
        string="Referral won mail", help="Mail the advocate when a referral of theirs becomes a customer."
    )
    advocacy_notify_challenge_invitation = fields.Boolean(
        string="Challenge invitation mail", help="Mail the advocates invited to a challenge."
    )
    advocacy_notify_digest = fields.Boolean(
        string="Daily digest mail",
        help="Advocates who chose the digest get one mail a day listing the day's events.",
    )
    # the five moments to ask, each switchable, and the thresholds of those found in the data
    advocacy_moment_on_onboarding_done = fields.Boolean(string="Onboarding completed")
    advocacy_moment_on_high_usage = fields.Boolean(string="Heavy usage")
    advocacy_moment_on_promoter = fields.Boolean(string="Promoter answer")
    advocacy_moment_on_good_review = fields.Boolean(string="Successful business review")
    advocacy_moment_on_renewal = fields.Boolean(string="Renewal")
    advocacy_moment_onboarding_days = fields.Integer(
        string="Onboarding Delay (days)",
        help="The onboarding moment comes this many days after the customer's first confirmed order.",
    )
    advocacy_moment_usage_orders = fields.Integer(
        string="Heavy Usage Orders",
        help="Confirmed orders within the period that make a heavy user (0: not by count).",
    )
    advocacy_moment_usage_amount = fields.Integer(
        string="Heavy Usage Amount",
        help="Untaxed amount ordered within the period, in company currency, that makes a heavy user "
        "(0: not by amount).",
    )
    advocacy_moment_usage_days = fields.Integer(
        string="Heavy Usage Period (days)",
        help="The period the heavy usage is measured over; a customer is found again after it.",
    )
    advocacy_moment_renewal_days = fields.Integer(
        string="Renewal Lead Time (days)",
        help="The renewal moment comes this many days before the customer's renewal date.",
    )

    # The fields above that show a setting take their value and default from its row of
    # advocacy.settings' table (no `config_parameter=`: Odoo would store 0 as "no parameter", which reads
    # back as the default, so "0: not by count" would silently become 5).
    @api.model
    def _advocacy_setting_fields(self):
        """{settings field: Setting} of the advocacy settings this form shows."""
        table = self.env["advocacy.settings"]._advocacy_settings_table()
        return {spec.field: spec for spec in table.values() if spec.field in self._fields}

    @api.model
    def get_values(self):
        res = super().get_values()
        Settings = self.env["advocacy.settings"]
        for name, spec in self._advocacy_setting_fields().items():
            res[name] = Settings._advocacy_setting(spec.key)
        return res

    def set_values(self):
        # public, so callable by RPC on any settings record: only administrators may save settings
        self.check_access("write")
        res = super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        for name, spec in self._advocacy_setting_fields().items():
            text = store_setting(spec, self[name])
            if params.get_param(spec.key, False) != text:
                params.set_param(spec.key, text)
        return res

    def _advocacy_check_minimums(self, table):
        """Refuse a value below the smallest one its row of `table` allows."""
        for settings in self:
            for spec in table.values():
                if spec.minimum is not None and spec.field in settings._fields:
                    if settings[spec.field] < spec.minimum:
                        raise ValidationError(
                            self.env._(
                                "%(setting)s cannot be below %(minimum)s.",
                                setting=self._fields[spec.field]._description_string(self.env),
                                minimum=spec.minimum,
                            )
                        )

    @api.constrains(*(spec.field for spec in PROGRAM_SETTINGS.values() if spec.type != "bool"))
    def _check_advocacy_settings(self):
        self._advocacy_check_minimums(PROGRAM_SETTINGS)
        for settings in self:
            bad = attribution.invalid_domains(settings.advocacy_public_email_domains)
            if bad:
                raise ValidationError(self.env._("These are not email domains: %s", ", ".join(bad)))
