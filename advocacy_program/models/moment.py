from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MOMENT_TYPES = [
    ("onboarding_done", "Onboarding completed"),
    ("high_usage", "High product usage"),
    ("promoter", "Promoter (NPS 9-10)"),
    ("good_review", "Successful business review"),
    ("renewal", "Renewal"),
]
EXPIRY_BATCH = 500


def _reference(record):
    return f"{record._name},{record.id}" if record else False


class AdvocacyMoment(models.Model):
    _name = "advocacy.moment"
    _description = "Advocacy Moment"
    _inherit = ["mail.thread", "mail.activity.mixin", "advocacy.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="cascade"
    )
    moment_type = fields.Selection(MOMENT_TYPES, string="Moment", required=True, index=True)
    state = fields.Selection(
        [("asked", "To ask"), ("accepted", "Accepted"), ("declined", "Declined"), ("expired", "Expired")],
        string="Status",
        default="asked",
        required=True,
        tracking=True,
        index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        index="btree_not_null",
        tracking=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    source_ref = fields.Reference(selection="_selection_source_ref", string="Source", readonly=True)
    note = fields.Text()
    answer_date = fields.Date(string="Answered On", readonly=True)

    @api.model
    def _selection_source_ref(self):
        # from the registry, not ir.model: Odoo calls this for every source it reads (to check its model)
        return [
            (name, model._description or name)
            for name, model in self.env.registry.items()
            if not model._abstract
        ]

    def _compute_display_name(self):
        labels = dict(self._fields["moment_type"]._description_selection(self.env))
        for moment in self:
            moment.display_name = f"{labels.get(moment.moment_type, '')} - {moment.partner_id.display_name}"

    # ------------------------------------------------------------------ contract API
    @api.model
    def _moment_enabled(self, moment_type):
        """The settings' switch of this kind of moment (on unless an administrator turned it off)."""
        return self.env["advocacy.settings"]._advocacy_setting(f"advocacy_program.moment_{moment_type}")

    @api.model
    def _trigger(self, partners, moment_type, source=None, note=None):
        """Create one moment (and its 'ask' activity) per partner that may be asked now. `source`: the
        record the moments come from, or {partner id: record} when each partner has its own.

        Skips do-not-ask and opted-out contacts and those asked within the cooldown, in one query
        for the whole batch. Returns the created moments."""
        if moment_type not in dict(MOMENT_TYPES):
            raise UserError(self.env._("Unknown advocacy moment: %s", moment_type))
        if not self._moment_enabled(moment_type):
            return self.browse()
        partners = partners.sudo().filtered(
            lambda p: not p.advocacy_do_not_ask and p.advocate_state != "opted_out" and p.active
        )
        if not partners:
            return self.browse()
        since = fields.Date.context_today(self) - timedelta(
            days=self.env["advocacy.settings"]._advocacy_setting("advocacy_program.ask_cooldown_days")
        )
        recent = self.sudo()._read_group(
            [("partner_id", "in", partners.ids), ("date", ">", since)], ["partner_id"], ["__count"]
        )
        cooled = {partner.id for partner, _count in recent}
        eligible = partners.filtered(lambda p: p.id not in cooled)
        if not eligible:
            return self.browse()
        sources = source if isinstance(source, dict) else dict.fromkeys(eligible.ids, source)
        moments = (
            self.sudo()
            .with_context(mail_create_nolog=True)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "moment_type": moment_type,
                        "user_id": partner._advocacy_account_manager().id,
                        "company_id": (partner.company_id or self.env.company).id,
                        "source_ref": _reference(sources.get(partner.id)),
                        "note": note,
                    }
                    for partner in eligible
                ]
            )
        )
        return moments

    @api.constrains("partner_id")
    def _check_partner_may_be_asked(self):
        # do-not-ask is the contact's consent: nobody logs a moment to ask them (the crons skip them too)
        for moment in self.filtered(lambda m: m.state == "asked"):
            partner = moment.partner_id.sudo()
            if partner.advocacy_do_not_ask or partner.advocate_state == "opted_out":
                raise ValidationError(
                    self.env._(
                        "%(name)s does not want to be asked: no moment to ask them.", name=partner.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        moments = super().create(vals_list)
        # a moment found by the crons or logged by hand by an account manager: the ask is scheduled
        moments.filtered(lambda m: m.state == "asked")._schedule_ask()
        return moments

    def _schedule_ask(self):
        activity_type = self.env.ref("advocacy_program.mail_activity_type_advocacy_ask")
        labels = dict(self._fields["moment_type"]._description_selection(self.env))
        admin = self.env.ref("base.user_admin")
        self._advocacy_schedule_activities(
            activity_type,
            {
                moment.id: {
                    "summary": self.env._(
                        "Good moment to ask %(name)s: %(moment)s",
                        name=moment.partner_id.name,
                        moment=labels[moment.moment_type],
                    ),
                    "note": moment.note or "",
                    "date_deadline": fields.Date.context_today(moment),
                    "user_id": moment.user_id.id or admin.id,
                }
                for moment in self
            },
        )

    # ------------------------------------------------------------------ buttons
    def _answer(self, state):
        self.check_access("write")
        if self.filtered(lambda m: m.state != "asked"):
            raise UserError(self.env._("Only moments still to ask can be answered."))
        self.write({"state": state, "answer_date": fields.Date.context_today(self)})
        self.activity_feedback(["advocacy_program.mail_activity_type_advocacy_ask"])

    def action_accept(self):
        self._answer("accepted")
        self.partner_id._advocacy_mark_candidate()
        # the contact said yes to advocating: the invitation to join follows (setting, opt-outs)
        self.partner_id._advocacy_auto_invite()
        return True

    def action_decline(self):
        self._answer("declined")
        return True

    def action_new_referral(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "res_model": "advocacy.referral",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_referrer_id": self.partner_id.id, "default_channel": "rep"},
        }

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_expire_moments(self, batch_size=EXPIRY_BATCH):
        """Expire the moments nobody answered in time, one batch per call (idempotent: an expired
        moment no longer matches the domain)."""
        limit_date = fields.Date.context_today(self) - timedelta(
            days=self.env["advocacy.settings"]._advocacy_setting("advocacy_program.moment_expiry_days")
        )
        domain = [("state", "=", "asked"), ("date", "<", limit_date)]
        moments = self.sudo().search(domain, limit=batch_size, order="id")
        if moments:
            moments.write({"state": "expired"})
            moments.activity_unlink(["advocacy_program.mail_activity_type_advocacy_ask"])
        remaining = self.sudo().search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(moments), remaining=remaining)
        return len(moments)
