from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsSurveyBridge(NpsCommon):
    def _survey(self):
        survey = self.env["survey.survey"].create({"title": "Customer NPS", "access_mode": "public"})
        question = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "How likely are you to recommend us?",
                "question_type": "scale",
                "scale_min": 0,
                "scale_max": 10,
            }
        )
        comment = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "Why?",
                "question_type": "text_box",
            }
        )
        survey.write({"is_nps": True, "nps_question_id": question.id, "nps_comment_question_id": comment.id})
        return survey, question, comment

    def test_scale_answer_becomes_a_response(self):
        survey, question, comment = self._survey()
        user_input = survey._create_answer(partner=self.bob)
        user_input._save_lines(question, "6")
        user_input._save_lines(comment, "Too slow")
        user_input._mark_done()
        response = user_input.nps_response_id
        self.assertTrue(response)
        self.assertEqual(
            (response.partner_id, response.score, response.category, response.channel),
            (self.bob, 6, "detractor", "survey"),
        )
        self.assertEqual(response.comment, "Too slow")
        # finishing twice creates nothing more
        user_input._nps_create_responses()
        self.assertEqual(self.Response.search_count([("partner_id", "=", self.bob.id)]), 1)

    def test_nps_question_must_be_a_0_10_scale(self):
        survey = self.env["survey.survey"].create({"title": "Bad NPS"})
        question = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "Rate us",
                "question_type": "scale",
                "scale_min": 1,
                "scale_max": 5,
            }
        )
        with self.assertRaises(ValidationError):
            survey.write({"is_nps": True, "nps_question_id": question.id})

    def test_anonymous_answers_are_ignored(self):
        survey, question, _comment = self._survey()
        user_input = survey._create_answer(test_entry=False, check_attempts=False)
        user_input._save_lines(question, "9")
        user_input._mark_done()
        self.assertFalse(user_input.nps_response_id)
