"""The Advocacy dashboard of Odoo's Dashboards app (spreadsheet_dashboard), built from the sections of
the advocacy addons that are installed.

Each addon contributes its sections by extending `_advocacy_dashboard_sections()` (plain dicts of
tools/dashboard_layout); no addon imports another. The document is built when the dashboard is opened
(`get_readonly_dashboard`, the method the Dashboards app calls), so installing or uninstalling an addon
never leaves a document that names a model the registry lacks; it is also stored on the record at each
install/upgrade (`_advocacy_dashboard_refresh`) for what reads the record's file directly."""

import base64
import json

from odoo import api, models

from ..tools import dashboard_layout as layout

DASHBOARD_XMLID = "advocacy_program.spreadsheet_dashboard_advocacy"
# the won referrals' revenue converted to the current company's currency (report/advocacy_referral_revenue.py)
REVENUE = "advocacy.referral.revenue"


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    @api.model
    def _advocacy_dashboard_sections(self):
        """The dashboard's sections (tools/dashboard_layout.section dicts); addons extend the list."""
        referral = "advocacy.referral"
        return [
            layout.section(
                "referrals",
                10,
                self.env._("Referrals"),
                pivots=self._advocacy_referral_pivots(),
                scorecards=[
                    layout.scorecard(self.env._("Referrals"), "now", "before", "__count"),
                    layout.scorecard(self.env._("Won referrals"), "won_now", "won_before", "__count"),
                    layout.scorecard(self.env._("Referral revenue"), "won_now", "won_before", "revenue"),
                ],
                charts=[
                    layout.chart(
                        "pipeline",
                        self.env._("Referral pipeline"),
                        referral,
                        "bar",
                        "state",
                        "__count",
                        "date",
                    ),
                    layout.chart(
                        "revenue",
                        self.env._("Referral revenue per month"),
                        REVENUE,
                        "line",
                        "won_date:month",
                        "revenue",
                        "won_date",
                    ),
                ],
                tables=[
                    layout.table(
                        self.env._("Top advocates"),
                        "top",
                        "referrer_id",
                        [
                            (self.env._("Won referrals"), "__count", "count"),
                            (self.env._("Referral revenue"), "revenue", "integer"),
                        ],
                        10,
                    )
                ],
            )
        ]

    @api.model
    def _advocacy_referral_pivots(self):
        """Counts of all referrals; the won ones (count and revenue) from the converted report, so the
        revenue of several companies and currencies adds up in the current company's currency."""
        referral = "advocacy.referral"
        return {
            "now": layout.pivot("Referrals - current", referral, ["__count"], "date"),
            "before": layout.pivot("Referrals - previous", referral, ["__count"], "date", -1),
            "won_now": layout.pivot("Won referrals - current", REVENUE, ["__count", "revenue"], "won_date"),
            "won_before": layout.pivot(
                "Won referrals - previous", REVENUE, ["__count", "revenue"], "won_date", -1
            ),
            "top": layout.pivot(
                "Top advocates",
                REVENUE,
                ["__count", "revenue"],
                "won_date",
                rows=["referrer_id"],
                sort="revenue",
            ),
        }

    @api.model
    def _advocacy_dashboard_document(self):
        """The document of the installed addons' sections, its titles in English (``_t`` translates
        them in the client); only models of the registry."""
        sections = [
            sec
            for sec in self._advocacy_dashboard_sections()
            if all(p["model"] in self.env for p in sec["pivots"].values())
        ]
        texts = {
            "title": self.env._("Customer advocacy"),
            "kpi": self.env._("KPI"),
            "current": self.env._("Current"),
            "previous": self.env._("Previous"),
            "name": self.env._("Name"),
            "period": self.env._("Period"),
            "since": self.env._("since last period"),
        }
        return layout.document(sections, texts)

    def _advocacy_is_dashboard(self):
        record = self.env.ref(DASHBOARD_XMLID, raise_if_not_found=False)
        return bool(record) and self.id == record.id

    def get_readonly_dashboard(self):
        result = super().get_readonly_dashboard()
        if self._advocacy_is_dashboard() and not result.get("is_sample"):
            snapshot = self._advocacy_dashboard_document()
            snapshot["settings"] = result["snapshot"].get("settings", {})
            result["snapshot"] = snapshot
        return result

    @api.model
    def _advocacy_dashboard_refresh(self):
        """Stores the current document on the dashboard (each addon's data calls it at install and
        upgrade)."""
        record = self.env.ref(DASHBOARD_XMLID, raise_if_not_found=False)
        if record:
            data = json.dumps(self._advocacy_dashboard_document(), ensure_ascii=False)
            record.sudo().spreadsheet_binary_data = base64.b64encode(data.encode())

    @api.model
    def _advocacy_dashboard_adopt(self):
        """The dashboard and its group were advocacy_rewards' records before advocacy_program owned
        them: an upgraded database keeps them (and their ids) under the new module."""
        xmlids = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", "advocacy_rewards"),
                    (
                        "name",
                        "in",
                        ["spreadsheet_dashboard_advocacy", "spreadsheet_dashboard_group_advocacy"],
                    ),
                ]
            )
        )
        if xmlids:
            xmlids.write({"module": "advocacy_program"})
            # the records below look their XML ids up in the database, through a cache
            xmlids.flush_recordset()
            self.env.registry.clear_cache()
