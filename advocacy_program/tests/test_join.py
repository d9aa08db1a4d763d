import re
import secrets
from datetime import timedelta

from odoo import fields, http
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .rpc import RpcCase


@tagged("post_install", "-at_install")
class TestJoin(RpcCase):
    """The invitation to join: a public page behind a secret link, the accept a POST."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="join_rep",
            name="Rhea Rep",
            email="rhea@ourco.example",
            groups="advocacy_program.group_advocacy_user",
        )
        cls.env["ir.config_parameter"].sudo().set_param("advocacy_program.invite_on_promoter", "True")
        cls.company = cls.env.company
        cls.company.write(
            {
                "advocacy_terms": "<p>Refer honestly, Jolly Terms apply.</p>",
                "advocacy_terms_version": "2026-1",
            }
        )
        cls.carla = cls.env["res.partner"].create(
            {
                "name": "Carla Candidate",
                "email": "carla@client.example",
                "advocate_state": "candidate",
                "account_manager_id": cls.rep.id,
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # a visitor's session: the page's CSRF token belongs to it

    def _snapshot(self, partner):
        partner.invalidate_recordset()
        return partner.sudo().read(
            [
                "advocate_state",
                "referral_code",
                "advocacy_consent_date",
                "advocacy_terms_accepted",
                "write_date",
            ]
        )

    def _accept(self, url, consent=True):
        data = {"csrf_token": http.Request.csrf_token(self)}
        if consent:
            data["consent"] = "on"
        return self.url_open(f"{url}/accept", data=data, allow_redirects=False)

    def test_get_and_head_of_the_link_write_nothing(self):
        """Mail scanners and link checkers open the link: the page shows the terms, records nothing."""
        url = self.carla._advocacy_join_url()
        self.assertTrue(url.startswith(self.carla.get_base_url() + "/advocacy/join/"))
        before = self._snapshot(self.carla)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Jolly Terms apply", page.text)
        self.assertIn("2026-1", page.text)
        self.assertIn('name="consent"', page.text)
        self.assertEqual(self.url_open(url, head=True).status_code, 200)
        self.assertEqual(self._snapshot(self.carla), before)
        self.assertFalse(self.carla.referral_code)

    def test_unknown_forged_and_expired_links_get_the_same_explanatory_404(self):
        url = self.carla._advocacy_join_url()
        token = url.rsplit("/", 1)[1]
        self.assertGreaterEqual(len(token), 43, "256 random bits")
        bodies = set()
        for wrong in (
            secrets.token_urlsafe(32),
            token[:-1] + ("A" if token[-1] != "A" else "B"),
            "short",
            token + "x",
        ):
            response = self.url_open(f"/advocacy/join/{wrong}")
            self.assertEqual(response.status_code, 404, wrong)
            self.assertIn("This invitation link is not valid", response.text)
            # the page as a visitor reads it: the same whatever was wrong (the session's CSRF token aside)
            bodies.add(re.sub(r'csrf_token: "[^"]*"', "", response.text))
        self.carla.sudo().advocacy_join_expiry = fields.Datetime.now() - timedelta(minutes=1)
        expired = self.url_open(url)
        self.assertEqual(expired.status_code, 404)
        self.assertIn("may have expired", expired.text)
        # an expired link cannot be accepted either
        with mute_logger("odoo.http"):
            post = self.url_open(f"{url}/accept", data={"consent": "on", "csrf_token": "x"})
        self.assertIn(post.status_code, (400, 404))
        self.assertEqual(self.carla.advocate_state, "candidate")
        self.assertEqual(len(bodies), 1, "every wrong token gets the same page")

    def test_accepting_records_consent_and_equips_the_link_at_once(self):
        url = self.carla._advocacy_join_url()
        refused = self._accept(url, consent=False)
        self.assertEqual(refused.status_code, 400)
        self.assertIn("tick the box", refused.text)
        self.assertEqual(self.carla.advocate_state, "candidate")
        self.assertFalse(self.carla.advocacy_consent_date)

        accepted = self._accept(url)
        self.assertEqual(accepted.status_code, 303)
        self.carla.invalidate_recordset()
        self.assertEqual(self.carla.advocate_state, "active")
        self.assertTrue(self.carla.advocacy_consent_date)
        self.assertIn("2026-1", self.carla.advocacy_terms_accepted)
        self.assertIn("Jolly Terms apply", self.carla.advocacy_terms_accepted)
        code = self.carla.referral_code
        self.assertTrue(code)
        page = self.url_open(accepted.headers["Location"])
        self.assertEqual(page.status_code, 200)
        share = f"/advocacy/r/{code}"
        self.assertIn("Welcome to the program", page.text)
        self.assertIn(share, page.text)
        self.assertIn("o_advocacy_copy", page.text)
        self.assertIn("https://www.linkedin.com/sharing/share-offsite/?url=", page.text)
        self.assertIn("https://x.com/intent/tweet?", page.text)
        self.assertIn("https://wa.me/?text=", page.text)
        self.assertIn("mailto:?subject=", page.text)
        qr = re.search(r'src="(/report/barcode/\?barcode_type=QR[^"]+)"', page.text).group(1)
        image = self.url_open(qr.replace("&amp;", "&"))
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image.headers["Content-Type"], "image/png")
        self.assertNotIn("o_advocacy_portal_link", page.text, "no portal login: no portal link")
        # accepting twice changes nothing
        consent = self.carla.advocacy_consent_date
        self.assertEqual(self._accept(url).status_code, 303)
        self.carla.invalidate_recordset()
        self.assertEqual((self.carla.advocacy_consent_date, self.carla.referral_code), (consent, code))

    def test_suggested_message_in_the_advocates_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.company.advocacy_share_message = "We recommend Our Company."
        self.company.update_field_translations(
            "advocacy_share_message", {"fr_FR": "Nous recommandons notre fournisseur."}
        )
        self.carla.write({"lang": "fr_FR"})
        url = self.carla._advocacy_join_url()
        self._accept(url)
        page = self.url_open(url).text
        self.assertIn("Nous recommandons notre fournisseur.", page)
        self.assertNotIn("We recommend Our Company.", page)

    def test_a_portal_advocate_is_pointed_to_their_portal_page(self):
        user = new_test_user(self.env, login="join_portal", groups="base.group_portal", name="Pia Portal")
        user.partner_id.write({"email": "pia@client.example"})
        url = user.partner_id._advocacy_join_url()
        page = self.url_open(self._accept(url).headers["Location"]).text
        self.assertIn("o_advocacy_portal_link", page)
        self.assertIn(f'href="{user.partner_id._advocacy_portal_url()}"', page)

    def test_consent_cannot_be_typed_by_staff(self):
        result = self.call_kw(
            "join_rep",
            "res.partner",
            "write",
            [self.carla.ids, {"advocacy_consent_date": "2026-01-01 10:00:00"}],
        )
        self.assertRefused(result)
        self.assertFalse(self.carla.advocacy_consent_date)

    def _join_mails(self, partner):
        # the invitation is noted when the transaction commits (its pre-commit hooks, run as a commit
        # does), then the sending cron makes the mail
        self.env.cr.flush()
        self.env["advocacy.notification"]._cron_send_mails()
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("subject", "ilike", "advocacy program"),
                ]
            )
        )

    def test_the_account_manager_invites_through_the_button(self):
        _result, error = self.call_kw(
            "join_rep", "res.partner", "action_advocacy_invite_to_join", [self.carla.ids]
        )
        self.assertIsNone(error)
        mail = self._join_mails(self.carla)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "sent through the mail queue")
        self.assertIn(self.carla.sudo().advocacy_join_token, mail.body_html)
        self.assertIn("carla@client.example", mail.email_to)
        # a portal user cannot send it, even for themselves
        portal = new_test_user(self.env, login="join_portal2", groups="base.group_portal")
        self.assertRefused(
            self.call_kw(
                "join_portal2", "res.partner", "action_advocacy_invite_to_join", [portal.partner_id.ids]
            )
        )

    def test_opted_out_do_not_ask_and_blacklisted_contacts_are_not_invited(self):
        Partner = self.env["res.partner"]
        opted = Partner.create(
            {"name": "Otto", "email": "otto@client.example", "advocate_state": "opted_out"}
        )
        quiet = Partner.create(
            {"name": "Quinn", "email": "quinn@client.example", "advocacy_do_not_ask": True}
        )
        listed = Partner.create({"name": "Bea", "email": "bea@client.example"})
        self.env["mail.blacklist"].sudo()._add("bea@client.example")
        for partner in opted | quiet | listed:
            outcome = self.call_kw("join_rep", "res.partner", "action_advocacy_invite_to_join", [partner.ids])
            self.assertRefused(outcome, "odoo.exceptions.UserError", contains="Nobody to invite")
            self.assertFalse(self._join_mails(partner))

    def test_an_accepted_ask_invites_unless_switched_off(self):
        moment = self.env["advocacy.moment"]._trigger(self.carla, "good_review")
        self.env["ir.config_parameter"].sudo().set_param("advocacy_program.invite_on_promoter", False)
        moment.with_user(self.rep).action_accept()
        self.assertFalse(self._join_mails(self.carla))
        other = self.env["res.partner"].create(
            {"name": "Ola", "email": "ola@client.example", "account_manager_id": self.rep.id}
        )
        self.env["ir.config_parameter"].sudo().set_param("advocacy_program.invite_on_promoter", "True")
        self.env["advocacy.moment"]._trigger(other, "good_review").with_user(self.rep).action_accept()
        self.assertEqual(len(self._join_mails(other)), 1)

    def test_merging_contacts_keeps_the_consent(self):
        """Odoo's merge wizard, run by a contact manager outside the program: the kept contact keeps
        the consent the merged one gave (the join service's key carries it over)."""
        self.carla._advocacy_accept_join()
        duplicate = self.env["res.partner"].create({"name": "Carla C.", "email": "carla@client.example"})
        employee = new_test_user(
            self.env, login="join_merger", groups="base.group_user,base.group_partner_manager"
        )
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(employee)
            .create({"partner_ids": [(6, 0, (self.carla | duplicate).ids)], "dst_partner_id": duplicate.id})
        )
        wizard.action_merge()
        self.assertFalse(self.carla.exists())
        self.assertTrue(duplicate.advocacy_consent_date)
        self.assertIn("2026-1", duplicate.advocacy_terms_accepted)
