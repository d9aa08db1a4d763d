import logging

from odoo import api, models

from .notification import ASK_EVENTS, DIRECT_EVENTS, PROGRAM_EVENTS, SEND_CRON, switch_key

_logger = logging.getLogger(__name__)
# precommit data key of the advocates' mails waiting for the end of the transaction
NOTIFY_QUEUE = "advocacy_program_notify_queue"


class ResPartner(models.Model):
    """Mails to advocates: the dispatcher every event calls (lines written at commit, see notification.py)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def mail_allowed_qweb_expressions(self):
        # the welcome mail shows the advocate's link: rendered without evaluating code
        return (*super().mail_allowed_qweb_expressions(), "object.referral_share_url")

    @api.model
    def _advocacy_notification_events(self):
        """{event: (template xml id, advocate field of the source, default switch)}; extended by
        advocacy_rewards."""
        return dict(PROGRAM_EVENTS)

    @api.model
    def _advocacy_notify_enabled(self, event):
        return self.env["advocacy.settings"]._advocacy_setting(switch_key(event))

    def _advocacy_mailable(self, event):
        """The advocates of self who may receive the mail of `event`: an email, not opted out, and for
        an ask, not marked do-not-ask."""
        return self.filtered(
            lambda p: (
                p.email
                and p.active
                and p.advocate_state != "opted_out"
                and not (event in ASK_EVENTS and p.advocacy_do_not_ask)
            )
        )

    @api.model
    def _advocacy_notify(self, event, records):
        """Tell the advocates of `records` (the event's source records) about `event`: queued mails, or
        lines of the daily digest, made when the transaction commits (one batch per event for the whole
        transaction; nothing is mailed for a rolled-back one). Never raises: a mail that cannot be
        queued is logged and skipped."""
        ids = [rid for rid in records.ids if rid]
        if not ids:
            return
        data = self.env.cr.precommit.data
        queued = data.get(NOTIFY_QUEUE)
        if queued is None:
            queued = data[NOTIFY_QUEUE] = {}
            self.env.cr.precommit.add(self.sudo()._advocacy_notify_queued)
        queued.setdefault((event, records._name), set()).update(ids)

    def _advocacy_notify_queued(self):
        queued = self.env.cr.precommit.data.pop(NOTIFY_QUEUE, None) or {}
        to_send = False
        for (event, model), ids in queued.items():
            records = self.env[model].sudo().browse(sorted(ids)).exists()
            if not records:
                continue
            try:
                with self.env.cr.savepoint():
                    to_send |= self._advocacy_notify_queue(event, records)
            except Exception:
                # a notification never blocks the referral, reward or order that fired it
                _logger.exception("Advocacy notification %s for %s could not be queued", event, records)
        if to_send:
            self.env.ref(SEND_CRON).sudo()._trigger()  # one wake-up per transaction
        # this runs while the transaction commits, after its last flush
        self.env.flush_all()

    @api.model
    def _advocacy_notify_queue(self, event, records):
        """Notes the mails of `event` for the sending cron or the digest; True when some wait for the
        sending cron."""
        if not self._advocacy_notify_enabled(event):
            return False
        template_xmlid, advocate_field = self._advocacy_notification_events()[event][:2]
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return False
        records = records.sudo()
        advocate_of = {rec.id: rec[advocate_field] if advocate_field else rec for rec in records}
        mailable = (
            self.env["res.partner"]
            .sudo()
            .browse({p.id for p in advocate_of.values()})
            ._advocacy_mailable(event)
        )
        # one line per mail: rendered and queued by the sending cron, woken at once (rendering a mail
        # costs more than the lead or order that fired it), or kept for the advocate's daily digest
        lines = [
            {
                "partner_id": advocate.id,
                "event": event,
                "res_model": records._name,
                "res_id": rid,
                "digest": advocate.advocacy_notify_digest and event not in DIRECT_EVENTS,
            }
            for rid, advocate in advocate_of.items()
            if advocate in mailable
        ]
        self.env["advocacy.notification"].sudo().create(lines)
        return not all(line["digest"] for line in lines)
