from odoo import api, fields, models
from odoo.exceptions import AccessError

# the one-click page's service (`advocacy.nps.invitation._nps_record_score` / `_nps_record_feedback`) adds
# clicks, the answer cron (`_cron_sync_answers`) consumes them: nobody else creates, changes or deletes one
CLICK_SERVICE = "advocacy_nps_click_service"


class AdvocacyNpsClick(models.Model):
    """One answer given on the one-click page, waiting for the answer cron: a confirmed score, or the
    follow-up answer and consent. Append-only: the page only INSERTs, so a person's click never
    updates a row the answer cron writes (no serialization failure, no waiting on its batch); the cron
    applies the clicks of a batch to their invitation and its response, in click order, and deletes
    them in the same transaction. A deleted invitation takes its clicks with it."""

    _name = "advocacy.nps.click"
    _description = "NPS Answer Waiting to Be Recorded"
    _inherit = ["advocacy.guarded.mixin"]
    _order = "id"
    _log_access = False
    _advocacy_service_key = CLICK_SERVICE

    invitation_id = fields.Many2one(
        "advocacy.nps.invitation", required=True, index=True, ondelete="cascade", readonly=True
    )
    kind = fields.Selection(
        [("score", "Score"), ("feedback", "Follow-up answer")], required=True, readonly=True
    )
    score = fields.Integer(readonly=True, help="The score confirmed (a score click).")
    followup_answer = fields.Text(string="Follow-up Answer", readonly=True)
    consent = fields.Boolean(readonly=True)
    click_date = fields.Datetime(
        string="Clicked On", required=True, readonly=True, default=fields.Datetime.now
    )

    _sql_constraints = [
        (
            "score_range",
            "CHECK(kind <> 'score' OR score BETWEEN 0 AND 10)",
            "A confirmed score is between 0 and 10.",
        ),
    ]

    def _nps_refuse(self):
        if not self._advocacy_is_service():
            raise AccessError(
                self.env._("Answers waiting to be recorded are written by the survey page only.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._nps_refuse()
        return super().create(vals_list)

    def write(self, vals):
        if self and vals:
            raise AccessError(
                self.env._("Answers waiting to be recorded are append-only: a new click adds a new one.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_by_the_answer_cron_only(self):
        self._nps_refuse()
