from odoo import api, fields, models
from odoo.addons.advocacy_program.tools.settings import Setting, setting_table

# The NPS settings (read with advocacy.settings' `_advocacy_setting`, shown and stored by
# advocacy_program's settings form): 0 is a value here ("0 days: no throttling / no reminder").
NPS_SETTINGS = setting_table(
    Setting("advocacy_nps.throttle_days", "int", 90, "advocacy_nps_throttle_days", 0),
    Setting("advocacy_nps.sla_hours", "int", 48, "advocacy_nps_sla_hours", 0),
    Setting("advocacy_nps.resurvey_days", "int", 90, "advocacy_nps_resurvey_days", 0),
    Setting("advocacy_nps.token_validity_days", "int", 30, "advocacy_nps_token_validity_days", 1),
    Setting("advocacy_nps.reminder_days", "int", 5, "advocacy_nps_reminder_days", 0),
)


class AdvocacySettings(models.AbstractModel):
    _inherit = "advocacy.settings"

    @api.model
    def _advocacy_settings_table(self):
        return {**super()._advocacy_settings_table(), **NPS_SETTINGS}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advocacy_nps_throttle_days = fields.Integer(
        string="NPS Throttling (days)",
        help="Nobody is asked for their NPS twice within this many days, across every channel; "
        "0: no throttling.",
    )
    advocacy_nps_sla_hours = fields.Integer(
        string="Detractor Follow-up SLA (hours)",
        help="A detractor is called back within this many hours.",
    )
    advocacy_nps_resurvey_days = fields.Integer(
        string="Detractor Re-survey (days)",
        help="Detractors are surveyed again this many days after their answer.",
    )
    advocacy_nps_token_validity_days = fields.Integer(
        string="Survey Link Validity (days)",
        help="The one-click links of an invitation stop working this many days after it was sent.",
    )
    advocacy_nps_reminder_days = fields.Integer(
        string="Reminder After (days)",
        help="Default delay of the single reminder of a new survey wave; 0: no reminder.",
    )

    @api.constrains(*(spec.field for spec in NPS_SETTINGS.values()))
    def _check_advocacy_nps_params(self):
        self._advocacy_check_minimums(NPS_SETTINGS)
