from datetime import date

from odoo.tests import tagged

from .common import AdvocacyRewardsRpcCase

REFERRAL_SERVICE = {"advocacy_program_referral_service": True}
REWARD_SERVICE = {"advocacy_rewards_reward_service": True}


@tagged("post_install", "-at_install")
class TestCampaignRoiMoney(AdvocacyRewardsRpcCase):
    """A CFO's campaign ROI: (total revenue - total reward cost) / total cost, the challenge rewards in
    the cost, amounts of another currency converted at their document's date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("advocacy_rewards.point_value", "0")
        cls._company_b_in_another_currency()
        cls.rpc_admin.company_ids |= cls.company_b
        Campaign = cls.env["advocacy.campaign"]
        dates = {"date_start": "2024-01-01", "date_end": "2099-12-31"}
        cls.campaign = Campaign.create({"name": "Hand-built", "company_id": cls.company.id, **dates})
        cls.campaign_b = Campaign.create({"name": "Abroad", "company_id": cls.company_b.id, **dates})
        cls.fee = cls._rule(name="Fee", reward_type="cash", amount_fixed=300)

    def _won(self, campaign, revenue, day):
        """A won referral of ``campaign`` bringing ``revenue`` (its company's currency), won and rewarded on
        ``day``."""
        referral = self._referral(company_id=campaign.company_id.id, campaign_id=campaign.id)
        referral.action_set_won()
        referral.sudo().with_context(**REFERRAL_SERVICE).write({"revenue": revenue, "won_date": day})
        self._rewards(self.fee).filtered(lambda w: w.referral_id == referral).with_context(
            **REWARD_SERVICE
        ).write({"date": day})
        return referral

    def _challenge_reward(self):
        """A verified participation in the campaign's challenge, rewarded 200 in cash."""
        rule = self._rule(
            name="Challenge fee", trigger="challenge_verified", reward_type="cash", amount_fixed=200
        )
        idea = self.env["advocacy.activity.idea"].create({"name": "Reference call"})
        challenge = self.env["advocacy.challenge"].create(
            {"name": "Take a call", "campaign_id": self.campaign.id, "idea_id": idea.id}
        )
        participation = self.env["advocacy.participation"].create(
            {"challenge_id": challenge.id, "partner_id": self.alice.id}
        )
        participation.evidence_url = "https://example.com/call"
        participation.action_submit()
        participation.action_verify()
        reward = self._rewards(rule)
        self.assertEqual(reward.amount, 200)
        return reward

    def _rows(self, user, companies):
        return self._call_kw(
            user,
            "advocacy.campaign.roi",
            "search_read",
            [
                [("campaign_id", "in", (self.campaign | self.campaign_b).ids)],
                ["campaign_id", "company_id", "currency_id", "revenue", "reward_cost", "roi"],
            ],
            context={"allowed_company_ids": companies.ids},
        )

    def test_roi_from_sums_with_the_challenge_reward(self):
        self._won(self.campaign, 10000, date(2025, 3, 1))
        self._won(
            self.campaign, 0, date(2025, 3, 2)
        )  # won, nothing ordered yet: its fee is a cost all the same
        self._challenge_reward()
        self.env.flush_all()
        (row,) = self._rows(self.rpc_admin, self.company)
        self.assertEqual(row["revenue"], 10000)
        self.assertEqual(row["reward_cost"], 300 + 300 + 200, "two fees and the challenge reward")
        self.assertAlmostEqual(row["roi"], (10000 - 800) / 800, places=6)
        # not the average of the referrals' own ratios ((10,000 - 300) / 300 and -1)
        self.assertNotAlmostEqual(row["roi"], ((10000 - 300) / 300 - 1) / 2, places=2)

    def test_other_currency_converted_at_the_documents_date(self):
        self._won(self.campaign, 10000, date(2025, 3, 1))
        self._won(self.campaign_b, 1000, date(2025, 3, 1))  # rate 0.5: 1,000 of B's currency is 2,000
        self.env.flush_all()
        both = self.company | self.company_b
        rows = {row["company_id"][0]: row for row in self._rows(self.rpc_admin, both)}
        expected_revenue = self.other._convert(1000, self.main, self.company, date(2025, 3, 1), round=False)
        self.assertAlmostEqual(expected_revenue, 2000, places=2)
        b_row = rows[self.company_b.id]
        self.assertEqual(b_row["currency_id"][0], self.main.id, "shown in the current company's currency")
        self.assertAlmostEqual(b_row["revenue"], 2000, places=2)
        self.assertAlmostEqual(b_row["reward_cost"], 600, places=2)
        # the group of both companies adds converted amounts: (12,000 - 900) / 900
        groups = self._call_kw(
            self.rpc_admin,
            "advocacy.campaign.roi",
            "read_group",
            [
                [("campaign_id", "in", (self.campaign | self.campaign_b).ids)],
                ["revenue:sum", "reward_cost:sum", "roi:avg"],
                [],
            ],
            context={"allowed_company_ids": both.ids},
        )
        self.assertAlmostEqual(groups[0]["revenue"], 12000, places=2)
        self.assertAlmostEqual(groups[0]["reward_cost"], 900, places=2)
        self.assertAlmostEqual(groups[0]["roi"], (12000 - 900) / 900, places=4)
        # a later document of B is converted at its own date (rate 0.8)
        self._won(self.campaign_b, 800, date(2025, 7, 1))
        self.env.flush_all()
        rows = {row["company_id"][0]: row for row in self._rows(self.rpc_admin, both)}
        self.assertAlmostEqual(rows[self.company_b.id]["revenue"], 2000 + 1000, places=2)
        # the leaderboard adds the same converted revenue
        board = self._call_kw(
            self.rpc_admin,
            "advocacy.leaderboard",
            "read_group",
            [
                [("partner_id", "=", self.alice.id), ("company_id", "=", self.company_b.id)],
                ["revenue:sum"],
                [],
            ],
            context={"allowed_company_ids": both.ids},
        )
        self.assertAlmostEqual(board[0]["revenue"], 3000, places=2)
        # read from company B, its own figures in its own currency
        (own,) = self._rows(self.user_b, self.company_b)
        self.assertEqual(own["currency_id"][0], self.other.id)
        self.assertEqual(own["revenue"], 1800)

    def test_a_bad_stored_point_value_does_not_break_the_report(self):
        """The report reads the point value through the settings reader: a value typed by hand counts as
        the default (0), where the report's query used to fail on it."""
        self._won(self.campaign, 1000, date(2025, 3, 1))
        Roi = self.env["advocacy.campaign.roi"]
        cost = sum(Roi.search([("campaign_id", "=", self.campaign.id)]).mapped("reward_cost"))
        self.env["ir.config_parameter"].set_param("advocacy_rewards.point_value", "0,01")
        self.env.invalidate_all()
        with self.assertLogs("odoo.addons.advocacy_program.models.settings", "WARNING"):
            rows = Roi.search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(sum(rows.mapped("reward_cost")), cost)
        self.assertTrue(cost)
