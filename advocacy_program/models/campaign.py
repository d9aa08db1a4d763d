from odoo import fields, models

CAMPAIGN_GOALS = [
    ("leads", "Generate leads"),
    ("revenue", "Grow revenue"),
    ("engagement", "Engage advocates"),
    ("shorter_cycles", "Shorten sales cycles"),
]
CAMPAIGN_STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# participation states in which the advocate said yes


class AdvocacyCampaign(models.Model):
    _name = "advocacy.campaign"
    _description = "Advocacy Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "advocacy.guarded.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Html()
    goal = fields.Selection(CAMPAIGN_GOALS, required=True, default="leads", tracking=True)
    state = fields.Selection(
        CAMPAIGN_STATES,
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        index="btree_not_null",
        domain=[("share", "=", False)],
    )
    sponsor_id = fields.Many2one(
        "res.users",
        string="Executive Sponsor",
        tracking=True,
        domain=[("share", "=", False)],
        help="The executive who backs the campaign and opens doors for it.",
    )
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today, index=True
    )
    date_end = fields.Date(string="End Date", required=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    budget = fields.Monetary(tracking=True)
    target_recruit_count = fields.Integer(
        string="Target Recruits", help="Advocates the campaign should recruit."
    )
    target_lead_count = fields.Integer(string="Target Leads")
    target_revenue = fields.Monetary()

    challenge_ids = fields.One2many("advocacy.challenge", "campaign_id", string="Challenges")
    participation_ids = fields.One2many("advocacy.participation", "campaign_id", string="Participations")
    referral_ids = fields.One2many("advocacy.referral", "campaign_id", string="Campaign Referrals")
    challenge_count = fields.Integer(string="Challenges Count", compute="_compute_challenge_count")

    # results, computed set-based (see _compute_results)
    invited_count = fields.Integer(string="Invited", compute="_compute_results")
    recruited_count = fields.Integer(
        string="Recruited", compute="_compute_results", help="Advocates who accepted at least one challenge."
    )
    participating_count = fields.Integer(
        string="Participating",
        compute="_compute_results",
        help="Advocates who submitted or completed at least one activity.",
    )
    activity_count = fields.Integer(
        string="Activities Completed", compute="_compute_results", help="Verified participations."
    )
    influenced_value = fields.Monetary(
        string="Advocacy Value",
        compute="_compute_results",
        help="Value of the verified acts of advocacy (the activity ideas' values at verification).",
    )
    lead_count = fields.Integer(string="Leads", compute="_compute_results")
    referral_count = fields.Integer(string="Referrals", compute="_compute_results")
    won_count = fields.Integer(string="Won Deals", compute="_compute_results")
    revenue = fields.Monetary(compute="_compute_results", help="Revenue of the campaign's won referrals.")
    recruit_progress = fields.Float(string="Recruits (%)", compute="_compute_results")
    lead_progress = fields.Float(string="Leads (%)", compute="_compute_results")
    revenue_progress = fields.Float(string="Revenue (%)", compute="_compute_results")

    # referral vs non-referral opportunities of the company in the campaign's period
    referral_win_rate = fields.Float(string="Referral Win Rate (%)", compute="_compute_comparison")
    other_win_rate = fields.Float(string="Other Win Rate (%)", compute="_compute_comparison")
    referral_cycle_days = fields.Float(string="Referral Cycle (days)", compute="_compute_comparison")
    other_cycle_days = fields.Float(string="Other Cycle (days)", compute="_compute_comparison")
    referral_deal_size = fields.Monetary(compute="_compute_comparison")
    other_deal_size = fields.Monetary(compute="_compute_comparison")
    referral_closed_count = fields.Integer(string="Closed Referral Deals", compute="_compute_comparison")
    other_closed_count = fields.Integer(string="Closed Other Deals", compute="_compute_comparison")

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_end >= date_start)", "A campaign cannot end before it starts."),
        ("budget_positive", "CHECK(budget >= 0)", "The budget of a campaign cannot be negative."),
        (
            "targets_positive",
            "CHECK(target_recruit_count >= 0 AND target_lead_count >= 0 AND target_revenue >= 0)",
            "The targets of a campaign cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------ actions
    def action_start(self):
        self.check_access("write")
        self.write({"state": "running"})

    def action_done(self):
        self.check_access("write")
        self.write({"state": "done"})

    def action_cancel(self):
        self.check_access("write")
        self.write({"state": "cancelled"})

    def action_reset_draft(self):
        self.check_access("write")
        self.write({"state": "draft"})

    def _action_for(self, xmlid, domain, context=None):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context or {}
        return action

    def action_view_challenges(self):
        return self._action_for(
            "advocacy_program.advocacy_challenge_action",
            [("campaign_id", "=", self.id)],
            {"default_campaign_id": self.id},
        )

    def action_view_participations(self):
        return self._action_for(
            "advocacy_program.advocacy_participation_action", [("campaign_id", "=", self.id)]
        )

    def action_view_verified(self):
        return self._action_for(
            "advocacy_program.advocacy_participation_action",
            [("campaign_id", "=", self.id), ("state", "=", "verified")],
        )

    def action_view_referrals(self):
        return self._action_for(
            "advocacy_program.advocacy_referral_action",
            [("campaign_id", "=", self.id)],
            {"default_campaign_id": self.id},
        )

    def action_view_won_referrals(self):
        return self._action_for(
            "advocacy_program.advocacy_referral_action",
            [
                ("campaign_id", "=", self.id),
                *self.env["advocacy.referral"]._advocacy_won_domain(self.company_id),
            ],
        )

    def action_view_leads(self):
        return self._action_for(
            "crm.crm_lead_all_leads",
            [("advocacy_campaign_id", "=", self.id)],
            {"default_advocacy_campaign_id": self.id, "active_test": False},
        )
