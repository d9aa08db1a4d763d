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
        # public user, token lookup, invitation, its company, the user of the rendering
        # (at most: what earlier tests left in the registry's caches may spare one)
        self.assertLessEqual(self._queries_of(self.links[9]), 5, "the landing page")
        # the same, plus the invitation's UPDATE and the answer cron's wake-up (the cron and its user
        # read, a pending trigger looked for under a lock, the trigger's INSERT)
        self.assertLessEqual(self._queries_of(self.links[9], data={"confirm": "1"}), 11, "the answer")
        self.assertLessEqual(self._queries_of(self.links[9], data={"confirm": "1"}), 5, "a repeated click")
        self.assertEqual((self.invitation.state, self.invitation.score), ("answered", 9))
