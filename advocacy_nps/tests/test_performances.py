from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

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


@tagged("post_install", "-at_install")
class TestNpsAnswerCronPerformances(TransactionCase):
    """The answer cron records a batch of answers in a number of queries that grows with the distinct
    changes in it (one write per distinct change), not with its answers: the closed loop of each band
    runs once for the batch. Run by the administrator, who is also the owner of the call-backs (an
    activity assigned to someone else sends them an email each, as Odoo's activities do)."""

    BANDS = (3, 8, 10)  # a detractor, a passive, a promoter

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        account = cls.env["res.partner"].create({"name": "Batch Account", "is_company": True})
        cls.wave = cls.env["advocacy.nps.wave"].create(
            {"name": "Batch wave", "state": "running", "user_id": cls.admin.id}
        )
        contacts = cls.env["res.partner"].create(
            [
                {"name": f"Batch {i}", "email": f"batch.{i}@example.com", "parent_id": account.id}
                for i in range(25)
            ]
        )
        now = fields.Datetime.now()
        cls.invitations = cls.env["advocacy.nps.invitation"].create(
            [
                {
                    "wave_id": cls.wave.id,
                    "partner_id": contact.id,
                    "email": contact.email,
                    "state": "sent",
                    "sent_date": now,
                    "expire_date": now + timedelta(days=30),
                }
                for contact in contacts
            ]
        )

    def _batch_queries(self, invitations, shift):
        """Queries of the cron run recording one answer per invitation, the bands in turn."""
        for index, invitation in enumerate(invitations):
            invitation._nps_record_score(self.BANDS[(index + shift) % 3])
        self.env.flush_all()
        before = self.cr.sql_log_count
        self.env["advocacy.nps.invitation"].with_user(self.admin)._cron_sync_answers(
            batch_size=len(invitations)
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return self.cr.sql_log_count - before

    def test_queries_grow_with_the_changes_not_the_answers(self):
        small, large = self.invitations[:5], self.invitations[5:]
        first = [self._batch_queries(batch, 0) for batch in (small, large)]
        # every answer changes band: detractors become passives, passives promoters, promoters detractors
        changed = [self._batch_queries(batch, 1) for batch in (small, large)]
        self.assertEqual(large.response_id.mapped("score"), [self.BANDS[(i + 1) % 3] for i in range(20)])
        former_detractors = large.response_id.filtered(lambda r: r.score == 8)
        self.assertEqual(set(former_detractors.mapped("followup_state")), {"none"}, "the call-backs closed")
        self.assertTrue(
            all("follow-up was closed" in " ".join(r.message_ids.mapped("body")) for r in large.response_id),
            "each changed answer says its old loop was closed",
        )
        for label, (five, twenty) in (("first answers", first), ("changed minds", changed)):
            with self.subTest(label):
                self.assertLessEqual(twenty, five + 10, f"{five} queries for 5 answers, {twenty} for 20")
