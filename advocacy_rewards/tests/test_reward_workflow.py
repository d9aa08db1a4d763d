from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AdvocacyRewardsRpcCase, RpcRefused


@tagged("post_install", "-at_install")
class TestRewardWorkflow(AdvocacyRewardsRpcCase):
    """The state and the value of a reward or a redemption move only through their buttons (and the
    services behind them): a Manager's write access to the models is no way around them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["advocacy.points.entry"].create(
            {"name": "Welcome", "partner_id": cls.alice.id, "kind": "earn", "points": 1000}
        )
        cls.mug = cls.env["advocacy.catalog.item"].create(
            {"name": "Workflow mug", "points_cost": 400, "is_stock_limited": True, "stock_qty": 5}
        )
        cls.pending_rule = cls._rule(name="Big win", amount_fixed=800, approval_threshold=100)
        cls.cash_rule = cls._rule(name="Referral fee", reward_type="cash", amount_fixed=150)

    def _ledger_sum(self, partner):
        entries = self.env["advocacy.points.entry"].search([("partner_id", "=", partner.id)])
        return sum(entries.mapped("points"))

    def _redeem(self):
        return self._call_kw(
            self.rpc_manager,
            "advocacy.redemption",
            "create",
            [{"partner_id": self.alice.id, "item_id": self.mug.id}],
        )

    def test_reward_state_and_values_refuse_a_direct_write(self):
        self._referral().action_set_won()
        reward = self._rewards(self.cash_rule)
        self.assertEqual(reward.state, "approved")
        forged = {
            "state": "fulfilled",
            "amount": 15000.0,
            "points": 999,
            "date": "2020-01-01",
            "hold_until": "2020-01-01",
            "approved_date": "2020-01-01 00:00:00",
            "fulfilled_date": "2020-01-01 00:00:00",
            "partner_id": self.bob.id,
        }
        for user in (self.rpc_manager, self.rpc_admin):
            for field, value in forged.items():
                with self.subTest(user=user.login, field=field):
                    with self.assertRaises(RpcRefused) as refused:
                        self._call_kw(user, "advocacy.reward", "write", [reward.ids, {field: value}])
                    self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")
                    self.assertIn("buttons", refused.exception.message)
        with self.assertRaises(RpcRefused):
            self._xmlrpc(self.rpc_admin, "advocacy.reward", "write", [reward.ids, {"state": "pending"}])
        # the points ledger cannot be reached through the reward either
        with self.assertRaises(RpcRefused):
            self._call_kw(
                self.rpc_manager,
                "advocacy.reward",
                "write",
                [
                    reward.ids,
                    {"entry_ids": [(0, 0, {"name": "x", "partner_id": self.alice.id, "points": 5})]},
                ],
            )
        self.assertRecordValues(reward, [{"state": "approved", "amount": 150.0, "partner_id": self.alice.id}])
        # the note stays a note
        self._call_kw(
            self.rpc_manager, "advocacy.reward", "write", [reward.ids, {"note": "Paid by transfer"}]
        )
        self.assertEqual(reward.note, "Paid by transfer")
        # superuser code that skips the buttons is refused too
        with self.assertRaisesRegex(UserError, "buttons"):
            reward.sudo().write({"state": "fulfilled"})
        with self.assertRaisesRegex(UserError, "issued by the reward rules"):
            self.env["advocacy.reward"].sudo().create(
                {
                    "rule_id": self.cash_rule.id,
                    "partner_id": self.bob.id,
                    "amount": 5000,
                    "source_model": "advocacy.referral",
                    "source_id": 1,
                }
            )

    def test_buttons_move_the_state(self):
        referral = self._referral()
        referral.action_set_won()
        reward = self._rewards(self.pending_rule)
        self.assertEqual(reward.state, "pending")
        # approving the same reward twice in one call posts its points once
        self._call_kw(self.rpc_manager, "advocacy.reward", "action_approve", [reward.ids * 2])
        self.assertEqual(reward.state, "fulfilled")
        self.assertEqual(reward.approved_uid, self.rpc_manager)
        self.assertEqual(sum(reward.entry_ids.mapped("points")), 800)
        self.assertEqual(self.alice.advocacy_points_balance, 1800)
        with self.assertRaises(RpcRefused) as refused:
            self._call_kw(self.rpc_manager, "advocacy.reward", "action_approve", [reward.ids])
        self.assertIn("Only pending rewards", refused.exception.message)
        self._call_kw(self.rpc_manager, "advocacy.reward", "action_reverse", [reward.ids])
        self.assertEqual(reward.state, "reversed")
        self.assertEqual(self.alice.advocacy_points_balance, 1000)
        self.assertEqual(self.alice.advocacy_points_balance, self._ledger_sum(self.alice))

    def test_cancelled_redemption_is_refunded_once(self):
        redemption_id = self._redeem()
        redemption = self.env["advocacy.redemption"].browse(redemption_id)
        self.assertEqual(self.alice.advocacy_points_balance, 600)
        self.assertEqual(self.mug.stock_qty, 4)
        # the attack: cancel (refund), set it back to requested, cancel again (refund again)
        self._call_kw(self.rpc_manager, "advocacy.redemption", "action_cancel", [[redemption_id]])
        self.assertEqual(redemption.state, "cancelled")
        self.assertEqual(self.alice.advocacy_points_balance, 1000)
        for field, value in (("state", "requested"), ("points", 1), ("quantity", 2), ("date", "2020-01-01")):
            with self.subTest(field=field), self.assertRaises(RpcRefused):
                self._call_kw(
                    self.rpc_manager, "advocacy.redemption", "write", [[redemption_id], {field: value}]
                )
        with self.assertRaises(RpcRefused) as refused:
            self._call_kw(self.rpc_manager, "advocacy.redemption", "action_cancel", [[redemption_id]])
        self.assertIn("already cancelled", refused.exception.message)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            redemption.sudo().write({"state": "requested"})
        self.assertEqual(redemption.state, "cancelled")
        self.assertEqual(self.alice.advocacy_points_balance, 1000)
        self.assertEqual(self.alice.advocacy_points_balance, self._ledger_sum(self.alice))
        self.assertEqual(self.mug.stock_qty, 5)

    def test_cancel_twice_in_one_call_refunds_once(self):
        redemption_id = self._redeem()
        self._call_kw(
            self.rpc_manager, "advocacy.redemption", "action_cancel", [[redemption_id, redemption_id]]
        )
        self.assertEqual(self.alice.advocacy_points_balance, 1000)
        self.assertEqual(self.alice.advocacy_points_balance, self._ledger_sum(self.alice))
        self.assertEqual(self.mug.stock_qty, 5, "the unit went back to stock once")

    def test_redemption_is_created_requested_and_priced_by_its_item(self):
        for field, value in (("state", "done"), ("points", 1), ("date", "2020-01-01")):
            with self.subTest(field=field), self.assertRaises(RpcRefused):
                self._call_kw(
                    self.rpc_manager,
                    "advocacy.redemption",
                    "create",
                    [{"partner_id": self.alice.id, "item_id": self.mug.id, field: value}],
                )
        self.assertEqual(self.alice.advocacy_points_balance, 1000)
        self.assertFalse(self.env["advocacy.redemption"].search([("partner_id", "=", self.alice.id)]))
        # defaults in the context do not set them either
        redemption_id = self._call_kw(
            self.rpc_manager,
            "advocacy.redemption",
            "create",
            [{"partner_id": self.alice.id, "item_id": self.mug.id}],
            context={"default_state": "cancelled", "default_points": 1, "default_date": "2020-01-01"},
        )
        redemption = self.env["advocacy.redemption"].browse(redemption_id)
        self.assertRecordValues(
            redemption,
            [{"state": "requested", "points": 400, "date": fields.Date.context_today(redemption)}],
        )
        self.assertEqual(self.alice.advocacy_points_balance, 600)
        # a duplicate is a new request, charged again
        [copy_id] = self._call_kw(self.rpc_manager, "advocacy.redemption", "copy", [[redemption_id]])
        self.assertEqual(self.env["advocacy.redemption"].browse(copy_id).state, "requested")
        self.assertEqual(self.alice.advocacy_points_balance, 200)

    def test_only_adjustments_are_posted_by_hand(self):
        for kind, points in (("earn", 5000), ("reversal", 5000), ("redeem", -5)):
            with self.subTest(kind=kind):
                with self.assertRaises(RpcRefused) as refused:
                    self._call_kw(
                        self.rpc_manager,
                        "advocacy.points.entry",
                        "create",
                        [{"name": "Forged", "partner_id": self.alice.id, "kind": kind, "points": points}],
                    )
                self.assertIn("Only adjustments", refused.exception.message)
        entry_id = self._call_kw(
            self.rpc_manager,
            "advocacy.points.entry",
            "create",
            [{"name": "Goodwill", "partner_id": self.alice.id, "kind": "adjust", "points": 50}],
        )
        entry = self.env["advocacy.points.entry"].browse(entry_id)
        self.assertEqual(entry.user_id, self.rpc_manager)
        # a context default does not link an adjustment to a reward nor name another poster
        self._referral().action_set_won()
        reward = self._rewards(self.cash_rule)
        linked_id = self._call_kw(
            self.rpc_manager,
            "advocacy.points.entry",
            "create",
            [{"name": "Goodwill", "partner_id": self.alice.id, "kind": "adjust", "points": 1}],
            context={"default_reward_id": reward.id, "default_user_id": self.rpc_admin.id},
        )
        linked = self.env["advocacy.points.entry"].browse(linked_id)
        self.assertFalse(linked.reward_id)
        self.assertEqual(linked.user_id, self.rpc_manager)
        self.assertEqual(self.alice.advocacy_points_balance, 1051)
        self.assertEqual(self.alice.advocacy_points_lifetime, 1000, "an adjustment is no earning")
