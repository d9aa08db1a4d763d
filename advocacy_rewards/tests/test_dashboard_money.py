from datetime import date

from odoo.addons.advocacy_program.tests.rpc import open_dashboard
from odoo.tests import tagged

from .common import AdvocacyRewardsRpcCase

REFERRAL_SERVICE = {"advocacy_program_referral_service": True}
REWARD_SERVICE = {"advocacy_rewards_reward_service": True}


@tagged("post_install", "-at_install")
class TestDashboardMoney(AdvocacyRewardsRpcCase):
    """The Advocacy dashboard's money rewards and reward cost add the rewards of two companies in two
    currencies: each converted at the reward's date to the currency of the reader's current company (the
    points valued at the value of a point), never the raw sum; a reader of one company sees its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("advocacy_rewards.point_value", "0.5")
        cls._company_b_in_another_currency()
        cls.rpc_manager.company_ids |= cls.company_b
        cls.dashboard = cls.env.ref("advocacy_program.spreadsheet_dashboard_advocacy")
        # each won referral: a fee of 300 and 100 points (worth 50), in its company's currency
        cls.fee = cls._rule(name="Fee", reward_type="cash", amount_fixed=300)
        cls.points = cls._rule(name="Points", reward_type="points", amount_fixed=100)

    def _won(self, company, day):
        referral = self._referral(company_id=company.id)
        referral.action_set_won()
        referral.with_context(**REFERRAL_SERVICE).write({"won_date": day})
        rewards = self.env["advocacy.reward"].search([("referral_id", "=", referral.id)])
        self.assertEqual(len(rewards), 2, "the fee and the points")
        rewards.with_context(**REWARD_SERVICE).write({"date": day})
        return rewards

    def _figures(self):
        self._won(self.company, date(2025, 3, 1))
        self._won(self.company_b, date(2025, 3, 10))  # rate 0.5: 300 is 600, 50 is 100
        self._won(self.company_b, date(2025, 7, 1))  # rate 0.8: 300 is 375, 50 is 62.5
        self.env.flush_all()

    def _groups(self, user, companies, groupby=()):
        return self._call_kw(
            user,
            "advocacy.reward.cost",
            "read_group",
            [[("partner_id", "=", self.alice.id)], ["amount:sum", "cost:sum"], list(groupby)],
            {"lazy": False},
            context={"allowed_company_ids": companies.ids},
        )

    def test_dashboard_reads_the_converted_reward_cost(self):
        self.authenticate(self.rpc_manager.login, self.rpc_manager.login)
        snapshot = open_dashboard(self, self.dashboard)
        pivots = {p["name"]: p for p in snapshot["pivots"].values()}
        for name in ("Rewards - current", "Rewards - previous"):
            self.assertEqual(pivots[name]["model"], "advocacy.reward.cost", name)
            self.assertEqual([m["fieldName"] for m in pivots[name]["measures"]], ["amount"])
        self.assertEqual(pivots["Top advocates"]["model"], "advocacy.leaderboard")
        self.assertEqual(pivots["Campaign ROI"]["model"], "advocacy.campaign.roi")
        charts = {
            f["data"]["title"]["text"]: f["data"]["metaData"]
            for sheet in snapshot["sheets"]
            for f in sheet["figures"]
            if f["data"]["type"].startswith("odoo_")
        }
        self.assertEqual(charts["Reward cost per month"]["resModel"], "advocacy.reward.cost")
        self.assertEqual(charts["Reward cost per month"]["measure"], "cost")

    def test_sum_over_both_companies_is_converted(self):
        self._figures()
        both = self.company | self.company_b
        (group,) = self._groups(self.rpc_manager, both)
        expected = (
            300
            + self.other._convert(300, self.main, self.company, date(2025, 3, 10), round=False)
            + self.other._convert(300, self.main, self.company, date(2025, 7, 1), round=False)
        )
        self.assertAlmostEqual(expected, 1275, places=2)
        self.assertAlmostEqual(group["amount"], expected, places=2)
        self.assertNotAlmostEqual(group["amount"], 900, places=0, msg="not the raw sum")
        self.assertAlmostEqual(group["cost"], 1275 + 50 + 100 + 62.5, places=2, msg="the points at 0.5")
        # per month, as the chart reads it
        months = self._groups(self.rpc_manager, both, ["date:month"])
        by_month = {g["__range"]["date:month"]["from"]: (g["amount"], g["cost"]) for g in months}
        self.assertEqual(set(by_month), {"2025-03-01", "2025-07-01"})
        self.assertAlmostEqual(by_month["2025-03-01"][0], 900, places=2)
        self.assertAlmostEqual(by_month["2025-03-01"][1], 1050, places=2)
        self.assertAlmostEqual(by_month["2025-07-01"][0], 375, places=2)
        rows = self._call_kw(
            self.rpc_manager,
            "advocacy.reward.cost",
            "search_read",
            [[("partner_id", "=", self.alice.id)], ["company_id", "currency_id"]],
            context={"allowed_company_ids": both.ids},
        )
        self.assertEqual({r["currency_id"][0] for r in rows}, {self.main.id}, "the current company's")
        self.assertEqual({r["company_id"][0] for r in rows}, set(both.ids))

    def test_a_reader_of_one_company_sees_its_rewards_only(self):
        self._figures()
        groups = self._groups(self.user_b, self.company_b, ["company_id"])
        self.assertEqual([g["company_id"][0] for g in groups], [self.company_b.id])
        self.assertAlmostEqual(groups[0]["amount"], 600, places=2, msg="in its own currency")
        self.assertAlmostEqual(groups[0]["cost"], 700, places=2)
        (main_only,) = self._groups(self.rpc_manager, self.company)
        self.assertAlmostEqual(main_only["amount"], 300, places=2)
