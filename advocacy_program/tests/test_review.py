from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestReview(AdvocacyCommon):
    def _review(self, **vals):
        values = {
            "partner_id": self.advocate_company.id,
            "review_type": "qbr",
            "date": "2025-03-10",
            "user_id": self.rep.id,
            "customer_attendee_ids": [(6, 0, self.advocate.ids)],
        }
        values.update(vals)
        return self.env["advocacy.review"].create(values)

    def test_cadence_sets_next_review_and_done_schedules_activity(self):
        review = self._review(cadence="quarterly")
        self.assertEqual(str(review.next_review_date), "2025-06-10")
        self.assertIn("Acme Robotics", review.name)
        review.health = "at_risk"
        review.action_done()
        activity = self.advocate_company.activity_ids.filtered(lambda a: "Next business review" in a.summary)
        self.assertEqual(str(activity.date_deadline), "2025-06-10")
        self.assertEqual(activity.user_id, self.rep)
        self.assertFalse(self.env["advocacy.moment"].search([("partner_id", "=", self.advocate.id)]))

    def test_done_needs_health(self):
        with self.assertRaises(UserError):
            self._review().action_done()

    def test_good_review_with_accepted_ask_triggers_moment(self):
        review = self._review(health="good", referral_asked=True, ask_answer="accepted")
        review.action_done()
        moment = self.env["advocacy.moment"].search([("partner_id", "=", self.advocate.id)])
        self.assertEqual(moment.moment_type, "good_review")
        self.assertEqual(moment.source_ref, review)

    def test_asking_defaults_the_answer(self):
        with Form(self.env["advocacy.review"]) as form:
            form.partner_id = self.advocate_company
            form.referral_asked = True
            self.assertEqual(form.ask_answer, "pending")

    def test_referral_from_review(self):
        review = self._review(health="good")
        action = review.action_new_referral()
        referral = (
            self.env["advocacy.referral"]
            .with_context(**action["context"])
            .create({"referred_company": "Hooli", "referred_email": "gavin@hooli.com"})
        )
        self.assertEqual(referral.referrer_id, self.advocate)
        self.assertEqual(referral.review_id, review)
        self.assertEqual(review.referral_count, 1)
