from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.addons.advocacy_program.tests.rpc import open_dashboard
from odoo.addons.advocacy_program.tools import dashboard_layout
from odoo.fields import Command
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools import nps_math


@tagged("post_install", "-at_install")
class TestNpsDashboard(HttpCase):
    """The Advocacy dashboard, opened by a manager the way the Dashboards app opens it, shows the NPS
    trend per month with its margin of error, and its figures are the "NPS and Revenue" report's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a company of its own, so the demo's answers do not mix with the months checked here
        cls.company = cls.env["res.company"].create({"name": "Dashboard Trend Ltd"})
        cls.manager = new_test_user(
            cls.env,
            login="nps_dash_manager",
            groups="advocacy_program.group_advocacy_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.dashboard = cls.env.ref("advocacy_program.spreadsheet_dashboard_advocacy")
        first_day = date.today().replace(day=1)
        cls.last_month = first_day - relativedelta(months=1)
        cls.two_months_ago = first_day - relativedelta(months=2)
        customers = cls.env["res.partner"].create(
            [{"name": f"Trend customer {i}", "company_id": cls.company.id} for i in range(7)]
        )
        Response = (
            cls.env["advocacy.nps.response"]
            .sudo()
            .with_company(cls.company)
            .with_context(advocacy_nps_skip_loop=True)
        )
        # last month: 3 promoters, 1 detractor; the month before: 1 promoter, 1 passive, 1 detractor
        answers = [
            (cls.last_month, 10),
            (cls.last_month, 9),
            (cls.last_month, 9),
            (cls.last_month, 3),
            (cls.two_months_ago, 10),
            (cls.two_months_ago, 7),
            (cls.two_months_ago, 0),
        ]
        Response.create(
            [
                {
                    "partner_id": customer.id,
                    "score": score,
                    "date": day + relativedelta(days=4),
                    "channel": "phone",
                    "company_id": cls.company.id,
                }
                for customer, (day, score) in zip(customers, answers, strict=True)
            ]
        )
        cls.env.flush_all()

    def _open_as_manager(self):
        self.authenticate(self.manager.login, self.manager.login)
        return open_dashboard(self, self.dashboard)

    def _read_group_as_client(self, model, domain, measures, groupby):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/read_group",
            {
                "model": model,
                "method": "read_group",
                "args": [domain, measures, groupby],
                "kwargs": {"lazy": False, "context": {"allowed_company_ids": self.company.ids}},
            },
        )

    def test_nps_trend_with_margin_is_the_reports(self):
        snapshot = self._open_as_manager()
        [trend] = [p for p in snapshot["pivots"].values() if p["name"] == "NPS trend"]
        self.assertEqual(trend["model"], "advocacy.nps.revenue.report")
        self.assertEqual([m["fieldName"] for m in trend["measures"]], ["nps", "nps_margin", "response_count"])
        self.assertEqual(trend["rows"], [{"fieldName": "date", "granularity": "month"}])
        charts = [f["data"] for sheet in snapshot["sheets"] for f in sheet["figures"] if f["tag"] == "chart"]
        [nps_chart] = [c for c in charts if c["title"]["text"] == "NPS per month"]
        self.assertEqual(nps_chart["metaData"]["resModel"], "advocacy.nps.revenue.report")
        self.assertEqual(nps_chart["metaData"]["measure"], "nps")
        # the table under the chart shows NPS, margin and answers of the trend pivot, month by month
        cells = snapshot["sheets"][0]["cells"]
        margin_cells = [c["content"] for c in cells.values() if '"nps_margin","#date:month"' in c["content"]]
        self.assertEqual(len(margin_cells), 12)

        # the client reads the pivot's groups (its measures with their aggregators) as the manager
        report = self.env["advocacy.nps.revenue.report"]
        measures = [
            f"{m['fieldName']}:{report._fields[m['fieldName']].aggregator}" for m in trend["measures"]
        ]
        groups = self._read_group_as_client(trend["model"], trend["domain"], measures, ["date:month"])
        by_month = {g["__range"]["date:month"]["from"]: g for g in groups}
        expected = {
            self.last_month: (3, 0, 1),
            self.two_months_ago: (1, 1, 1),
        }
        self.assertEqual(set(by_month), {str(month) for month in expected})
        for month, counts in expected.items():
            group = by_month[str(month)]
            self.assertAlmostEqual(group["nps"], nps_math.nps(*counts))
            self.assertAlmostEqual(group["nps_margin"], nps_math.margin_of_error(*counts))
            self.assertEqual(group["response_count"], sum(counts))
        self.assertAlmostEqual(by_month[str(self.last_month)]["nps"], 50.0)
        self.assertAlmostEqual(by_month[str(self.two_months_ago)]["nps"], 0.0)

    def test_reps_cannot_open_it(self):
        rep = new_test_user(
            self.env,
            login="nps_dash_rep",
            groups="advocacy_program.group_advocacy_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.authenticate(rep.login, rep.login)
        with self.assertRaises(JsonRpcException) as raised, mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/spreadsheet.dashboard/get_readonly_dashboard",
                {
                    "model": "spreadsheet.dashboard",
                    "method": "get_readonly_dashboard",
                    "args": [self.dashboard.ids],
                    "kwargs": {},
                },
            )
        self.assertIn("AccessError", str(raised.exception))

    def test_served_document_names_only_models_of_the_registry(self):
        snapshot = self._open_as_manager()
        models = dashboard_layout.models_of(snapshot)
        self.assertIn("advocacy.nps.revenue.report", models)
        self.assertIn("advocacy.referral", models)
        for model in models:
            self.assertIn(model, self.env.registry)

    def test_section_of_a_missing_addon_is_left_out(self):
        """An addon uninstalled leaves no section behind: a section naming a model the registry lacks
        is not served."""
        Dashboard = type(self.env["spreadsheet.dashboard"])
        original = Dashboard._advocacy_dashboard_sections

        def with_gone_section(records):
            gone = dashboard_layout.section(
                "gone",
                5,
                "Gone",
                pivots={"x": dashboard_layout.pivot("Gone", "advocacy.gone.report", ["__count"])},
            )
            return [*original(records), gone]

        self.patch(Dashboard, "_advocacy_dashboard_sections", with_gone_section)
        snapshot = self._open_as_manager()
        self.assertNotIn("advocacy.gone.report", dashboard_layout.models_of(snapshot))
        self.assertIn("advocacy.nps.revenue.report", dashboard_layout.models_of(snapshot))

    def test_manager_sees_the_nps_chart_in_the_browser(self):
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "advocacy_nps_dashboard_tour",
            login=self.manager.login,
        )
