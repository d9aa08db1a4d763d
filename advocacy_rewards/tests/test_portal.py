from odoo import http
from odoo.addons.advocacy_program.tests.screenshots import TourScreenshotsMixin
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AdvocacyRewardsCase

# the user, the partner and its figures, the referrals, the ledger, the tier, the catalogue, the layout
PAGE_QUERIES = 13


@tagged("post_install", "-at_install")
class TestPortal(TourScreenshotsMixin, AdvocacyRewardsCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="rw_portal",
            password="rw_portal_pw",
            groups="base.group_portal",
            name="Paula Portal",
            email="paula@paula-corp.example",
        )
        cls.paula = cls.portal_user.partner_id
        # she joined the program: her page shows her link, equipped (the README's screenshot)
        cls.paula._advocacy_accept_join()
        cls.item = cls.env["advocacy.catalog.item"].create(
            {"name": "Paula's Mug", "points_cost": 100, "is_stock_limited": True, "stock_qty": 5}
        )
        Entry = cls.env["advocacy.points.entry"]
        Entry.create({"name": "Welcome", "partner_id": cls.paula.id, "kind": "earn", "points": 150})
        Entry.create({"name": "Welcome", "partner_id": cls.alice.id, "kind": "earn", "points": 900})
        cls.gold = cls.env["advocacy.tier"].create(
            {"name": "Paula Gold", "threshold": 100, "benefits": "<p>Free coffee for life</p>"}
        )
        cls.env["advocacy.tier"]._recompute_tiers(partner_ids=cls.paula.ids)

    def _post(self, url, data):
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data)

    def test_page_shows_only_own_data(self):
        mine = self._referral(self.paula, referred_company="Paula Prospect Ltd")
        self._referral(self.alice, referred_company="Alice Secret Prospect")
        self.authenticate("rw_portal", "rw_portal_pw")
        response = self.url_open("/my/advocacy")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Paula Prospect Ltd", page)
        self.assertNotIn("Alice Secret Prospect", page)
        self.assertIn("o_advocacy_balance", page)
        self.assertIn(">150<", page.replace(" ", "").replace("\n", ""))
        self.assertIn("Paula Gold", page)
        self.assertIn("Free coffee for life", page)
        # she joined: her share link is on the page, and her referral with the status she may see
        self.assertIn(f"/advocacy/r/{self.paula.referral_code}", page)
        self.assertEqual(mine.state, "new")
        self.assertIn("Submitted", page)

    def _page_queries(self):
        # what the test's own commit would run (its precommit hooks: tiers, mails) is not the page's
        self.env.cr.flush()
        before = self.cr.sql_log_count
        response = self.url_open("/my/advocacy")
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def test_page_queries_do_not_grow_with_the_history(self):
        """The advocate's page is the portal's hot path: its queries are pinned (as crm's
        test_performances pins its hot paths) and do not grow with the referrals and points it lists."""
        self.authenticate("rw_portal", "rw_portal_pw")
        self._referral(self.paula, referred_company="Warm-up Ltd")
        self.url_open("/my/advocacy")  # warm: routing map, templates, the portal layout
        few = self._page_queries()
        Entry = self.env["advocacy.points.entry"]
        for index in range(15):
            self._referral(self.paula, referred_company=f"Prospect {index} Ltd")
            Entry.create(
                {"name": f"Bonus {index}", "partner_id": self.paula.id, "kind": "earn", "points": 10}
            )
        many = self._page_queries()
        self.assertLessEqual(many, few, "no more queries for 16 referrals and 16 ledger lines than for 1")
        self.assertLessEqual(few, PAGE_QUERIES, "the portal page's queries")

    def test_a_rejected_referral_reveals_neither_reason_nor_our_records(self):
        """The advocate refers someone already in our pipeline: the page says "Closed", never the
        rejection reason (which names our lead), so it is no oracle for "is this our customer"."""
        self.env["crm.lead"].create(
            {"name": "Internal: Globex expansion (confidential)", "email_from": "cto@globex-known.example"}
        )
        duplicate = self._referral(
            self.paula, referred_company="Globex", referred_email="cto@globex-known.example"
        )
        self.assertEqual(duplicate.state, "rejected")
        self.assertIn("Globex expansion", duplicate.rejection_reason)
        self.authenticate("rw_portal", "rw_portal_pw")
        page = self.url_open("/my/advocacy").text
        self.assertIn("Globex", page)
        self.assertIn("Closed", page)
        self.assertNotIn("Globex expansion", page)
        self.assertNotIn("Duplicate", page)
        self.assertNotIn("Rejected", page)

    def test_anonymous_is_sent_to_login(self):
        response = self.url_open("/my/advocacy", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_submit_referral(self):
        self.authenticate("rw_portal", "rw_portal_pw")
        response = self._post(
            "/my/advocacy/referral",
            {"name": "Quentin", "company": "Quantum Widgets", "email": "quentin@quantum-widgets.example"},
        )
        self.assertEqual(response.status_code, 200)
        referral = self.env["advocacy.referral"].search([("referred_company", "=", "Quantum Widgets")])
        self.assertEqual(referral.referrer_id, self.paula)
        self.assertEqual(referral.channel, "portal")
        self.assertIn("Quantum Widgets", response.text, "the new referral is listed")
        # invalid input: nothing is created, the form says why
        response = self._post("/my/advocacy/referral", {"name": "Nobody", "email": "not-an-email"})
        self.assertIn("o_advocacy_error", response.text)
        self.assertFalse(self.env["advocacy.referral"].search([("referred_name", "=", "Nobody")]))

    def test_form_requires_csrf(self):
        self.authenticate("rw_portal", "rw_portal_pw")
        response = self.url_open(
            "/my/advocacy/referral", data={"name": "X", "company": "Y", "email": "x@y-corp.example"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["advocacy.referral"].search([("referred_company", "=", "Y")]))

    def test_redeem_for_oneself_only(self):
        self.authenticate("rw_portal", "rw_portal_pw")
        response = self._post("/my/advocacy/redeem", {"item_id": self.item.id, "partner_id": self.alice.id})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.alice.advocacy_points_balance, 900)
        self.assertFalse(self.env["advocacy.redemption"].search([("item_id", "=", self.item.id)]))
        response = self._post("/my/advocacy/redeem", {"item_id": self.item.id})
        self.assertEqual(response.status_code, 200)
        redemption = self.env["advocacy.redemption"].search([("item_id", "=", self.item.id)])
        self.assertEqual(redemption.partner_id, self.paula)
        self.paula.invalidate_recordset()
        self.assertEqual(self.paula.advocacy_points_balance, 50)
        # not enough points left: refused with a message, nothing taken
        response = self._post("/my/advocacy/redeem", {"item_id": self.item.id})
        self.assertIn("o_advocacy_error", response.text)
        self.assertEqual(self.env["advocacy.redemption"].search_count([("item_id", "=", self.item.id)]), 1)

    def test_redeem_with_malformed_item(self):
        """Odd item ids (a superscript digit passes str.isdigit but not int) get the page back, not a 500."""
        self.authenticate("rw_portal", "rw_portal_pw")
        for item_id in ("²", "' OR '1'='1", "-1", "9" * 30):
            response = self._post("/my/advocacy/redeem", {"item_id": item_id})
            self.assertLess(response.status_code, 500, item_id)
        self.assertFalse(self.env["advocacy.redemption"].search([("partner_id", "=", self.paula.id)]))
        self.paula.invalidate_recordset()
        self.assertEqual(self.paula.advocacy_points_balance, 150)

    def test_portal_user_has_no_backend_access(self):
        Reward = self.env["advocacy.reward"].with_user(self.portal_user)
        self.assertFalse(Reward.has_access("read"))
        self.assertFalse(self.env["advocacy.points.entry"].with_user(self.portal_user).has_access("read"))

    def test_portal_tour(self):
        self.env["advocacy.catalog.item"].create({"name": "Tour Tote Bag", "points_cost": 20})
        taken = self.start_tour_with_screenshots(
            "/my/advocacy", "advocacy_rewards_portal_tour", login="rw_portal"
        )
        self.assertScreenshots(taken, ["advocacy_portal_page"])
        referral = self.env["advocacy.referral"].search([("referred_company", "=", "Tour Prospect Inc")])
        self.assertEqual(referral.referrer_id, self.paula)
        redemption = self.env["advocacy.redemption"].search([("partner_id", "=", self.paula.id)])
        self.assertEqual(redemption.item_id.name, "Tour Tote Bag")
