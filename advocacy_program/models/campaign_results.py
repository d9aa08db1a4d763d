from odoo import api, models
from odoo.tools import SQL

from ..tools import campaign_metrics

ENGAGED_STATES = ("accepted", "submitted", "verified")
RESULT_COUNTS = ("invited", "recruited", "participating", "activities", "value", "leads", "referrals", "won")


def empty_results():
    """The figures of a campaign without any record."""
    return dict.fromkeys(RESULT_COUNTS, 0) | {"revenue": 0.0}


class AdvocacyCampaign(models.Model):
    """The campaign's results (participations, leads, referrals, progress); referral deals vs others."""

    _inherit = "advocacy.campaign"  # pylint: disable=consider-merging-classes-inherited

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
        results = {cid: empty_results() for cid in self.ids}
        if results:
            self._add_participation_results(results)
            # the campaign's figures are the program's, whoever looks at them: count every record
            self._add_lead_results(results)
            self._add_referral_results(results)
        return results

    def _add_participation_results(self, results):
        """Invited, recruited and participating advocates, verified activities and their value."""
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

    def _add_lead_results(self, results):
        """The leads of each campaign, archived ones included."""
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        for campaign, count in Lead._read_group(
            [("advocacy_campaign_id", "in", self.ids)], ["advocacy_campaign_id"], ["__count"]
        ):
            results[campaign.id]["leads"] = count

    def _add_referral_results(self, results):
        """The referrals of each campaign (rejected ones do not count), those won and their revenue."""
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

    @api.depends(
        "participation_ids.state", "participation_ids.value", "referral_ids.state", "referral_ids.revenue"
    )
    def _compute_results(self):
        results = self._results_by_campaign()
        for campaign in self:
            figures = results.get(campaign._origin.id) or empty_results()
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
        period, referral deals against the others, as crm.lead._advocacy_deals_sql defines a deal (the
        cohort report's too). One aggregate query for all campaigns."""
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
        lead_columns = [
            "company_id",
            "create_date",
            "date_closed",
            "stage_id",
            "active",
            "probability",
            "type",
        ]
        self.env["crm.lead"].flush_model([*lead_columns, "expected_revenue", "referral_id"])
        self.env["crm.stage"].flush_model(["is_won"])
        self.env["advocacy.referral"].flush_model(["state"])
        self.flush_model(["company_id", "date_start", "date_end"])
        deals = self.env["crm.lead"]._advocacy_deals_sql(
            SQL("c.id AS campaign_id"),
            SQL(
                """advocacy_campaign c
                   JOIN crm_lead l
                     ON l.company_id = c.company_id
                    AND l.create_date >= c.date_start
                    AND l.create_date < c.date_end + 1"""
            ),
            SQL("c.id IN %s", campaign_ids),
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT campaign_id, referred,
                       COUNT(*) FILTER (WHERE won),
                       COUNT(*) FILTER (WHERE lost),
                       COALESCE(SUM(cycle) FILTER (WHERE won AND cycle IS NOT NULL), 0),
                       COUNT(*) FILTER (WHERE won AND cycle IS NOT NULL),
                       COALESCE(SUM(revenue) FILTER (WHERE won), 0)
                  FROM (%s) AS deal
              GROUP BY campaign_id, referred
                """,
                deals,
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
