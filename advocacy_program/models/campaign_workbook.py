from odoo import models

from ..tools import campaign_xlsx


class AdvocacyCampaign(models.Model):
    """The campaign's XLSX workbook (summary, challenges, participations, referrals)."""

    _inherit = "advocacy.campaign"  # pylint: disable=consider-merging-classes-inherited

    def action_export_xlsx(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/advocacy/campaign/{self.id}/xlsx",
            "target": "download",
        }

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
