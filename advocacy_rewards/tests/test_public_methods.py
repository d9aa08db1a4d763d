import inspect

from odoo.models import regex_private
from odoo.tests import new_test_user, tagged

from .common import AdvocacyRewardsRpcCase, RpcRefused

USER = "advocacy_program.group_advocacy_user"
MANAGER = "advocacy_program.group_advocacy_manager"

# every public method of advocacy_rewards (callable by any logged-in user through RPC unless it checks) and
# the group it requires; the ORM's create/write are guarded field by field (test_derived_fields,
# test_reward_workflow)
PUBLIC_METHODS = {
    ("res.partner", "action_view_advocacy_rewards"): USER,
    ("res.partner", "action_view_advocacy_points"): USER,
    ("res.partner", "action_recompute_advocacy_tier"): MANAGER,
    ("advocacy.reward", "action_approve"): MANAGER,
    ("advocacy.reward", "action_reject"): MANAGER,
    ("advocacy.reward", "action_mark_fulfilled"): MANAGER,
    ("advocacy.reward", "action_reverse"): MANAGER,
    ("advocacy.reward", "action_open_source"): USER,
    ("advocacy.reward", "action_payout_xlsx"): MANAGER,
    ("advocacy.redemption", "action_done"): MANAGER,
    ("advocacy.redemption", "action_cancel"): MANAGER,
    ("advocacy.reward.rule", "action_view_rewards"): USER,
    ("advocacy.reward.rule", "action_evaluate"): MANAGER,
    ("advocacy.tier", "action_view_partners"): USER,
    ("advocacy.catalog.item", "action_view_redemptions"): USER,
}
ORM_OVERRIDES = {"create", "write"}


@tagged("post_install", "-at_install")
class TestPublicMethods(AdvocacyRewardsRpcCase):
    """Each public method of the addon starts with an access check: called through JSON-RPC by someone
    below its group (a portal user, an employee outside the program, a rep for a manager's button), it is
    refused before it does anything."""

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

    def test_every_public_method_is_listed(self):
        found = set()
        for model_name in self.env.registry:
            for klass in type(self.env[model_name]).__mro__:
                if not klass.__module__.startswith("odoo.addons.advocacy_rewards."):
                    continue
                for name, member in vars(klass).items():
                    # what RPC may call: not "_..." nor "init" (odoo.models.check_method_name)
                    if (
                        inspect.isfunction(member)
                        and not regex_private.match(name)
                        and name not in ORM_OVERRIDES
                    ):
                        found.add((model_name, name))
        self.assertEqual(sorted(found), sorted(PUBLIC_METHODS), "a new public method needs an access check")

    def test_callers_below_the_group_are_refused(self):
        records = self._records()
        below = {
            USER: (self.portal_user, self.employee),
            MANAGER: (self.portal_user, self.employee, self.rpc_rep),
        }
        for (model, method), group in PUBLIC_METHODS.items():
            record = records[model]
            for user in below[group]:
                with self.subTest(method=f"{model}.{method}", user=user.login):
                    with self.assertRaises(RpcRefused) as refused:
                        self._call_kw(user, model, method, [record.ids])
                    self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")
        # nothing moved
        self.assertEqual(records["advocacy.reward"].state, "pending")
        self.assertEqual(records["advocacy.redemption"].state, "requested")
        self.assertEqual(self.alice.advocacy_points_balance, 490)

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
        for (model, method), group in PUBLIC_METHODS.items():
            if method in ("action_reject", "action_mark_fulfilled", "action_reverse", "action_cancel"):
                continue  # exercised in test_reward_workflow; approve and deliver below move the same records
            user = self.rpc_rep if group == USER else self.rpc_manager
            with self.subTest(method=f"{model}.{method}", user=user.login):
                self.assertTrue(self._call_kw(user, model, method, [records[model].ids]))
        self.assertEqual(records["advocacy.reward"].state, "fulfilled")
        self.assertEqual(records["advocacy.redemption"].state, "done")
        self.assertEqual(self.alice.advocacy_tier_id, self.tier)
