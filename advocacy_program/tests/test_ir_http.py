import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

# A NUL byte cannot reach PostgreSQL ("A string literal cannot contain NUL characters"): Odoo's own
# 404 fallback looks the path up among the attachments' URLs and answered 500 for these paths.
NUL_PATHS = [
    "/nps/%00/-1",  # the path the route fuzz drew: no route matches, the fallback queries the path
    "/nps/a%00b/11",
    "/advocacy/r/%00",  # a route matches: the NUL would reach the controller
    "/advocacy/r/AB%00CD/submit",
    "/advocacy/r/%00/-1",
    "/%00",
    "/web/%00",
    "/web/content/%00",
    "/my/%00/advocacy",
]


@tagged("post_install", "-at_install")
class TestNulBytes(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = cls.env["res.partner"].create(
            {"name": "Nina Nul", "email": "nina@nul.example.com", "advocate_state": "active"}
        )

    def test_nul_in_path_answers_404(self):
        for path in NUL_PATHS:
            for method in ("GET", "POST"):
                with self.subTest(path=path, method=method), mute_logger("odoo.http", "werkzeug"):
                    if method == "GET":
                        response = self.url_open(path, allow_redirects=False)
                    else:
                        response = self.url_open(path, data={"name": "x"}, allow_redirects=False)
                    self.assertEqual(response.status_code, 404, f"{method} {path}")

    def test_nul_in_path_answers_404_when_logged_in(self):
        self.authenticate("admin", "admin")
        for path in ("/nps/%00/-1", "/advocacy/r/%00", "/web/%00", "/odoo/%00"):
            with self.subTest(path=path), mute_logger("odoo.http", "werkzeug"):
                self.assertEqual(self.url_open(path, allow_redirects=False).status_code, 404, path)

    def test_paths_without_nul_still_served(self):
        # the guard only turns NUL paths away: a valid page and a plain 404 are unchanged
        self.assertEqual(self.url_open("/web/login").status_code, 200)
        self.assertEqual(self.url_open(f"/advocacy/r/{self.advocate.referral_code}").status_code, 200)
        with mute_logger("odoo.http", "werkzeug"):
            self.assertEqual(self.url_open("/nps/no-such-token/-1").status_code, 404)

    def test_nul_in_a_form_field_is_refused_and_nothing_written(self):
        code = self.advocate.referral_code
        page = self.url_open(f"/advocacy/r/{code}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        valid = {"csrf_token": token, "name": "Paula", "company": "Initech", "email": "paula@initech.com"}
        Attempt, Lead = self.env["advocacy.share.attempt"], self.env["crm.lead"]
        attempts = Attempt.search_count([])
        for field, value in [
            ("name", "Pa\x00ula"),
            ("message", "hi\x00"),
            ("email", "p\x00@initech.com"),
            ("x\x00", "1"),
        ]:
            with self.subTest(field=field), mute_logger("odoo.http", "werkzeug"):
                response = self.url_open(f"/advocacy/r/{code}/submit", data={**valid, field: value})
                self.assertEqual(response.status_code, 400)
        self.assertFalse(Lead.search([("email_from", "ilike", "initech.com")]))
        self.assertEqual(Attempt.search_count([]), attempts, "no rate-limit row either")
        with mute_logger("odoo.http", "werkzeug"):
            self.assertEqual(self.url_open(f"/advocacy/r/{code}?utm_source=%00").status_code, 400)
        # the same form without the NUL goes through
        self.assertIn("Thank you", self.url_open(f"/advocacy/r/{code}/submit", data=valid).text)
        self.assertTrue(Lead.search([("email_from", "=", "paula@initech.com")]))

    def test_odoo_routes_keep_their_own_behaviour(self):
        # the parameter guard covers the advocacy routes only
        self.assertEqual(self.url_open("/web/login?unused=%00").status_code, 200)
