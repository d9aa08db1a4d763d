from odoo.addons.advocacy_program.tests.screenshots import TourScreenshotsMixin
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AdvocacyRewardsCase


@tagged("post_install", "-at_install")
class TestAdminTour(TourScreenshotsMixin, AdvocacyRewardsCase, HttpCase):
    """The administrator configures the program in the UI: settings, a tier, a reward rule; then the
    rule and the tier they typed reward a won referral."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="rw_admin_tour",
            password="rw_admin_tour",
            name="Ada Admin",
            groups="advocacy_program.group_advocacy_admin,base.group_system",
        )

    def test_admin_configures_settings_tier_and_rule(self):
        ICP = self.env["ir.config_parameter"].sudo()
        self.assertNotEqual(ICP.get_param("advocacy_program.attribution_window_days"), "180")
        taken = self.start_tour_with_screenshots(
            "/odoo", "advocacy_rewards_admin_tour", login="rw_admin_tour"
        )
        self.assertScreenshots(
            taken, ["advocacy_admin_settings", "advocacy_admin_tier", "advocacy_admin_rule"]
        )
        self.env.invalidate_all()

        # the settings page saved both values
        self.assertEqual(ICP.get_param("advocacy_program.attribution_window_days"), "180")
        self.assertEqual(ICP.get_param("advocacy_rewards.expiry_months"), "24")

        # the tier as typed
        tier = self.env["advocacy.tier"].search([("name", "=", "Tour Ambassador")])
        self.assertEqual(len(tier), 1)
        self.assertEqual(tier.basis, "referrals")
        self.assertEqual(tier.threshold, 1)
        self.assertEqual(tier.points_multiplier, 1.5)
        self.assertTrue(tier.active)
        self.assertEqual(tier.create_uid, self.admin)

        # the rule as typed, active
        rule = self.env["advocacy.reward.rule"].search([("name", "=", "250 points per won referral")])
        self.assertEqual(len(rule), 1)
        self.assertRecordValues(
            rule,
            [
                {
                    "trigger": "referral_won",
                    "beneficiary": "referrer",
                    "reward_type": "points",
                    "amount_mode": "fixed",
                    "amount_fixed": 250,
                    "cap_per_advocate": 1000,
                    "active": True,
                }
            ],
        )
        self.assertEqual(rule.create_uid, self.admin)

        # the rule works: Alice's referral is won, she gets the 250 points the admin typed
        self.assertFalse(self.alice.advocacy_tier_id)
        first = self._referral(self.alice)
        first.action_set_won()
        reward = self._rewards(rule, self.alice)
        self.assertEqual(len(reward), 1)
        self.assertEqual(reward.points, 250)
        self.assertEqual(reward.state, "fulfilled", "no approval threshold: the points are posted")
        self.assertEqual(reward.referral_id, first)
        self.alice.invalidate_recordset()
        self.assertEqual(self.alice.advocacy_points_balance, 250)

        # and the tier works: one won referral reaches it at the scheduled recomputation, and her next
        # won referral earns 250 x 1.5 points
        self.env.ref("advocacy_rewards.ir_cron_advocacy_recompute_tiers").method_direct_trigger()
        self.alice.invalidate_recordset()
        self.assertEqual(self.alice.advocacy_tier_id, tier)
        second = self._referral(self.alice)
        second.action_set_won()
        rewards = self._rewards(rule, self.alice)
        self.assertEqual(sorted(rewards.mapped("points")), [250, 375])
        self.alice.invalidate_recordset()
        self.assertEqual(self.alice.advocacy_points_balance, 625)
