from odoo.tests import tagged

from ..tools import attribution
from .route_fuzz import RouteFuzzCase

SUBMIT_ROUTE = "/advocacy/r/<string:code>/submit"
XLSX_ROUTE = "/advocacy/campaign/<int:campaign_id>/xlsx"
JOIN_ACCEPT_ROUTE = "/advocacy/join/<string:token>/accept"
CHALLENGE_ROUTES = (
    "/my/advocacy/challenges/<int:participation_id>/accept",
    "/my/advocacy/challenges/<int:participation_id>/submit",
)


@tagged("post_install", "-at_install", "route_fuzz")
class TestRouteFuzz(RouteFuzzCase):
    addon = "advocacy_program"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = cls.env["res.partner"].create(
            {"name": "Fuzz Advocate", "email": "fuzz.advocate@example.com", "advocate_state": "active"}
        )
        cls.victim.advocate_state = "active"
        # a candidate invited to join, and challenges of the portal user and of the victim
        cls.candidate = cls.env["res.partner"].create(
            {"name": "Fuzz Candidate", "email": "fuzz.candidate@example.com", "advocate_state": "candidate"}
        )
        cls.join_token = cls.candidate._advocacy_join_url().rsplit("/", 1)[1]
        cls.victim._advocacy_join_url()
        campaign = cls.env["advocacy.campaign"].create(
            {"name": "Fuzz campaign", "date_start": "2026-01-01", "date_end": "2026-12-31"}
        )
        campaign.action_start()
        challenge = cls.env["advocacy.challenge"].create(
            {"name": "Fuzz challenge", "campaign_id": campaign.id}
        )
        Participation = cls.env["advocacy.participation"]
        cls.own_participation = Participation.create(
            {"challenge_id": challenge.id, "partner_id": cls.fuzz_portal.partner_id.id}
        )
        cls.victim_participation = Participation.create(
            {
                "challenge_id": challenge.id,
                "partner_id": cls.victim.id,
                "evidence_note": f"Note {cls.fuzz_secret}",
            }
        )

    def _fuzz_seeds(self):
        return {
            "code": [self.advocate.referral_code, self.victim.referral_code],
            "email": ["paula@initech.com"],
            "name": ["Paula Prospect"],
            "token": [self.join_token],
            "consent": ["on"],
            "participation_id": [self.own_participation.id, self.victim_participation.id],
            "evidence_url": ["https://example.com/my-post"],
            "evidence_note": ["Posted it"],
        }

    def _fuzz_secrets(self):
        return [*super()._fuzz_secrets(), self.victim.referral_code, self.victim.sudo().advocacy_join_token]

    def _fuzz_allowed_writes(self, rule, method, params, csrf_ok, logged_in):
        # the share form is the public write: a rate-limit row per accepted submission, and the
        # referral of the lead when the posted code is a live advocate's code, with the advocate's
        # mail noted for the sending cron; accepting the invitation to join notes the welcome mail
        if method != "POST" or not csrf_ok:
            return set()
        if rule == JOIN_ACCEPT_ROUTE:
            return {"advocacy.notification"}
        if rule != SUBMIT_ROUTE:
            return set()
        allowed = {"advocacy.share.attempt"}
        code = attribution.normalize_code(params.get("code"))
        if code and self.env["res.partner"].sudo().search_count([("referral_code", "=", code)]):
            allowed |= {"advocacy.referral", "advocacy.notification"}
        return allowed

    def _fuzz_expected_status(self, rule, method, login):
        # campaigns are internal: a portal user gets Not Found (the export is tested in test_campaign_xlsx)
        if rule == XLSX_ROUTE and login:
            return 404
        # accepting the invitation, a challenge, or submitting evidence redirects to the page again
        if rule == JOIN_ACCEPT_ROUTE:
            return (303, "/advocacy/join/")
        if rule in CHALLENGE_ROUTES and login:
            return (303, "/my/advocacy/challenges?message=")
        return super()._fuzz_expected_status(rule, method, login)
