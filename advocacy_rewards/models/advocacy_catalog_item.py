from odoo import api, fields, models
from odoo.exceptions import AccessError


class AdvocacyCatalogItem(models.Model):
    """Something an advocate can redeem points for (a gift, a training seat, a donation)."""

    _name = "advocacy.catalog.item"
    _description = "Advocacy Catalogue Item"
    _inherit = ["image.mixin"]
    _order = "sequence, points_cost, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    description = fields.Html(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to offer it in every company.")
    points_cost = fields.Integer("Points", required=True, default=100)
    product_id = fields.Many2one(
        "product.product",
        check_company=True,
        domain=[("sale_ok", "=", True)],
        help="What a gift reward of this item sends: a free line of a quotation to the advocate (with the "
        "Inventory app, its delivery).",
    )
    is_stock_limited = fields.Boolean("Limited stock")
    stock_qty = fields.Integer("Stock", default=0, help="Units left (when the stock is limited).")
    is_available = fields.Boolean(compute="_compute_is_available")
    redemption_ids = fields.One2many("advocacy.redemption", "item_id")
    redemption_count = fields.Integer(compute="_compute_redemption_count")

    _sql_constraints = [
        ("points_cost_positive", "CHECK(points_cost > 0)", "An item costs at least one point."),
        ("stock_positive", "CHECK(stock_qty >= 0)", "The stock cannot be negative."),
    ]

    @api.depends("is_stock_limited", "stock_qty", "active")
    def _compute_is_available(self):
        for item in self:
            item.is_available = item.active and (not item.is_stock_limited or item.stock_qty > 0)

    def _compute_redemption_count(self):
        counts = dict(
            self.env["advocacy.redemption"]._read_group(
                [("item_id", "in", self.ids)], ["item_id"], ["__count"]
            )
        )
        for item in self:
            item.redemption_count = counts.get(item, 0)

    def action_view_redemptions(self):
        if not self.env.user.has_group("advocacy_program.group_advocacy_user"):
            raise AccessError(self.env._("Only advocacy users can list redemptions."))
        self.check_access("read")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_rewards.action_advocacy_redemption")
        action["domain"] = [("item_id", "=", self.id)]
        action["context"] = {"default_item_id": self.id}
        return action
