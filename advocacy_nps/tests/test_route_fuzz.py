from odoo.addons.advocacy_program.tests.route_fuzz import RouteFuzzCase
from odoo.tests import tagged
from odoo.tools import SQL

SCORE_ROUTE = "/nps/<string:token>/<int(min=0, max=10):score>"
FEEDBACK_ROUTE = "/nps/<string:token>/feedback"
UNSUBSCRIBE_ROUTE = "/nps/<string:token>/unsubscribe"


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

    def _row_counts(self, tables):
        # the invitations' answers count as a change of that table, not only their number: a one-click
        # answer only appends a click (the answer cron records it on the invitation), never changes it
        counts = super()._row_counts(tables)
        self.env.cr.execute(
            SQL(
                "SELECT md5(string_agg(concat_ws(':', id, state, score, followup_answer, consent), ',' "
                "ORDER BY id)) FROM advocacy_nps_invitation"
            )
        )
        counts["advocacy.nps.invitation"] = (counts["advocacy.nps.invitation"], self.env.cr.fetchone()[0])
        return counts

    def _fuzz_allowed_writes(self, rule, method, params, csrf_ok, logged_in):
        # only the respondent's own token writes, and only by POST (the token is the credential, as
        # of the RFC 8058 unsubscription); a GET or HEAD never writes (mail scanners fetch every link)
        if method != "POST" or params.get("token") != self.token:
            return set()
        if rule in (SCORE_ROUTE, FEEDBACK_ROUTE):
            return {"advocacy.nps.click"}
        if rule == UNSUBSCRIBE_ROUTE:
            return {"advocacy.nps.invitation"}
        return set()
