from datetime import datetime, timedelta

from odoo import fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestCohortReport(AccountTestInvoicingCommon):
    """Referred customers against the others on a small hand-built book: win rate and cycle of the
    opportunities, first order value, revenue invoiced in the first 12 months (credit notes deducted)
    and retention, each with the number behind it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.write(
            {
                "groups_id": [
                    Command.link(cls.env.ref("advocacy_program.group_advocacy_admin").id),
                    Command.link(cls.env.ref("sales_team.group_sale_manager").id),
                ]
            }
        )
        company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="cohort_manager",
            groups="advocacy_program.group_advocacy_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.rep = new_test_user(
            cls.env,
            login="cohort_rep",
            groups="advocacy_program.group_advocacy_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        other = cls.env["res.company"].create({"name": "Cohort Other Co"})
        cls.outsider = new_test_user(
            cls.env,
            login="cohort_other",
            groups="advocacy_program.group_advocacy_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        Partner = cls.env["res.partner"]
        cls.advocate = Partner.create(
            {"name": "Ada Advocate", "email": "ada@ada.example", "advocate_state": "active"}
        )
        cls.r1, cls.r2, cls.r3, cls.o1, cls.o2, cls.o3, cls.o4, cls.o5 = (
            Partner.create({"name": name, "is_company": True})
            for name in ("R1", "R2", "R3", "O1", "O2", "O3", "O4", "O5")
        )
        cls.today = fields.Date.today()
        now = datetime.now()
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        Lead = cls.env["crm.lead"]
        leads = {}
        for partner, referred, won, cycle in (
            (cls.r1, True, True, 10),
            (cls.r2, True, True, 20),
            (cls.r3, True, False, None),
            (cls.o1, False, True, 40),
            (cls.o3, False, False, None),
            (cls.o4, False, False, None),
            (cls.o5, False, False, None),
        ):
            vals = {"name": f"Deal {partner.name}", "type": "opportunity", "partner_id": partner.id}
            if referred:
                vals["referrer_id"] = cls.advocate.id
            lead = Lead.create(vals)
            if won:
                lead.stage_id = won_stage
            else:
                lead.action_set_lost()
            leads[lead.id] = cycle
        cls.env.flush_all()
        for lead_id, cycle in leads.items():
            if cycle:
                cls.env.cr.execute(
                    SQL(
                        "UPDATE crm_lead SET create_date = %s, date_closed = %s WHERE id = %s",
                        now - timedelta(days=cycle + 1),
                        now - timedelta(days=1),
                        lead_id,
                    )
                )
        cls.env.invalidate_all()
        # orders: R1 and R2 (referred) and O1 matured; O2 ordered 100 days ago
        for partner, amount, days in (
            (cls.r1, 1000, 400),
            (cls.r1, 250, 30),  # still ordering after 12 months
            (cls.r2, 3000, 390),
            (cls.o1, 500, 400),
            (cls.o2, 700, 100),
        ):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product_a.id, "product_uom_qty": 1, "price_unit": amount}
                        )
                    ],
                }
            )
            order.action_confirm()
            order.date_order = now - timedelta(days=days)
        post = {"post": True, "taxes": []}
        start = cls.today - timedelta(days=400)
        cls.init_invoice(
            "out_invoice", cls.r1, amounts=[1000], invoice_date=start + timedelta(days=10), **post
        )
        cls.init_invoice("out_refund", cls.r1, amounts=[200], invoice_date=start + timedelta(days=20), **post)
        cls.init_invoice(
            "out_invoice", cls.r1, amounts=[500], invoice_date=start + timedelta(days=380), **post
        )
        cls.init_invoice(
            "out_invoice", cls.r2, amounts=[3000], invoice_date=start + timedelta(days=15), **post
        )
        cls.init_invoice("out_invoice", cls.o1, amounts=[500], invoice_date=start + timedelta(days=5), **post)

    def _figures(self, user=None, **vals):
        report = self.env["advocacy.cohort.report"].with_user(user or self.manager).create(vals)
        report.action_compute()
        return {line.metric: line for line in report.line_ids}

    def test_referred_against_others(self):
        figures = self._figures()
        win = figures["win_rate"]
        self.assertEqual((win.referred_count, win.other_count), (3, 4))
        self.assertAlmostEqual(win.referred_value, 200 / 3, places=1)
        self.assertAlmostEqual(win.other_value, 25.0)
        cycle = figures["cycle_days"]
        self.assertAlmostEqual(cycle.referred_value, 15.0, places=1)
        self.assertAlmostEqual(cycle.other_value, 40.0, places=1)
        self.assertEqual((cycle.referred_count, cycle.other_count), (2, 1))
        first = figures["first_order"]
        self.assertEqual((first.referred_count, first.other_count), (2, 2))
        self.assertAlmostEqual(first.referred_value, 2000.0)
        self.assertAlmostEqual(first.other_value, 600.0)
        self.assertGreater(first.referred_margin, 0)
        revenue = figures["revenue_12m"]
        self.assertEqual((revenue.referred_count, revenue.other_count), (2, 1))
        self.assertAlmostEqual(revenue.referred_value, (800 + 3000) / 2)  # the credit note is deducted
        self.assertAlmostEqual(revenue.other_value, 500.0)
        retention = figures["retention"]
        self.assertAlmostEqual(retention.referred_value, 50.0)
        self.assertAlmostEqual(retention.other_value, 0.0)
        self.assertFalse(retention.is_significant)  # three customers prove nothing

    def test_any_period(self):
        figures = self._figures(date_from=self.today - timedelta(days=200), date_to=self.today)
        first = figures["first_order"]
        self.assertEqual((first.referred_count, first.other_count), (0, 1))
        self.assertAlmostEqual(first.other_value, 700.0)
        self.assertEqual(figures["retention"].other_count, 0)

    def test_who_may_compare(self):
        with self.assertRaises(AccessError):
            self._figures(user=self.rep)
        with self.assertRaises(AccessError):
            self._figures(user=self.outsider, company_id=self.env.company.id)
