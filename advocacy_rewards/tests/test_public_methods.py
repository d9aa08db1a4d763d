from odoo.tests import new_test_user, tagged

from .common import AdvocacyRewardsRpcCase, RpcRefused
from .test_security_matrix import METHOD_ACCESS

# the table of who may call each public method is the security model's (test_security_matrix, which
# also refuses every role below it); here the callers above it use them as a person would


@tagged("post_install", "-at_install")
class TestPublicMethods(AdvocacyRewardsRpcCase):
    """The public methods through JSON-RPC: the doors attackers used are shut, the right roles use them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an employee outside the advocacy program
        cls.employee = new_test_user(cls.env, login="rw_rpc_employee", groups="base.group_user")
        cls.env["advocacy.points.entry"].create(
            {"name": "Welcome", "partner_id": cls.alice.id, "kind": "earn", "points": 500}
        )
        cls.tier = cls.env["advocacy.tier"].create({"name": "Methods Bronze", "threshold": 1})
        cls.rule = cls._rule(name="Methods rule", amount_fixed=300, approval_threshold=100)
        cls.item = cls.env["advocacy.catalog.item"].create({"name": "Methods pen", "points_cost": 10})
        # Alice is managed by the rep (the rules of advocacy.reward let him read her rewards)
        cls.alice.user_id = cls.rpc_rep

    def _records(self):
        referral = self._referral()
        referral.action_set_won()
        redemption = self.env["advocacy.redemption"].create(
            {"partner_id": self.alice.id, "item_id": self.item.id}
        )
        return {
            "res.partner": self.alice,
            "advocacy.reward": self._rewards(self.rule),
            "advocacy.redemption": redemption,
            "advocacy.reward.rule": self.rule,
            "advocacy.tier": self.tier,
            "advocacy.catalog.item": self.item,
        }

    def test_portal_cannot_issue_rewards_nor_recompute_tiers(self):
        """The two doors the attackers used: the rule evaluation over every source and the tier
        recomputation, called by a portal user with no record at all."""
        backlog = self._rule(name="Backlog", trigger="referral_submitted", amount_fixed=25)
        self.env.cr.execute("DELETE FROM advocacy_reward WHERE rule_id = %s", backlog.ids)
        for model, method, args in (
            ("advocacy.reward.rule", "action_evaluate", [[]]),
            ("advocacy.reward.rule", "action_evaluate", [backlog.ids]),
            ("res.partner", "action_recompute_advocacy_tier", [self.alice.ids]),
        ):
            with self.subTest(method=method, args=args), self.assertRaises(RpcRefused):
                self._call_kw(self.portal_user, model, method, args)
        self.assertFalse(self.env["advocacy.reward"].search([("rule_id", "=", backlog.id)]))

    def test_allowed_roles_can_call(self):
        records = self._records()
        for key, role in METHOD_ACCESS.items():
            model, _dot, method = key.rpartition(".")
            if method in ("action_reject", "action_mark_fulfilled", "action_reverse", "action_cancel"):
                continue  # exercised in test_reward_workflow; approve and deliver below move the same records
            if role == "none":
                continue  # no role of the table may (action_settle: test_settlement, with Invoicing rights)
            user = self.rpc_rep if role == "user" else self.rpc_manager
            with self.subTest(method=f"{model}.{method}", user=user.login):
                self.assertTrue(self._call_kw(user, model, method, [records[model].ids]))
        self.assertEqual(records["advocacy.reward"].state, "fulfilled")
        self.assertEqual(records["advocacy.redemption"].state, "done")
        self.assertEqual(self.alice.advocacy_tier_id, self.tier)
