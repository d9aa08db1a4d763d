from odoo.tests import tagged

from .common import NpsClickCase


@tagged("post_install", "-at_install")
class TestNpsPerformances(NpsClickCase):
    """The one-click pages are the hottest public path: their queries are pinned, as crm's
    test_performances pins its hot paths (an HttpCase request runs on the test's cursor, so its
    counter sees the request's queries)."""

    def _queries_of(self, path, **kwargs):
        before = self.cr.sql_log_count
        response = self.url_open(path, **kwargs)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def test_one_click_queries(self):
        self.url_open(self.links[9])  # warm: routing map, templates, the public user
        # the public user, the token lookup (the answer shown and the company's name with it), the user
        # of the rendering: nothing else of the invitation is read
        self.assertLessEqual(self._queries_of(self.links[9]), 3, "the landing page")
        # the same, plus the click's INSERT and the answer cron's wake-up (a pending trigger looked for
        # under a lock, the cron read, the trigger's INSERT); the first click and the first trigger of
        # the process also look Odoo's defaults up (cached afterwards: 7 then)
        self.assertLessEqual(self._queries_of(self.links[9], data={"confirm": "1"}), 9, "the answer")
        self.assertLessEqual(self._queries_of(self.links[9], data={"confirm": "1"}), 3, "a repeated click")
        # a changed mind and the follow-up answer before the cron ran: the pending trigger serves them
        self.assertLessEqual(self._queries_of(self.links[4], data={"confirm": "1"}), 5, "a changed mind")
        feedback = f"/nps/{self.token}/feedback"
        self.assertLessEqual(
            self._queries_of(feedback, data={"answer": "Good", "consent": "1"}), 5, "feedback"
        )
        self._sync()
        self.assertEqual(
            (self.invitation.state, self.invitation.score, self.invitation.followup_answer),
            ("answered", 4, "Good"),
        )
