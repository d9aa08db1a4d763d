from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestMoment(AdvocacyCommon):
    def setUp(self):
        super().setUp()
        self.Moment = self.env["advocacy.moment"]
        self.env["ir.config_parameter"].sudo().set_param("advocacy_program.ask_cooldown_days", "90")

    def test_trigger_creates_moment_and_ask_activity_for_account_manager(self):
        moments = self.Moment._trigger(self.advocate, "promoter", source=self.customer, note="Scored 10")
        self.assertEqual(len(moments), 1)
        self.assertEqual(moments.state, "asked")
        self.assertEqual(moments.user_id, self.rep)
        self.assertEqual(moments.source_ref, self.customer)
        activity = moments.activity_ids
        self.assertEqual(
            activity.activity_type_id, self.env.ref("advocacy_program.mail_activity_type_advocacy_ask")
        )
        self.assertEqual(activity.user_id, self.rep)
        self.assertIn("Ada Advocate", activity.summary)

    def test_do_not_ask_and_opted_out_are_skipped(self):
        quiet = self.env["res.partner"].create({"name": "Quiet", "advocacy_do_not_ask": True})
        gone = self.env["res.partner"].create({"name": "Gone", "advocate_state": "opted_out"})
        moments = self.Moment._trigger(quiet | gone | self.advocate, "renewal")
        self.assertEqual(moments.partner_id, self.advocate)

    def test_cooldown_per_contact(self):
        self.assertTrue(self.Moment._trigger(self.advocate, "promoter"))
        self.assertFalse(self.Moment._trigger(self.advocate, "renewal"), "asked today: within the cooldown")
        with freeze_time(fields.Date.today() + timedelta(days=91)):
            self.assertTrue(self.Moment._trigger(self.advocate, "renewal"))

    def test_accept_marks_candidate_and_closes_activity(self):
        newbie = self.env["res.partner"].create({"name": "Newbie", "user_id": self.rep.id})
        moment = self.Moment._trigger(newbie, "onboarding_done")
        moment.action_accept()
        self.assertEqual(moment.state, "accepted")
        self.assertFalse(moment.activity_ids)
        self.assertEqual(newbie.advocate_state, "candidate")

    def test_cron_expires_old_moments_in_batches_idempotently(self):
        partners = self.env["res.partner"].create([{"name": f"P{i}"} for i in range(5)])
        with freeze_time(fields.Date.today() - timedelta(days=40)):
            old = self.Moment._trigger(partners, "high_usage")
        fresh = self.Moment._trigger(self.advocate, "promoter")
        self.assertEqual(self.Moment._cron_expire_moments(batch_size=3), 3)
        self.assertEqual(self.Moment._cron_expire_moments(batch_size=3), 2)
        self.assertEqual(self.Moment._cron_expire_moments(batch_size=3), 0)
        self.assertEqual(set(old.mapped("state")), {"expired"})
        self.assertFalse(old.activity_ids)
        self.assertEqual(fresh.state, "asked")
