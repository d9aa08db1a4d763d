import io

import xlsxwriter

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import campaign_metrics

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
            self.env["crm.lead"].flush_model(
                [
                    "company_id",
                    "create_date",
                    "date_closed",
                    "stage_id",
                    "active",
                    "probability",
                    "expected_revenue",
                    "referral_id",
                ]
            )
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
                    ids=tuple(rows),
                )
            )
            for cid, is_referral, won, lost, cycle_sum, cycle_count, revenue in self.env.cr.fetchall():
                rows[cid][is_referral] = campaign_metrics.group_figures(
                    won, lost, cycle_sum, cycle_count, revenue
                )
        return {
            cid: dict(
                campaign_metrics.compare(groups[True], groups[False]),
                referral=groups[True],
                other=groups[False],
            )
            for cid, groups in rows.items()
        }

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
        """The campaign's results as an XLSX workbook (bytes): summary with the comparison, per-challenge
        results, participations and referrals, each illustrated by a native Excel chart. Figures come
        from the set-based computations; detail rows are what the user may read."""
        self.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format(
            {"bold": True, "bg_color": "#714B67", "font_color": "#FFFFFF", "border": 1}
        )
        money = workbook.add_format({"num_format": "#,##0.00"})
        percent = workbook.add_format({"num_format": "0.0%"})
        number = workbook.add_format({"num_format": "0.0"})
        date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
        labels = {
            name: dict(self.env[model]._fields[name]._description_selection(self.env))
            for model, name in (
                ("advocacy.campaign", "goal"),
                ("advocacy.campaign", "state"),
                ("advocacy.challenge", "effort"),
                ("advocacy.challenge", "family"),
            )
        }
        part_states = dict(
            self.env["advocacy.participation"]._fields["state"]._description_selection(self.env)
        )
        ref_states = dict(self.env["advocacy.referral"]._fields["state"]._description_selection(self.env))

        # ---- Summary
        sheet = workbook.add_worksheet(self.env._("Summary"))
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 4, 18)
        sheet.write(0, 0, self.name, title)
        info = [
            (self.env._("Goal"), labels["goal"].get(self.goal, "")),
            (self.env._("Status"), labels["state"].get(self.state, "")),
            (self.env._("Start Date"), self.date_start),
            (self.env._("End Date"), self.date_end),
            (self.env._("Owner"), self.user_id.name or ""),
            (self.env._("Executive Sponsor"), self.sponsor_id.name or ""),
            (self.env._("Budget"), self.budget),
            (self.env._("Currency"), self.currency_id.name),
        ]
        row = 2
        for label, value in info:
            sheet.write(row, 0, label, bold)
            if hasattr(value, "year"):
                sheet.write_datetime(row, 1, fields.Datetime.to_datetime(value), date_fmt)
            elif isinstance(value, float):
                sheet.write_number(row, 1, value, money)
            else:
                sheet.write(row, 1, value)
            row += 1
        row += 1
        results_top = row
        sheet.write_row(
            row,
            0,
            [self.env._("Result"), self.env._("Actual"), self.env._("Target"), self.env._("Progress")],
            header,
        )
        results = [
            (self.env._("Advocates invited"), self.invited_count, None),
            (self.env._("Advocates recruited"), self.recruited_count, self.target_recruit_count),
            (self.env._("Advocates participating"), self.participating_count, None),
            (self.env._("Activities completed"), self.activity_count, None),
            (self.env._("Value of advocacy influenced"), self.influenced_value, None),
            (self.env._("Leads"), self.lead_count, self.target_lead_count),
            (self.env._("Referrals"), self.referral_count, None),
            (self.env._("Won deals"), self.won_count, None),
            (self.env._("Revenue"), self.revenue, self.target_revenue),
        ]
        for label, actual, target in results:
            row += 1
            sheet.write(row, 0, label)
            sheet.write_number(row, 1, actual, money if isinstance(actual, float) else None)
            if target:
                sheet.write_number(row, 2, target, money if isinstance(target, float) else None)
                sheet.write_number(row, 3, actual / target, percent)
        row += 2
        comparison_top = row
        sheet.write_row(
            row,
            0,
            [self.env._("Referral vs other deals"), self.env._("Referral"), self.env._("Other")],
            header,
        )
        comparison = [
            (self.env._("Closed deals"), self.referral_closed_count, self.other_closed_count, None),
            (self.env._("Win rate"), self.referral_win_rate / 100.0, self.other_win_rate / 100.0, percent),
            (self.env._("Cycle (days)"), self.referral_cycle_days, self.other_cycle_days, number),
            (self.env._("Deal size"), self.referral_deal_size, self.other_deal_size, money),
        ]
        for label, referral_value, other_value, fmt in comparison:
            row += 1
            sheet.write(row, 0, label)
            sheet.write_number(row, 1, referral_value, fmt)
            sheet.write_number(row, 2, other_value, fmt)

        summary_name = sheet.get_name()
        chart = workbook.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": self.env._("Actual"),
                "categories": [summary_name, results_top + 1, 0, results_top + len(results), 0],
                "values": [summary_name, results_top + 1, 1, results_top + len(results), 1],
            }
        )
        chart.set_title({"name": self.env._("Campaign results")})
        chart.set_legend({"none": True})
        sheet.insert_chart(2, 5, chart, {"x_scale": 1.3, "y_scale": 1.2})

        chart = workbook.add_chart({"type": "column"})
        for col, name in ((1, self.env._("Referral")), (2, self.env._("Other"))):
            chart.add_series(
                {
                    "name": name,
                    "categories": [summary_name, comparison_top + 2, 0, comparison_top + 3, 0],
                    "values": [summary_name, comparison_top + 2, col, comparison_top + 3, col],
                }
            )
        chart.set_title({"name": self.env._("Referral vs other deals")})
        sheet.insert_chart(22, 5, chart, {"x_scale": 1.3})

        # ---- Challenges
        sheet = workbook.add_worksheet(self.env._("Challenges"))
        states = [key for key, _label in self.env["advocacy.participation"]._fields["state"].selection]
        columns = [
            self.env._("Challenge"),
            self.env._("Activity Idea"),
            self.env._("Family"),
            self.env._("Effort"),
            self.env._("Deadline"),
        ]
        columns += [part_states[s] for s in states] + [self.env._("Value")]
        sheet.write_row(0, 0, columns, header)
        sheet.set_column(0, 1, 30)
        sheet.set_column(2, len(columns), 14)
        counts, values = {}, {}
        for challenge, state, count, value in (
            self.env["advocacy.participation"]
            .sudo()
            ._read_group([("campaign_id", "=", self.id)], ["challenge_id", "state"], ["__count", "value:sum"])
        ):
            counts[challenge.id, state] = count
            values[challenge.id] = values.get(challenge.id, 0.0) + (value if state == "verified" else 0.0)
        challenges = self.challenge_ids
        for index, challenge in enumerate(challenges, start=1):
            sheet.write(index, 0, challenge.name)
            sheet.write(index, 1, challenge.idea_id.name or "")
            sheet.write(index, 2, labels["family"].get(challenge.family, "") if challenge.family else "")
            sheet.write(index, 3, labels["effort"].get(challenge.effort, ""))
            if challenge.deadline:
                sheet.write_datetime(index, 4, fields.Datetime.to_datetime(challenge.deadline), date_fmt)
            for offset, state in enumerate(states):
                sheet.write_number(index, 5 + offset, counts.get((challenge.id, state), 0))
            sheet.write_number(index, 5 + len(states), values.get(challenge.id, 0.0), money)
        if challenges:
            chart = workbook.add_chart({"type": "column", "subtype": "stacked"})
            for offset in range(len(states)):
                chart.add_series(
                    {
                        "name": [sheet.get_name(), 0, 5 + offset],
                        "categories": [sheet.get_name(), 1, 0, len(challenges), 0],
                        "values": [sheet.get_name(), 1, 5 + offset, len(challenges), 5 + offset],
                    }
                )
            chart.set_title({"name": self.env._("Participations per challenge")})
            sheet.insert_chart(len(challenges) + 3, 0, chart, {"x_scale": 1.5})

        # ---- Participations
        sheet = workbook.add_worksheet(self.env._("Participations"))
        columns = [
            self.env._("Advocate"),
            self.env._("Company"),
            self.env._("Challenge"),
            self.env._("Status"),
            self.env._("Accepted On"),
            self.env._("Submitted On"),
            self.env._("Verified On"),
            self.env._("Verified By"),
            self.env._("Evidence Link"),
            self.env._("Value"),
        ]
        sheet.write_row(0, 0, columns, header)
        sheet.set_column(0, len(columns), 18)
        participations = self.env["advocacy.participation"].search(
            [("campaign_id", "=", self.id)], order="challenge_id, partner_id"
        )
        for index, part in enumerate(participations, start=1):
            sheet.write(index, 0, part.partner_id.name or "")
            sheet.write(index, 1, part.commercial_partner_id.name or "")
            sheet.write(index, 2, part.challenge_id.name)
            sheet.write(index, 3, part_states[part.state])
            for col, value in ((4, part.accepted_date), (5, part.submitted_date), (6, part.verified_date)):
                if value:
                    sheet.write_datetime(index, col, value, date_fmt)
            sheet.write(index, 7, part.verified_by_id.name or "")
            sheet.write(index, 8, part.evidence_url or "")
            sheet.write_number(index, 9, part.value, money)
        state_top = len(participations) + 3
        sheet.write_row(state_top, 0, [self.env._("Status"), self.env._("Participations")], header)
        by_state = dict(
            self.env["advocacy.participation"]
            .sudo()
            ._read_group([("campaign_id", "=", self.id)], ["state"], ["__count"])
        )
        for offset, state in enumerate(states, start=1):
            sheet.write(state_top + offset, 0, part_states[state])
            sheet.write_number(state_top + offset, 1, by_state.get(state, 0))
        chart = workbook.add_chart({"type": "pie"})
        chart.add_series(
            {
                "name": self.env._("Participations by status"),
                "categories": [sheet.get_name(), state_top + 1, 0, state_top + len(states), 0],
                "values": [sheet.get_name(), state_top + 1, 1, state_top + len(states), 1],
            }
        )
        chart.set_title({"name": self.env._("Participations by status")})
        sheet.insert_chart(state_top, 3, chart)

        # ---- Referrals
        sheet = workbook.add_worksheet(self.env._("Referrals"))
        columns = [
            self.env._("Reference"),
            self.env._("Submitted On"),
            self.env._("Referred By"),
            self.env._("Company Name"),
            self.env._("Status"),
            self.env._("Closed On"),
            self.env._("Cycle (days)"),
            self.env._("Revenue"),
        ]
        sheet.write_row(0, 0, columns, header)
        sheet.set_column(0, len(columns), 18)
        referrals = self.env["advocacy.referral"].search([("campaign_id", "=", self.id)], order="date, id")
        for index, referral in enumerate(referrals, start=1):
            sheet.write(index, 0, referral.name)
            sheet.write_datetime(index, 1, fields.Datetime.to_datetime(referral.date), date_fmt)
            sheet.write(index, 2, referral.referrer_id.name or "")
            sheet.write(index, 3, referral.referred_company or referral.referred_name or "")
            sheet.write(index, 4, ref_states[referral.state])
            if referral.closed_date:
                sheet.write_datetime(index, 5, fields.Datetime.to_datetime(referral.closed_date), date_fmt)
            sheet.write_number(index, 6, referral.cycle_days)
            sheet.write_number(index, 7, referral.revenue, money)
        month_top = len(referrals) + 3
        sheet.write_row(
            month_top, 0, [self.env._("Month"), self.env._("Referrals"), self.env._("Revenue")], header
        )
        months = (
            self.env["advocacy.referral"]
            .sudo()
            ._read_group(
                [("campaign_id", "=", self.id), ("state", "!=", "rejected")],
                ["date:month"],
                ["__count", "revenue:sum"],
                order="date:month",
            )
        )
        for offset, (month, count, revenue) in enumerate(months, start=1):
            sheet.write(month_top + offset, 0, month.strftime("%Y-%m") if month else "")
            sheet.write_number(month_top + offset, 1, count)
            sheet.write_number(month_top + offset, 2, revenue, money)
        chart = workbook.add_chart({"type": "line"})
        last = month_top + max(len(months), 1)
        chart.add_series(
            {
                "name": self.env._("Referrals"),
                "categories": [sheet.get_name(), month_top + 1, 0, last, 0],
                "values": [sheet.get_name(), month_top + 1, 1, last, 1],
                "marker": {"type": "circle"},
            }
        )
        chart.set_title({"name": self.env._("Referrals per month")})
        sheet.insert_chart(month_top, 4, chart)

        workbook.close()
        return output.getvalue()
