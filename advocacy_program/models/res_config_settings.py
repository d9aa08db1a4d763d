from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import attribution


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advocacy_attribution_window_days = fields.Integer(
        string="Attribution Window (days)",
        config_parameter="advocacy_program.attribution_window_days",
        default=365,
        help="Orders of a referred customer placed within this many days of the referral count as its "
        "revenue.",
    )
    advocacy_public_email_domains = fields.Char(
        string="Public Email Domains",
        config_parameter="advocacy_program.public_email_domains",
        default=attribution.DEFAULT_PUBLIC_DOMAINS,
        help="Comma-separated free-mail domains: sharing one of them is not a self-referral.",
    )
    advocacy_ask_cooldown_days = fields.Integer(
        string="Ask Cooldown (days)",
        config_parameter="advocacy_program.ask_cooldown_days",
        default=90,
        help="A contact is not asked again (new advocacy moment) within this many days.",
    )
    advocacy_moment_expiry_days = fields.Integer(
        string="Moment Expiry (days)",
        config_parameter="advocacy_program.moment_expiry_days",
        default=30,
        help="Moments nobody answered after this many days expire.",
    )
    advocacy_invite_on_promoter = fields.Boolean(
        string="Invite Promoters to Join",
        config_parameter="advocacy_program.invite_on_promoter",
        help="A promoter's answer (9-10) or an accepted ask sends the invitation to join the program.",
    )
    advocacy_terms = fields.Html(related="company_id.advocacy_terms", readonly=False)
    advocacy_terms_version = fields.Char(related="company_id.advocacy_terms_version", readonly=False)
    advocacy_share_message = fields.Text(related="company_id.advocacy_share_message", readonly=False)

    @api.constrains(
        "advocacy_attribution_window_days",
        "advocacy_ask_cooldown_days",
        "advocacy_moment_expiry_days",
        "advocacy_public_email_domains",
    )
    def _check_advocacy_settings(self):
        for settings in self:
            if settings.advocacy_attribution_window_days < 0:
                raise ValidationError(self.env._("The attribution window cannot be negative."))
            if settings.advocacy_ask_cooldown_days < 0:
                raise ValidationError(self.env._("The ask cooldown cannot be negative."))
            if settings.advocacy_moment_expiry_days < 1:
                raise ValidationError(
                    self.env._("Moments must stay open at least one day before they expire.")
                )
            bad = attribution.invalid_domains(settings.advocacy_public_email_domains)
            if bad:
                raise ValidationError(self.env._("These are not email domains: %s", ", ".join(bad)))
