from odoo.tests import Form, tagged

from .common import NpsClickCase, NpsCommon, click

CALLBACK = "advocacy_nps.mail_activity_type_nps_detractor"
NUDGE = "advocacy_nps.mail_activity_type_nps_passive"
ASK = "advocacy_program.mail_activity_type_advocacy_ask"


def activities(case, records, xmlid):
    return case.env["mail.activity"].search(
        [
            ("res_model", "=", records._name),
            ("res_id", "in", records.ids),
            ("activity_type_id", "=", case.env.ref(xmlid).id),
        ]
    )


def notes(records):
    # the change note rides on the score's tracking message, posted when the transaction commits
    records.env.cr.flush()
    return " ".join(records.message_ids.mapped("body"))


@tagged("post_install", "-at_install")
class TestNpsBandChange(NpsCommon):
    """A changed answer closes what the old band's loop opened, says why, and runs the new band's."""

    def _edit_score(self, answer, score):
        # the account manager corrects the answer in the form, as the UI does
        with Form(answer.with_user(self.rep)) as form:
            form.score = score

    def _moments(self):
        return self.env["advocacy.moment"].search([("partner_id", "=", self.ann.id)])

    def test_detractor_who_becomes_a_promoter_is_not_called_back(self):
        answer = self._answers(self.ann, [3])
        self.assertEqual(answer.followup_state, "todo")
        self.assertEqual(len(activities(self, answer, CALLBACK)), 1)
        self._edit_score(answer, 9)
        self.assertFalse(activities(self, answer, CALLBACK), "the call-back is cancelled")
        self.assertEqual(answer.followup_state, "none")
        self.assertFalse(answer.followup_deadline)
        self.assertFalse(answer.resurvey_date, "a promoter is not re-surveyed as a detractor")
        self.assertIn("changed from 3 (Detractor) to 9 (Promoter)", notes(answer))
        # the promoter's loop ran instead
        self.assertEqual(self._moments().moment_type, "promoter")
        self.assertEqual(self.ann.advocate_state, "candidate")

    def test_follow_up_in_progress_is_closed_with_the_reason(self):
        answer = self._answers(self.ann, [2])
        answer.with_user(self.rep).action_start_followup()
        self._edit_score(answer, 8)
        self.assertEqual(answer.followup_state, "done")
        self.assertFalse(activities(self, answer, CALLBACK))
        self.assertIn("changed from 2 (Detractor) to 8 (Passive)", notes(answer))
        self.assertEqual(len(activities(self, answer, NUDGE)), 1, "the passive's nudge instead")

    def test_passive_who_becomes_a_detractor_gets_the_call_back_not_the_nudge(self):
        answer = self._answers(self.ann, [7])
        self.assertEqual(len(activities(self, answer, NUDGE)), 1)
        self._edit_score(answer, 4)
        self.assertFalse(activities(self, answer, NUDGE))
        self.assertEqual(len(activities(self, answer, CALLBACK)), 1)
        self.assertEqual(answer.followup_state, "todo")

    def test_promoter_who_becomes_a_detractor_is_no_longer_a_good_moment_to_ask(self):
        answer = self._answers(self.ann, [10])
        moment = self._moments()
        self.assertEqual((moment.state, len(activities(self, moment, ASK))), ("asked", 1))
        self._edit_score(answer, 3)
        self.assertEqual(moment.state, "expired")
        self.assertFalse(activities(self, moment, ASK), "nobody is asked to request a referral from them")
        self.assertIn("changed their NPS answer from 10 to 3", notes(moment))
        self.assertEqual(len(activities(self, answer, CALLBACK)), 1)

    def test_the_change_note_and_the_score_tracking_are_one_chatter_entry(self):
        answer = self._answers(self.ann, [3]).with_context(tracking_disable=False)
        self.env.cr.flush()  # answered in an earlier transaction: its changes are tracked
        with Form(answer.with_user(self.rep)) as form:
            form.score = 9
        notes(answer)
        entry = answer.message_ids.filtered(lambda m: "changed from 3 (Detractor) to 9" in m.body)
        self.assertEqual(len(entry), 1, "one chatter entry for the change")
        self.assertEqual(
            entry.tracking_value_ids.filtered(lambda t: t.field_id.name == "score").new_value_integer,
            9,
            "the note and the score's tracking are that one entry",
        )

    def test_a_score_within_the_same_band_keeps_the_follow_up(self):
        answer = self._answers(self.ann, [3])
        self._edit_score(answer, 5)
        self.assertEqual(answer.followup_state, "todo")
        self.assertEqual(len(activities(self, answer, CALLBACK)), 1)
        self.assertNotIn("changed from", notes(answer))


@tagged("post_install", "-at_install")
class TestNpsBandChangeByClick(NpsClickCase):
    def test_changed_mind_through_the_email_link(self):
        click(self, self.links[3])
        self._sync()
        response = self.invitation.response_id
        self.assertEqual(response.followup_state, "todo")
        self.assertEqual(len(activities(self, response, CALLBACK)), 1)
        click(self, self.links[9])
        self._sync()
        self.assertEqual(self.invitation.response_id, response, "the same answer, changed")
        self.assertEqual((response.score, response.followup_state), (9, "none"))
        self.assertFalse(response.followup_deadline)
        self.assertFalse(activities(self, response, CALLBACK))
        self.assertIn("changed from 3 (Detractor) to 9 (Promoter)", notes(response))
        self.assertEqual(
            self.env["advocacy.moment"].search([("partner_id", "=", self.ann.id)]).moment_type, "promoter"
        )
