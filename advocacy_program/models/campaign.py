from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import campaign_metrics, campaign_xlsx

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
ENGAGED_STATES = ("accepted", "submitted", "verified")


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

    # ------------------------------------------------------------------ computes
    def _compute_challenge_count(self):
        counts = dict(
            self.env["advocacy.challenge"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
            )
        )
        for campaign in self:
            campaign.challenge_count = counts.get(campaign, 0)

    def _results_by_campaign(self):
        """{campaign id: figures} for every campaign of self: one query per figure family
        (participations, leads, referrals), whatever the number of campaigns."""
        results = {
            cid: dict.fromkeys(
                ("invited", "recruited", "participating", "activities", "value", "leads", "referrals", "won"),
                0,
            )
            | {"revenue": 0.0}
            for cid in self.ids
        }
        if not self.ids:
            return results
        ids = tuple(self.ids)
        self.env["advocacy.participation"].flush_model(["campaign_id", "partner_id", "state", "value"])
        self.env.cr.execute(
            SQL(
                """
                SELECT campaign_id,
                       COUNT(DISTINCT partner_id),
                       COUNT(DISTINCT partner_id) FILTER (WHERE state IN %(engaged)s),
                       COUNT(DISTINCT partner_id) FILTER (WHERE state IN ('submitted', 'verified')),
                       COUNT(*) FILTER (WHERE state = 'verified'),
                       COALESCE(SUM(value) FILTER (WHERE state = 'verified'), 0)
                  FROM advocacy_participation
                 WHERE campaign_id IN %(ids)s
              GROUP BY campaign_id
                """,
                engaged=ENGAGED_STATES,
                ids=ids,
            )
        )
        for cid, invited, recruited, participating, activities, value in self.env.cr.fetchall():
            results[cid].update(
                invited=invited,
                recruited=recruited,
                participating=participating,
                activities=activities,
                value=float(value),
            )
        # the campaign's figures are the program's, whoever looks at them: count every record
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        for campaign, count in Lead._read_group(
            [("advocacy_campaign_id", "in", self.ids)], ["advocacy_campaign_id"], ["__count"]
        ):
            results[campaign.id]["leads"] = count
        Referral = self.env["advocacy.referral"].sudo()
        for campaign, state, count, revenue in Referral._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count", "revenue:sum"]
        ):
            figures = results[campaign.id]
            if state != "rejected":
                figures["referrals"] += count
            if state == "won":
                figures["won"] += count
                figures["revenue"] += revenue
        return results

    @api.depends(
        "participation_ids.state", "participation_ids.value", "referral_ids.state", "referral_ids.revenue"
    )
    def _compute_results(self):
        results = self._results_by_campaign()
        for campaign in self:
            figures = results.get(campaign._origin.id) or dict.fromkeys(
                ("invited", "recruited", "participating", "activities", "value", "leads", "referrals", "won"),
                0,
            ) | {"revenue": 0.0}
            campaign.invited_count = figures["invited"]
            campaign.recruited_count = figures["recruited"]
            campaign.participating_count = figures["participating"]
            campaign.activity_count = figures["activities"]
            campaign.influenced_value = figures["value"]
            campaign.lead_count = figures["leads"]
            campaign.referral_count = figures["referrals"]
            campaign.won_count = figures["won"]
            campaign.revenue = figures["revenue"]
            campaign.recruit_progress = campaign_metrics.progress(
                figures["recruited"], campaign.target_recruit_count
            )
            campaign.lead_progress = campaign_metrics.progress(figures["leads"], campaign.target_lead_count)
            campaign.revenue_progress = campaign_metrics.progress(figures["revenue"], campaign.target_revenue)

    def _comparison_by_campaign(self):
        """{campaign id: compare() result} of the company's opportunities created in each campaign's
        period, referral deals against the others. One aggregate query for all campaigns; a deal is won
        in a won stage, lost when archived at probability 0; its cycle runs from creation to closing."""
        # self.ids are the records' ids in the database (a form being edited compares the saved period)
        empty = campaign_metrics.group_figures()
        rows = {cid: {True: empty, False: empty} for cid in self.ids}
        if rows:
            for cid, is_referral, *figures in self._comparison_rows(tuple(rows)):
                rows[cid][is_referral] = campaign_metrics.group_figures(*figures)
        return {
            cid: dict(
                campaign_metrics.compare(groups[True], groups[False]),
                referral=groups[True],
                other=groups[False],
            )
            for cid, groups in rows.items()
        }

    def _comparison_rows(self, campaign_ids):
        """(campaign id, is referral, won, lost, cycle sum, cycle count, revenue) per campaign and kind."""
        lead_columns = ["company_id", "create_date", "date_closed", "stage_id", "active", "probability"]
        self.env["crm.lead"].flush_model([*lead_columns, "expected_revenue", "referral_id"])
        self.env["crm.stage"].flush_model(["is_won"])
        self.flush_model(["company_id", "date_start", "date_end"])
        self.env.cr.execute(
            SQL(
                """
                WITH deal AS (
                    SELECT c.id AS campaign_id,
                           l.referral_id IS NOT NULL AS is_referral,
                           l.active AND COALESCE(s.is_won, FALSE) AS is_won,
                           NOT l.active AND COALESCE(l.probability, 0) = 0 AS is_lost,
                           EXTRACT(EPOCH FROM (l.date_closed - l.create_date)) / 86400.0 AS cycle,
                           COALESCE(l.expected_revenue, 0) AS revenue
                      FROM advocacy_campaign c
                      JOIN crm_lead l
                        ON l.company_id = c.company_id
                       AND l.create_date >= c.date_start
                       AND l.create_date < c.date_end + 1
                 LEFT JOIN crm_stage s ON s.id = l.stage_id
                     WHERE c.id IN %(ids)s
                )
                SELECT campaign_id, is_referral,
                       COUNT(*) FILTER (WHERE is_won),
                       COUNT(*) FILTER (WHERE is_lost),
                       COALESCE(SUM(cycle) FILTER (WHERE is_won AND cycle IS NOT NULL), 0),
                       COUNT(*) FILTER (WHERE is_won AND cycle IS NOT NULL),
                       COALESCE(SUM(revenue) FILTER (WHERE is_won), 0)
                  FROM deal
              GROUP BY campaign_id, is_referral
                """,
                ids=campaign_ids,
            )
        )
        return self.env.cr.fetchall()

    @api.depends("date_start", "date_end", "company_id")
    def _compute_comparison(self):
        comparison = self._comparison_by_campaign()
        for campaign in self:
            result = comparison.get(campaign._origin.id)
            if not result:
                result = campaign_metrics.compare(
                    campaign_metrics.group_figures(), campaign_metrics.group_figures()
                ) | {"referral": campaign_metrics.group_figures(), "other": campaign_metrics.group_figures()}
            ref, other = result["referral"], result["other"]
            campaign.referral_win_rate = (ref["win_rate"] or 0.0) * 100.0
            campaign.other_win_rate = (other["win_rate"] or 0.0) * 100.0
            campaign.referral_cycle_days = ref["cycle_days"] or 0.0
            campaign.other_cycle_days = other["cycle_days"] or 0.0
            campaign.referral_deal_size = ref["deal_size"] or 0.0
            campaign.other_deal_size = other["deal_size"] or 0.0
            campaign.referral_closed_count = ref["closed"]
            campaign.other_closed_count = other["closed"]

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
            [("campaign_id", "=", self.id), ("state", "=", "won")],
        )

    def action_view_leads(self):
        return self._action_for(
            "crm.crm_lead_all_leads",
            [("advocacy_campaign_id", "=", self.id)],
            {"default_advocacy_campaign_id": self.id, "active_test": False},
        )

    def action_export_xlsx(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/advocacy/campaign/{self.id}/xlsx",
            "target": "download",
        }

    # ------------------------------------------------------------------ XLSX export
    def _advocacy_xlsx_content(self):
        """The campaign's results as an XLSX workbook (bytes), laid out by tools/campaign_xlsx.py.
        Figures come from the set-based computations; detail rows are what the user may read."""
        self.ensure_one()
        data = {
            **self._advocacy_xlsx_summary(),
            "challenges": self._advocacy_xlsx_challenges(),
            "participations": self._advocacy_xlsx_participations(),
            "referrals": self._advocacy_xlsx_referrals(),
        }
        return campaign_xlsx.write_report(data, self._advocacy_xlsx_labels())

    def _selection_labels(self, model, field_name):
        return dict(self.env[model]._fields[field_name]._description_selection(self.env))

    def _advocacy_xlsx_summary(self):
        return {
            "title": self.name,
            "info": [
                (self.env._("Goal"), self._selection_labels("advocacy.campaign", "goal").get(self.goal, "")),
                (
                    self.env._("Status"),
                    self._selection_labels("advocacy.campaign", "state").get(self.state, ""),
                ),
                (self.env._("Start Date"), self.date_start),
                (self.env._("End Date"), self.date_end),
                (self.env._("Owner"), self.user_id.name or ""),
                (self.env._("Executive Sponsor"), self.sponsor_id.name or ""),
                (self.env._("Budget"), self.budget),
                (self.env._("Currency"), self.currency_id.name),
            ],
            "results": [
                (self.env._("Advocates invited"), self.invited_count, None),
                (self.env._("Advocates recruited"), self.recruited_count, self.target_recruit_count),
                (self.env._("Advocates participating"), self.participating_count, None),
                (self.env._("Activities completed"), self.activity_count, None),
                (self.env._("Value of advocacy influenced"), self.influenced_value, None),
                (self.env._("Leads"), self.lead_count, self.target_lead_count),
                (self.env._("Referrals"), self.referral_count, None),
                (self.env._("Won deals"), self.won_count, None),
                (self.env._("Revenue"), self.revenue, self.target_revenue),
            ],
            "comparison": [
                (self.env._("Closed deals"), self.referral_closed_count, self.other_closed_count, "count"),
                (
                    self.env._("Win rate"),
                    self.referral_win_rate / 100.0,
                    self.other_win_rate / 100.0,
                    "percent",
                ),
                (self.env._("Cycle (days)"), self.referral_cycle_days, self.other_cycle_days, "number"),
                (self.env._("Deal size"), self.referral_deal_size, self.other_deal_size, "money"),
            ],
        }

    def _participation_states(self):
        """(state keys in their order, their labels)."""
        Participation = self.env["advocacy.participation"]
        return [key for key, _label in Participation._fields["state"].selection], self._selection_labels(
            "advocacy.participation", "state"
        )

    def _advocacy_xlsx_challenges(self):
        states, state_labels = self._participation_states()
        families = self._selection_labels("advocacy.challenge", "family")
        efforts = self._selection_labels("advocacy.challenge", "effort")
        counts, values = {}, {}
        for challenge, state, count, value in (
            self.env["advocacy.participation"]
            .sudo()
            ._read_group([("campaign_id", "=", self.id)], ["challenge_id", "state"], ["__count", "value:sum"])
        ):
            counts[challenge.id, state] = count
            values[challenge.id] = values.get(challenge.id, 0.0) + (value if state == "verified" else 0.0)
        rows = [
            (
                challenge.name,
                challenge.idea_id.name or "",
                families.get(challenge.family, "") if challenge.family else "",
                efforts.get(challenge.effort, ""),
                challenge.deadline or None,
                [counts.get((challenge.id, state), 0) for state in states],
                values.get(challenge.id, 0.0),
            )
            for challenge in self.challenge_ids
        ]
        return {"states": [state_labels[state] for state in states], "rows": rows}

    def _advocacy_xlsx_participations(self):
        states, state_labels = self._participation_states()
        Participation = self.env["advocacy.participation"]
        participations = Participation.search(
            [("campaign_id", "=", self.id)], order="challenge_id, partner_id"
        )
        by_state = dict(
            Participation.sudo()._read_group([("campaign_id", "=", self.id)], ["state"], ["__count"])
        )
        rows = [
            (
                part.partner_id.name or "",
                part.commercial_partner_id.name or "",
                part.challenge_id.name,
                state_labels[part.state],
                part.accepted_date or None,
                part.submitted_date or None,
                part.verified_date or None,
                part.verified_by_id.name or "",
                part.evidence_url or "",
                part.value,
            )
            for part in participations
        ]
        return {"rows": rows, "by_state": [(state_labels[state], by_state.get(state, 0)) for state in states]}

    def _advocacy_xlsx_referrals(self):
        Referral = self.env["advocacy.referral"]
        state_labels = self._selection_labels("advocacy.referral", "state")
        rows = [
            (
                referral.name,
                referral.date,
                referral.referrer_id.name or "",
                referral.referred_company or referral.referred_name or "",
                state_labels[referral.state],
                referral.closed_date or None,
                referral.cycle_days,
                referral.revenue,
            )
            for referral in Referral.search([("campaign_id", "=", self.id)], order="date, id")
        ]
        months = Referral.sudo()._read_group(
            [("campaign_id", "=", self.id), ("state", "!=", "rejected")],
            ["date:month"],
            ["__count", "revenue:sum"],
            order="date:month",
        )
        return {
            "rows": rows,
            "months": [
                (month.strftime("%Y-%m") if month else "", count, revenue) for month, count, revenue in months
            ],
        }

    def _advocacy_xlsx_labels(self):
        return {
            "summary": self.env._("Summary"),
            "challenges": self.env._("Challenges"),
            "participations": self.env._("Participations"),
            "referrals": self.env._("Referrals"),
            "result": self.env._("Result"),
            "actual": self.env._("Actual"),
            "target": self.env._("Target"),
            "progress": self.env._("Progress"),
            "comparison": self.env._("Referral vs other deals"),
            "referral": self.env._("Referral"),
            "other": self.env._("Other"),
            "results_chart": self.env._("Campaign results"),
            "challenge": self.env._("Challenge"),
            "idea": self.env._("Activity Idea"),
            "family": self.env._("Family"),
            "effort": self.env._("Effort"),
            "deadline": self.env._("Deadline"),
            "value": self.env._("Value"),
            "per_challenge_chart": self.env._("Participations per challenge"),
            "advocate": self.env._("Advocate"),
            "company": self.env._("Company"),
            "status": self.env._("Status"),
            "accepted": self.env._("Accepted On"),
            "submitted": self.env._("Submitted On"),
            "verified": self.env._("Verified On"),
            "verified_by": self.env._("Verified By"),
            "evidence": self.env._("Evidence Link"),
            "by_status_chart": self.env._("Participations by status"),
            "reference": self.env._("Reference"),
            "referred_by": self.env._("Referred By"),
            "company_name": self.env._("Company Name"),
            "closed": self.env._("Closed On"),
            "cycle": self.env._("Cycle (days)"),
            "revenue": self.env._("Revenue"),
            "month": self.env._("Month"),
            "per_month_chart": self.env._("Referrals per month"),
        }
