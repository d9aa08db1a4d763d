from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import attribution

ATTRIBUTABLE_STATES = ("new", "qualified", "won")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    referral_id = fields.Many2one(
        "advocacy.referral",
        index="btree_not_null",
        tracking=True,
        copy=False,
        ondelete="set null",
        help="The referral this order is attributed to: its opportunity's, or the referred customer's "
        "referral when the order falls in the attribution window.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("referral_id"):
                self._advocacy_check_referral_vals(vals)
        orders = super().create(vals_list)
        orders.filtered(lambda o: not o.referral_id)._advocacy_attribute()
        # a quotation: the customer tries us
        orders.sudo().partner_id._advocacy_with_company()._advocacy_advance_journey("try")
        return orders

    def write(self, vals):
        if "referral_id" in vals:
            self._advocacy_check_referral_vals(vals)
        # the revenue follows confirmations, cancellations, re-attributions, a move to another
        # opportunity and the lines of confirmed orders (an upsell added to a confirmed order counts)
        moved = "opportunity_id" in vals and "referral_id" not in vals
        watch = (
            "state" in vals
            or "referral_id" in vals
            or moved
            or ("order_line" in vals and "sale" in self.mapped("state"))
        )
        old_referrals = self.sudo().referral_id if watch else None
        res = super().write(vals)
        if moved:
            self._advocacy_reattribute()
        if watch:
            referrals = (old_referrals | self.sudo().referral_id).sudo()
            if vals.get("state") == "sale":
                referrals.filtered(lambda r: r.state in ("new", "qualified"))._advocacy_service().write(
                    {"state": "won"}
                )
            referrals._advocacy_recompute_revenue()
        if vals.get("state") == "sale":
            self._advocacy_journey_on_confirm()
        return res

    def _advocacy_journey_on_confirm(self):
        """Buy at the first confirmed order of a customer (its company counts), repeat at the second:
        one count for the whole batch."""
        orders = self.sudo()
        counts = defaultdict(int)
        for partner, count in orders._read_group(
            [
                ("partner_id.commercial_partner_id", "in", orders.partner_id.commercial_partner_id.ids),
                ("state", "=", "sale"),
            ],
            ["partner_id"],
            ["__count"],
        ):
            counts[partner.commercial_partner_id.id] += count
        repeat = orders.filtered(lambda o: counts[o.partner_id.commercial_partner_id.id] >= 2)
        (orders - repeat).partner_id._advocacy_with_company()._advocacy_advance_journey("buy")
        repeat.partner_id._advocacy_with_company()._advocacy_advance_journey("repeat")

    def _advocacy_check_referral_vals(self, vals):
        """Attributing an order by hand moves money: only advocacy managers correct it; the
        attribution itself runs as a service (sudo)."""
        if not self.env.su and not self.env.user.has_group("advocacy_program.group_advocacy_manager"):
            raise AccessError(
                self.env._("Only advocacy managers can change the referral an order is attributed to.")
            )
        if vals["referral_id"] and not self.env["advocacy.referral"].browse(vals["referral_id"]).exists():
            raise ValidationError(self.env._("No referral has the id %s.", vals["referral_id"]))

    def _advocacy_reattribute(self):
        """An order moved to another opportunity follows that opportunity's referral (or the window
        attribution when the new opportunity has none)."""
        orders = self.sudo()
        orders.write({"referral_id": False})
        orders._advocacy_attribute()

    def _advocacy_attribute(self):
        """Attribute orders to a referral, set-based: the opportunity's referral first, else the most
        recent referral of the same referred commercial entity whose window holds the order date."""
        if not self:
            return
        by_referral = defaultdict(lambda: self.browse())
        rest = self.browse()
        for order in self.sudo():
            referral = order.opportunity_id.referral_id
            if referral and referral.state in ATTRIBUTABLE_STATES:
                by_referral[referral.id] |= order
            else:
                rest |= order
        if rest:
            window = self.env["advocacy.settings"]._advocacy_setting(
                "advocacy_program.attribution_window_days"
            )
            commercial_ids = rest.partner_id.commercial_partner_id.ids
            candidates = defaultdict(list)
            for referral in (
                self.env["advocacy.referral"]
                .sudo()
                .search_fetch(
                    [
                        ("partner_id.commercial_partner_id", "in", commercial_ids),
                        ("state", "in", ATTRIBUTABLE_STATES),
                        ("company_id", "in", rest.company_id.ids),
                    ],
                    ["date", "partner_id", "company_id"],
                )
            ):
                key = (referral.partner_id.commercial_partner_id.id, referral.company_id.id)
                candidates[key].append((referral.id, referral.date))
            for order in rest:
                key = (order.partner_id.commercial_partner_id.id, order.company_id.id)
                order_date = fields.Date.context_today(order, order.date_order) if order.date_order else None
                referral_id = (
                    attribution.pick_referral(candidates.get(key, ()), order_date, window)
                    if order_date
                    else None
                )
                if referral_id:
                    by_referral[referral_id] |= order
        for referral_id, orders in by_referral.items():
            orders.sudo().write({"referral_id": referral_id})

    def action_view_advocacy_referral(self):
        self.ensure_one()
        self.referral_id.check_access("read")
        return self.referral_id.get_formview_action()
