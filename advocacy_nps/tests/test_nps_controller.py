import secrets
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import NpsClickCase, click


@tagged("post_install", "-at_install")
class TestNpsPublicPages(NpsClickCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.ann.parent_id
        cls.Response = cls.env["advocacy.nps.response"]

    def _responses(self):
        # the answer cron turns one-click answers into responses (and runs the closed loop)
        self.env["advocacy.nps.invitation"]._cron_sync_answers()
        return self.Response.search([("partner_id", "=", self.ann.id)])

    def test_one_click_followup_and_closed_loop(self):
        self.assertEqual(sorted(self.links), list(range(11)))
        _landing, page = click(self, self.links[3])
        self.assertIn("Thank you", page.text)
        self.assertIn("What went wrong", page.text, "the detractor's follow-up question")
        self.assertNotIn("acme.example", page.text, "no personal data on the page")
        response = self._responses()
        self.assertEqual(len(response), 1)
        self.assertEqual((response.score, response.category, response.channel), (3, "detractor", "email"))
        self.assertEqual(response.invitation_id, self.invitation)
        self.assertEqual(self.invitation.state, "answered")
        # the automation opened the call-back for the account manager
        callback = response.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("advocacy_nps.mail_activity_type_nps_detractor")
        )
        self.assertEqual(callback.user_id, self.rep)
        # the follow-up answer, posted to the token's URL
        token = self.invitation.sudo().token
        done = self.url_open(
            f"/nps/{token}/feedback", data={"answer": "Support never called back", "consent": "1"}
        )
        self.assertEqual(done.status_code, 200)
        self.assertIn("Your answer was saved", done.text)
        self.assertEqual(self._responses(), response)
        self.assertEqual(response.followup_answer, "Support never called back")
        self.assertTrue(response.consent)
        # changing one's mind updates the same answer
        click(self, self.links[10])
        self.assertEqual(self._responses(), response)
        self.assertEqual((response.score, response.category), (10, "promoter"))
        self.assertEqual(self.ann.advocate_state, "candidate")

    def test_feedback_before_any_answer_is_refused(self):
        token = self.invitation.sudo().token
        refused = self.url_open(f"/nps/{token}/feedback", data={"answer": "spam"})
        self.assertEqual(refused.status_code, 404)
        self.assertFalse(self.invitation.followup_answer)
        self.assertFalse(self._responses())

    def _forged(self):
        token = self.invitation.sudo().token
        return token[:-1] + ("A" if token[-1] != "A" else "B")

    def test_forged_and_unknown_tokens_get_404_and_write_nothing(self):
        token = self.invitation.sudo().token
        for path in (
            f"/nps/{self._forged()}/9",
            f"/nps/{secrets.token_urlsafe(32)}/9",
            "/nps/short/9",
            f"/nps/{token}/11",
            f"/nps/{self._forged()}/unsubscribe",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.url_open(path).status_code, 404)
        self.assertFalse(self._responses())
        self.assertEqual(self.invitation.state, "sent")

    def test_forged_token_post_gets_404(self):
        posted = self.url_open(f"/nps/{self._forged()}/feedback", data={"answer": "x"})
        self.assertEqual(posted.status_code, 404)
        self.assertFalse(self._responses().followup_answer)

    def test_expired_token_gets_404_and_writes_nothing(self):
        self.invitation.expire_date = fields.Datetime.now() - timedelta(minutes=1)
        self.assertEqual(self.url_open(self.links[9]).status_code, 404)
        self.assertFalse(self._responses())
        self.assertEqual(self.invitation.state, "sent")

    def test_queued_invitation_token_does_not_work_yet(self):
        queued = self.env["advocacy.nps.invitation"].create(
            {
                "wave_id": self.wave.id,
                "partner_id": self.acme.id,
                "email": "x@acme.example",
                "cycle": 1,
            }
        )
        self.assertEqual(self.url_open(f"/nps/{queued.sudo().token}/9").status_code, 404)

    def test_unsubscribe(self):
        token = self.invitation.sudo().token
        page = self.url_open(f"/nps/{token}/unsubscribe")
        self.assertEqual(page.status_code, 200)
        self.assertFalse(self.env["mail.blacklist"].search([("email", "=", "ann.click@acme.example")]))
        done = self.url_open(f"/nps/{token}/unsubscribe", data={"confirm": "1"})
        self.assertIn("unsubscribed", done.text)
        self.assertTrue(self.env["mail.blacklist"].search([("email", "=", "ann.click@acme.example")]))
