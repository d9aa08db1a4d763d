from odoo import fields
from odoo.tests import tagged

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsMailQueue(NpsCommon):
    """Invitations leave within minutes: the sending cron wakes Odoo's mail queue up."""

    def _queue_triggers(self):
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        return self.env["ir.cron.trigger"].search([("cron_id", "=", queue.id)])

    def test_sending_cron_triggers_the_mail_queue(self):
        self._queue_triggers().unlink()
        wave = self._wave()
        wave.action_launch()
        self.Invitation._cron_send()
        self.assertEqual(len(wave.invitation_ids.filtered(lambda i: i.state == "sent")), 3)
        triggers = self._queue_triggers()
        self.assertEqual(len(triggers), 1, "one wake-up for the batch, not one per email")
        self.assertLessEqual(triggers.call_at, fields.Datetime.now(), "due now, not at the next hourly run")

    def test_nothing_to_send_wakes_nothing(self):
        self._queue_triggers().unlink()
        self.Invitation.search([("state", "=", "queued")]).write({"state": "cancel"})
        self.Invitation._cron_send()
        self.assertFalse(self._queue_triggers())
