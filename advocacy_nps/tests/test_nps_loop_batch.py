from unittest.mock import patch

from odoo.tests import tagged

from .common import NpsCommon

CALLBACK = "advocacy_nps.mail_activity_type_nps_detractor"
NUDGE = "advocacy_nps.mail_activity_type_nps_passive"


@tagged("post_install", "-at_install")
class TestNpsLoopBatch(NpsCommon):
    """A batch of answers (the answer cron's, an API client's create of many) runs each band's closed
    loop once for the batch, with the same outcome per answer as one answer at a time; an automation an
    administrator edited keeps Odoo's run per record."""

    def _activities(self, responses, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "advocacy.nps.response"),
                ("res_id", "in", responses.ids),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def _create_counting_runs(self, vals_list):
        Response = type(self.Response)
        runs = []
        original = Response._nps_action_detractor

        def counted(responses):
            runs.append(responses.ids)
            return original(responses)

        with patch.object(Response, "_nps_action_detractor", counted):
            return self.Response.create(vals_list), runs

    def test_a_batch_runs_the_loop_once_with_each_answers_outcome(self):
        answers, runs = self._create_counting_runs(
            [
                {"partner_id": self.ann.id, "score": 2, "comment": "Too slow"},
                {"partner_id": self.bob.id, "score": 5},
                {"partner_id": self.gil.id, "score": 8},
            ]
        )
        detractors = answers[:2]
        self.assertEqual(runs, [detractors.ids], "one run of the detractor loop for both detractors")
        callbacks = self._activities(answers, CALLBACK)
        self.assertEqual(callbacks.mapped("res_id"), detractors.ids)
        by_answer = {activity.res_id: activity for activity in callbacks}
        self.assertEqual(by_answer[detractors[0].id].summary, "Call back Ann Acme (NPS 2)")
        self.assertIn("Too slow", str(by_answer[detractors[0].id].note))
        self.assertEqual(by_answer[detractors[1].id].summary, "Call back Bob Acme (NPS 5)")
        # each answer's owner: the account manager of its contact's company
        self.assertEqual(by_answer[detractors[0].id].user_id, self.rep)
        self.assertEqual(detractors.mapped("followup_state"), ["todo", "todo"])
        self.assertTrue(all(detractors.mapped("resurvey_date")))
        self.assertEqual(self._activities(answers[2], NUDGE).user_id, self.other_rep, "the passive's nudge")

    def test_an_edited_automation_runs_per_record(self):
        action = self.env.ref("advocacy_nps.action_nps_detractor")
        # an administrator's rule written for one record at a time
        action.code = "record.write({'resolution': 'Seen by rule ' + record.partner_id.name})"
        answers, runs = self._create_counting_runs(
            [{"partner_id": self.ann.id, "score": 1}, {"partner_id": self.bob.id, "score": 3}]
        )
        self.assertEqual(runs, [], "the shipped action no longer runs")
        self.assertEqual(
            answers.mapped("resolution"),
            ["Seen by rule Ann Acme", "Seen by rule Bob Acme"],
            "Odoo's run per record: each answer is the rule's record",
        )
        self.assertFalse(self._activities(answers, CALLBACK))

    def test_an_edited_automation_runs_per_record_in_the_answer_crons_batch(self):
        # the answer cron holds the closed loop back for its whole batch: never an edited rule's runs
        action = self.env.ref("advocacy_nps.action_nps_detractor")
        action.code = "record.write({'resolution': 'Seen by rule ' + record.partner_id.name})"
        with self.Response.sudo()._nps_batched_loop() as Response:
            answers = Response.create(
                [{"partner_id": self.ann.id, "score": 1}, {"partner_id": self.bob.id, "score": 3}]
            )
            self.assertEqual(answers.mapped("resolution"), ["Seen by rule Ann Acme", "Seen by rule Bob Acme"])
        self.assertFalse(self._activities(answers, CALLBACK))
