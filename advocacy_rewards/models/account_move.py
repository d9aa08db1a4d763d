from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # the customer has the credit once the credit note is posted
        refunds = posted.filtered(lambda move: move.move_type == "out_refund")
        if refunds:
            self.env["advocacy.reward"]._on_moves_settled(refunds, ("credit",))
        return posted

    def _compute_payment_state(self):
        # not _invoice_paid_hook: Odoo skips it for a payment without journal entry (no outstanding
        # account), which marks the bill "in payment" through its matched payments only
        res = super()._compute_payment_state()
        paid = self.filtered(
            lambda move: (
                move.move_type == "in_invoice" and move.id and move.payment_state in ("paid", "in_payment")
            )
        )
        if paid:
            self.env["advocacy.reward"]._on_moves_settled(paid, ("cash", "donation"))
        return res


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        confirmed = self.filtered(lambda order: order.state == "sale")
        if confirmed:
            self.env["advocacy.reward"]._on_orders_confirmed(confirmed)
        return res
