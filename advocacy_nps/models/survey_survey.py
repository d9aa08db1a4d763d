from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .nps_response import KINDS, TOUCHPOINTS


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    is_nps = fields.Boolean(
        string="NPS Survey", help="Answers to its 0-10 question become NPS responses of the participant."
    )
    nps_question_id = fields.Many2one(
        "survey.question",
        string="NPS Question",
        domain="[('survey_id', '=', id), ('question_type', '=', 'scale')]",
        help="The 'How likely are you to recommend us?' question, a scale from 0 to 10.",
    )
    nps_comment_question_id = fields.Many2one(
        "survey.question",
        string="Comment Question",
        domain="[('survey_id', '=', id), ('question_type', 'in', ('text_box', 'char_box'))]",
    )
    nps_kind = fields.Selection(KINDS, string="NPS Kind", default="relationship")
    nps_touchpoint = fields.Selection(TOUCHPOINTS, string="NPS Touchpoint")

    @api.constrains("is_nps", "nps_question_id")
    def _check_nps_question(self):
        for survey in self.filtered("is_nps"):
            question = survey.nps_question_id
            if not question:
                raise ValidationError(
                    self.env._("Choose the 0-10 question of the NPS survey %s.", survey.title)
                )
            if question.question_type != "scale" or question.scale_min != 0 or question.scale_max != 10:
                raise ValidationError(
                    self.env._("The NPS question of %s must be a scale from 0 to 10.", survey.title)
                )
