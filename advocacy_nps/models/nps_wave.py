from datetime import timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ..tools import nps_math
from .nps_response import KINDS, ROLES, TOUCHPOINTS


class AdvocacyNpsWave(models.Model):
    _name = "advocacy.nps.wave"
    _description = "NPS Survey Wave"
    _inherit = ["mail.thread", "mail.activity.mixin", "advocacy.guarded.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="relationship")
    touchpoint = fields.Selection(TOUCHPOINTS)
    role = fields.Selection(
        ROLES, string="Audience Role", help="Only contacts of this role; empty: everyone."
    )
    audience_domain = fields.Char(
        string="Audience",
        default="[('email', '!=', False)]",
        required=True,
        help="The contacts to survey (a domain on contacts).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Follows up the answers of contacts without an account manager.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "advocacy.nps.invitation")],
        default=lambda self: self.env.ref(
            "advocacy_nps.mail_template_nps_invitation", raise_if_not_found=False
        ),
    )
    reminder_days = fields.Integer(
        default=lambda self: self.env["advocacy.settings"]._advocacy_setting("advocacy_nps.reminder_days"),
        help="One reminder is sent this many days after the invitation to those who did not answer; 0: none.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    is_autopilot = fields.Boolean(
        string="Autopilot",
        help="Survey every contact of the audience again on a cadence, dripped evenly "
        "over the period on business-day mornings of the contact's time zone.",
    )
    cadence_months = fields.Selection(
        [("3", "Every 3 months"), ("6", "Every 6 months"), ("12", "Every 12 months")], default="3"
    )
    invitation_ids = fields.One2many("advocacy.nps.invitation", "wave_id", string="Invitations")
    response_ids = fields.One2many("advocacy.nps.response", "wave_id", string="Answers")
    invitation_count = fields.Integer(compute="_compute_statistics")
    sent_count = fields.Integer(compute="_compute_statistics", string="Sent")
    answered_count = fields.Integer(compute="_compute_statistics", string="Answered")
    queued_count = fields.Integer(compute="_compute_statistics", string="Queued")
    response_rate = fields.Float(compute="_compute_statistics", string="Response Rate (%)", digits=(16, 1))
    progress = fields.Float(compute="_compute_statistics", string="Sending Progress (%)", digits=(16, 1))
    response_count = fields.Integer(compute="_compute_statistics", string="Responses")
    nps = fields.Float(compute="_compute_statistics", string="NPS", digits=(16, 1))
    nps_margin = fields.Float(compute="_compute_statistics", string="Margin of Error (±)", digits=(16, 1))

    @api.constrains("audience_domain")
    def _check_audience_domain(self):
        for wave in self:
            wave._audience_domain()

    def _audience_domain(self):
        self.ensure_one()
        try:
            domain = safe_eval(self.audience_domain or "[]")
            self.env["res.partner"].search_count(domain, limit=1)
        except Exception as error:
            raise ValidationError(
                self.env._(
                    "The audience of %(wave)s is not a valid filter: %(error)s", wave=self.name, error=error
                )
            )
        if self.role:
            domain = [*domain, ("nps_role", "=", self.role)]
        return [*domain, ("email", "!=", False), ("company_id", "in", [False, self.company_id.id])]

    def _compute_statistics(self):
        Invitation = self.env["advocacy.nps.invitation"]
        counts = {wave: {} for wave in self}
        for wave, state, count in Invitation._read_group(
            [("wave_id", "in", self.ids)], ["wave_id", "state"], ["__count"]
        ):
            counts[wave][state] = count
        bands = {wave: {} for wave in self}
        for wave, category, count in self.env["advocacy.nps.response"]._read_group(
            [("wave_id", "in", self.ids)], ["wave_id", "category"], ["__count"]
        ):
            bands[wave][category] = count
        for wave in self:
            c = counts.get(wave, {})
            sent = c.get("sent", 0) + c.get("answered", 0) + c.get("expired", 0)
            total = sum(c.values())
            wave.invitation_count = total
            wave.sent_count = sent
            wave.answered_count = c.get("answered", 0)
            wave.queued_count = c.get("queued", 0)
            wave.response_rate = nps_math.response_rate(c.get("answered", 0), sent) or 0.0
            wave.progress = 100.0 * (total - c.get("queued", 0)) / total if total else 0.0
            b = bands.get(wave, {})
            triple = (b.get("promoter", 0), b.get("passive", 0), b.get("detractor", 0))
            wave.response_count = sum(triple)
            wave.nps = nps_math.nps(*triple) or 0.0
            wave.nps_margin = nps_math.margin_of_error(*triple) or 0.0

    # ------------------------------------------------------------------ queueing
    def _throttled_partner_ids(self, partner_ids):
        """Contacts asked within the throttling period, by any wave or answering on any channel."""
        if not partner_ids:
            return set()
        days = self.env["advocacy.settings"]._advocacy_setting("advocacy_nps.throttle_days")
        if days <= 0:
            return set()
        since = fields.Datetime.now() - timedelta(days=days)
        self.env["advocacy.nps.invitation"].flush_model(
            ["partner_id", "state", "sent_date", "scheduled_date"]
        )
        self.env["advocacy.nps.response"].flush_model(["partner_id", "date"])
        self.env.cr.execute(
            SQL(
                """SELECT partner_id FROM advocacy_nps_invitation
                WHERE partner_id = ANY(%(ids)s) AND state IN ('queued', 'sent', 'answered', 'expired')
                  AND COALESCE(sent_date, scheduled_date) >= %(since)s
               UNION
               SELECT partner_id FROM advocacy_nps_response
                WHERE partner_id = ANY(%(ids)s) AND date >= %(since_date)s""",
                ids=list(partner_ids),
                since=since,
                since_date=since.date(),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _nps_invitation_vals(self, partner, blacklisted=(), scheduled_date=None, cycle=0):
        self.ensure_one()
        email = (partner.email or "").strip()
        vals = {
            "wave_id": self.id,
            "partner_id": partner.id,
            "email": email,
            "role": partner.nps_role or self.role or "other",
            "scheduled_date": scheduled_date or fields.Datetime.now(),
            "cycle": cycle,
        }
        if not email or email.lower() in blacklisted:
            vals.update(state="cancel", exclusion_reason=self.env._("Blacklisted or without email"))
        return vals

    def action_launch(self):
        """Queues one invitation per contact of the audience not asked within the throttling period;
        the sending cron mails them in batches."""
        self.check_access("write")
        for wave in self:
            if wave.state not in ("draft", "running"):
                raise UserError(self.env._("Only a draft or running wave can be launched."))
            if not wave.template_id:
                raise UserError(self.env._("Choose the email template of the wave %s first.", wave.name))
            wave.state = "running"
            if wave.is_autopilot:
                wave._autopilot_schedule()
                continue
            queued, throttled = wave._queue_partners(wave._audience_partner_ids())
            wave.message_post(
                body=self.env._(
                    "%(queued)s invitations queued; %(throttled)s contacts skipped "
                    "(asked within the throttling period).",
                    queued=queued,
                    throttled=throttled,
                )
            )
        self.env.ref("advocacy_nps.ir_cron_nps_send")._trigger()
        return True

    def _audience_partner_ids(self):
        self.ensure_one()
        partners = self.env["res.partner"].with_context(active_test=True)._search(self._audience_domain())
        self.env["advocacy.nps.invitation"].flush_model(["wave_id", "partner_id"])
        self.env.cr.execute(
            SQL(
                "SELECT p.id FROM (%s) p WHERE NOT EXISTS (SELECT 1 FROM advocacy_nps_invitation i "
                "WHERE i.wave_id = %s AND i.partner_id = p.id)",
                partners.subselect(),
                self.id,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _queue_partners(self, partner_ids, schedule=None, cycle=0):
        self.ensure_one()
        throttled = self._throttled_partner_ids(partner_ids)
        todo = [pid for pid in partner_ids if pid not in throttled]
        partners = self.env["res.partner"].browse(todo)
        blacklisted = self.env["advocacy.nps.invitation"]._nps_blacklisted(partners.mapped("email"))
        vals_list = [
            self._nps_invitation_vals(partner, blacklisted, (schedule or {}).get(partner.id), cycle)
            for partner in partners
        ]
        self.env["advocacy.nps.invitation"].create(vals_list)
        return len(vals_list), len(throttled)

    # ------------------------------------------------------------------ autopilot
    def _autopilot_schedule(self):
        """Schedules the contacts of an autopilot wave that are due (never asked by it, or asked a
        cadence ago), dripped over the cadence period on business-day mornings of their time zone."""
        self.ensure_one()
        months = int(self.cadence_months or 3)
        today = fields.Date.context_today(self)
        period_days = (today + relativedelta(months=months) - today).days
        domain_query = self.env["res.partner"]._search(self._audience_domain())
        self.env["advocacy.nps.invitation"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT p.id, COALESCE(MAX(i.cycle) + 1, 0)
                 FROM (%(partners)s) p
            LEFT JOIN advocacy_nps_invitation i ON i.partner_id = p.id AND i.wave_id = %(wave)s
             GROUP BY p.id
               HAVING MAX(COALESCE(i.sent_date, i.scheduled_date)) IS NULL
                   OR MAX(COALESCE(i.sent_date, i.scheduled_date)) < %(due)s
             ORDER BY p.id""",
                partners=domain_query.subselect(),
                wave=self.id,
                due=fields.Datetime.now() - relativedelta(months=months),
            )
        )
        due = self.env.cr.fetchall()
        if not due:
            return 0
        throttled = self._throttled_partner_ids([pid for pid, _cycle in due])
        due = [(pid, cycle) for pid, cycle in due if pid not in throttled]
        local_times = nps_math.drip_schedule(len(due), today, period_days)
        partners = self.env["res.partner"].browse([pid for pid, _cycle in due])
        blacklisted = self.env["advocacy.nps.invitation"]._nps_blacklisted(partners.mapped("email"))
        default_tz = self.user_id.tz or "UTC"
        vals_list = []
        for (pid, cycle), local in zip(due, local_times, strict=True):
            partner = partners.browse(pid)
            tz = pytz.timezone(partner.tz or default_tz)
            moment = tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
            vals_list.append(
                self._nps_invitation_vals(partner, blacklisted, max(moment, fields.Datetime.now()), cycle)
            )
        self.env["advocacy.nps.invitation"].create(vals_list)
        return len(vals_list)

    @api.model
    def _cron_autopilot(self):
        waves = self.search([("is_autopilot", "=", True), ("state", "=", "running")])
        for wave in waves:
            wave._autopilot_schedule()
        self.env["ir.cron"]._notify_progress(done=len(waves), remaining=0)

    # ------------------------------------------------------------------ buttons
    def action_done(self):
        self.check_access("write")
        self.write({"state": "done"})
        self.invitation_ids.filtered(lambda i: i.state == "queued").write({"state": "cancel"})

    def action_cancel(self):
        self.check_access("write")
        self.action_done()
        self.write({"state": "cancel"})

    def action_draft(self):
        self.check_access("write")
        self.filtered(lambda w: w.state == "cancel").write({"state": "draft"})

    def action_view_invitations(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_nps.action_nps_invitation")
        action["domain"] = [("wave_id", "=", self.id)]
        action["context"] = {"default_wave_id": self.id}
        return action

    def action_view_responses(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_nps.action_nps_response")
        action["domain"] = [("wave_id", "=", self.id)]
        action["context"] = {"default_wave_id": self.id}
        return action
