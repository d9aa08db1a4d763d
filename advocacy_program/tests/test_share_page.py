import re
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tools import config, email_normalize


@tagged("post_install", "-at_install")
class TestSharePage(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the rate limit starts afresh (a database in use has submissions of the hour)
        cls.env["advocacy.share.attempt"].search([]).unlink()
        cls.manager_user = cls.env["res.users"].create(
            {
                "name": "Sam Success",
                "login": "adv_share_am",
                "email": "sam.success@yourcompany.example.com",
                "groups_id": [(6, 0, [cls.env.ref("advocacy_program.group_advocacy_user").id])],
            }
        )
        cls.advocate = cls.env["res.partner"].create(
            {
                "name": "Ada Advocate",
                "email": "ada@acme-robotics.com",
                "advocate_state": "active",
                "account_manager_id": cls.manager_user.id,
            }
        )
        cls.code = cls.advocate.referral_code

    def _page(self, code):
        response = self.url_open(f"/advocacy/r/{code}")
        self.assertEqual(response.status_code, 200)
        return response

    def _post(self, code, headers=None, **data):
        page = self._page(code)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        values = {
            "csrf_token": token,
            "name": "Paula Prospect",
            "company": "Initech",
            "email": "paula@initech.com",
        }
        values.update(data)
        return self.url_open(f"/advocacy/r/{code}/submit", data=values, headers=headers)

    def _leads(self, email="paula@initech.com"):
        return self.env["crm.lead"].search([("email_from", "=", email)])

    def test_valid_code_creates_attributed_lead(self):
        response = self._post(self.code)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you", response.text)
        lead = self._leads()
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.referral_id.referrer_id, self.advocate)
        self.assertEqual(lead.referral_id.channel, "code")
        self.assertEqual(lead.user_id, self.manager_user)
        self.assertEqual(lead.contact_name, "Paula Prospect")
        self.assertEqual(lead.partner_name, "Initech")

    def test_assigned_rep_gets_the_assignment_email(self):
        # the prospect is a public visitor without an address: the lead is created as Odoo's website
        # forms create theirs (OdooBot), so the "You have been assigned" email has a sender
        self.assertIn("Thank you", self._post(self.code).text)
        lead = self._leads()
        self.assertEqual((lead.user_id, lead.referral_id.referrer_id), (self.manager_user, self.advocate))
        rep = self.manager_user.partner_id
        mail = self.env["mail.mail"].search(
            [("model", "=", "crm.lead"), ("res_id", "=", lead.id), ("recipient_ids", "in", rep.ids)]
        )
        self.assertEqual(len(mail), 1, "one assignment email to the rep")
        self.assertIn("You have been assigned", mail.subject)
        self.assertEqual(mail.author_id, self.env.ref("base.partner_root"), "OdooBot sends it")
        self.assertTrue(email_normalize(mail.email_from), f"a valid sender, not {mail.email_from!r}")
        notification = self.env["mail.notification"].search(
            [("mail_mail_id", "=", mail.id), ("res_partner_id", "=", rep.id)]
        )
        self.assertEqual(notification.notification_type, "email")
        mail.send(raise_exception=True)
        self.assertEqual(notification.notification_status, "sent", notification.failure_reason)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "crm.lead"), ("res_id", "=", lead.id), ("state", "=", "exception")]
            )
        )

    def test_page_is_neutral_for_unknown_code(self):
        good = self._page(self.code).text
        bad = self._page("NOSUCHCODE").text

        def content(text):
            # what the visitor reads and submits; the layout around it carries per-request noise
            # (session and asset data) that says nothing about the code
            block = re.search(r'<div class="container py-5 o_advocacy_share".*?</form>', text, re.S).group(0)
            return re.sub(r'(csrf_token" value="[^"]+"|/advocacy/r/\w+/submit)', "", block)

        self.assertEqual(content(good), content(bad), "the page does not tell valid from unknown codes")
        self.assertNotIn("Ada", good)

    def test_unknown_code_keeps_the_prospect_without_attribution(self):
        response = self._post("NOSUCHCODE")
        self.assertIn("Thank you", response.text)
        lead = self._leads()
        self.assertEqual(len(lead), 1)
        self.assertFalse(lead.referral_id)
        self.assertIn("NOSUCHCODE", lead.message_ids[0].body)

    def test_missing_csrf_is_refused(self):
        response = self.url_open(
            f"/advocacy/r/{self.code}/submit", data={"name": "Bot", "email": "bot@spam.com"}
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self._leads("bot@spam.com"))

    def test_honeypot_creates_nothing(self):
        response = self._post(self.code, website_url="http://spam.example")
        self.assertIn("Thank you", response.text)
        self.assertFalse(self._leads())

    def test_bad_email_shows_error_and_creates_nothing(self):
        response = self._post(self.code, email="not-an-email")
        self.assertEqual(response.status_code, 400)
        self.assertIn("valid email", response.text)
        self.assertFalse(self._leads("not-an-email"))

    def test_rate_limit_per_address(self):
        for i in range(5):
            self.assertEqual(self._post(self.code, email=f"p{i}@prospect{i}.com").status_code, 200)
        response = self._post(self.code, email="p6@prospect6.com")
        self.assertEqual(response.status_code, 429)
        self.assertFalse(self._leads("p6@prospect6.com"))
        self.assertEqual(self.env["advocacy.share.attempt"].search_count([("address", "=", "127.0.0.1")]), 6)

    def _attempts(self, address):
        return self.env["advocacy.share.attempt"].search_count([("address", "=", address)])

    def _post_from(self, forwarded_for, n, **headers):
        return self._post(
            self.code, email=f"p{n}@prospect{n}.com", headers={"X-Forwarded-For": forwarded_for, **headers}
        ).status_code

    def test_rate_limit_per_client_behind_a_proxy(self):
        # behind a reverse proxy (proxy_mode), the visitor is the address the proxy appended to
        # X-Forwarded-For (one trusted hop, as Odoo's ProxyFix), not the proxy's own address
        with patch.dict(config.options, {"proxy_mode": True}):
            self.assertEqual([self._post_from("203.0.113.7", i) for i in range(5)], [200] * 5)
            self.assertEqual(self._post_from("203.0.113.7", 5), 429)
            # what the client itself wrote before the proxy's hop does not escape the limit
            self.assertEqual(self._post_from("198.51.100.1, 203.0.113.7", 6), 429)
            # another visitor behind the same proxy has their own allowance
            self.assertEqual(self._post_from("198.51.100.9", 7), 200)
            self.assertEqual(self._post_from("203.0.113.7, 198.51.100.23", 8), 200)
            # with X-Forwarded-Host too, Odoo fixes the request's address itself: same visitor
            self.assertEqual(self._post_from("192.0.2.44", 9, **{"X-Forwarded-Host": "127.0.0.1"}), 200)
        self.assertEqual(self._attempts("203.0.113.7"), 7)
        self.assertEqual(
            [self._attempts(a) for a in ("198.51.100.9", "198.51.100.23", "192.0.2.44")], [1, 1, 1]
        )
        self.assertEqual(self._attempts("127.0.0.1"), 0, "the proxy's address is nobody")
        self.assertFalse(self._leads("p5@prospect5.com") | self._leads("p6@prospect6.com"))
        self.assertTrue(self._leads("p7@prospect7.com"))

    def test_forwarded_header_ignored_without_proxy_mode(self):
        # without proxy_mode anyone can write X-Forwarded-For: a new value per request escapes nothing
        with patch.dict(config.options, {"proxy_mode": False}):
            statuses = [self._post_from(f"198.51.100.{i}", i) for i in range(6)]
        self.assertEqual(statuses, [200] * 5 + [429])
        self.assertEqual(self._attempts("127.0.0.1"), 6)
        self.assertFalse(
            self.env["advocacy.share.attempt"].search_count([("address", "like", "198.51.100.")])
        )
