from odoo.addons.advocacy_program.tests.route_fuzz import RouteFuzzCase
from odoo.tests import tagged

SCORE_ROUTE = "/nps/<string:token>/<int(min=0, max=10):score>"


@tagged("post_install", "-at_install", "route_fuzz")
class TestNpsRouteFuzz(RouteFuzzCase):
    addon = "advocacy_nps"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.respondent = cls.env["res.partner"].create(
            {"name": "Rosa Respondent", "email": "rosa.respondent@example.com"}
        )
        cls.victim.email = "zqxsecret7731@victim.example.com"
        wave = cls.env["advocacy.nps.wave"].create(
            {"name": "Fuzz wave", "audience_domain": str([("id", "in", (cls.respondent | cls.victim).ids)])}
        )
        wave.action_launch()
        cls.env["advocacy.nps.invitation"]._cron_send()
        invitations = wave.invitation_ids.sudo()
        cls.token = invitations.filtered(lambda i: i.partner_id == cls.respondent).token
        cls.victim_token = invitations.filtered(lambda i: i.partner_id == cls.victim).token
        assert cls.token and cls.victim_token

    def _fuzz_seeds(self):
        # the respondent's own token and its near misses; the victim's token is never sent
        return {"token": [self.token], "score": [0, 6, 10], "answer": ["Great support"], "consent": ["on"]}

    def _fuzz_secrets(self):
        return [*super()._fuzz_secrets(), self.victim_token]

    def _fuzz_allowed_writes(self, rule, method, params, csrf_ok, logged_in):
        # the one-click link records the respondent's answer (one response per invitation)
        if rule == SCORE_ROUTE and params.get("token") == self.token:
            return {"advocacy.nps.response"}
        return set()
