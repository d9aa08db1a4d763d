"""advocacy_nps' part of the Advocacy dashboard (advocacy_program/models/advocacy_dashboard.py): NPS
this period against the previous one, and the NPS trend per month with its margin of error. Every
figure is the "NPS and Revenue" report's (advocacy.nps.revenue.report, computed from each group's band
counts by tools/nps_math when the dashboard reads its groups), never an average of averages."""

from odoo import api, models
from odoo.addons.advocacy_program.tools import dashboard_layout as layout

REPORT = "advocacy.nps.revenue.report"


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    @api.model
    def _advocacy_dashboard_sections(self):
        sections = super()._advocacy_dashboard_sections()
        sections.append(
            layout.section(
                "nps",
                20,
                self.env._("Net Promoter Score"),
                pivots={
                    "now": layout.pivot("NPS - current", REPORT, ["nps"], "date"),
                    "before": layout.pivot("NPS - previous", REPORT, ["nps"], "date", -1),
                    "trend": layout.pivot(
                        "NPS trend",
                        REPORT,
                        ["nps", "nps_margin", "response_count"],
                        "date",
                        rows=[("date", "month")],
                    ),
                },
                scorecards=[layout.scorecard(self.env._("NPS"), "now", "before", "nps")],
                charts=[
                    layout.chart(
                        "nps", self.env._("NPS per month"), REPORT, "line", "date:month", "nps", "date"
                    )
                ],
                tables=[
                    layout.table(
                        self.env._("NPS per month with its margin of error"),
                        "trend",
                        "date:month",
                        [
                            (self.env._("NPS"), "nps", "score"),
                            (self.env._("Margin of error (±)"), "nps_margin", "score"),
                            (self.env._("Answers"), "response_count", "count"),
                        ],
                        12,
                    )
                ],
            )
        )
        return sections
