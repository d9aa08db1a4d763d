import base64
import re

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .rpc import RpcCase


@tagged("post_install", "-at_install")
class TestPortalChallenges(RpcCase):
    """/my/advocacy/challenges: portal users have no access right on participations; the controller
    reaches their own through sudo and nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paul = new_test_user(
            cls.env,
            login="chal_portal",
            password="chal_portal",
            groups="base.group_portal",
            name="Paul Portal",
        )
        cls.vera = new_test_user(
            cls.env,
            login="chal_portal2",
            password="chal_portal2",
            groups="base.group_portal",
            name="Vera Other",
        )
        cls.paul.partner_id.write({"advocate_state": "active", "email": "paul@client.example"})
        cls.vera.partner_id.write({"advocate_state": "active", "email": "vera@client.example"})
        campaign = cls.env["advocacy.campaign"].create(
            {
                "name": "Spring buzz",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "user_id": cls.env.uid,
            }
        )
        campaign.action_start()
        cls.challenge = cls.env["advocacy.challenge"].create(
            {
                "name": "Review us on G2",
                "campaign_id": campaign.id,
                "description": "<p>Tell the world what you think.</p>",
                "action_items": "Open G2\nWrite your review",
            }
        )
        Participation = cls.env["advocacy.participation"]
        cls.mine = Participation.create(
            {"challenge_id": cls.challenge.id, "partner_id": cls.paul.partner_id.id}
        )
        cls.theirs = Participation.create(
            {"challenge_id": cls.challenge.id, "partner_id": cls.vera.partner_id.id}
        )

    def _csrf(self):
        page = self.url_open("/my/advocacy/challenges")
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_the_advocate_sees_accepts_and_submits_their_challenge(self):
        self.authenticate("chal_portal", "chal_portal")
        page = self.url_open("/my/advocacy/challenges")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Review us on G2", page.text)
        self.assertIn("Write your review", page.text)
        self.assertIn(f'data-participation-id="{self.mine.id}"', page.text)
        self.assertNotIn(f'data-participation-id="{self.theirs.id}"', page.text)
        csrf = self._csrf()
        accepted = self.url_open(f"/my/advocacy/challenges/{self.mine.id}/accept", data={"csrf_token": csrf})
        self.assertEqual(accepted.status_code, 200)
        self.assertEqual(self.mine.state, "accepted")
        response = self.url_open(
            f"/my/advocacy/challenges/{self.mine.id}/submit",
            data={
                "csrf_token": csrf,
                "evidence_url": "https://g2.example/review/42",
                "evidence_note": "Five stars",
            },
            files={"evidence_file": ("review.png", b"\x89PNG fake", "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("sent for verification", response.text)
        self.mine.invalidate_recordset()
        self.assertEqual(self.mine.state, "submitted")
        self.assertEqual(self.mine.evidence_url, "https://g2.example/review/42")
        attachment = self.mine.attachment_ids
        self.assertEqual(attachment.name, "review.png")
        self.assertEqual((attachment.res_model, attachment.res_id), ("advocacy.participation", self.mine.id))
        self.assertEqual(base64.b64decode(attachment.datas), b"\x89PNG fake")
        # the page now lists it with its verification state; staff verify in the back office
        self.mine.action_verify()
        page = self.url_open("/my/advocacy/challenges").text
        self.assertIn("Verified", page)

    def test_another_advocates_participation_cannot_be_reached_by_its_id(self):
        self.authenticate("chal_portal", "chal_portal")
        csrf = self._csrf()
        with mute_logger("odoo.http"):
            for action in ("accept", "submit"):
                response = self.url_open(
                    f"/my/advocacy/challenges/{self.theirs.id}/{action}",
                    data={"csrf_token": csrf, "evidence_note": "Not mine"},
                )
                self.assertEqual(response.status_code, 404, action)
        self.theirs.invalidate_recordset()
        self.assertEqual(self.theirs.state, "invited")
        self.assertFalse(self.theirs.evidence_note)

    def test_submitting_without_evidence_or_with_a_script_link_is_refused(self):
        self.authenticate("chal_portal", "chal_portal")
        csrf = self._csrf()
        empty = self.url_open(f"/my/advocacy/challenges/{self.mine.id}/submit", data={"csrf_token": csrf})
        self.assertEqual(empty.status_code, 400)
        self.assertIn("Give the evidence", empty.text)
        script = self.url_open(
            f"/my/advocacy/challenges/{self.mine.id}/submit",
            data={"csrf_token": csrf, "evidence_url": "javascript:alert(1)"},
        )
        self.assertEqual(script.status_code, 400)
        self.mine.invalidate_recordset()
        self.assertEqual(self.mine.state, "invited")
        self.assertFalse(self.mine.evidence_url)

    def test_the_form_needs_csrf_and_a_login(self):
        self.authenticate("chal_portal", "chal_portal")
        with mute_logger("odoo.http"):
            response = self.url_open(f"/my/advocacy/challenges/{self.mine.id}/accept", data={"go": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.mine.state, "invited")
        self.authenticate(None, None)
        anonymous = self.url_open("/my/advocacy/challenges", allow_redirects=False)
        self.assertIn(anonymous.status_code, (302, 303))

    def test_portal_users_still_have_no_access_to_participations_by_rpc(self):
        self.assertRefused(
            self.call_kw("chal_portal", "advocacy.participation", "search_read", [[]], {"fields": ["state"]})
        )
        self.assertRefused(
            self.call_kw("chal_portal", "advocacy.participation", "action_submit", [self.mine.ids])
        )

    def test_portal_home_counts_open_challenges(self):
        self.authenticate("chal_portal", "chal_portal")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["advocacy_challenge_count"]})
        self.assertEqual(counters["advocacy_challenge_count"], 1)
        self.assertIn("/my/advocacy/challenges", self.url_open("/my").text)
