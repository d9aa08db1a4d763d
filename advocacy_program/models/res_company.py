from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    advocacy_terms = fields.Html(
        string="Advocacy Program Terms",
        translate=True,
        groups="base.group_user",
        help="Shown on the page where a contact accepts the invitation to join the program.",
    )
    advocacy_terms_version = fields.Char(
        string="Terms Version",
        default="1",
        groups="base.group_user",
        help="Recorded with each advocate's consent: change it when the terms change.",
    )
    advocacy_share_message = fields.Text(
        string="Suggested Share Message",
        translate=True,
        groups="base.group_user",
        help="The message advocates start from when they share their link, in their language.",
    )
