from odoo.tests import tagged

from .common import AdvocacyRewardsCase


@tagged("post_install", "-at_install")
class TestRewardNotification(AdvocacyRewardsCase):
    """The advocate hears of their rewards, tiers and redemptions through advocacy_program's dispatcher:
    queued mails, each switchable, none for an advocate who opted out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "rewards@our-company.example"

    def _mails(self, partner, model):
        # the events are noted when the transaction commits (run its pre-commit hooks as a commit does),
        # then the sending cron, woken by them, makes the mails
        self.env.cr.flush()
        self.env["advocacy.notification"]._cron_send_mails()
        return self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", partner.ids),
                ("model", "=", model),
                ("message_type", "=", "email_outgoing"),
            ]
        )

    def test_reward_earned_approved_paid(self):
        rule = self._rule(name="Cash thanks", reward_type="cash", amount_fixed=100, approval_threshold=50)
        self._won_with_order()
        reward = self._rewards(rule, self.alice)
        self.assertEqual(reward.state, "pending")
        earned = self._mails(self.alice, "advocacy.reward")
        self.assertEqual(earned.mapped("subject"), ["You earned a reward: Cash thanks"])
        self.assertEqual(earned.state, "outgoing")
        reward.with_user(self.manager).action_approve()
        approved = self._mails(self.alice, "advocacy.reward") - earned
        self.assertEqual(approved.mapped("subject"), ["Your reward Cash thanks is approved"])
        reward.with_user(self.manager).action_mark_fulfilled()
        paid = self._mails(self.alice, "advocacy.reward") - earned - approved
        self.assertEqual(paid.mapped("subject"), ["Your reward Cash thanks is paid"])

    def test_points_are_told_once(self):
        rule = self._rule(name="Points thanks", amount_fixed=200)
        self._won_with_order()
        self.assertEqual(self._rewards(rule, self.alice).state, "fulfilled")
        self.assertEqual(
            self._mails(self.alice, "advocacy.reward").mapped("subject"),
            ["You earned a reward: Points thanks"],
        )

    def test_opted_out_and_switched_off(self):
        rule = self._rule(name="Quiet points", amount_fixed=200)
        self.alice.advocate_state = "opted_out"
        self._won_with_order()
        self.assertTrue(self._rewards(rule, self.alice), "the reward is issued all the same")
        self.assertFalse(self._mails(self.alice, "advocacy.reward"))
        self.env["res.config.settings"].create({"advocacy_notify_reward_earned": False}).execute()
        self._won_with_order(referrer=self.bob)
        self.assertTrue(self._rewards(rule, self.bob))
        self.assertFalse(self._mails(self.bob, "advocacy.reward"))

    def test_tier_up(self):
        Tier = self.env["advocacy.tier"]
        bronze = Tier.create({"name": "Mail Bronze", "sequence": 10, "basis": "points", "threshold": 1})
        Tier.create({"name": "Mail Silver", "sequence": 20, "basis": "points", "threshold": 1000})
        self.env["advocacy.points.entry"].create(
            {"name": "Welcome", "partner_id": self.alice.id, "kind": "earn", "points": 10}
        )
        Tier._recompute_tiers(partner_ids=self.alice.ids)
        self.assertEqual(self.alice.advocacy_tier_id, bronze)
        mail = self._mails(self.alice, "res.partner")
        self.assertEqual(mail.mapped("subject"), ["You reached the Mail Bronze tier"])

    def test_redemption_confirmed(self):
        item = self.env["advocacy.catalog.item"].create({"name": "Mug", "points_cost": 100})
        self.env["advocacy.points.entry"].create(
            {"name": "Welcome", "partner_id": self.alice.id, "kind": "earn", "points": 500}
        )
        self.env["advocacy.redemption"].create({"partner_id": self.alice.id, "item_id": item.id})
        mail = self._mails(self.alice, "advocacy.redemption")
        self.assertEqual(mail.mapped("subject"), ["Your redemption of Mug is confirmed"])
        self.assertIn("100", mail.body_html)

    def test_digest_lists_reward_events(self):
        rule = self._rule(name="Digest points", amount_fixed=200)
        self.alice.advocacy_notify_digest = True
        self._won_with_order()
        self.assertTrue(self._rewards(rule, self.alice))
        self.assertFalse(self._mails(self.alice, "advocacy.reward"))
        self.env["advocacy.notification"]._cron_send_digest()
        digest = self._mails(self.alice, "res.partner")
        self.assertEqual(len(digest), 1)
        self.assertIn("Reward earned", digest.body_html)
        self.assertIn("Referral received", digest.body_html)
