from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestMomentDetection(AdvocacyCommon):
    """The moments to ask found by the daily cron, once per customer, each switchable."""

    def _set(self, **values):
        self.env["res.config.settings"].create(values).execute()

    def _moments(self, partner, moment_type):
        return self.env["advocacy.moment"].search(
            [("partner_id", "=", partner.id), ("moment_type", "=", moment_type)]
        )

    def _confirmed_order(self, partner, days_ago=0, amount=1000.0):
        order = self._order(partner, amount=amount)
        order.action_confirm()
        order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
        return order

    def test_onboarding_done_once(self):
        self._set(advocacy_moment_onboarding_days=30)
        newcomer = self.env["res.partner"].create({"name": "Hooli", "is_company": True})
        self._confirmed_order(self.customer, days_ago=31)
        self._confirmed_order(newcomer, days_ago=10)
        Moment = self.env["advocacy.moment"]
        Moment._cron_detect_moments()
        self.assertEqual(len(self._moments(self.customer, "onboarding_done")), 1)
        self.assertFalse(self._moments(newcomer, "onboarding_done"), "onboarding not over yet")
        Moment._cron_detect_moments()
        self.assertEqual(len(self._moments(self.customer, "onboarding_done")), 1, "no duplicate")

    def test_heavy_usage_by_orders_and_by_amount(self):
        self._set(
            advocacy_moment_usage_orders=2, advocacy_moment_usage_amount=5000, advocacy_moment_usage_days=30
        )
        busy = self.env["res.partner"].create({"name": "Busy Inc", "is_company": True})
        big = self.env["res.partner"].create({"name": "Big Spender", "is_company": True})
        small = self.env["res.partner"].create({"name": "Small Shop", "is_company": True})
        self._confirmed_order(busy, days_ago=3)
        self._confirmed_order(busy, days_ago=1)
        self._confirmed_order(big, amount=6000)
        self._confirmed_order(small)
        self._confirmed_order(small, days_ago=45)  # outside the period
        self.env["advocacy.moment"]._cron_detect_moments()
        self.assertEqual(len(self._moments(busy, "high_usage")), 1)
        self.assertEqual(len(self._moments(big, "high_usage")), 1)
        self.assertFalse(self._moments(small, "high_usage"))

    def test_renewal_and_its_switch(self):
        today = fields.Date.context_today(self.env["res.partner"])
        soon = self.env["res.partner"].create(
            {"name": "Renewing Co", "advocacy_renewal_date": today + timedelta(days=20)}
        )
        later = self.env["res.partner"].create(
            {"name": "Later Co", "advocacy_renewal_date": today + timedelta(days=200)}
        )
        self._set(advocacy_moment_on_renewal=False)
        self.env["advocacy.moment"]._cron_detect_moments()
        self.assertFalse(self._moments(soon, "renewal"), "switched off")
        self._set(advocacy_moment_on_renewal=True, advocacy_moment_renewal_days=30)
        self.env["advocacy.moment"]._cron_detect_moments()
        self.env["advocacy.moment"]._cron_detect_moments()
        self.assertEqual(len(self._moments(soon, "renewal")), 1)
        self.assertFalse(self._moments(later, "renewal"))

    def test_good_review_switch(self):
        self._set(advocacy_moment_on_good_review=False)
        review = self.env["advocacy.review"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.rep.id,
                "health": "good",
                "referral_asked": True,
                "ask_answer": "accepted",
            }
        )
        review.action_done()
        self.assertFalse(self._moments(self.customer, "good_review"))

    def test_moments_skip_do_not_ask(self):
        self.customer.advocacy_do_not_ask = True
        self._confirmed_order(self.customer, days_ago=31)
        self.env["advocacy.moment"]._cron_detect_moments()
        self.assertFalse(self._moments(self.customer, "onboarding_done"))


@tagged("post_install", "-at_install")
class TestJourneyStage(AdvocacyCommon):
    """The journey stage follows the CRM and sales events and never moves back through them."""

    def test_stage_follows_opportunity_orders_and_referral(self):
        prospect = self.env["res.partner"].create({"name": "Pied Piper", "is_company": True})
        contact = self.env["res.partner"].create(
            {"name": "Richard", "parent_id": prospect.id, "email": "r@pp.example"}
        )
        self.env["crm.lead"].create(
            {"name": "Compression deal", "type": "opportunity", "partner_id": contact.id}
        )
        self.assertEqual(contact.journey_stage, "try")
        self.assertEqual(prospect.journey_stage, "try", "the company follows its contact")
        first = self._order(contact)
        self.assertEqual(contact.journey_stage, "try")
        first.action_confirm()
        self.assertEqual(contact.journey_stage, "buy")
        second = self._order(prospect)
        second.action_confirm()
        self.assertEqual(prospect.journey_stage, "repeat")
        self.assertEqual(contact.journey_stage, "buy", "a contact's stage is its own orders'")
        self.env["advocacy.referral"].create({"referrer_id": contact.id, "referred_email": "x@hooli.example"})
        self.assertEqual(contact.journey_stage, "refer")
        third = self._order(contact)
        third.action_confirm()
        self.assertEqual(contact.journey_stage, "refer", "never backwards")
