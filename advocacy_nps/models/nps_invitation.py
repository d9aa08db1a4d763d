import hmac
import re
import secrets
from collections import defaultdict
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .nps_response import ROLES

# secrets.token_urlsafe(32): 256 random bits in 43 url-safe characters; anything else is no token
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
# first key of the advisory lock serialising the wake-ups of the answer cron (the second is its id)
ANSWER_TRIGGER_LOCK = 4_181_873
# the contact's answer and the facts of the sending: written by the public page and the crons
# (superuser) only, never by hand, or an answer could be made up and turned into a response
RECORDED_FIELDS = frozenset(
    {
        "score",
        "answered_date",
        "followup_answer",
        "consent",
        "sync_needed",
        "response_id",
        "sent_date",
        "reminder_date",
        "expire_date",
    }
)


class AdvocacyNpsInvitation(models.Model):
    _name = "advocacy.nps.invitation"
    _description = "NPS Invitation"
    _inherit = ["advocacy.guarded.mixin"]
    _order = "scheduled_date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    wave_id = fields.Many2one("advocacy.nps.wave", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="cascade"
    )
    email = fields.Char()
    role = fields.Selection(ROLES, default="other")
    company_id = fields.Many2one(related="wave_id.company_id", store=True, index=True)
    cycle = fields.Integer(
        default=0, help="Rank of this invitation among the contact's invitations of an autopilot wave."
    )
    token = fields.Char(
        required=True,
        copy=False,
        groups="base.group_system",
        default=lambda self: secrets.token_urlsafe(32),
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("answered", "Answered"),
            ("expired", "Expired"),
            ("cancel", "Excluded"),
        ],
        default="queued",
        required=True,
        index=True,
    )
    exclusion_reason = fields.Char()
    scheduled_date = fields.Datetime(
        string="Scheduled On", required=True, default=fields.Datetime.now, index=True
    )
    sent_date = fields.Datetime(string="Sent On", readonly=True)
    reminder_date = fields.Datetime(string="Reminded On", readonly=True)
    answered_date = fields.Datetime(string="Answered On", readonly=True)
    expire_date = fields.Datetime(string="Expires On", readonly=True)
    response_id = fields.Many2one("advocacy.nps.response", readonly=True)
    score = fields.Integer(default=-1, readonly=True, help="The score clicked, -1 until answered.")
    followup_answer = fields.Text(readonly=True)
    consent = fields.Boolean(readonly=True)
    sync_needed = fields.Boolean(
        readonly=True, copy=False, help="An answer not yet turned into its response (answer cron)."
    )

    _sql_constraints = [
        ("token_uniq", "UNIQUE (token)", "Invitation tokens are unique."),
        (
            "wave_partner_cycle_uniq",
            "UNIQUE (wave_id, partner_id, cycle)",
            "A contact is invited once per wave.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            given = [
                name
                for name in RECORDED_FIELDS
                if vals.get(name) and not (name == "score" and vals[name] == -1)
            ]
            self._nps_check_recorded(given)
        return super().create(vals_list)

    def write(self, vals):
        self._nps_check_recorded(vals)
        return super().write(vals)

    def _nps_check_recorded(self, fnames):
        touched = RECORDED_FIELDS.intersection(fnames)
        if touched and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s of an invitation are recorded by the survey itself, not by hand.",
                    fields=", ".join(self._fields[f]._description_string(self.env) for f in sorted(touched)),
                )
            )

    def init(self):
        # the answer cron reads the pending answers, the sending cron the queue in schedule order
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS advocacy_nps_invitation_sync_idx "
                "ON advocacy_nps_invitation (id) WHERE sync_needed"
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS advocacy_nps_invitation_queue_idx "
                "ON advocacy_nps_invitation (scheduled_date, id) WHERE state = 'queued'"
            )
        )

    @api.model
    def _nps_blacklisted(self, emails):
        """The normalized emails among `emails` that are on Odoo's blacklist."""
        normalized = {tools.email_normalize(e) for e in emails if e} - {False, None}
        if not normalized:
            return set()
        found = self.env["mail.blacklist"].sudo().search([("email", "in", list(normalized))])
        return set(found.mapped("email"))

    # ------------------------------------------------------------------ links
    def _nps_url(self, suffix=""):
        self.ensure_one()
        return f"{self.get_base_url()}/nps/{self.sudo().token}{suffix}"

    def _nps_score_urls(self):
        """The eleven one-click links of the email, from 0 to 10."""
        base = self._nps_url()
        return [f"{base}/{score}" for score in range(11)]

    def _nps_unsubscribe_url(self):
        return self._nps_url("/unsubscribe")

    @api.model
    def _nps_get_by_token(self, token):
        """The live invitation of `token` (sent, not expired), or an empty recordset."""
        invitation, live = self._nps_lookup_token(token)
        return invitation if live else self.browse()

    @api.model
    def _nps_lookup_token(self, token):
        """(invitation, is_live) for `token`: one indexed lookup, then a constant-time comparison. An
        invitation that was mailed but expired (or was closed) comes back with is_live False, so its
        holder can be told the survey is over; an unknown, forged or never-mailed token gives
        (empty recordset, False), the same answer whatever a guesser tries."""
        if not token or not TOKEN_RE.fullmatch(token):
            return self.browse(), False
        self.flush_model(["token", "state", "expire_date"])
        self.env.cr.execute(
            SQL(
                "SELECT id, token, state IN ('sent', 'answered') AND expire_date > %s "
                "FROM advocacy_nps_invitation WHERE token = %s AND state IN ('sent', 'answered', 'expired')",
                fields.Datetime.now(),
                token,
            )
        )
        row = self.env.cr.fetchone()
        if not row or not hmac.compare_digest(row[1].encode(), token.encode()):
            return self.browse(), False
        return self.browse(row[0]), bool(row[2])

    # ------------------------------------------------------------------ answering
    def _nps_record_score(self, score):
        """Records (or changes) the contact's one-click answer on the invitation itself: one small
        UPDATE and nothing when the same score is confirmed again. The response and its closed loop
        follow in the answer cron, woken up right away (see `_nps_wake_answer_cron`)."""
        self.ensure_one()
        if self.state == "answered" and self.score == score:
            return False
        vals = {"score": score, "sync_needed": True}
        if self.state != "answered":
            vals.update(state="answered", answered_date=fields.Datetime.now())
        self.write(vals)
        self._nps_wake_answer_cron()
        return True

    @api.model
    def _nps_wake_answer_cron(self):
        """Asks the answer cron to run now (`ir.cron._trigger`, which wakes the cron workers up), unless
        a trigger is already pending: one trigger serves every click until a run consumes it, so a
        burst of clicks costs one trigger row and one NOTIFY, not one per click. A run deletes the
        triggers it saw when it ends, even when its snapshot missed a click made meanwhile: each batch
        that recorded answers therefore asks for one more run (`_cron_sync_answers`). The advisory
        lock keeps two simultaneous clicks from both adding a trigger."""
        cron = self.env.ref("advocacy_nps.ir_cron_nps_sync_answers", raise_if_not_found=False)
        if not cron:
            return False
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock(%s, %s) "
                "AND NOT EXISTS (SELECT 1 FROM ir_cron_trigger WHERE cron_id = %s)",
                ANSWER_TRIGGER_LOCK,
                cron.id,
                cron.id,
            )
        )
        if not self.env.cr.fetchone()[0]:
            return False
        cron.sudo()._trigger()
        return True

    def _nps_record_feedback(self, answer, consent):
        self.ensure_one()
        self.write({"followup_answer": answer, "consent": consent, "sync_needed": True})
        self._nps_wake_answer_cron()

    def _nps_response_vals(self):
        self.ensure_one()
        wave = self.wave_id
        return {
            "partner_id": self.partner_id.id,
            "score": self.score,
            "date": fields.Date.context_today(self, self.answered_date),
            "channel": "email",
            "kind": wave.kind,
            "touchpoint": wave.touchpoint,
            "role": self.role,
            "company_id": wave.company_id.id,
            "wave_id": wave.id,
            "invitation_id": self.id,
            "followup_answer": self.followup_answer,
            "consent": self.consent,
        }

    def _nps_sync_responses(self):
        """Creates or updates the response of each answered invitation (one per invitation, so a
        changed mind updates it); the closed-loop automations run here. Returns {invitation id:
        response}. The response is found by its invitation, so a batch whose invitation link could
        not be stored (see `_nps_mark_synced`) never creates a second one. The customer's answer is
        recorded as superuser, whoever runs the answer cron."""
        Response = self.env["advocacy.nps.response"].sudo()
        responses = {r.invitation_id.id: r for r in Response.search([("invitation_id", "in", self.ids)])}
        to_create = self.filtered(lambda i: i.id not in responses and i.score >= 0)
        # one write per set of changes (the same new score, mostly), so the automations run in batches
        changes = defaultdict(lambda: Response)
        for invitation in (self - to_create).filtered(lambda i: i.id in responses):
            response = responses[invitation.id]
            vals = tuple(
                (key, value)
                for key, value in (
                    ("score", invitation.score),
                    ("followup_answer", invitation.followup_answer),
                    ("consent", invitation.consent),
                )
                if response[key] != value
            )
            if vals:
                changes[vals] |= response
        for vals, changed in changes.items():
            changed.write(dict(vals))
        created = Response.create([i._nps_response_vals() for i in to_create])
        responses.update(zip(to_create.ids, created, strict=True))
        return responses

    def _nps_mark_synced(self, responses):
        """Clears `sync_needed` (and links the response) of the invitations just synced, except those a
        click changed since this batch's snapshot: they stay pending, for the next batch to record
        their new answer. The batch locks no invitation while it works, so a contact's click never
        waits for it; the row a click changed refuses this update (serialization failure), which only
        rolls back that row's savepoint. Returns the invitations marked."""
        self.env.flush_all()
        marked = self.browse()
        for invitation in self:
            response = responses.get(invitation.id)
            query = SQL(
                "UPDATE advocacy_nps_invitation SET sync_needed = FALSE, response_id = %s WHERE id = %s",
                response.id if response else None,
                invitation.id,
            )
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(query, log_exceptions=False)
            except psycopg2.errors.SerializationFailure:
                continue
            marked |= invitation
        self.invalidate_recordset(["sync_needed", "response_id"])
        return marked

    @api.model
    def _cron_sync_answers(self, batch_size=50):
        """Turns one batch of one-click answers into responses, without locking the invitations (a
        click meanwhile is kept pending by `_nps_mark_synced`, not made to wait)."""
        self.flush_model(["sync_needed"])
        self.env.cr.execute(
            SQL("SELECT id FROM advocacy_nps_invitation WHERE sync_needed ORDER BY id LIMIT %s", batch_size)
        )
        invitations = self.browse([row[0] for row in self.env.cr.fetchall()])
        marked = invitations._nps_mark_synced(invitations._nps_sync_responses())
        if invitations:
            # clicks made while this batch ran are not in its snapshot, and may have relied on the
            # trigger this run deletes when it ends: one more run picks them up
            self.env.ref("advocacy_nps.ir_cron_nps_sync_answers").sudo()._trigger()
        remaining = self.search_count([("sync_needed", "=", True)])
        self.env["ir.cron"]._notify_progress(done=len(marked), remaining=remaining)

    def _nps_unsubscribe(self):
        self.ensure_one()
        if self.email:
            self.env["mail.blacklist"].sudo()._add(
                self.email, message=self.env._("Unsubscribed from NPS surveys")
            )
        self.env["advocacy.nps.invitation"].sudo().search(
            [("partner_id", "=", self.partner_id.id), ("state", "=", "queued")]
        ).write({"state": "cancel", "exclusion_reason": self.env._("Unsubscribed")})

    # ------------------------------------------------------------------ sending
    def _nps_send(self, reminder=False):
        """Renders the wave's template for each invitation and queues the emails (mail.mail), in the
        same transaction as the state change: a crash loses both, a re-run duplicates nothing."""
        blacklisted = self._nps_blacklisted(self.mapped("email"))
        excluded = self.filtered(lambda i: not i.email or tools.email_normalize(i.email) in blacklisted)
        excluded.write({"state": "cancel", "exclusion_reason": self.env._("Blacklisted or without email")})
        todo = self - excluded
        now = fields.Datetime.now()
        validity = self.env["advocacy.settings"]._advocacy_setting("advocacy_nps.token_validity_days")
        mail_vals = []
        for template, invitations in todo.grouped(lambda i: i.wave_id.template_id).items():
            if not template:
                invitations.write(
                    {"state": "cancel", "exclusion_reason": self.env._("The wave has no email template")}
                )
                continue
            rendered = template.with_context(nps_reminder=reminder)._generate_template(
                invitations.ids, ("subject", "body_html", "email_from", "reply_to", "mail_server_id")
            )
            for invitation in invitations:
                values = rendered[invitation.id]
                subject = values.get("subject") or ""
                if reminder:
                    subject = self.env._("Reminder: %s", subject)
                unsubscribe = invitation._nps_unsubscribe_url()
                vals = {
                    "subject": subject,
                    "body_html": values.get("body_html"),
                    "email_to": tools.formataddr((invitation.partner_id.name or "", invitation.email)),
                    "reply_to": values.get("reply_to"),
                    "mail_server_id": values.get("mail_server_id"),
                    "model": self._name,
                    "res_id": invitation.id,
                    "auto_delete": True,
                    "headers": {
                        "List-Unsubscribe": f"<{unsubscribe}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    },
                }
                if values.get("email_from"):
                    vals["email_from"] = values["email_from"]
                mail_vals.append(vals)
        if mail_vals:
            self.env["mail.mail"].sudo().create(mail_vals)
        sent = todo.filtered(lambda i: i.wave_id.template_id)
        if reminder:
            sent.write({"reminder_date": now})
        else:
            sent.write({"state": "sent", "sent_date": now, "expire_date": now + timedelta(days=validity)})
        return sent

    @api.model
    def _cron_send(self, batch_size=200):
        """Mails one batch of due invitations, then one batch of due reminders; rows are locked and
        skipped when another worker holds them, so parallel runs never mail twice."""
        now = fields.Datetime.now()
        self.flush_model()
        self.env["advocacy.nps.wave"].flush_model(["reminder_days", "state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM advocacy_nps_invitation WHERE state = 'queued' AND scheduled_date <= %s "
                "ORDER BY scheduled_date, id LIMIT %s FOR UPDATE SKIP LOCKED",
                now,
                batch_size,
            )
        )
        invitations = self.browse([row[0] for row in self.env.cr.fetchall()])
        sent = invitations._nps_send()
        self.flush_model()
        reminder_query = SQL(
            """SELECT i.id FROM advocacy_nps_invitation i JOIN advocacy_nps_wave w ON w.id = i.wave_id
                WHERE i.state = 'sent' AND i.reminder_date IS NULL AND w.reminder_days > 0
                  AND w.state = 'running' AND i.expire_date > %(now)s
                  AND i.sent_date <= %(now)s - make_interval(days => w.reminder_days)""",
            now=now,
        )
        self.env.cr.execute(
            SQL("%s ORDER BY i.id LIMIT %s FOR UPDATE OF i SKIP LOCKED", reminder_query, batch_size)
        )
        reminders = self.browse([row[0] for row in self.env.cr.fetchall()])
        reminded = reminders._nps_send(reminder=True)
        if sent or reminded:
            # the emails leave with Odoo's mail queue now, not at its next hourly run
            mail_queue = self.env.ref("mail.ir_cron_mail_scheduler_action", raise_if_not_found=False)
            if mail_queue:
                mail_queue.sudo()._trigger()
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT (SELECT COUNT(*) FROM advocacy_nps_invitation "
                "WHERE state = 'queued' AND scheduled_date <= %s)"
                " + (SELECT COUNT(*) FROM (%s) r)",
                now,
                reminder_query,
            )
        )
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(invitations) + len(reminders), remaining=remaining)

    @api.model
    def _cron_expire(self):
        self.flush_model(["state", "expire_date"])
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                "UPDATE advocacy_nps_invitation SET state = 'expired', write_date = %s "
                "WHERE state = 'sent' AND expire_date <= %s",
                now,
                now,
            )
        )
        expired = self.env.cr.rowcount
        self.invalidate_model(["state", "write_date"])
        self.env["ir.cron"]._notify_progress(done=expired, remaining=0)
