"""advocacy_rewards' part of the Advocacy dashboard (advocacy_program/models/advocacy_dashboard.py):
money rewards and points this period against the previous one, reward cost per month, reward cost
against referral revenue per campaign, and the top advocates by points (the leaderboard's figures,
converted to the current company's currency) in place of the program's table. Every amount is read
from a report converted to the current company's currency (the reward cost, the ROI, the
leaderboard), so several companies and currencies add up."""

from odoo import api, models
from odoo.addons.advocacy_program.tools import dashboard_layout as layout

# the rewards that cost something (neither rejected nor reversed), converted (report/advocacy_reward_cost.py)
REWARD_COST = "advocacy.reward.cost"


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    @api.model
    def _advocacy_dashboard_sections(self):
        sections = super()._advocacy_dashboard_sections()
        for sec in sections:
            if sec["key"] == "referrals":
                self._advocacy_rewards_top_advocates(sec)
        sections.append(
            layout.section(
                "rewards",
                30,
                self.env._("Rewards"),
                pivots=self._advocacy_rewards_pivots(),
                scorecards=[layout.scorecard(self.env._("Money rewards"), "now", "before", "amount")],
                kpis=[layout.scorecard(self.env._("Points earned"), "points_now", "points_before", "points")],
                charts=[
                    layout.chart(
                        "rewards",
                        self.env._("Reward cost per month"),
                        REWARD_COST,
                        "bar",
                        "date:month",
                        "cost",
                        "date",
                    )
                ],
                tables=[
                    layout.table(
                        self.env._("Rewards cost vs referral revenue per campaign"),
                        "roi",
                        "campaign_id",
                        [
                            (self.env._("Referral revenue"), "revenue", "integer"),
                            (self.env._("Reward cost"), "reward_cost", "integer"),
                            (self.env._("ROI"), "roi", "ratio"),
                        ],
                        8,
                    )
                ],
            )
        )
        return sections

    @api.model
    def _advocacy_rewards_pivots(self):
        leaderboard = "advocacy.leaderboard"
        return {
            "now": layout.pivot("Rewards - current", REWARD_COST, ["amount"], "date"),
            "before": layout.pivot("Rewards - previous", REWARD_COST, ["amount"], "date", -1),
            "points_now": layout.pivot("Points - current", leaderboard, ["points"], "date"),
            "points_before": layout.pivot("Points - previous", leaderboard, ["points"], "date", -1),
            "roi": layout.pivot(
                "Campaign ROI",
                "advocacy.campaign.roi",
                ["revenue", "reward_cost", "roi"],
                domain=[["campaign_id", "!=", False]],
                rows=["campaign_id"],
                sort="revenue",
            ),
        }

    @api.model
    def _advocacy_rewards_top_advocates(self, referrals):
        """The program's top advocates, ranked by points earned, with their won referrals and revenue."""
        referrals["pivots"]["top"] = layout.pivot(
            "Top advocates",
            "advocacy.leaderboard",
            ["points", "won_count", "revenue"],
            "date",
            rows=["partner_id"],
            sort="points",
        )
        referrals["tables"] = [
            layout.table(
                self.env._("Top advocates"),
                "top",
                "partner_id",
                [
                    (self.env._("Points earned"), "points", "integer"),
                    (self.env._("Won referrals"), "won_count", "count"),
                    (self.env._("Referral revenue"), "revenue", "integer"),
                ],
                10,
            )
        ]
