from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard

from ..tools import nps_math
from .nps_response import check_selection_values

CSAT_TOUCHPOINTS = [
    ("software", "Software"),
    ("hardware", "Hardware"),
    ("implementation", "Implementation"),
    ("after_sales", "After-sales"),
    ("events", "Events"),
]
CSAT_RATINGS = [("satisfied", "Satisfied"), ("neutral", "Neutral"), ("dissatisfied", "Dissatisfied")]


class AdvocacyCsatResponse(models.Model):
    _name = "advocacy.csat.response"
    _description = "CSAT Response"
    _inherit = ["mail.thread", "advocacy.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # a contact with answers is archived, not deleted (res.partner refuses with a clear message)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="restrict"
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Customer Account",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    touchpoint = fields.Selection(CSAT_TOUCHPOINTS, required=True, index=True)
    rating = fields.Selection(CSAT_RATINGS, required=True, index=True)
    csat_value = fields.Integer(
        string="CSAT (%)",
        compute="_compute_csat_value",
        store=True,
        aggregator="avg",
        help="100 for a satisfied answer, 0 otherwise: its average is the CSAT%.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    comment = fields.Text()
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_selection_values(self, vals)
        return super().create(vals_list)

    def copy(self, default=None):
        # a duplicated answer would count twice in the CSAT
        service_guard.refuse_copy(self, self.env._("record the new answer instead."))
        return super().copy(default)

    def write(self, vals):
        check_selection_values(self, vals)
        return super().write(vals)

    @api.depends("rating")
    def _compute_csat_value(self):
        for response in self:
            response.csat_value = 100 if response.rating == "satisfied" else 0

    @api.depends("partner_id", "touchpoint", "rating")
    def _compute_display_name(self):
        touchpoints = dict(self._fields["touchpoint"]._description_selection(self.env))
        ratings = dict(self._fields["rating"]._description_selection(self.env))
        for response in self:
            response.display_name = " - ".join(
                filter(
                    None,
                    [
                        response.partner_id.display_name,
                        touchpoints.get(response.touchpoint),
                        ratings.get(response.rating),
                    ],
                )
            )

    @api.depends("partner_id")
    def _compute_user_id(self):
        for response in self:
            partner = response.partner_id.sudo()
            response.user_id = partner.user_id or partner.commercial_partner_id.user_id

    @api.model
    def _csat_breakdown(self, domain=None, period="month"):
        """CSAT% per touchpoint and period, from the rating counts."""
        counts = {}
        for period_value, touchpoint, rating, count in self._read_group(
            domain or [], [f"date:{period}", "touchpoint", "rating"], ["__count"]
        ):
            counts.setdefault((touchpoint, period_value), {}).setdefault(rating, count)
        return [
            {
                "touchpoint": touchpoint,
                "period": period_value,
                "count": sum(c.values()),
                "csat": nps_math.csat_percent(
                    c.get("satisfied", 0), c.get("neutral", 0), c.get("dissatisfied", 0)
                ),
            }
            for (touchpoint, period_value), c in sorted(counts.items())
        ]
