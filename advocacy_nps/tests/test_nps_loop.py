from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsClosedLoop(NpsCommon):
    def _activities(self, answer, xmlid):
        return answer.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))

    def test_automations_are_records_admins_can_change(self):
        for xmlid in ("automation_nps_detractor", "automation_nps_passive", "automation_nps_promoter"):
            automation = self.env.ref(f"advocacy_nps.{xmlid}")
            self.assertEqual(automation.model_id.model, "advocacy.nps.response")
            self.assertTrue(automation.active)
            self.assertTrue(automation.action_server_ids)

    @freeze_time("2026-11-23 10:00:00")
    def test_detractor_gets_a_callback_within_the_sla_and_a_resurvey_date(self):
        self.env["ir.config_parameter"].sudo().set_param("advocacy_nps.sla_hours", "24")
        self.env["ir.config_parameter"].sudo().set_param("advocacy_nps.resurvey_days", "60")
        answer = self._answers(self.ann, [3], date=date(2026, 11, 23))
        callback = self._activities(answer, "advocacy_nps.mail_activity_type_nps_detractor")
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.user_id, self.rep, "the account manager calls back")
        self.assertEqual(callback.date_deadline, date(2026, 11, 24))
        self.assertEqual(answer.followup_state, "todo")
        self.assertEqual(answer.followup_deadline, fields.Datetime.from_string("2026-11-24 10:00:00"))
        self.assertEqual(answer.resurvey_date, date(2027, 1, 22))
        # another detractor score does not open a second call-back
        answer.score = 5
        self.assertEqual(len(self._activities(answer, "advocacy_nps.mail_activity_type_nps_detractor")), 1)

    def test_passive_gets_the_referral_incentive_followup(self):
        answer = self._answers(self.ann, [8])
        incentive = self._activities(answer, "advocacy_nps.mail_activity_type_nps_passive")
        self.assertEqual(len(incentive), 1)
        self.assertEqual(incentive.user_id, self.rep)
        self.assertFalse(self._activities(answer, "advocacy_nps.mail_activity_type_nps_detractor"))
        self.assertEqual(answer.followup_state, "none")

    def test_promoter_becomes_candidate_with_an_advocacy_moment(self):
        self.assertEqual(self.ann.advocate_state, "none")
        answer = self._answers(self.ann, [10])
        self.assertEqual(self.ann.advocate_state, "candidate")
        moment = self.env["advocacy.moment"].search([("partner_id", "=", self.ann.id)])
        self.assertEqual(len(moment), 1)
        self.assertEqual(moment.moment_type, "promoter")
        self.assertFalse(answer.activity_ids, "promoters are asked through the moment, not a follow-up")

    def test_changing_band_triggers_the_new_band_rule(self):
        answer = self._answers(self.ann, [2])
        answer.score = 9
        self.assertEqual(self.ann.advocate_state, "candidate")

    def test_old_answers_open_no_followup(self):
        answer = self._answers(self.ann, [1], date=date.today() - timedelta(days=200), channel="import")
        self.assertFalse(answer.activity_ids)
        self.assertEqual(answer.followup_state, "none")

    def test_close_followup_marks_the_activity_done(self):
        answer = self._answers(self.ann, [2])
        answer.action_start_followup()
        self.assertEqual(answer.followup_state, "in_progress")
        answer.action_close_followup()
        self.assertEqual(answer.followup_state, "done")
        self.assertFalse(self._activities(answer, "advocacy_nps.mail_activity_type_nps_detractor"))

    def test_detractors_are_resurveyed_after_n_days(self):
        answer = self._answers(self.ann, [2])
        self.assertTrue(answer.resurvey_date)
        self.Response._cron_resurvey_detractors()
        self.assertFalse(answer.resurvey_invitation_id, "not yet due")
        with freeze_time(answer.resurvey_date + timedelta(days=1)):
            self.Response._cron_resurvey_detractors()
            invitation = answer.resurvey_invitation_id
            self.assertTrue(invitation)
            self.assertEqual(invitation.wave_id, self.env.ref("advocacy_nps.wave_detractor_resurvey"))
            self.assertEqual(invitation.state, "queued")
            self.Response._cron_resurvey_detractors()
            self.assertEqual(
                self.Invitation.search_count([("partner_id", "=", self.ann.id)]), 1, "idempotent"
            )
