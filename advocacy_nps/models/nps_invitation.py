import hmac
import re
import secrets
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.addons.advocacy_program.models import service_guard
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

    def copy(self, default=None):
        # one invitation per contact, wave and cycle, with its own token: the wave invites, not a copy
        service_guard.refuse_copy(self, self.env._("add the contact to a wave instead."))
        return super().copy(default)

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
        # the sending cron reads the queue in schedule order
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
        """(invitation, is_live) for `token` (see `_nps_lookup_answer`)."""
        invitation, live, _answer = self._nps_lookup_answer(token)
        return invitation, live

    @api.model
    def _nps_lookup_answer(self, token):
        """(invitation, is_live, answer) for `token`: one indexed lookup, then a constant-time comparison.
        An invitation that was mailed but expired (or was closed) comes back with is_live False, so its
        holder can be told the survey is over; an unknown, forged or never-mailed token gives (empty
        recordset, False, None), the same answer whatever a guesser tries. `answer` is what the contact
        sees as their answer (see `_nps_fetch_answer`), read in the same query."""
        if not token or not TOKEN_RE.fullmatch(token):
            return self.browse(), False, None
        live = SQL("i.state IN ('sent', 'answered') AND i.expire_date > %s", fields.Datetime.now())
        row = self._nps_fetch_answer(
            SQL("i.token = %s AND i.state IN ('sent', 'answered', 'expired')", token), live
        )
        if not row or not hmac.compare_digest(row[1].encode(), token.encode()):
            return self.browse(), False, None
        return self.browse(row[0]), bool(row[2]), row[3]

    def _nps_current_answer(self):
        """The answer the contact sees (see `_nps_fetch_answer`) of this invitation."""
        self.ensure_one()
        return self._nps_fetch_answer(SQL("i.id = %s", self.id), SQL("TRUE"))[3]

    def _nps_fetch_answer(self, where, live):
        """(id, token, live, answer) of the invitation matching `where`, or None. The answer is their
        latest clicks the answer cron has not applied yet, over what the invitation recorded: the page
        shows the score just chosen and a repeated click records nothing new, before the cron ran. It
        carries the name of the sending company too, all the page shows of the invitation."""
        self.flush_model(
            ["token", "state", "expire_date", "score", "followup_answer", "consent", "company_id"]
        )
        self.env["res.company"].flush_model(["name"])
        self.env["advocacy.nps.click"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT i.id, i.token, %(live)s, COALESCE(s.score, i.score),
                          CASE WHEN f.id IS NULL THEN i.followup_answer ELSE f.followup_answer END,
                          CASE WHEN f.id IS NULL THEN i.consent ELSE f.consent END,
                          co.name, co.id
                     FROM advocacy_nps_invitation i
                LEFT JOIN res_company co ON co.id = i.company_id
                LEFT JOIN LATERAL (SELECT c.score FROM advocacy_nps_click c
                                    WHERE c.invitation_id = i.id AND c.kind = 'score'
                                 ORDER BY c.id DESC LIMIT 1) s ON TRUE
                LEFT JOIN LATERAL (SELECT c.id, c.followup_answer, c.consent FROM advocacy_nps_click c
                                    WHERE c.invitation_id = i.id AND c.kind = 'feedback'
                                 ORDER BY c.id DESC LIMIT 1) f ON TRUE
                    WHERE %(where)s""",
                live=live,
                where=where,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return None
        answer = {
            "score": row[3],
            "followup_answer": row[4] or False,
            "consent": bool(row[5]),
            "company_name": row[6] or "",
            "company_id": row[7],
        }
        return (*row[:3], answer)

    # ------------------------------------------------------------------ answering
    def _nps_add_click(self, vals):
        """Appends one click of the contact (an INSERT, never an UPDATE of a row the answer cron
        writes) and wakes the answer cron up."""
        self.ensure_one()
        self.env["advocacy.nps.click"]._advocacy_service().create({**vals, "invitation_id": self.id})
        self._nps_wake_answer_cron()

    def _nps_record_score(self, score, answer=None):
        """Records (or changes) the contact's one-click answer: one click appended, nothing when the
        score they see (`answer`, else read) is confirmed again. The invitation, the response and its
        closed loop follow in the answer cron, woken up right away (see `_nps_wake_answer_cron`)."""
        self.ensure_one()
        answer = answer or self._nps_current_answer()
        if answer["score"] == score:
            return False
        self._nps_add_click({"kind": "score", "score": score})
        return True

    def _nps_record_feedback(self, followup_answer, consent, answer=None):
        """Records the follow-up answer and consent of the page (a click; nothing when unchanged)."""
        self.ensure_one()
        answer = answer or self._nps_current_answer()
        if (answer["followup_answer"], answer["consent"]) == (followup_answer, consent):
            return False
        self._nps_add_click({"kind": "feedback", "followup_answer": followup_answer, "consent": consent})
        return True

    @api.model
    def _nps_wake_answer_cron(self):
        """Asks the answer cron to run now (`ir.cron._trigger`, which wakes the cron workers up), unless
        a trigger is already pending: one trigger serves every click until a run consumes it, so a
        burst of clicks costs one trigger row and one NOTIFY, not one per click. A run deletes the
        triggers it saw when it ends, even when its snapshot missed a click made meanwhile: each batch
        that recorded answers therefore asks for one more run (`_cron_sync_answers`). The advisory
        lock keeps two simultaneous clicks from both adding a trigger. Nothing here waits for the
        cron or conflicts with it: the trigger is an INSERT (its reference to the cron takes a key
        share lock, which the cron's own updates of its row do not block), and the run deletes only
        the triggers its snapshot saw."""
        # the cron's id from the registry's cache (env.ref would query its existence on every click)
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "advocacy_nps.ir_cron_nps_sync_answers", raise_if_not_found=False
        )
        if not cron_id:
            return False
        cron = self.env["ir.cron"].browse(cron_id)
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

    def _nps_apply_clicks(self, clicks):
        """Writes on each invitation (superuser) what its `clicks` say, in click order: the latest
        score wins (the first one answers: state and date), the latest follow-up answer and consent
        too. `clicks`: rows (id, invitation id, kind, score, follow-up answer, consent, click date)."""
        by_invitation = defaultdict(list)
        for click in clicks:
            by_invitation[click[1]].append(click)
        for invitation in self:
            vals = {}
            for _id, _inv, kind, score, followup_answer, consent, click_date in by_invitation[invitation.id]:
                if kind == "score":
                    vals["score"] = score
                    if invitation.state != "answered" and "answered_date" not in vals:
                        vals.update(state="answered", answered_date=click_date)
                else:
                    vals.update(followup_answer=followup_answer or False, consent=bool(consent))
            vals = {key: value for key, value in vals.items() if invitation[key] != value}
            if vals:
                invitation.sudo().write(vals)

    def _nps_sync_responses(self):
        """Creates or updates the response of each answered invitation (one per invitation, so a
        changed mind updates it) and links it; the closed-loop automations run here. Returns
        {invitation id: response}. The customer's answer is recorded as superuser, whoever runs the
        answer cron."""
        with self.env["advocacy.nps.response"].sudo()._nps_batched_loop() as Response:
            responses = self._nps_write_responses(Response)
        return {invitation_id: response.with_env(self.env) for invitation_id, response in responses.items()}

    def _nps_write_responses(self, Response):
        """`_nps_sync_responses` within its batch's closed loop (`Response`: the model to write through)."""
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
        # a changed mind is noted once per answer, the notes of the batch in one go (not one tracking
        # message per answer: what made a wave of changed minds slow to record)
        scores_before = {}
        for vals, changed in changes.items():
            if "score" in dict(vals):
                scores_before.update((response.id, response.score) for response in changed)
            changed.with_context(mail_notrack=True).write(dict(vals))
        Response.browse(scores_before)._nps_note_score_changes(scores_before)
        # no "created" note: the answer's chatter starts with what its closed loop did
        created = Response.with_context(mail_create_nolog=True).create(
            [i._nps_response_vals() for i in to_create]
        )
        responses.update(zip(to_create.ids, created, strict=True))
        for invitation in self:
            response = responses.get(invitation.id, Response)
            if invitation.response_id != response:
                invitation.sudo().write({"response_id": response.id})
        return responses

    @api.model
    def _cron_sync_answers(self, batch_size=50):
        """Records the clicks of one batch of invitations (those clicked first), in their own
        transaction: applies them to the invitations, turns these into responses (closed loop) and
        deletes the clicks applied. The page only appends clicks, so a click made while the batch runs
        is not in its snapshot: it neither waits for the batch nor makes it fail, and stays for the
        next batch."""
        Click = self.env["advocacy.nps.click"]
        Click.flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT c.id, c.invitation_id, c.kind, c.score, c.followup_answer, c.consent, c.click_date
                     FROM advocacy_nps_click c
                    WHERE c.invitation_id IN (SELECT invitation_id FROM advocacy_nps_click
                                               GROUP BY invitation_id ORDER BY min(id) LIMIT %s)
                 ORDER BY c.id""",
                batch_size,
            )
        )
        clicks = self.env.cr.fetchall()
        invitations = self.sudo().browse(list(dict.fromkeys(row[1] for row in clicks)))
        invitations._nps_apply_clicks(clicks)
        invitations._nps_sync_responses()
        Click.browse([row[0] for row in clicks])._advocacy_service().unlink()
        if invitations:
            # clicks made while this batch ran are not in its snapshot, and may have relied on the
            # trigger this run deletes when it ends: one more run picks them up
            self.env.ref("advocacy_nps.ir_cron_nps_sync_answers").sudo()._trigger()
        self.env.cr.execute(SQL("SELECT COUNT(DISTINCT invitation_id) FROM advocacy_nps_click"))
        self.env["ir.cron"]._notify_progress(done=len(invitations), remaining=self.env.cr.fetchone()[0])

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
        # an answer clicked in time and waiting for the answer cron is left to it
        self.env.cr.execute(
            SQL(
                "UPDATE advocacy_nps_invitation i SET state = 'expired', write_date = %s "
                "WHERE state = 'sent' AND expire_date <= %s AND NOT EXISTS "
                "(SELECT 1 FROM advocacy_nps_click c WHERE c.invitation_id = i.id)",
                now,
                now,
            )
        )
        expired = self.env.cr.rowcount
        self.invalidate_model(["state", "write_date"])
        self.env["ir.cron"]._notify_progress(done=expired, remaining=0)
