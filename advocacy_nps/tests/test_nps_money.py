from datetime import timedelta

from odoo import fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from ..tools import nps_math


@tagged("post_install", "-at_install")
class TestNpsMoney(AccountTestInvoicingCommon):
    """The figures a CFO checks on a small book: NPS and revenue-weighted NPS, revenue of the last
    12 months per band from posted invoices (credit notes deducted, another currency converted),
    revenue at risk and the accounts behind it; each role sees what it may."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency("EUR")  # 1 company currency = 2 EUR today
        company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Company Ltd"})
        in_a = {"company_id": company.id, "company_ids": [Command.set(company.ids)]}
        cls.manager = new_test_user(
            cls.env, login="money_manager", groups="advocacy_program.group_advocacy_manager", **in_a
        )
        cls.rep = new_test_user(
            cls.env, login="money_rep", groups="advocacy_program.group_advocacy_user", **in_a
        )
        cls.clerk = new_test_user(cls.env, login="money_clerk", groups="base.group_user", **in_a)
        cls.other_manager = new_test_user(
            cls.env,
            login="money_other",
            groups="advocacy_program.group_advocacy_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        Partner = cls.env["res.partner"].sudo()
        names = ("Alpha", "Beta", "Gamma", "Delta", "Epsilon")
        cls.alpha, cls.beta, cls.gamma, cls.delta, cls.epsilon = (
            Partner.create({"name": name, "is_company": True, "user_id": cls.manager.id}) for name in names
        )
        cls.alpha.user_id = cls.rep
        today = fields.Date.today()
        cls.today = today
        post = {"post": True, "taxes": [], "invoice_date": today - timedelta(days=30)}
        cls.init_invoice("out_invoice", cls.alpha, amounts=[10000], **post)
        cls.init_invoice("out_refund", cls.alpha, amounts=[1000], **post)  # a credit note lowers revenue
        cls.init_invoice("out_invoice", cls.beta, amounts=[3000], **post)
        cls.init_invoice("out_invoice", cls.beta, amounts=[99999], invoice_date=today, taxes=[])  # draft
        cls.init_invoice("out_invoice", cls.gamma, amounts=[6000], **post)
        old = {**post, "invoice_date": today - timedelta(days=800)}
        cls.init_invoice("out_invoice", cls.gamma, amounts=[77777], **old)  # older than 12 months
        cls.init_invoice("out_invoice", cls.delta, amounts=[4000], currency=cls.eur, **post)  # 2000
        cls.init_invoice("out_invoice", cls.epsilon, amounts=[500], **post)  # never answered
        Response = cls.env["advocacy.nps.response"].sudo().with_context(advocacy_nps_skip_loop=True)
        for partner, score, days in (
            (cls.alpha, 2, 100),
            (cls.alpha, 10, 10),
            (cls.beta, 8, 20),
            (cls.gamma, 3, 15),
            (cls.delta, 5, 5),
        ):
            Response.create(
                {
                    "partner_id": partner.id,
                    "score": score,
                    "date": today - timedelta(days=days),
                    "channel": "phone",
                }
            )
        # the other company's own answer for Alpha
        Response.with_company(cls.other_company).create(
            {"partner_id": cls.alpha.id, "score": 9, "channel": "phone", "company_id": cls.other_company.id}
        )
        cls.env.flush_all()

    def _groups(self, user, model, groupby, measures):
        return {
            group[groupby]: group
            for group in self.env[model].with_user(user).read_group([], measures, [groupby], lazy=False)
        }

    def test_revenue_per_band_and_at_risk(self):
        Report = "advocacy.nps.account.report"
        groups = self._groups(
            self.manager, Report, "category", ["revenue:sum", "account_count:sum", "weighted_nps", "nps"]
        )
        revenue = {band: group["revenue"] for band, group in groups.items()}
        self.assertEqual(revenue, {"promoter": 9000.0, "passive": 3000.0, "detractor": 8000.0, False: 500.0})
        self.assertEqual(groups["detractor"]["account_count"], 2)
        [total] = (
            self.env[Report]
            .with_user(self.manager)
            .read_group([], ["revenue:sum", "weighted_nps", "nps", "nps_margin"], [])
        )
        self.assertAlmostEqual(total["revenue"], 20500.0)
        # accounts: 1 promoter, 1 passive, 2 detractors (Epsilon never answered)
        self.assertAlmostEqual(total["nps"], -25.0)
        self.assertAlmostEqual(total["weighted_nps"], 100.0 * (9000 - 8000) / 20000)
        self.assertAlmostEqual(total["nps_margin"], nps_math.margin_of_error(1, 1, 2))
        at_risk = self.env[Report].with_user(self.manager).search([("category", "=", "detractor")])
        self.assertEqual(at_risk.commercial_partner_id, self.gamma | self.delta)
        self.assertEqual(at_risk.mapped("revenue"), [6000.0, 2000.0])  # largest first
        self.assertEqual(at_risk[0].currency_id, self.env.company.currency_id)

    def test_nps_and_weighted_nps_of_the_answers(self):
        Report = self.env["advocacy.nps.revenue.report"].with_user(self.manager)
        [total] = Report.read_group(
            [], ["nps", "weighted_nps", "nps_margin", "nps_significant", "response_count:sum"], []
        )
        self.assertEqual(total["response_count"], 5)
        self.assertAlmostEqual(total["nps"], 100.0 * (1 - 3) / 5)
        # each answer weighs its account's revenue: Alpha (9000) answered twice
        self.assertAlmostEqual(total["weighted_nps"], 100.0 * (9000 - 17000) / 29000)
        self.assertAlmostEqual(total["nps_margin"], nps_math.margin_of_error(1, 1, 3))
        self.assertEqual(total["nps_significant"], 0)  # the whole filter has no rest to differ from
        by_band = {g["category"]: g for g in Report.read_group([], ["nps", "nps_significant"], ["category"])}
        self.assertEqual(by_band["promoter"]["nps"], 100.0)
        self.assertEqual(by_band["detractor"]["nps"], -100.0)
        alpha = Report.search([("commercial_partner_id", "=", self.alpha.id)])
        self.assertEqual(alpha.mapped("account_revenue"), [9000.0, 9000.0])

    def test_a_rep_sees_their_customers_only(self):
        groups = self._groups(self.rep, "advocacy.nps.account.report", "category", ["revenue:sum"])
        self.assertEqual({band: g["revenue"] for band, g in groups.items()}, {"promoter": 9000.0})
        answers = self.env["advocacy.nps.revenue.report"].with_user(self.rep).search([])
        self.assertEqual(answers.commercial_partner_id, self.alpha)

    def test_companies_see_their_own_books(self):
        for model in ("advocacy.nps.account.report", "advocacy.nps.revenue.report"):
            Report = self.env[model].with_user(self.other_manager)
            rows = Report.search([])
            self.assertEqual(rows.company_id, self.other_company, model)
            self.assertEqual(Report.search_count([("company_id", "=", self.env.company.id)]), 0)
            self.assertNotIn(
                self.env.company.id,
                [g["company_id"][0] for g in Report.read_group([], ["nps"], ["company_id"])],
            )
        [other] = self.env["advocacy.nps.account.report"].with_user(self.other_manager).search([])
        self.assertEqual((other.category, other.revenue), ("promoter", 0.0))

    def test_no_rights_no_figures(self):
        for model in ("advocacy.nps.account.report", "advocacy.nps.revenue.report"):
            Report = self.env[model].with_user(self.clerk)
            with self.subTest(model=model), self.assertRaises(AccessError):
                Report.read_group([], ["revenue:sum" if "account" in model else "nps"], ["category"])
            with self.subTest(model=model), self.assertRaises(AccessError):
                Report.search([])
