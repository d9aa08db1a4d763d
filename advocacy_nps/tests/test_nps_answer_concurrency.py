from datetime import timedelta
from unittest.mock import patch

import odoo
from odoo import fields
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import SQL, mute_logger

from ..models.nps_invitation import AdvocacyNpsInvitation


@tagged("-standard", "-at_install", "post_install", "database_breaking")
class TestNpsAnswerConcurrency(BaseCase):
    """A contact clicks while the answer cron works on their invitation, each in its own transaction:
    the click does not wait for the batch, and its new answer is recorded by the next batch. The
    fixtures are committed (both cursors must see them) and removed by the class cleanup."""

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
            invitation._nps_record_score(7)
            cls.invitation_id = invitation.id

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
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["advocacy.nps.invitation"]._cron_sync_answers()

    def _state(self):
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            invitation = env["advocacy.nps.invitation"].browse(self.invitation_id)
            responses = env["advocacy.nps.response"].search([("invitation_id", "=", self.invitation_id)])
            return invitation.score, invitation.sync_needed, responses.mapped("score")

    def _click(self, score):
        """The contact's confirmation, in its own transaction, refusing to wait for any lock."""
        with self.registry.cursor() as cr:
            cr.execute(SQL("SET LOCAL lock_timeout = '2s'"))
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["advocacy.nps.invitation"].browse(self.invitation_id)._nps_record_score(score)

    def test_a_click_during_a_batch_neither_waits_nor_is_lost(self):
        sync = AdvocacyNpsInvitation._nps_sync_responses

        def click_meanwhile(invitations):
            # the batch has read the pending answer (7); the contact changes it to 9 and commits
            self._click(9)
            return sync(invitations)

        with (
            patch.object(AdvocacyNpsInvitation, "_nps_sync_responses", click_meanwhile),
            mute_logger("odoo.sql_db"),
        ):
            self._run_answer_cron()
        self.assertEqual(self._state(), (9, True, [7]), "the batch recorded 7; the 9 is still pending")
        self._run_answer_cron()
        self.assertEqual(self._state(), (9, False, [9]), "the next batch records the 9, in the same response")
