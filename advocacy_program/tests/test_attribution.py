from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestAttribution(AdvocacyCommon):
    def _lead(self, **vals):
        values = {"name": "Deal", "type": "opportunity", "user_id": self.rep.id}
        values.update(vals)
        return self.env["crm.lead"].create(values)

    def test_lead_with_valid_code_is_attributed(self):
        lead = self._lead(
            referral_code=self.code.lower(), contact_name="Paula", email_from="paula@initech.com"
        )
        referral = lead.referral_id
        self.assertTrue(referral)
        self.assertEqual(referral.referrer_id, self.advocate)
        self.assertEqual(referral.channel, "code")
        self.assertEqual(referral.lead_id, lead)
        self.assertEqual(referral.referred_email, "paula@initech.com")
        self.assertEqual(lead.referrer_id, self.advocate)
        self.assertEqual(lead.referral_code, self.code)

    def test_batch_of_leads_with_codes(self):
        other = self.env["res.partner"].create(
            {"name": "Bea", "email": "bea@blue.io", "advocate_state": "champion"}
        )
        vals = [
            {"name": f"L{i}", "referral_code": code, "email_from": f"p{i}@prospect{i}.com"}
            for i, code in enumerate([self.code, other.referral_code, "NOPE", self.code])
        ]
        leads = self.env["crm.lead"].create(vals)
        self.assertEqual(leads.mapped("referral_id.referrer_id"), self.advocate | other)
        self.assertEqual(len(leads.referral_id), 3)
        self.assertFalse(leads[2].referral_id)

    def test_unknown_code_keeps_lead_and_leaves_a_note(self):
        lead = self._lead(referral_code="UNKNOWN42")
        self.assertIn(
            lead, self.env["crm.lead"].search([("user_id", "=", self.rep.id)]), "in the rep's pipeline"
        )
        self.assertFalse(lead.referral_id)
        self.assertIn("UNKNOWN42", lead.message_ids[0].body)
        self.assertIn("unknown or was revoked", lead.message_ids[0].body)

    def test_revoked_code_is_not_attributed(self):
        code = self.code
        self.advocate.action_advocacy_revoke_code()
        lead = self._lead(referral_code=code)
        self.assertFalse(lead.referral_id)

    def test_code_typed_later_attributes_lead(self):
        lead = self._lead(email_from="late@latecomer.com")
        lead.referral_code = self.code
        self.assertEqual(lead.referral_id.referrer_id, self.advocate)

    def test_rep_sets_referrer_on_lead_form(self):
        lead = self._lead(contact_name="Paula", email_from="paula@initech.com", partner_name="Initech")
        with Form(lead.with_user(self.rep)) as form:
            form.referrer_id = self.advocate
        referral = lead.referral_id
        self.assertEqual(referral.channel, "rep")
        self.assertEqual(referral.referrer_id, self.advocate)
        self.assertEqual(referral.state, "new", "its own lead is not a duplicate")
        self.assertEqual(referral.user_id, self.rep)

    def test_rep_replaces_the_referrer(self):
        other = self.env["res.partner"].create(
            {"name": "Otto Other", "email": "otto@other-advocate.com", "advocate_state": "active"}
        )
        lead = self._lead(contact_name="Paula", email_from="paula@initech.com", partner_name="Initech")
        with Form(lead.with_user(self.rep)) as form:
            form.referrer_id = self.advocate
        first = lead.referral_id
        with Form(lead.with_user(self.rep)) as form:
            form.referrer_id = other
        second = lead.referral_id
        self.assertNotEqual(second, first, "a new referral for the new advocate")
        self.assertEqual((second.referrer_id, second.channel, second.state), (other, "rep", "new"))
        self.assertEqual(second.lead_id, lead)
        self.assertEqual(first.state, "rejected", "the first advocate's referral is closed, not reassigned")
        self.assertEqual(first.referrer_id, self.advocate)
        self.assertIn(lead.display_name, first.rejection_reason)
        self.assertIn(self.rep.name, first.rejection_reason)
        self.assertFalse(first.lead_id)
        self.advocate.invalidate_recordset(["referral_count"])
        self.assertEqual(self.advocate.referral_count, 0, "the rejected referral no longer counts for Ada")

    def test_rep_clears_the_referrer(self):
        lead = self._lead(email_from="paula@initech.com", partner_name="Initech")
        lead.with_user(self.rep).referrer_id = self.advocate
        referral = lead.referral_id
        with Form(lead.with_user(self.rep)) as form:
            form.referrer_id = self.env["res.partner"]
        self.assertFalse(lead.referral_id)
        self.assertFalse(lead.referrer_id)
        self.assertEqual(referral.state, "rejected")
        self.assertTrue(referral.rejection_reason)

    def test_won_referral_keeps_its_advocate(self):
        other = self.env["res.partner"].create({"name": "Otto Other", "advocate_state": "active"})
        lead = self._lead(referral_code=self.code, email_from="paula@initech.com", expected_revenue=900)
        referral = lead.referral_id
        lead.action_set_won()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            lead.with_user(self.rep).referrer_id = other
        self.assertEqual(lead.referral_id, referral)
        self.assertEqual((referral.referrer_id, referral.state), (self.advocate, "won"))

    def test_won_date_is_the_users_day(self):
        """Late in the evening in Brussels it is already tomorrow in UTC's eyes or not: the referral
        counts as won on the day of the user who won it."""
        lead = self._lead(referral_code=self.code, email_from="late@initech.com")
        with freeze_time("2026-03-10 23:30:00"):
            lead.with_context(tz="Europe/Brussels").action_set_won()
        self.assertEqual(lead.referral_id.won_date, date(2026, 3, 11))

    def test_won_lost_restore_move_the_referral(self):
        lead = self._lead(referral_code=self.code, email_from="paula@initech.com", expected_revenue=5000)
        referral = lead.referral_id
        lead.action_set_won()
        self.assertEqual(referral.state, "won")
        self.assertEqual(referral.won_date, fields.Date.context_today(referral), "the user's day")
        self.assertEqual(referral.revenue, 5000, "expected revenue until an order exists")
        open_stage = self.env["crm.stage"].search([("is_won", "=", False)], limit=1)
        lead.stage_id = open_stage
        self.assertEqual(referral.state, "qualified", "back from won")
        self.assertEqual(referral.revenue, 0)
        lead.action_set_lost()
        self.assertEqual(referral.state, "lost")
        self.assertTrue(referral.closed_date)
        lead.action_unarchive()
        self.assertEqual(referral.state, "qualified")
        self.assertFalse(referral.closed_date)

    def test_converting_lead_to_opportunity_qualifies(self):
        lead = self._lead(type="lead", referral_code=self.code, email_from="paula@initech.com")
        self.assertEqual(lead.referral_id.state, "new")
        lead.convert_opportunity(self.env["res.partner"])
        self.assertEqual(lead.referral_id.state, "qualified")

    def test_confirmed_orders_are_the_revenue_and_cancel_takes_it_back(self):
        lead = self._lead(referral_code=self.code, email_from="paula@initech.com", expected_revenue=9999)
        referral = lead.referral_id
        prospect = self.env["res.partner"].create({"name": "Initech", "is_company": True})
        lead.partner_id = prospect
        self.assertEqual(referral.partner_id, prospect)
        order = self._order(prospect, 1200.0, opportunity_id=lead.id)
        self.assertEqual(order.referral_id, referral)
        self.assertEqual(referral.revenue, 0)
        order.action_confirm()
        self.assertEqual(referral.state, "won")
        self.assertEqual(referral.revenue, 1200.0)
        later = self._order(prospect, 800.0)
        self.assertEqual(later.referral_id, referral, "order of the referred customer within the window")
        later.action_confirm()
        self.assertEqual(referral.revenue, 2000.0)
        later._action_cancel()
        self.assertEqual(referral.revenue, 1200.0)
        self.assertEqual(self.advocate.referral_revenue, 1200.0)
        self.assertEqual(self.advocate_company.referral_revenue, 1200.0)
        order.write(
            {"order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": 300})]}
        )
        self.assertEqual(referral.revenue, 1500.0, "a line added to a confirmed order counts")
        self.advocate_company.invalidate_recordset(["referral_revenue"])
        self.assertEqual(self.advocate_company.referral_revenue, 1500.0)

    def test_order_outside_window_is_not_attributed(self):
        prospect = self.env["res.partner"].create({"name": "Initech", "is_company": True})
        self._referral(partner_id=prospect.id, date=fields.Date.today() - timedelta(days=40))
        self.env["ir.config_parameter"].sudo().set_param("advocacy_program.attribution_window_days", "30")
        self.assertFalse(self._order(prospect).referral_id)
        self.env["ir.config_parameter"].sudo().set_param("advocacy_program.attribution_window_days", "60")
        self.assertTrue(self._order(prospect).referral_id)

    def test_order_of_contact_of_referred_company_is_attributed(self):
        prospect = self.env["res.partner"].create({"name": "Initech", "is_company": True})
        buyer = self.env["res.partner"].create({"name": "Bill Buyer", "parent_id": prospect.id})
        referral = self._referral(partner_id=prospect.id)
        self.assertEqual(self._order(buyer).referral_id, referral)

    def test_rejected_referral_gets_no_orders(self):
        referral = self._referral(partner_id=self.customer.id)
        self.assertEqual(referral.state, "rejected")
        self.assertFalse(self._order(self.customer).referral_id)

    def test_smart_buttons_open_the_referral(self):
        lead = self._lead(referral_code=self.code, email_from="paula@initech.com")
        self.assertEqual(lead.action_view_advocacy_referral()["res_id"], lead.referral_id.id)
        action = self.advocate.action_view_advocacy_referrals()
        self.assertEqual(self.env["advocacy.referral"].search(action["domain"]), lead.referral_id)
