"""Mails to advocates (docs/ARCHITECTURE.md, "Mails to advocates").

One dispatcher, ``res.partner._advocacy_notify(event, records)``, serves the program's events and those of
advocacy_rewards: it checks the event's switch in the settings, drops the advocates who opted out or have
no email, writes one line per mail in ``advocacy.notification`` when the transaction commits (pre-commit
hook) and wakes the sending cron (``ir.cron._trigger``), which renders each mail from the event's editable
template in the advocate's language, queues it and wakes the mail queue: rendering a mail costs more than
the lead or order that fired it, so it never slows that transaction down. Lines of advocates who chose the
daily digest wait for ``_cron_send_digest`` instead. A mail that cannot be made is logged and dropped; it
never fails the business transaction that fired the event."""

import logging

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# event -> (mail template xml id, field of the source record holding the advocate ("" when the record is
# the advocate), switched on by default). The defaults of every switch live here (and in
# advocacy_rewards' REWARD_EVENTS): advocacy.settings makes the switches' rows from them (settings.py).
PROGRAM_EVENTS = {
    "welcome": ("advocacy_program.mail_template_advocate_welcome", "", True),
    "referral_received": ("advocacy_program.mail_template_referral_received", "referrer_id", True),
    "referral_won": ("advocacy_program.mail_template_referral_won", "referrer_id", True),
    "challenge_invitation": ("advocacy_program.mail_template_challenge_invitation", "partner_id", True),
    # sent when a promoter answers or a rep invites (its own setting: invite_on_promoter)
    "join_invitation": ("advocacy_program.mail_template_advocacy_join", "", True),
}
# events that ask something of the advocate: a contact who does not want to be asked does not get them
ASK_EVENTS = {"challenge_invitation", "join_invitation"}
# events mailed by the sending cron even to an advocate who chose the digest, in a layout of their own
DIRECT_EVENTS = {"join_invitation": "mail.mail_notification_light"}
DIGEST_BATCH = 1000
SEND_BATCH = 1000
MAIL_QUEUE_CRON = "mail.ir_cron_mail_scheduler_action"
SEND_CRON = "advocacy_program.ir_cron_send_advocate_mails"


def switch_key(event):
    return f"advocacy_program.notify_{event}"


class AdvocacyNotification(models.Model):
    """A mail to an advocate waiting for the sending cron, or for the daily digest of an advocate who
    chose it (deleted once mailed)."""

    _name = "advocacy.notification"
    _description = "Advocacy Notification Waiting to Be Mailed"
    _order = "partner_id, id"

    partner_id = fields.Many2one("res.partner", "Advocate", required=True, index=True, ondelete="cascade")
    event = fields.Selection(selection="_selection_event", required=True)
    res_model = fields.Char("Source Model", required=True)
    res_id = fields.Many2oneReference("Source", model_field="res_model", required=True)
    digest = fields.Boolean("For the Digest", help="Waits for the advocate's daily digest.")

    @api.model
    def _selection_event(self):
        """The events of the dispatcher and their labels in the digest; extended by advocacy_rewards."""
        return [
            ("welcome", self.env._("Welcome to the program")),
            ("referral_received", self.env._("Referral received")),
            ("referral_won", self.env._("Referral became a customer")),
            ("challenge_invitation", self.env._("Challenge invitation")),
            ("join_invitation", self.env._("Invitation to join the program")),
        ]

    def _digest_lines(self):
        """{partner id: [(event label, source name)]}, each advocate's lines in their language."""
        lines = {}
        for lang in set(self.partner_id.mapped("lang")):
            notes = self.filtered(lambda n, lang=lang: n.partner_id.lang == lang).with_context(lang=lang)
            labels = dict(notes._fields["event"]._description_selection(notes.env))
            names = {}
            for model in set(notes.mapped("res_model")):
                ids = notes.filtered(lambda n, model=model: n.res_model == model).mapped("res_id")
                sources = notes.env[model].sudo().browse(ids).exists()
                names.update({(model, rec.id): rec.display_name for rec in sources})
            for note in notes:
                name = names.get((note.res_model, note.res_id))
                if name is not None:
                    lines.setdefault(note.partner_id.id, []).append((labels.get(note.event, ""), name))
        return lines

    @api.model
    def _cron_send_digest(self, batch_size=DIGEST_BATCH):
        """One mail per advocate listing the events queued since the last digest, for a batch of
        advocates per call; the cron runs again at once while some remain (``_notify_progress``)."""
        groups = self.sudo()._read_group(
            [("digest", "=", True)], ["partner_id"], ["id:array_agg"], order="partner_id", limit=batch_size
        )
        notes = self.sudo().browse([nid for _partner, ids in groups for nid in ids])
        partners = self.env["res.partner"].sudo().browse([partner.id for partner, _ids in groups])
        if partners:
            Partner = self.env["res.partner"]
            lines = notes._digest_lines()
            partners = partners.filtered(lambda p: p.id in lines)._advocacy_mailable("digest")
            template = self.env.ref(
                "advocacy_program.mail_template_advocate_digest", raise_if_not_found=False
            )
            if partners and template and Partner._advocacy_notify_enabled("digest"):
                template.sudo().with_context(advocacy_digest=lines).send_mail_batch(partners.ids)
                self.env.ref(MAIL_QUEUE_CRON).sudo()._trigger()
            notes.unlink()
        self.env.cr.execute(SQL("SELECT COUNT(DISTINCT partner_id) FROM advocacy_notification WHERE digest"))
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(groups), remaining=remaining)
        return len(groups)

    @api.model
    def _cron_send_mails(self, batch_size=SEND_BATCH):
        """Renders and queues the waiting mails (not the digest's), a batch per call, one
        ``send_mail_batch`` per event; the cron runs again at once while some remain. Returns how many
        lines were handled."""
        notes = self.sudo().search([("digest", "=", False)], limit=batch_size, order="id")
        Partner = self.env["res.partner"]
        events = Partner._advocacy_notification_events()
        for (event, model), ids in self._group_by_event(notes).items():
            template = self.env.ref(events[event][0], raise_if_not_found=False) if event in events else None
            sources = self.env[model].sudo().browse(ids).exists()
            if not template or not sources:
                continue
            try:
                with self.env.cr.savepoint():
                    template.sudo().send_mail_batch(
                        sources.ids, email_layout_xmlid=DIRECT_EVENTS.get(event, False)
                    )
            except Exception:
                # a broken template loses its mails, never the others of the batch
                _logger.exception("Advocacy mails %s for %s could not be made", event, sources)
        notes.unlink()
        if notes:
            self.env.ref(MAIL_QUEUE_CRON).sudo()._trigger()
        remaining = self.search_count([("digest", "=", False)])
        self.env["ir.cron"]._notify_progress(done=len(notes), remaining=remaining)
        return len(notes)

    @api.model
    def _group_by_event(self, notes):
        grouped = {}
        for note in notes:
            grouped.setdefault((note.event, note.res_model), []).append(note.res_id)
        return grouped
