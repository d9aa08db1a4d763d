from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import AdvocacyRewardsRpcCase


@tagged("post_install", "-at_install")
class TestReversalPaths(AdvocacyRewardsRpcCase):
    """A reward follows what happens to its source while it is in its holding period, and is final after;
    every path keeps the balance equal to the ledger's sum."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thanks = cls._rule(name="Thanks", trigger="referral_submitted", amount_fixed=50, holding_days=30)
        cls.won = cls._rule(name="Won deal", amount_fixed=500, holding_days=30)

    def _assert_books(self, partner, balance):
        self.env.invalidate_all()
        entries = self.env["advocacy.points.entry"].search([("partner_id", "=", partner.id)])
        self.assertEqual(partner.advocacy_points_balance, balance)
        self.assertEqual(sum(entries.mapped("points")), balance, "the balance is the ledger's sum")

    def _reject(self, referral):
        """The rep writes why and clicks Reject."""
        self._call_kw(
            self.rpc_rep, "advocacy.referral", "write", [referral.ids, {"rejection_reason": "Duplicate"}]
        )
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_reject", [referral.ids])
        self.assertEqual(referral.state, "rejected")

    def test_rejected_within_the_holding_period_reverses(self):
        referral = self._referral(user_id=self.rpc_rep.id)
        reward = self._rewards(self.thanks)
        self.assertEqual(reward.state, "fulfilled")
        self._assert_books(self.alice, 50)
        self._reject(referral)
        self.assertEqual(reward.state, "reversed")
        self.assertEqual(sorted(reward.entry_ids.mapped("points")), [-50, 50])
        self._assert_books(self.alice, 0)
        self.assertEqual(self.alice.advocacy_points_lifetime, 0)

    def test_rejected_after_the_holding_period_keeps_the_reward(self):
        today = fields.Date.context_today(self.env["advocacy.reward"])
        with freeze_time(today - timedelta(days=45)):
            referral = self._referral(user_id=self.rpc_rep.id)
        reward = self._rewards(self.thanks)
        self.assertLess(reward.hold_until, today)
        self._reject(referral)
        self.assertEqual(reward.state, "fulfilled", "final after its holding period")
        self._assert_books(self.alice, 50)

    def test_code_opportunity_quotation_confirmed_then_cancelled(self):
        """The advocate's code brings an opportunity, the rep quotes and confirms: the reward is issued; the
        customer cancels within the holding period: the reward is reversed and its points taken back."""
        self.alice.advocate_state = "active"
        code = self.alice.referral_code
        self.assertTrue(code)
        rep = self.rpc_rep
        customer_id = self._call_kw(
            rep,
            "res.partner",
            "create",
            [{"name": "Orbital Widgets", "is_company": True, "email": "buy@orbital.example"}],
        )
        lead_id = self._call_kw(
            rep,
            "crm.lead",
            "create",
            [
                {
                    "name": "Orbital Widgets: 40 seats",
                    "type": "opportunity",
                    "partner_id": customer_id,
                    "email_from": "buy@orbital.example",
                    "referral_code": code,
                }
            ],
        )
        lead = self.env["crm.lead"].browse(lead_id)
        referral = lead.referral_id
        self.assertEqual(referral.referrer_id, self.alice)
        order_id = self._call_kw(
            rep,
            "sale.order",
            "create",
            [
                {
                    "partner_id": customer_id,
                    "opportunity_id": lead_id,
                    "order_line": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 4, "price_unit": 1000})
                    ],
                }
            ],
        )
        order = self.env["sale.order"].browse(order_id)
        self.assertEqual(order.referral_id, referral)
        self._call_kw(rep, "sale.order", "action_confirm", [[order_id]])
        self.assertEqual(referral.state, "won")
        self.assertEqual(referral.revenue, 4000)
        reward = self._rewards(self.won)
        self.assertEqual((reward.partner_id, reward.state, reward.points), (self.alice, "fulfilled", 500))
        self._assert_books(self.alice, 550)
        self._cancel_order(rep, order)
        self.assertEqual(referral.revenue, 0)
        self.assertEqual(reward.state, "reversed")
        self.assertEqual(sorted(reward.entry_ids.mapped("points")), [-500, 500])
        self._assert_books(self.alice, 50)
        self.assertEqual(self.alice.advocacy_points_lifetime, 50, "the reversed points were never earned")

    def test_partial_cancellation_shrinks_the_percentage_reward(self):
        """Two orders of a referred deal, one cancelled within the holding period: the fixed reward
        stands (the deal is won), the 10% reward follows the revenue down through the ledger."""
        percent = self._rule(
            name="Ten percent",
            amount_mode="percent",
            amount_percent=10,
            points_per_currency=1,
            holding_days=30,
        )
        referral = self._referral(user_id=self.rpc_rep.id)
        customer = self.env["res.partner"].create(
            {"name": referral.referred_company, "email": referral.referred_email, "is_company": True}
        )
        referral.partner_id = customer
        orders = self.env["sale.order"]
        for amount in (1200.0, 800.0):
            orders |= self.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "user_id": self.rpc_rep.id,
                    "order_line": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": amount})
                    ],
                }
            )
        self.assertEqual(orders.referral_id, referral)
        orders.action_confirm()
        reward = self._rewards(percent)
        self.assertEqual((reward.points, reward.basis_revenue), (200, 2000.0))
        self._assert_books(self.alice, 50 + 500 + 200)
        self._cancel_order(self.rpc_rep, orders[1])
        self.assertEqual(referral.revenue, 1200.0)
        self.assertEqual((reward.state, reward.points, reward.basis_revenue), ("fulfilled", 120, 1200.0))
        self.assertEqual(sorted(reward.entry_ids.mapped("points")), [-80, 200])
        self.assertEqual(self._rewards(self.won).state, "fulfilled", "the deal is still won")
        self._assert_books(self.alice, 50 + 500 + 120)
        self.assertEqual(self.alice.advocacy_points_lifetime, 50 + 500 + 120)
        self._cancel_order(self.rpc_rep, orders[0])
        self.assertEqual(reward.state, "reversed")
        self._assert_books(self.alice, 50)
