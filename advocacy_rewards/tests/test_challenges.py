from datetime import date

from odoo.tests import tagged

from .common import AdvocacyRewardsCase


@tagged("post_install", "-at_install")
class TestChallengeRewards(AdvocacyRewardsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["advocacy.campaign"].create(
            {"name": "Spring reviews", "date_start": date(2025, 3, 1), "date_end": date(2025, 12, 31)}
        )
        idea = cls.env["advocacy.activity.idea"].create({"name": "Write a review", "is_testimonial": True})
        other = cls.env["advocacy.activity.idea"].create({"name": "Share a post", "is_testimonial": False})
        Challenge = cls.env["advocacy.challenge"]
        cls.review_challenge = Challenge.create(
            {"name": "Review us", "campaign_id": cls.campaign.id, "idea_id": idea.id}
        )
        cls.post_challenge = Challenge.create(
            {"name": "Post", "campaign_id": cls.campaign.id, "idea_id": other.id}
        )

    def _verified(self, challenge):
        participation = self.env["advocacy.participation"].create(
            {"challenge_id": challenge.id, "partner_id": self.alice.id}
        )
        participation.evidence_url = "https://example.com/review"
        participation.action_submit()
        participation.action_verify()
        return participation

    def test_verified_and_review_rewards(self):
        verified = self._rule(name="Challenge done", trigger="challenge_verified", amount_fixed=40)
        review = self._rule(name="Review published", trigger="review_published", amount_fixed=150)
        post = self._verified(self.post_challenge)
        self.assertEqual(self._rewards(verified).source, post)
        self.assertFalse(self._rewards(review), "a social post is not a review")
        self._verified(self.review_challenge)
        self.assertEqual(len(self._rewards(verified)), 2)
        self.assertEqual(self._rewards(review).points, 150)
        self.assertEqual(self.alice.advocacy_points_balance, 40 + 40 + 150)
        verified._evaluate()  # may reward the demo participations verified before the rule existed
        self.assertFalse(verified._evaluate(), "re-evaluating issues nothing")
        self.assertEqual(len(self._rewards(verified, self.alice)), 2)

    def test_campaign_roi(self):
        self.env["ir.config_parameter"].set_param("advocacy_rewards.point_value", "0.5")
        self._rule(amount_fixed=100)
        self._rule(name="Fee", reward_type="cash", amount_fixed=200)
        referral, _order = self._won_with_order(amount=5000)
        referral.campaign_id = self.campaign
        self.env.flush_all()
        roi = self.env["advocacy.campaign.roi"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(roi.won_count, 1)
        self.assertEqual(roi.revenue, 5000)
        self.assertEqual(roi.reward_points, 100)
        self.assertEqual(roi.reward_amount, 200)
        self.assertEqual(roi.reward_cost, 250, "200 in cash and 100 points at 0.5")
        self.assertEqual(roi.roi, 19, "(5,000 - 250) / 250")
