from odoo import api, fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    nps_response_id = fields.Many2one(
        "advocacy.nps.response", string="NPS Response", readonly=True, index="btree_not_null"
    )

    def _mark_done(self):
        result = super()._mark_done()
        self._nps_create_responses()
        return result

    @api.model
    def _nps_score_of(self, user_input):
        survey = user_input.survey_id
        line = user_input.user_input_line_ids.filtered(
            lambda line: line.question_id == survey.nps_question_id and not line.skipped
        )[:1]
        return line.value_scale if line else None

    def _nps_create_responses(self):
        """Answers of a survey marked as NPS become NPS responses (channel 'Odoo survey')."""
        vals_list, inputs = [], self.browse()
        for user_input in self.sudo().filtered(
            lambda i: i.survey_id.is_nps and i.partner_id and not i.nps_response_id
        ):
            score = self._nps_score_of(user_input)
            if score is None or not 0 <= score <= 10:
                continue
            survey = user_input.survey_id
            comment_line = user_input.user_input_line_ids.filtered(
                lambda line, s=survey: line.question_id == s.nps_comment_question_id and not line.skipped
            )[:1]
            vals_list.append(
                {
                    "partner_id": user_input.partner_id.id,
                    "score": score,
                    "channel": "survey",
                    "kind": survey.nps_kind or "relationship",
                    "touchpoint": survey.nps_touchpoint,
                    "date": fields.Date.context_today(user_input),
                    "comment": comment_line.value_text_box or comment_line.value_char_box or False,
                    "company_id": (user_input.partner_id.company_id or self.env.company).id,
                }
            )
            inputs |= user_input
        responses = self.env["advocacy.nps.response"].sudo().create(vals_list)
        for user_input, response in zip(inputs, responses, strict=True):
            user_input.nps_response_id = response
        return responses
