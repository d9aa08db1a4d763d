from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advocacy_nps_throttle_days = fields.Integer(
        string="NPS Throttling (days)",
        config_parameter="advocacy_nps.throttle_days",
        default=90,
        help="Nobody is asked for their NPS twice within this many days, across every channel.",
    )
    advocacy_nps_sla_hours = fields.Integer(
        string="Detractor Follow-up SLA (hours)",
        config_parameter="advocacy_nps.sla_hours",
        default=48,
        help="A detractor is called back within this many hours.",
    )
    advocacy_nps_resurvey_days = fields.Integer(
        string="Detractor Re-survey (days)",
        config_parameter="advocacy_nps.resurvey_days",
        default=90,
        help="Detractors are surveyed again this many days after their answer.",
    )
    advocacy_nps_token_validity_days = fields.Integer(
        string="Survey Link Validity (days)",
        config_parameter="advocacy_nps.token_validity_days",
        default=30,
        help="The one-click links of an invitation stop working this many days after it was sent.",
    )
    advocacy_nps_reminder_days = fields.Integer(
        string="Reminder After (days)",
        config_parameter="advocacy_nps.reminder_days",
        default=5,
        help="Default delay of the single reminder of a new survey wave; 0: no reminder.",
    )
