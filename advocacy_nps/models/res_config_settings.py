from odoo import api, fields, models
from odoo.exceptions import ValidationError

# setting field -> (ir.config_parameter key after "advocacy_nps.", default, smallest value allowed).
# Not `config_parameter=` fields: Odoo stores an integer 0 there as "no parameter", which reads back as
# the default, so "0 days: no reminder / no throttling" would silently become 5 / 90.
NPS_PARAMS = {
    "advocacy_nps_throttle_days": ("throttle_days", 90, 0),
    "advocacy_nps_sla_hours": ("sla_hours", 48, 0),
    "advocacy_nps_resurvey_days": ("resurvey_days", 90, 0),
    "advocacy_nps_token_validity_days": ("token_validity_days", 30, 1),
    "advocacy_nps_reminder_days": ("reminder_days", 5, 0),
}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advocacy_nps_throttle_days = fields.Integer(
        string="NPS Throttling (days)",
        default=90,
        help="Nobody is asked for their NPS twice within this many days, across every channel; "
        "0: no throttling.",
    )
    advocacy_nps_sla_hours = fields.Integer(
        string="Detractor Follow-up SLA (hours)",
        default=48,
        help="A detractor is called back within this many hours.",
    )
    advocacy_nps_resurvey_days = fields.Integer(
        string="Detractor Re-survey (days)",
        default=90,
        help="Detractors are surveyed again this many days after their answer.",
    )
    advocacy_nps_token_validity_days = fields.Integer(
        string="Survey Link Validity (days)",
        default=30,
        help="The one-click links of an invitation stop working this many days after it was sent.",
    )
    advocacy_nps_reminder_days = fields.Integer(
        string="Reminder After (days)",
        default=5,
        help="Default delay of the single reminder of a new survey wave; 0: no reminder.",
    )

    @api.constrains(*NPS_PARAMS)
    def _check_advocacy_nps_params(self):
        for settings in self:
            for name, (_key, _default, minimum) in NPS_PARAMS.items():
                if settings[name] < minimum:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s cannot be below %(minimum)s.",
                            setting=self._fields[name]._description_string(self.env),
                            minimum=minimum,
                        )
                    )

    def get_values(self):
        res = super().get_values()
        Response = self.env["advocacy.nps.response"]
        for name, (key, default, _minimum) in NPS_PARAMS.items():
            res[name] = Response._nps_param(key, default)
        return res

    def set_values(self):
        # public, so callable by RPC on any settings record: only administrators may save settings
        self.check_access("write")
        res = super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, _default, _minimum) in NPS_PARAMS.items():
            # kept as text even when 0, which `_nps_param` reads back as 0
            value = str(self[name])
            if params.get_param(f"advocacy_nps.{key}") != value:
                params.set_param(f"advocacy_nps.{key}", value)
        return res
