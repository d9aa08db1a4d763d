import json

from odoo.addons.advocacy_program.tests.rpc import open_dashboard
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAdvocacyDashboard(HttpCase):
    """The Advocacy dashboard of Odoo's Dashboards app: every figure it asks for exists, the demo database
    fills it, the program managers open it and the sales reps do not see it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("advocacy_program.spreadsheet_dashboard_advocacy")
        # the document served when the dashboard is opened, and the one stored at install
        cls.document = cls.dashboard.get_readonly_dashboard()["snapshot"]
        cls.stored = json.loads(cls.dashboard.spreadsheet_data)
        cls.manager = new_test_user(
            cls.env, login="dash_manager", groups="advocacy_program.group_advocacy_manager"
        )
        cls.rep = new_test_user(cls.env, login="dash_rep", groups="advocacy_program.group_advocacy_user")

    def _sources(self):
        """(model, measures, group-bys, date chain, domain) of every pivot and chart of the document."""
        for pivot in self.document["pivots"].values():
            chains = [m["chain"] for m in pivot["fieldMatching"].values()]
            yield (
                pivot["model"],
                [m["fieldName"] for m in pivot["measures"]],
                [r["fieldName"] for r in pivot["rows"]],
                chains,
                pivot["domain"],
            )
        for sheet in self.document["sheets"]:
            for figure in sheet["figures"]:
                data = figure["data"]
                if data["type"].startswith("odoo_"):
                    chains = [m["chain"] for m in data["fieldMatching"].values()]
                    meta = data["metaData"]
                    yield (
                        meta["resModel"],
                        [meta["measure"]],
                        meta["groupBy"],
                        chains,
                        data["searchParams"]["domain"],
                    )

    def test_every_figure_reads_existing_fields(self):
        count = 0
        for model, measures, group_bys, chains, domain in self._sources():
            Model = self.env[model]
            for name in [*measures, *[g.split(":")[0] for g in group_bys], *chains]:
                if name != "__count":
                    self.assertIn(name, Model._fields, f"{model}.{name}")
            Model.search_count(domain)  # a valid domain
            count += 1
        self.assertGreaterEqual(count, 11, "eight pivots and three charts")

    def test_stored_document_is_the_served_one(self):
        self.assertEqual(self.stored["pivots"], self.document["pivots"])
        self.assertEqual(
            [f["id"] for f in self.stored["sheets"][0]["figures"]],
            [f["id"] for f in self.document["sheets"][0]["figures"]],
        )

    def test_rewards_sections_are_in_it(self):
        titles = [f["data"]["title"]["text"] for sheet in self.document["sheets"] for f in sheet["figures"]]
        self.assertIn("Money rewards", titles)
        self.assertIn("Reward cost per month", titles)
        models = {p["model"] for p in self.document["pivots"].values()}
        self.assertTrue({"advocacy.campaign.roi", "advocacy.leaderboard"} <= models)

    def test_demo_database_fills_it(self):
        for model, measures, group_bys, _chains, domain in self._sources():
            groups = self.env[model].read_group(
                domain, [m for m in measures if m != "__count"], group_bys, lazy=False
            )
            self.assertTrue(groups, f"the demo data gives {model} figures")
        months = self.env["advocacy.referral"].read_group([], ["revenue:sum"], ["date:month"], lazy=False)
        self.assertGreaterEqual(len(months), 18, "eighteen months of referrals, not one day")
        won_months = self.env["advocacy.leaderboard"].read_group(
            [("won_count", ">", 0)], ["revenue:sum"], ["date:month"]
        )
        self.assertGreaterEqual(len(won_months), 12, "revenue of won referrals all along the year")
        months = self.env["advocacy.referral"].read_group([], ["revenue:sum"], ["date:month"], lazy=False)
        self.assertGreaterEqual(len(months), 18, "eighteen months of referrals, not one day")
        won = self.env["advocacy.leaderboard"].read_group(
            [("won_count", ">", 0)], ["revenue:sum"], ["date:month"]
        )
        self.assertGreaterEqual(
            len([group for group in won if group["revenue"] > 0]),
            12,
            "revenue of won referrals all along the year",
        )
        fees = self.env["advocacy.reward"].read_group(
            [("reward_type", "=", "cash"), ("amount", ">", 0)], ["amount:sum"], ["date:month"]
        )
        self.assertGreaterEqual(len(fees), 12, "referral fees all along the year")
        roi = self.env["advocacy.campaign.roi"].search([("campaign_id", "!=", False)])
        self.assertTrue(any(row.reward_cost for row in roi), "campaigns show their reward cost")

    def test_managers_open_it_reps_do_not_see_it(self):
        self.authenticate(self.manager.login, self.manager.login)
        snapshot = open_dashboard(self, self.dashboard)
        self.assertEqual(snapshot["sheets"][0]["name"], "Dashboard")
        visible = (
            self.env["spreadsheet.dashboard"].with_user(self.rep).search([("id", "=", self.dashboard.id)])
        )
        self.assertFalse(visible)

    def test_manager_opens_it_in_the_browser(self):
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "advocacy_rewards_dashboard_tour",
            login=self.manager.login,
        )
