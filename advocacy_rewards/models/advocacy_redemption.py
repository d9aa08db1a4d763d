from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

# what was redeemed, by whom, for how much and where it stands: set at creation, moved by the buttons
WORKFLOW_FIELDS = frozenset(
    {"partner_id", "item_id", "quantity", "company_id", "points", "date", "state", "entry_ids"}
)
# priced and dated by the creation itself, requested until a button moves it
CREATION_DERIVED = frozenset({"points", "date", "state", "entry_ids"})


class AdvocacyRedemption(models.Model):
    """An advocate spends points on a catalogue item. Creating it locks the advocate's row (SELECT …
    FOR UPDATE) before checking the balance, and takes the stock with a guarded UPDATE, so two
    redemptions at once can never overdraw the balance nor the stock."""

    _name = "advocacy.redemption"
    _description = "Advocacy Redemption"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(default="/", readonly=True, copy=False)
    partner_id = fields.Many2one("res.partner", "Advocate", required=True, index=True, ondelete="restrict")
    item_id = fields.Many2one("advocacy.catalog.item", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    quantity = fields.Integer(default=1, required=True)
    # a duplicated redemption is a new request, priced and dated again
    points = fields.Integer(readonly=True, copy=False)
    date = fields.Date(
        required=True, readonly=True, default=fields.Date.context_today, index=True, copy=False
    )
    state = fields.Selection(
        [("requested", "Requested"), ("done", "Delivered"), ("cancelled", "Cancelled")],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    entry_ids = fields.One2many("advocacy.points.entry", "redemption_id", "Points entries")

    _sql_constraints = [("quantity_positive", "CHECK(quantity > 0)", "Redeem at least one unit.")]

    @api.model_create_multi
    def create(self, vals_list):
        refused = service_guard.refused_fields(
            self, {f for vals in vals_list for f in vals}, CREATION_DERIVED, service_guard.REDEMPTION
        )
        if refused:
            raise AccessError(
                self.env._(
                    "%(fields)s of a redemption come from its item and its buttons: choose the advocate, the "
                    "item and the quantity only.",
                    fields=refused,
                )
            )
        Item = self.env["advocacy.catalog.item"]
        for vals in vals_list:
            item = Item.browse(vals.get("item_id")).exists()
            if not item or not item.active:
                raise ValidationError(self.env._("This catalogue item is not available."))
            if vals.get("quantity", 1) < 1:
                raise ValidationError(self.env._("Redeem at least one unit."))
            vals["points"] = item.points_cost * vals.get("quantity", 1)
            if not service_guard.is_service(self, service_guard.REDEMPTION):
                # a default (context, ir.default) neither: a redemption starts requested, today
                vals.update(state="requested", date=fields.Date.context_today(self))
            if not vals.get("name") or vals["name"] == "/":
                vals["name"] = item.name
        # one savepoint: a refused redemption leaves nothing behind, even in a longer transaction
        with self.env.cr.savepoint():
            self._reserve(vals_list)
            redemptions = super().create(vals_list)
            self.env["advocacy.points.entry"].sudo().create(
                [
                    {
                        "name": self.env._("Redeemed: %(item)s", item=redemption.item_id.name),
                        "partner_id": redemption.partner_id.id,
                        "company_id": redemption.company_id.id,
                        "kind": "redeem",
                        "points": -redemption.points,
                        "redemption_id": redemption.id,
                    }
                    for redemption in redemptions
                ]
            )
        self.env["res.partner"]._advocacy_notify("redemption_confirmed", redemptions)
        return redemptions

    def write(self, vals):
        if service_guard.refused_fields(self, vals, WORKFLOW_FIELDS, service_guard.REDEMPTION):
            raise AccessError(
                self.env._(
                    "A redemption cannot be changed: deliver it or cancel it with its buttons, and redeem "
                    "again."
                )
            )
        return super().write(vals)

    def _workflow_write(self, vals):
        return service_guard.as_service(self, service_guard.REDEMPTION).write(vals)

    @api.model
    def _reserve(self, vals_list):
        """Takes the stock and checks the balances, or raises. The advocates' rows are locked first (in id
        order, so two multi-advocate redemptions cannot deadlock), before anything else touches them: a
        second redemption waits here, then sees the balance the first one left (under REPEATABLE READ the
        first one's balance update makes the second fail and be retried)."""
        cr = self.env.cr
        needed, units = {}, {}
        for vals in vals_list:
            needed[vals["partner_id"]] = needed.get(vals["partner_id"], 0) + vals["points"]
            units[vals["item_id"]] = units.get(vals["item_id"], 0) + vals.get("quantity", 1)
        cr.execute(
            SQL(
                "SELECT id, COALESCE(advocacy_points_balance, 0) FROM res_partner WHERE id IN %s ORDER BY id "
                "FOR UPDATE",
                tuple(needed),
            )
        )
        balances = dict(cr.fetchall())
        Partner = self.env["res.partner"]
        for partner_id, points in needed.items():
            if balances.get(partner_id, 0) < points:
                raise UserError(
                    self.env._(
                        "%(partner)s has %(balance)s points; this redemption costs %(points)s.",
                        partner=Partner.browse(partner_id).display_name,
                        balance=balances.get(partner_id, 0),
                        points=points,
                    )
                )
        items = self.env["advocacy.catalog.item"].browse(sorted(units))
        for item in items.filtered("is_stock_limited"):
            cr.execute(
                SQL(
                    "UPDATE advocacy_catalog_item SET stock_qty = stock_qty - %s "
                    "WHERE id = %s AND stock_qty >= %s RETURNING stock_qty",
                    units[item.id],
                    item.id,
                    units[item.id],
                )
            )
            if not cr.fetchone():
                raise UserError(self.env._("%(item)s is out of stock.", item=item.name))
        items.invalidate_recordset(["stock_qty", "is_available"])

    def _check_manager(self):
        if not self.env.user.has_group("advocacy_program.group_advocacy_manager"):
            raise AccessError(self.env._("Only advocacy managers can deliver or cancel redemptions."))
        self.check_access("write")

    def action_done(self):
        self._check_manager()
        redemptions = service_guard.lock_rows(self)
        if any(r.state != "requested" for r in redemptions):
            raise UserError(self.env._("Only requested redemptions can be delivered."))
        redemptions._workflow_write({"state": "done"})
        return True

    def action_cancel(self):
        """Refunds the points with a new entry and puts the units back in stock, once: the rows are locked
        and deduplicated first, so neither a repeated id nor a second click at the same time refunds
        twice."""
        self._check_manager()
        redemptions = service_guard.lock_rows(self)
        if any(r.state == "cancelled" for r in redemptions):
            raise UserError(self.env._("This redemption is already cancelled."))
        redemptions._workflow_write({"state": "cancelled"})
        self.env["advocacy.points.entry"].sudo().create(
            [
                {
                    "name": self.env._("Refund: %(item)s", item=redemption.item_id.name),
                    "partner_id": redemption.partner_id.id,
                    "company_id": redemption.company_id.id,
                    "kind": "reversal",
                    "points": redemption.points,
                    "redemption_id": redemption.id,
                }
                for redemption in redemptions
            ]
        )
        for redemption in redemptions.filtered("item_id.is_stock_limited"):
            self.env.cr.execute(
                SQL(
                    "UPDATE advocacy_catalog_item SET stock_qty = stock_qty + %s WHERE id = %s",
                    redemption.quantity,
                    redemption.item_id.id,
                )
            )
        redemptions.item_id.invalidate_recordset(["stock_qty", "is_available"])
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_never_posted(self):
        if self:
            raise UserError(self.env._("Redemptions are kept: cancel a redemption instead of deleting it."))
