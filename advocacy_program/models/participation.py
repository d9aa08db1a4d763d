from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from . import service_guard

PARTICIPATION_STATES = [
    ("invited", "Invited"),
    ("accepted", "Accepted"),
    ("submitted", "Submitted"),
    ("verified", "Verified"),
    ("rejected", "Rejected"),
]
# which states each button may leave from
ALLOWED_FROM = {
    "accepted": ("invited",),
    "submitted": ("invited", "accepted", "rejected"),
    "verified": ("submitted",),
    "rejected": ("invited", "accepted", "submitted"),
    "invited": ("rejected", "accepted"),
}


class AdvocacyParticipation(models.Model):
    _name = "advocacy.participation"
    _description = "Challenge Participation"
    _inherit = ["mail.thread", "mail.activity.mixin", "advocacy.guarded.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["partner_id.name", "challenge_id.name"]
    # moved by the buttons only: a verification earns rewards
    _advocacy_service_key = service_guard.PARTICIPATION
    _advocacy_guarded_fields = (
        "state",
        "accepted_date",
        "submitted_date",
        "verified_date",
        "verified_by_id",
        "value",
    )

    partner_id = fields.Many2one(
        "res.partner", string="Advocate", required=True, index=True, ondelete="cascade", tracking=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Advocate Company", store=True, index=True
    )
    challenge_id = fields.Many2one(
        "advocacy.challenge", required=True, index=True, ondelete="cascade", check_company=True
    )
    campaign_id = fields.Many2one(related="challenge_id.campaign_id", store=True, index=True)
    idea_id = fields.Many2one(related="challenge_id.idea_id", string="Activity Idea", store=True)
    family = fields.Selection(related="challenge_id.family", store=True)
    is_testimonial = fields.Boolean(related="idea_id.is_testimonial", store=True)
    deadline = fields.Date(related="challenge_id.deadline", store=True)
    company_id = fields.Many2one(related="challenge_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="Who follows the advocate through the challenge.",
    )
    state = fields.Selection(
        PARTICIPATION_STATES,
        string="Status",
        required=True,
        default="invited",
        tracking=True,
        index=True,
        copy=False,
    )
    accepted_date = fields.Datetime(string="Accepted On", readonly=True, copy=False)
    submitted_date = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    verified_date = fields.Datetime(string="Verified On", readonly=True, copy=False, index="btree_not_null")
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    evidence_url = fields.Char(string="Evidence Link", help="Where the act of advocacy can be seen.")
    evidence_note = fields.Text()
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence Files")
    rejection_reason = fields.Text(copy=False, tracking=True)
    value = fields.Monetary(
        readonly=True,
        copy=False,
        help="The activity idea's value when the participation was verified, in company currency.",
    )

    _sql_constraints = [
        (
            "challenge_partner_unique",
            "UNIQUE(challenge_id, partner_id)",
            "This advocate already takes part in this challenge.",
        ),
    ]

    def copy(self, default=None):
        # one participation per advocate and challenge: a copy could only collide with it
        service_guard.refuse_copy(
            self, self.env._("an advocate takes part in a challenge once; invite another advocate instead.")
        )
        return super().copy(default)

    @api.model_create_multi
    def create(self, vals_list):
        participations = super().create(vals_list)
        invited = participations.filtered(lambda p: p.state == "invited")
        self.env["res.partner"]._advocacy_notify("challenge_invitation", invited)
        return participations

    @api.depends("partner_id")
    def _compute_user_id(self):
        for participation in self:
            manager = participation.partner_id and participation.partner_id._advocacy_account_manager()
            participation.user_id = manager or self.env.user

    def _compute_display_name(self):
        for participation in self:
            participation.display_name = (
                f"{participation.partner_id.display_name} - {participation.challenge_id.name}"
            )

    # ------------------------------------------------------------------ flow
    def _check_transition(self, target):
        """The user may work on these participations, and each may move to ``target``."""
        self.check_access("write")
        invalid = self.filtered(lambda p: p.state not in ALLOWED_FROM[target])
        if invalid:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(participation)s is %(state)s and cannot become %(target)s.",
                    participation=invalid[0].display_name,
                    state=labels[invalid[0].state],
                    target=labels[target],
                )
            )

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group("advocacy_program.group_advocacy_manager"):
            raise AccessError(self.env._("Only advocacy managers can verify or reject participations."))

    def action_accept(self):
        self._check_transition("accepted")
        self._advocacy_service().write({"state": "accepted", "accepted_date": fields.Datetime.now()})

    def action_submit(self):
        self._check_transition("submitted")
        missing = self.filtered(lambda p: not (p.evidence_url or p.evidence_note or p.attachment_ids))
        if missing:
            raise UserError(
                self.env._(
                    "Give the evidence of %(participation)s (a link, a note or a file) before submitting it.",
                    participation=missing[0].display_name,
                )
            )
        now = fields.Datetime.now()
        for participation in self:
            participation._advocacy_service().write(
                {
                    "state": "submitted",
                    "submitted_date": now,
                    "accepted_date": participation.accepted_date or now,
                }
            )

    def action_verify(self):
        self._check_manager()
        self._check_transition("verified")
        now = fields.Datetime.now()
        for idea, participations in self.grouped("idea_id").items():
            participations._advocacy_service().write(
                {
                    "state": "verified",
                    "verified_date": now,
                    "verified_by_id": self.env.user.id,
                    "value": idea.value,
                    "rejection_reason": False,
                }
            )
        self._on_verified()

    def action_reject(self):
        self._check_manager()
        self._check_transition("rejected")
        missing = self.filtered(lambda p: not p.rejection_reason)
        if missing:
            raise UserError(
                self.env._(
                    "Write why %(participation)s is rejected (Rejection Reason) before rejecting it.",
                    participation=missing[0].display_name,
                )
            )
        self._advocacy_service().write(
            {"state": "rejected", "verified_date": False, "verified_by_id": False, "value": 0.0}
        )

    def action_reset_invited(self):
        self._check_transition("invited")
        self._advocacy_service().write({"state": "invited", "accepted_date": False, "submitted_date": False})

    # ------------------------------------------------------------------ hook of the contract
    def _on_verified(self):
        """Called once per batch after verification. Extended by advocacy_rewards."""
        for participation in self:
            participation.message_post(
                body=self.env._(
                    "Verified by %(user)s: %(value)s of advocacy value.",
                    user=self.env.user.name,
                    value=participation.currency_id.format(participation.value),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _advocacy_portal_points(self):
        """{participation id: points earned}, shown on the advocate's challenges page; advocacy_rewards
        fills it from the rewards the participations earned."""
        return {}

    @api.model
    def _advocacy_review_condition(self, alias):
        """SQL condition on an advocacy_participation alias: its activity idea is a testimonial or a
        review (used by advocacy_rewards' "testimonial/review published" trigger)."""
        return SQL("%s.is_testimonial IS TRUE", alias)
