from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _advocacy_note_change(self, bodies):
        """Notes ``bodies`` ({record id: body}) on the change of a tracked field this transaction just
        made on each record (callers only call it after such a change): the note rides on the
        change's tracking message, so the chatter shows one entry (and the answer cron writes half
        the messages). Records whose change is not tracked (tracking off in this context, or created
        in this transaction) get the note on its own."""
        # the tracked records' initial values wait in the precommit data until the tracking message
        pending = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        tracked = self.filtered(lambda record: pending.get(record.id))
        for record in tracked:
            record._track_set_log_message(bodies[record.id])
        untracked = self - tracked
        if untracked:
            untracked._message_log_batch(bodies={record.id: bodies[record.id] for record in untracked})
