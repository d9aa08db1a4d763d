"""Every path a referred deal can take moves the referral's revenue to what the confirmed orders say."""

from odoo.tests import tagged

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestDealPaths(AdvocacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.env["res.partner"].create({"name": "Initech", "is_company": True})

    def _opportunity(self, **vals):
        values = {
            "name": "Initech deal",
            "type": "opportunity",
            "user_id": self.rep.id,
            "referral_code": self.code,
            "email_from": "paula@initech.com",
            "partner_id": self.prospect.id,
            "expected_revenue": 9999,
        }
        values.update(vals)
        return self.env["crm.lead"].create(values)

    def test_code_opportunity_quotation_confirm_cancel(self):
        lead = self._opportunity()
        referral = lead.referral_id
        order = self._order(self.prospect, 1200.0, opportunity_id=lead.id)
        self.assertEqual(order.referral_id, referral)
        order.action_confirm()
        self.assertEqual((referral.state, referral.revenue), ("won", 1200.0))
        order._action_cancel()
        self.assertEqual(
            referral.revenue, 0.0, "a cancelled deal brings nothing: not the opportunity's estimate"
        )
        self.assertEqual(self.advocate.referral_revenue, 0.0)

    def test_won_opportunity_counts_its_estimate_until_an_order_is_confirmed(self):
        lead = self._opportunity()
        lead.action_set_won()
        self.assertEqual(lead.referral_id.revenue, 9999)
        quotation = self._order(self.prospect, 700.0, opportunity_id=lead.id)
        self.assertEqual(lead.referral_id.revenue, 9999, "a draft quotation changes nothing yet")
        quotation.action_confirm()
        self.assertEqual(lead.referral_id.revenue, 700.0)

    def test_partial_cancellation_keeps_the_rest(self):
        lead = self._opportunity()
        first = self._order(self.prospect, 1200.0, opportunity_id=lead.id)
        second = self._order(self.prospect, 800.0, opportunity_id=lead.id)
        (first | second).action_confirm()
        self.assertEqual(lead.referral_id.revenue, 2000.0)
        second._action_cancel()
        self.assertEqual(lead.referral_id.revenue, 1200.0)
        first._action_cancel()
        self.assertEqual(lead.referral_id.revenue, 0.0)

    def test_order_moved_to_another_opportunity_follows_its_referral(self):
        lead_a = self._opportunity()
        other_advocate = self.env["res.partner"].create(
            {"name": "Bea", "email": "bea@blue.io", "advocate_state": "champion"}
        )
        lead_b = self._opportunity(
            name="Other deal", referral_code=other_advocate.referral_code, email_from="o@other-deal.io"
        )
        order = self._order(self.prospect, 1500.0, opportunity_id=lead_a.id)
        order.action_confirm()
        self.assertEqual(lead_a.referral_id.revenue, 1500.0)
        order.opportunity_id = lead_b
        self.assertEqual(order.referral_id, lead_b.referral_id)
        self.assertEqual(lead_b.referral_id.revenue, 1500.0)
        self.assertEqual(lead_a.referral_id.revenue, 0.0)
        # moved to an opportunity without referral: the window attribution of the referred customer
        # applies (last touch: the most recent of its referrals)
        plain = self.env["crm.lead"].create({"name": "No referral", "type": "opportunity"})
        order.opportunity_id = plain
        self.assertEqual(order.referral_id, lead_b.referral_id)
        stranger = self.env["res.partner"].create({"name": "Stranger Ltd", "is_company": True})
        unrelated = self._order(stranger, 400.0, opportunity_id=lead_b.id)
        unrelated.action_confirm()
        self.assertEqual(lead_b.referral_id.revenue, 1900.0)
        unrelated.opportunity_id = plain
        self.assertFalse(unrelated.referral_id, "nothing ties the stranger's order to a referral any more")
        self.assertEqual(lead_b.referral_id.revenue, 1500.0)
