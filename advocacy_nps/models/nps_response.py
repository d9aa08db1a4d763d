import re

from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..tools import nps_math
from .base_automation import DEFERRED_RUNS, DeferredRuns

CATEGORIES = [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")]
KINDS = [("relationship", "Relationship"), ("transactional", "Transactional")]
TOUCHPOINTS = [
    ("purchase", "Purchase"),
    ("onboarding", "Onboarding"),
    ("implementation", "Implementation"),
    ("support", "Support"),
    ("renewal", "Renewal"),
    ("event", "Event"),
]
ROLES = [("decision_maker", "Decision maker"), ("user", "User"), ("other", "Other")]
CHANNELS = [
    ("email", "Email (one click)"),
    ("portal", "Portal"),
    ("phone", "Phone"),
    ("review", "Business review"),
    ("import", "Import"),
    ("survey", "Odoo survey"),
]
FOLLOWUP_STATES = [
    ("none", "Not needed"),
    ("todo", "To follow up"),
    ("in_progress", "In progress"),
    ("done", "Closed"),
]
# The contact's segments when the answer came: filled from the contact (in the form as soon as it is
# chosen, on import and by the one-click page alike), kept afterwards, editable.
FROM_CONTACT = {"compute": "_compute_partner_snapshot", "store": True, "readonly": False, "precompute": True}
# The closed loop acts on fresh feedback: back-filled answers (imports, old data) open no follow-up.
LOOP_MAX_AGE_DAYS = 30
# answers the customer gave themselves, and what of them staff may not change
CUSTOMER_CHANNELS = ("email", "survey", "import")
CUSTOMER_ANSWER_FIELDS = frozenset({"score", "partner_id", "date", "channel", "comment", "followup_answer"})
# what decides a contact's stored latest answer (res.partner nps_last_*)
LAST_ANSWER_FIELDS = frozenset({"score", "partner_id", "date"})
INTEGER_RE = re.compile(r"\s*[+-]?\d+\s*")


def clean_score(env, value):
    """The whole number 0-10 an API client meant by `value`, else a ValidationError naming it: the
    ORM would store null or "" as 0 and 7.6 as 7, and fail with a traceback on "abc"."""
    if value is None or value is False or (isinstance(value, str) and not value.strip()):
        raise ValidationError(env._("The NPS score is empty: give a whole number from 0 to 10."))
    score = None
    if isinstance(value, int) and not isinstance(value, bool):
        score = value
    elif isinstance(value, float) and value.is_integer():
        score = int(value)
    elif isinstance(value, str) and INTEGER_RE.fullmatch(value):
        score = int(value)
    if score is None or not 0 <= score <= 10:
        raise ValidationError(
            env._("%(value)r is not a valid NPS score: give a whole number from 0 to 10.", value=value)
        )
    return score


def check_selection_values(model, vals):
    """Refuses an unknown value of a selection field with a ValidationError listing the valid ones,
    where the ORM would answer an API client with a server traceback."""
    for name, value in vals.items():
        field = model._fields.get(name)
        if not field or field.type != "selection" or value in (False, None, ""):
            continue
        valid = field.get_values(model.env)
        if value not in valid:
            raise ValidationError(
                model.env._(
                    "%(value)r is not a valid %(field)s; use one of: %(valid)s.",
                    value=value,
                    field=field._description_string(model.env),
                    valid=", ".join(valid),
                )
            )


class AdvocacyNpsResponse(models.Model):
    _name = "advocacy.nps.response"
    _description = "NPS Response"
    _inherit = ["mail.thread", "mail.activity.mixin", "advocacy.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # a contact with answers is archived, not deleted (res.partner refuses with a clear message)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="restrict", tracking=True
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Customer Account",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    score = fields.Integer(required=True, tracking=True, help="How likely to recommend us, from 0 to 10.")
    category = fields.Selection(
        CATEGORIES,
        string="Band",
        compute="_compute_category",
        store=True,
        index=True,
        help="Promoters 9-10, passives 7-8, detractors 0-6.",
    )
    kind = fields.Selection(KINDS, required=True, default="relationship", index=True)
    touchpoint = fields.Selection(TOUCHPOINTS, help="The moment a transactional NPS was asked after.")
    role = fields.Selection(
        ROLES,
        string="Respondent Role",
        **FROM_CONTACT,
        index=True,
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    comment = fields.Text()
    followup_question = fields.Char(compute="_compute_followup_question", string="Follow-up Question")
    followup_answer = fields.Text(string="Follow-up Answer")
    consent = fields.Boolean(string="May We Contact You", help="The respondent agrees to be contacted.")
    reason_ids = fields.Many2many("advocacy.nps.reason", string="Reasons")
    owner_id = fields.Many2one(
        "res.users",
        **FROM_CONTACT,
        index=True,
        tracking=True,
        help="Who follows this answer up: the account manager of the contact.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        **FROM_CONTACT,
        index=True,
        help="The contact's salesperson when the answer came.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        **FROM_CONTACT,
        index="btree_not_null",
    )
    industry_id = fields.Many2one(
        "res.partner.industry",
        **FROM_CONTACT,
        index="btree_not_null",
    )
    country_id = fields.Many2one(
        "res.country",
        **FROM_CONTACT,
        index="btree_not_null",
    )
    tag_ids = fields.Many2many(
        "res.partner.category",
        string="Contact Tags",
        **FROM_CONTACT,
    )
    followup_state = fields.Selection(
        FOLLOWUP_STATES, string="Follow-up", required=True, default="none", index=True, tracking=True
    )
    followup_deadline = fields.Datetime(string="Follow-up Deadline", help="Due within the follow-up SLA.")
    resolution = fields.Text(tracking=True)
    resurvey_date = fields.Date(string="Re-survey On", index="btree_not_null")
    resurvey_invitation_id = fields.Many2one("advocacy.nps.invitation", string="Re-survey Invitation")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    wave_id = fields.Many2one(
        "advocacy.nps.wave", string="Survey Wave", index="btree_not_null", check_company=True
    )
    invitation_id = fields.Many2one("advocacy.nps.invitation", index="btree_not_null")
    import_key = fields.Char(copy=False, readonly=True, help="Identifies an imported row.")

    _sql_constraints = [
        ("score_range", "CHECK (score >= 0 AND score <= 10)", "An NPS score goes from 0 to 10."),
        ("import_key_uniq", "UNIQUE (import_key, company_id)", "This row was already imported."),
    ]

    @api.depends("score")
    def _compute_category(self):
        for response in self:
            score = response.score
            response.category = nps_math.band(score) if 0 <= (score or 0) <= 10 else False

    @api.depends("category")
    def _compute_followup_question(self):
        questions = self._followup_questions()
        for response in self:
            response.followup_question = questions.get(response.category, "")

    @api.model
    def _followup_questions(self):
        return {
            "promoter": self.env._("What do you like most about working with us?"),
            "passive": self.env._("What would make us a 10 for you?"),
            "detractor": self.env._("We are sorry. What went wrong, and how can we make it right?"),
        }

    @api.depends("partner_id", "score")
    def _compute_display_name(self):
        for response in self:
            response.display_name = f"{response.partner_id.display_name or ''} - {response.score}"

    @api.depends("partner_id")
    def _compute_partner_snapshot(self):
        for response in self:
            partner = response.partner_id.sudo()
            commercial = partner.commercial_partner_id
            salesperson = partner.user_id or commercial.user_id
            response.user_id = salesperson
            response.team_id = salesperson.sale_team_id
            response.industry_id = commercial.industry_id
            response.country_id = partner.country_id or commercial.country_id
            response.owner_id = partner._nps_account_manager() if partner else False
            response.role = partner.nps_role or "other"
            response.tag_ids = partner.category_id | commercial.category_id

    # ------------------------------------------------------------------ API input
    @api.model_create_multi
    def create(self, vals_list):
        default_score = self.env.context.get("default_score")
        checked = []
        for vals in vals_list:
            check_selection_values(self, vals)
            checked.append({**vals, "score": clean_score(self.env, vals.get("score", default_score))})
        responses = super().create(checked)
        self.env["res.partner"]._nps_refresh_last(responses.partner_id.ids)
        return responses

    def copy(self, default=None):
        # a duplicated answer would count twice in the NPS
        service_guard.refuse_copy(self, self.env._("record the new answer instead."))
        return super().copy(default)

    def write(self, vals):
        check_selection_values(self, vals)
        self._nps_check_customer_answer(vals)
        moved_partners = self.partner_id.ids if LAST_ANSWER_FIELDS.intersection(vals) else []
        if "score" not in vals:
            result = super().write(vals)
        else:
            vals = {**vals, "score": clean_score(self.env, vals["score"])}
            before = {response.id: (response.category, response.score) for response in self}
            result = super().write(vals)
            # the automations run the new band's loop after this write; the old band's loop is closed
            # here, or once for the batch that holds the closed loop (`_nps_batched_loop`)
            moved = self.filtered(lambda r: r.category != before[r.id][0])
            batch = self.env.context.get(DEFERRED_RUNS)
            if isinstance(batch, DeferredRuns):
                for response in moved:
                    batch.band_changes.setdefault(response.id, before[response.id])
            else:
                moved._nps_close_band_loop(before)
        if moved_partners:
            self.env["res.partner"]._nps_refresh_last([*moved_partners, *self.partner_id.ids])
        return result

    def unlink(self):
        partner_ids = self.partner_id.ids
        result = super().unlink()
        self.env["res.partner"]._nps_refresh_last(partner_ids)
        return result

    def _nps_check_customer_answer(self, vals):
        """What a customer answered themselves (one click, an Odoo survey, another tool's export) is
        theirs: staff correct the answers they typed (phone, business review), never these; the public
        page and the crons record them as superuser."""
        touched = CUSTOMER_ANSWER_FIELDS.intersection(vals)
        if touched and not self.env.su and any(r.channel in CUSTOMER_CHANNELS for r in self):
            raise AccessError(
                self.env._(
                    "%(fields)s of an answer the customer gave themselves cannot be changed.",
                    fields=", ".join(self._fields[f]._description_string(self.env) for f in sorted(touched)),
                )
            )

    def init(self):
        # the report and the partner roll-up read the latest answers of a contact first
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS advocacy_nps_response_partner_date_idx "
                "ON advocacy_nps_response (partner_id, date DESC, id DESC)"
            )
        )
        # the latest answer of an account in a company (revenue by NPS band, the stored latest answer)
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS advocacy_nps_response_account_company_date_idx "
                "ON advocacy_nps_response (commercial_partner_id, company_id, date DESC, id DESC)"
            )
        )

    # ------------------------------------------------------------------ buttons
    def action_start_followup(self):
        self.check_access("write")
        self.filtered(lambda r: r.followup_state == "todo").write({"followup_state": "in_progress"})

    def action_close_followup(self):
        self.check_access("write")
        self.write({"followup_state": "done"})
        self.activity_ids.filtered(lambda a: a.activity_type_id.res_model == self._name).action_feedback(
            feedback=self.env._("Follow-up closed")
        )
