from odoo.tests import tagged

from .common import AdvocacyRewardsRpcCase


@tagged("post_install", "-at_install")
class TestReportsMultiCompany(AdvocacyRewardsRpcCase):
    """The leaderboard and the campaign ROI (SQL views) keep to the reader's companies, and the ROI of a
    group is computed from its sums: (revenue - cost) / cost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("advocacy_rewards.point_value", "0.5")
        cls._rule(amount_fixed=100)
        cls._rule(name="Fee", reward_type="cash", amount_fixed=200)
        Campaign = cls.env["advocacy.campaign"]
        dates = {"date_start": "2020-01-01", "date_end": "2099-12-31"}
        cls.spring = Campaign.create({"name": "Spring (A)", "company_id": cls.company.id, **dates})
        cls.summer = Campaign.create({"name": "Summer (A)", "company_id": cls.company.id, **dates})
        cls.autumn = Campaign.create({"name": "Autumn (B)", "company_id": cls.company_b.id, **dates})
        cls.bruno = cls.env["res.partner"].create(
            {"name": "Bruno B-Advocate", "email": "bruno@b-adv.example", "company_id": cls.company_b.id}
        )
        for user in (cls.rpc_manager, cls.rpc_admin):
            user.company_ids |= cls.company_b

    def _won(self, referrer, campaign, amount):
        referral, _order = self._won_with_order(referrer, amount=amount, company=campaign.company_id)
        referral.campaign_id = campaign
        return referral

    def _figures(self):
        # each won referral costs 250 (200 in cash, 100 points at 0.5); in company A, spring brings 5,000
        # (ROI 19), summer 2,000 (ROI 3); in company B autumn brings 3,000 (ROI 11)
        self._won(self.alice, self.spring, 5000)
        self._won(self.alice, self.summer, 1000)
        self._won(self.alice, self.summer, 1000)
        self._won(self.bruno, self.autumn, 3000)
        self.env.flush_all()

    def test_leaderboard_keeps_to_the_readers_companies(self):
        self._figures()
        fields = ["partner_id", "company_id", "points", "won_count"]
        rows_b = self._call_kw(self.user_b, "advocacy.leaderboard", "search_read", [[], fields])
        self.assertEqual({r["partner_id"][0] for r in rows_b}, {self.bruno.id})
        self.assertEqual({r["company_id"][0] for r in rows_b}, {self.company_b.id})
        self.assertEqual(sum(r["points"] for r in rows_b), 100)
        groups = self._call_kw(
            self.user_b, "advocacy.leaderboard", "read_group", [[], ["points:sum"], ["partner_id"]]
        )
        self.assertEqual([(g["partner_id"][0], g["points"]) for g in groups], [(self.bruno.id, 100)])
        # the main company's manager, working in the main company, sees Alice and not Bruno
        rows_a = self._call_kw(
            self.rpc_manager,
            "advocacy.leaderboard",
            "search_read",
            [[("partner_id", "in", (self.alice | self.bruno).ids)], fields],
            context={"allowed_company_ids": self.company.ids},
        )
        self.assertEqual({r["partner_id"][0] for r in rows_a}, {self.alice.id})
        self.assertEqual(sum(r["won_count"] for r in rows_a), 3)

    def test_campaign_roi_keeps_to_the_readers_companies(self):
        self._figures()
        campaigns = (self.spring | self.summer | self.autumn).ids
        rows_b = self._call_kw(
            self.user_b,
            "advocacy.campaign.roi",
            "search_read",
            [[("campaign_id", "in", campaigns)], ["campaign_id", "company_id", "revenue", "roi"]],
        )
        self.assertEqual(
            [(r["campaign_id"][0], r["company_id"][0], r["revenue"], r["roi"]) for r in rows_b],
            [(self.autumn.id, self.company_b.id, 3000, 11)],
        )

    def test_roi_of_a_group_is_a_ratio_of_sums(self):
        self._figures()
        campaigns = (self.spring | self.summer | self.autumn).ids
        groups = self._call_kw(
            self.rpc_admin,
            "advocacy.campaign.roi",
            "read_group",
            [
                [("campaign_id", "in", campaigns)],
                ["revenue:sum", "reward_cost:sum", "roi:avg"],
                ["company_id"],
            ],
            context={"allowed_company_ids": (self.company | self.company_b).ids},
        )
        by_company = {g["company_id"][0]: (g["revenue"], g["reward_cost"], g["roi"]) for g in groups}
        # company A: (7,000 - 750) / 750, not the average of 19 and 3
        self.assertEqual(by_company[self.company.id][:2], (7000, 750))
        self.assertAlmostEqual(by_company[self.company.id][2], (7000 - 750) / 750, places=4)
        self.assertAlmostEqual(by_company[self.company_b.id][2], 11, places=4)
