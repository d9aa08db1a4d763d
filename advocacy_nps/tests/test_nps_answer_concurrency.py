import time
from datetime import timedelta
from unittest.mock import patch

import odoo
from odoo import fields
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import SQL

from ..models.nps_invitation import AdvocacyNpsInvitation


@tagged("-standard", "-at_install", "post_install", "database_breaking")
class TestNpsAnswerConcurrency(BaseCase):
    """A contact confirms on the page while the answer cron works on their invitation, each in its own
    transaction: the POST appends a click and never touches a row the batch writes, so neither waits
    for the other nor fails, and the new answer is recorded by the next batch. The fixtures are
    committed (both transactions must see them) and removed by the class cleanup."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls.cleanUpClass)
        with cls.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
            cls.partner_id = (
                env["res.partner"].create({"name": "Racing Rosa", "email": "rosa@race.example"}).id
            )
            cls.wave_id = env["advocacy.nps.wave"].create({"name": "Race wave", "state": "running"}).id
            now = fields.Datetime.now()
            invitation = env["advocacy.nps.invitation"].create(
                {
                    "wave_id": cls.wave_id,
                    "partner_id": cls.partner_id,
                    "email": "rosa@race.example",
                    "state": "sent",
                    "sent_date": now,
                    "expire_date": now + timedelta(days=30),
                }
            )
            cls.invitation_id = invitation.id
            cls.token = invitation.token

    @classmethod
    def cleanUpClass(cls):
        with cls.registry.cursor() as cr:
            cr.execute("SELECT id FROM advocacy_nps_response WHERE invitation_id = %s", (cls.invitation_id,))
            response_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            for model, ids in (
                ("advocacy.nps.response", response_ids),
                ("advocacy.nps.wave", (cls.wave_id,)),
            ):
                cr.execute("DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s", (model, ids))
                cr.execute("DELETE FROM mail_message WHERE model = %s AND res_id IN %s", (model, ids))
                cr.execute("DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s", (model, ids))
            cr.execute("DELETE FROM advocacy_nps_response WHERE id IN %s", (response_ids,))
            cr.execute("DELETE FROM advocacy_nps_invitation WHERE id = %s", (cls.invitation_id,))
            cr.execute("DELETE FROM advocacy_nps_wave WHERE id = %s", (cls.wave_id,))
            cr.execute("DELETE FROM res_partner WHERE id = %s", (cls.partner_id,))

    def _run_answer_cron(self):
        with self.registry.cursor() as cr:
            cr.execute(SQL("SET LOCAL lock_timeout = '2s'"))  # the batch waits for no click either
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["advocacy.nps.invitation"]._cron_sync_answers()

    def _state(self):
        """(invitation's score, scores clicked and not yet recorded, the response's scores)."""
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            invitation = env["advocacy.nps.invitation"].browse(self.invitation_id)
            clicks = env["advocacy.nps.click"].search([("invitation_id", "=", self.invitation_id)])
            responses = env["advocacy.nps.response"].search([("invitation_id", "=", self.invitation_id)])
            return invitation.score, clicks.mapped("score"), responses.mapped("score")

    def _post(self, score):
        """The work of the person's confirming POST (what the page's controller calls: the token lookup,
        then the click), in its own transaction, refusing to wait for any lock. HTTP requests cannot
        run beside a post-install test that is not an HttpCase (the registry lock is held), so the
        request's door is tested in test_nps_one_click. Returns (the score the page shows, seconds)."""
        start = time.monotonic()
        with self.registry.cursor() as cr:
            cr.execute(SQL("SET LOCAL lock_timeout = '2s'"))
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            invitation, live, answer = env["advocacy.nps.invitation"]._nps_lookup_answer(self.token)
            self.assertTrue(live)
            invitation._nps_record_score(score, answer)
        return score, time.monotonic() - start

    def test_a_post_during_a_batch_neither_waits_nor_fails_nor_is_lost(self):
        self._post(7)
        sync = AdvocacyNpsInvitation._nps_sync_responses
        during = {}

        def post_meanwhile(invitations):
            # the batch has applied the 7 to the invitation (its row updated, not committed); the
            # contact changes their answer to 9 on the page
            invitations.env.flush_all()
            during["page"], during["seconds"] = self._post(9)
            return sync(invitations)

        with patch.object(AdvocacyNpsInvitation, "_nps_sync_responses", post_meanwhile):
            self._run_answer_cron()
        self.assertEqual(during["page"], 9, "the POST committed")
        self.assertLess(during["seconds"], 2, "the POST did not wait for the batch")
        self.assertEqual(self._state(), (7, [9], [7]), "the batch recorded 7; the 9 waits, appended")
        self._run_answer_cron()
        self.assertEqual(self._state(), (9, [], [9]), "the next batch records the 9, in the same response")

    def test_a_batch_never_waits_for_a_click_in_progress(self):
        self._post(3)
        with self.registry.cursor() as click_cr:
            # a click being recorded (its transaction still open) while the batch runs
            env = odoo.api.Environment(click_cr, odoo.SUPERUSER_ID, {})
            invitation = env["advocacy.nps.invitation"].browse(self.invitation_id)
            self.assertTrue(invitation._nps_record_score(10))
            env.flush_all()
            self._run_answer_cron()  # fails on its lock timeout if it waited for the click
        self.assertEqual(self._state(), (3, [10], [3]))
        self._run_answer_cron()
        self.assertEqual(self._state(), (10, [], [10]))
