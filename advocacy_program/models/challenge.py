from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

from .activity_idea import EFFORT_LEVELS

DEFAULT_ELIGIBILITY = "[('advocate_state', 'in', ['active', 'champion'])]"


class AdvocacyChallenge(models.Model):
    _name = "advocacy.challenge"
    _description = "Advocacy Challenge"
    _inherit = ["mail.thread", "advocacy.guarded.mixin"]
    _order = "deadline, sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    campaign_id = fields.Many2one(
        "advocacy.campaign", required=True, index=True, ondelete="cascade", tracking=True, check_company=True
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    idea_id = fields.Many2one(
        "advocacy.activity.idea",
        string="Activity Idea",
        index="btree_not_null",
        check_company=True,
        help="The catalogue idea this challenge asks for; its value counts for each verified participation.",
    )
    family = fields.Selection(related="idea_id.family", store=True)
    description = fields.Html(help="What the challenge is about, as the advocates will read it.")
    action_items = fields.Text(help="The steps the advocate takes, one per line.")
    instructions = fields.Html(help="How to complete the challenge and what evidence to give.")
    effort = fields.Selection(EFFORT_LEVELS, string="Effort Level", default="medium", required=True)
    deadline = fields.Date(tracking=True, index="btree_not_null")
    value = fields.Monetary(
        related="idea_id.value",
        string="Value per Activity",
        help="The activity idea's value (set by admins).",
    )
    eligibility_domain = fields.Char(
        string="Eligible Advocates",
        default=DEFAULT_ELIGIBILITY,
        required=True,
        help="Which contacts may take part (advocate states, tiers, tags, countries...). Contacts who opted "
        "out or asked not to be asked are never invited.",
    )
    participation_ids = fields.One2many("advocacy.participation", "challenge_id", string="Participations")
    participation_count = fields.Integer(string="Participants", compute="_compute_participation_stats")
    verified_count = fields.Integer(string="Completed", compute="_compute_participation_stats")
    eligible_count = fields.Integer(string="Eligible", compute="_compute_eligible_count")

    @api.onchange("idea_id")
    def _onchange_idea_id(self):
        for challenge in self.filtered("idea_id"):
            if not challenge.name:
                challenge.name = challenge.idea_id.name
            challenge.effort = challenge.idea_id.effort

    @api.constrains("eligibility_domain")
    def _check_eligibility_domain(self):
        for challenge in self:
            challenge._eligibility_domain()

    def _eligibility_domain(self):
        self.ensure_one()
        try:
            domain = safe_eval(self.eligibility_domain or "[]")
            self.env["res.partner"]._search(domain)
        except Exception as error:
            raise ValidationError(
                self.env._(
                    "The eligibility of challenge %(name)s is not a valid filter: %(error)s",
                    name=self.name,
                    error=error,
                )
            ) from error
        return domain

    def _eligible_partners_domain(self):
        self.ensure_one()
        return [
            *self._eligibility_domain(),
            ("advocate_state", "!=", "opted_out"),
            ("advocacy_do_not_ask", "=", False),
            ("company_id", "in", [False, self.company_id.id]),
        ]

    def _compute_participation_stats(self):
        groups = self.env["advocacy.participation"]._read_group(
            [("challenge_id", "in", self.ids)], ["challenge_id", "state"], ["__count"]
        )
        totals, verified = {}, {}
        for challenge, state, count in groups:
            totals[challenge] = totals.get(challenge, 0) + count
            if state == "verified":
                verified[challenge] = count
        for challenge in self:
            challenge.participation_count = totals.get(challenge, 0)
            challenge.verified_count = verified.get(challenge, 0)

    @api.depends("eligibility_domain", "company_id")
    def _compute_eligible_count(self):
        for challenge in self:
            try:
                challenge.eligible_count = self.env["res.partner"].search_count(
                    challenge._eligible_partners_domain()
                )
            except ValidationError:
                challenge.eligible_count = 0

    # ------------------------------------------------------------------ actions
    def action_invite(self):
        """Invite every eligible advocate who is not a participant yet: running it again invites only
        the newly eligible ones (the unique (challenge, partner) constraint guards concurrent runs)."""
        # inviting is the campaign managers' job: refuse before anything is written
        self.check_access("write")
        Participation = self.env["advocacy.participation"]
        created = Participation
        for challenge in self:
            if challenge.campaign_id.state in ("done", "cancelled"):
                raise UserError(
                    self.env._(
                        "Campaign %(campaign)s is closed: its challenge %(name)s cannot invite anyone.",
                        campaign=challenge.campaign_id.name,
                        name=challenge.name,
                    )
                )
            eligible = self.env["res.partner"].search(challenge._eligible_partners_domain())
            already = set(
                Participation.with_context(active_test=False)
                .sudo()
                .search([("challenge_id", "=", challenge.id)])
                .partner_id.ids
            )
            new = [
                {"challenge_id": challenge.id, "partner_id": pid}
                for pid in eligible.ids
                if pid not in already
            ]
            if new:
                created |= Participation.create(new)
            challenge.message_post(
                body=Markup("%s") % self.env._("%(count)s advocate(s) invited.", count=len(new)),
                subtype_xmlid="mail.mt_note",
            )
        message = (
            self.env._("%(count)s advocate(s) invited.", count=len(created))
            if created
            else self.env._("Every eligible advocate is already invited.")
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if created else "info",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_participations(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advocacy_program.advocacy_participation_action"
        )
        action["domain"] = [("challenge_id", "=", self.id)]
        action["context"] = {"default_challenge_id": self.id}
        return action

    def action_view_eligible(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Eligible Advocates"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": self._eligible_partners_domain(),
        }
