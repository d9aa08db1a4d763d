from datetime import date

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .rpc import second_currency

REFERRAL_SERVICE = {"advocacy_program_referral_service": True}
# amounts of the dashboard that must come from a report converted to the current company's currency
MONEY = {"revenue", "amount", "cost", "reward_cost", "reward_amount"}
UNCONVERTED = {"advocacy.referral", "advocacy.reward"}


@tagged("post_install", "-at_install")
class TestReferralRevenueReport(HttpCase):
    """The Advocacy dashboard's referral revenue adds the referrals of two companies in two currencies:
    each referral's revenue converted at the date it was won to the currency of the reader's current
    company, never the raw sum of amounts in different currencies; a reader of one company sees its
    referrals only, in its own currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.main = cls.company.currency_id
        cls.other = second_currency(cls.env, cls.main)
        cls.company_b = cls.env["res.company"].create(
            {"name": "Revenue Abroad Ltd", "currency_id": cls.other.id}
        )
        manager_group = "advocacy_program.group_advocacy_manager"
        both = cls.company | cls.company_b
        cls.manager = new_test_user(
            cls.env,
            login="revenue_manager",
            groups=manager_group,
            company_id=cls.company.id,
            company_ids=[Command.set(both.ids)],
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="revenue_manager_b",
            groups=manager_group,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.referrer = cls.env["res.partner"].create({"name": "Rhea Two-Currencies"})
        cls.dashboard = cls.env.ref("advocacy_program.spreadsheet_dashboard_advocacy")
        # 10,000 in the main company; 1,000 (= 2,000) and 800 (= 1,000) abroad; a lost referral's
        # revenue never counts
        cls.won_a = cls._won(cls.company, 10000, date(2025, 3, 1))
        cls.won_b = cls._won(cls.company_b, 1000, date(2025, 3, 10))
        cls.won_b_later = cls._won(cls.company_b, 800, date(2025, 7, 1))
        cls.lost_b = cls._won(cls.company_b, 500, date(2025, 7, 2))
        cls.lost_b.action_set_lost()
        cls.env.flush_all()

    @classmethod
    def _won(cls, company, revenue, day):
        n = len(cls.env["advocacy.referral"].search([("referrer_id", "=", cls.referrer.id)])) + 1
        referral = (
            cls.env["advocacy.referral"]
            .with_company(company)
            .create(
                {
                    "referrer_id": cls.referrer.id,
                    "referred_name": f"Buyer {n}",
                    "referred_email": f"buyer{n}@two-currencies{n}.example",
                    "company_id": company.id,
                }
            )
        )
        referral.action_set_won()
        referral.with_context(**REFERRAL_SERVICE).write({"revenue": revenue, "won_date": day})
        return referral

    def _call(self, user, model, method, args, context=None, **kwargs):
        """What the web client sends, as ``user`` (its password is its login)."""
        self.authenticate(user.login, user.login)
        kwargs["context"] = context or {}
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def _converted(self, amount, day, to=None):
        return self.other._convert(amount, to or self.main, self.company, day, round=False)

    def _revenue_groups(self, user, companies, groupby=()):
        domain = [("referrer_id", "=", self.referrer.id)]
        return self._call(
            user,
            "advocacy.referral.revenue",
            "read_group",
            [domain, ["revenue:sum"], list(groupby)],
            context={"allowed_company_ids": companies.ids},
            lazy=False,
        )

    def test_dashboard_revenue_reads_the_converted_report(self):
        opened = self._call(
            self.manager, "spreadsheet.dashboard", "get_readonly_dashboard", [self.dashboard.ids]
        )
        snapshot = opened["snapshot"]
        pivots = {p["name"]: p for p in snapshot["pivots"].values()}
        for name in ("Won referrals - current", "Won referrals - previous"):
            self.assertEqual(pivots[name]["model"], "advocacy.referral.revenue", name)
            self.assertEqual([m["fieldName"] for m in pivots[name]["measures"]], ["__count", "revenue"])
        # the top advocates: the program's table, or the leaderboard's when advocacy_rewards replaces it
        self.assertIn(pivots["Top advocates"]["model"], {"advocacy.referral.revenue", "advocacy.leaderboard"})
        charts = {
            f["data"]["title"]["text"]: f["data"]
            for sheet in snapshot["sheets"]
            for f in sheet["figures"]
            if f["data"]["type"].startswith("odoo_")
        }
        revenue_chart = charts["Referral revenue per month"]
        self.assertEqual(revenue_chart["metaData"]["resModel"], "advocacy.referral.revenue")
        self.assertEqual(revenue_chart["metaData"]["measure"], "revenue")
        # no amount of the dashboard adds up the raw amounts of the referrals or rewards
        for pivot in snapshot["pivots"].values():
            money = {m["fieldName"] for m in pivot["measures"]} & MONEY
            self.assertFalse(money and pivot["model"] in UNCONVERTED, pivot["name"])
        for title, chart in charts.items():
            meta = chart["metaData"]
            self.assertFalse(meta["measure"] in MONEY and meta["resModel"] in UNCONVERTED, title)

    def test_sum_over_both_companies_is_converted(self):
        (group,) = self._revenue_groups(self.manager, self.company | self.company_b)
        expected = 10000 + self._converted(1000, date(2025, 3, 10)) + self._converted(800, date(2025, 7, 1))
        self.assertAlmostEqual(expected, 13000, places=2, msg="2,000 at 0.5 and 1,000 at 0.8")
        self.assertAlmostEqual(group["revenue"], expected, places=2)
        self.assertNotAlmostEqual(group["revenue"], 10000 + 1000 + 800, places=0, msg="not the raw sum")
        self.assertEqual(group["__count"], 3, "the lost referral is not in it")
        # per month, as the chart reads it
        months = self._revenue_groups(self.manager, self.company | self.company_b, ["won_date:month"])
        by_month = {g["__range"]["won_date:month"]["from"]: g["revenue"] for g in months}
        self.assertEqual(set(by_month), {"2025-03-01", "2025-07-01"})
        self.assertAlmostEqual(by_month["2025-03-01"], 12000, places=2)
        self.assertAlmostEqual(by_month["2025-07-01"], 1000, places=2)
        # each row names the currency shown: the current company's
        rows = self._call(
            self.manager,
            "advocacy.referral.revenue",
            "search_read",
            [[("referrer_id", "=", self.referrer.id)], ["company_id", "currency_id", "revenue"]],
            context={"allowed_company_ids": (self.company | self.company_b).ids},
        )
        self.assertEqual({r["currency_id"][0] for r in rows}, {self.main.id})
        self.assertEqual({r["company_id"][0] for r in rows}, {self.company.id, self.company_b.id})

    def test_shown_in_the_current_companys_currency(self):
        """The same manager working in the other company first reads the same referrals in its currency."""
        (group,) = self._revenue_groups(self.manager, self.company_b | self.company)
        expected = self.main._convert(10000, self.other, self.company, date(2025, 3, 1), round=False)
        self.assertAlmostEqual(group["revenue"], expected + 1000 + 800, places=2)
        self.assertAlmostEqual(group["revenue"], 5000 + 1800, places=2)

    def test_a_reader_of_one_company_sees_its_referrals_only(self):
        groups = self._revenue_groups(self.manager_b, self.company_b, ["company_id"])
        self.assertEqual([g["company_id"][0] for g in groups], [self.company_b.id])
        self.assertEqual(groups[0]["__count"], 2)
        self.assertAlmostEqual(groups[0]["revenue"], 1000 + 800, places=2, msg="its own currency")
        # the main company's manager working in the main company only does not see the other's
        (group,) = self._revenue_groups(self.manager, self.company)
        self.assertEqual(group["__count"], 1)
        self.assertAlmostEqual(group["revenue"], 10000, places=2)
