import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..tools import nps_math

CATEGORIES = [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")]
KINDS = [("relationship", "Relationship"), ("transactional", "Transactional")]
TOUCHPOINTS = [
    ("purchase", "Purchase"),
    ("onboarding", "Onboarding"),
    ("implementation", "Implementation"),
    ("support", "Support"),
    ("renewal", "Renewal"),
    ("event", "Event"),
]
ROLES = [("decision_maker", "Decision maker"), ("user", "User"), ("other", "Other")]
CHANNELS = [
    ("email", "Email (one click)"),
    ("portal", "Portal"),
    ("phone", "Phone"),
    ("review", "Business review"),
    ("import", "Import"),
    ("survey", "Odoo survey"),
]
FOLLOWUP_STATES = [
    ("none", "Not needed"),
    ("todo", "To follow up"),
    ("in_progress", "In progress"),
    ("done", "Closed"),
]
# The contact's segments when the answer came: filled from the contact (in the form as soon as it is
# chosen, on import and by the one-click page alike), kept afterwards, editable.
FROM_CONTACT = {"compute": "_compute_partner_snapshot", "store": True, "readonly": False, "precompute": True}
# The closed loop acts on fresh feedback: back-filled answers (imports, old data) open no follow-up.
LOOP_MAX_AGE_DAYS = 30
# answers the customer gave themselves, and what of them staff may not change
CUSTOMER_CHANNELS = ("email", "survey", "import")
CUSTOMER_ANSWER_FIELDS = frozenset({"score", "partner_id", "date", "channel", "comment", "followup_answer"})
# Activity types of each band's loop, closed when the answer leaves the band.
BAND_ACTIVITY_TYPES = {
    "detractor": "advocacy_nps.mail_activity_type_nps_detractor",
    "passive": "advocacy_nps.mail_activity_type_nps_passive",
}
# what decides a contact's stored latest answer (res.partner nps_last_*)
LAST_ANSWER_FIELDS = frozenset({"score", "partner_id", "date"})
INTEGER_RE = re.compile(r"\s*[+-]?\d+\s*")


def clean_score(env, value):
    """The whole number 0-10 an API client meant by `value`, else a ValidationError naming it: the
    ORM would store null or "" as 0 and 7.6 as 7, and fail with a traceback on "abc"."""
    if value is None or value is False or (isinstance(value, str) and not value.strip()):
        raise ValidationError(env._("The NPS score is empty: give a whole number from 0 to 10."))
    score = None
    if isinstance(value, int) and not isinstance(value, bool):
        score = value
    elif isinstance(value, float) and value.is_integer():
        score = int(value)
    elif isinstance(value, str) and INTEGER_RE.fullmatch(value):
        score = int(value)
    if score is None or not 0 <= score <= 10:
        raise ValidationError(
            env._("%(value)r is not a valid NPS score: give a whole number from 0 to 10.", value=value)
        )
    return score


def check_selection_values(model, vals):
    """Refuses an unknown value of a selection field with a ValidationError listing the valid ones,
    where the ORM would answer an API client with a server traceback."""
    for name, value in vals.items():
        field = model._fields.get(name)
        if not field or field.type != "selection" or value in (False, None, ""):
            continue
        valid = field.get_values(model.env)
        if value not in valid:
            raise ValidationError(
                model.env._(
                    "%(value)r is not a valid %(field)s; use one of: %(valid)s.",
                    value=value,
                    field=field._description_string(model.env),
                    valid=", ".join(valid),
                )
            )


def _segment_period_key(item):
    (segment_value, period_value), _counts = item
    if isinstance(segment_value, models.BaseModel):
        segment_value = segment_value.display_name or ""
    return (str(segment_value or ""), period_value)


class AdvocacyNpsResponse(models.Model):
    _name = "advocacy.nps.response"
    _description = "NPS Response"
    _inherit = ["mail.thread", "mail.activity.mixin", "advocacy.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # a contact with answers is archived, not deleted (res.partner refuses with a clear message)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="restrict", tracking=True
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Customer Account",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    score = fields.Integer(required=True, tracking=True, help="How likely to recommend us, from 0 to 10.")
    category = fields.Selection(
        CATEGORIES,
        string="Band",
        compute="_compute_category",
        store=True,
        index=True,
        help="Promoters 9-10, passives 7-8, detractors 0-6.",
    )
    kind = fields.Selection(KINDS, required=True, default="relationship", index=True)
    touchpoint = fields.Selection(TOUCHPOINTS, help="The moment a transactional NPS was asked after.")
    role = fields.Selection(
        ROLES,
        string="Respondent Role",
        **FROM_CONTACT,
        index=True,
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    comment = fields.Text()
    followup_question = fields.Char(compute="_compute_followup_question", string="Follow-up Question")
    followup_answer = fields.Text(string="Follow-up Answer")
    consent = fields.Boolean(string="May We Contact You", help="The respondent agrees to be contacted.")
    reason_ids = fields.Many2many("advocacy.nps.reason", string="Reasons")
    owner_id = fields.Many2one(
        "res.users",
        **FROM_CONTACT,
        index=True,
        tracking=True,
        help="Who follows this answer up: the account manager of the contact.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        **FROM_CONTACT,
        index=True,
        help="The contact's salesperson when the answer came.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        **FROM_CONTACT,
        index="btree_not_null",
    )
    industry_id = fields.Many2one(
        "res.partner.industry",
        **FROM_CONTACT,
        index="btree_not_null",
    )
    country_id = fields.Many2one(
        "res.country",
        **FROM_CONTACT,
        index="btree_not_null",
    )
    tag_ids = fields.Many2many(
        "res.partner.category",
        string="Contact Tags",
        **FROM_CONTACT,
    )
    followup_state = fields.Selection(
        FOLLOWUP_STATES, string="Follow-up", required=True, default="none", index=True, tracking=True
    )
    followup_deadline = fields.Datetime(string="Follow-up Deadline", help="Due within the follow-up SLA.")
    resolution = fields.Text(tracking=True)
    resurvey_date = fields.Date(string="Re-survey On", index="btree_not_null")
    resurvey_invitation_id = fields.Many2one("advocacy.nps.invitation", string="Re-survey Invitation")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    wave_id = fields.Many2one(
        "advocacy.nps.wave", string="Survey Wave", index="btree_not_null", check_company=True
    )
    invitation_id = fields.Many2one("advocacy.nps.invitation", index="btree_not_null")
    import_key = fields.Char(copy=False, readonly=True, help="Identifies an imported row.")

    _sql_constraints = [
        ("score_range", "CHECK (score >= 0 AND score <= 10)", "An NPS score goes from 0 to 10."),
        ("import_key_uniq", "UNIQUE (import_key, company_id)", "This row was already imported."),
    ]

    @api.depends("score")
    def _compute_category(self):
        for response in self:
            score = response.score
            response.category = nps_math.band(score) if 0 <= (score or 0) <= 10 else False

    @api.depends("category")
    def _compute_followup_question(self):
        questions = self._followup_questions()
        for response in self:
            response.followup_question = questions.get(response.category, "")

    @api.model
    def _followup_questions(self):
        return {
            "promoter": self.env._("What do you like most about working with us?"),
            "passive": self.env._("What would make us a 10 for you?"),
            "detractor": self.env._("We are sorry. What went wrong, and how can we make it right?"),
        }

    @api.depends("partner_id", "score")
    def _compute_display_name(self):
        for response in self:
            response.display_name = f"{response.partner_id.display_name or ''} - {response.score}"

    @api.depends("partner_id")
    def _compute_partner_snapshot(self):
        for response in self:
            partner = response.partner_id.sudo()
            commercial = partner.commercial_partner_id
            salesperson = partner.user_id or commercial.user_id
            response.user_id = salesperson
            response.team_id = salesperson.sale_team_id
            response.industry_id = commercial.industry_id
            response.country_id = partner.country_id or commercial.country_id
            response.owner_id = partner._nps_account_manager() if partner else False
            response.role = partner.nps_role or "other"
            response.tag_ids = partner.category_id | commercial.category_id

    # ------------------------------------------------------------------ API input
    @api.model_create_multi
    def create(self, vals_list):
        default_score = self.env.context.get("default_score")
        checked = []
        for vals in vals_list:
            check_selection_values(self, vals)
            checked.append({**vals, "score": clean_score(self.env, vals.get("score", default_score))})
        responses = super().create(checked)
        self.env["res.partner"]._nps_refresh_last(responses.partner_id.ids)
        return responses

    def write(self, vals):
        check_selection_values(self, vals)
        self._nps_check_customer_answer(vals)
        moved_partners = self.partner_id.ids if LAST_ANSWER_FIELDS.intersection(vals) else []
        if "score" not in vals:
            result = super().write(vals)
        else:
            vals = {**vals, "score": clean_score(self.env, vals["score"])}
            before = {response.id: (response.category, response.score) for response in self}
            result = super().write(vals)
            # the automations run the new band's loop after this write; the old band's loop is closed here
            self.filtered(lambda r: r.category != before[r.id][0])._nps_close_band_loop(before)
        if moved_partners:
            self.env["res.partner"]._nps_refresh_last([*moved_partners, *self.partner_id.ids])
        return result

    def unlink(self):
        partner_ids = self.partner_id.ids
        result = super().unlink()
        self.env["res.partner"]._nps_refresh_last(partner_ids)
        return result

    def _nps_check_customer_answer(self, vals):
        """What a customer answered themselves (one click, an Odoo survey, another tool's export) is
        theirs: staff correct the answers they typed (phone, business review), never these; the public
        page and the crons record them as superuser."""
        touched = CUSTOMER_ANSWER_FIELDS.intersection(vals)
        if touched and not self.env.su and any(r.channel in CUSTOMER_CHANNELS for r in self):
            raise AccessError(
                self.env._(
                    "%(fields)s of an answer the customer gave themselves cannot be changed.",
                    fields=", ".join(self._fields[f]._description_string(self.env) for f in sorted(touched)),
                )
            )

    # ------------------------------------------------------------------ closed loop
    def _nps_loop_candidates(self):
        # imported history opens no follow-up (set by the import, not a permission)
        if self.env.context.get("advocacy_nps_skip_loop"):
            return self.browse()
        limit = fields.Date.context_today(self) - timedelta(days=LOOP_MAX_AGE_DAYS)
        return self.filtered(lambda r: r.date and r.date >= limit)

    def _nps_close_band_loop(self, before):
        """A changed mind: closes what the previous band's loop opened (the detractor's follow-up and
        call-back, the passive's nudge, the promoter's 'good moment to ask') with a note saying why.
        `before` maps each response id to its (band, score) before the change."""
        if not self:
            return
        bands = dict(self._fields["category"]._description_selection(self.env))
        sudo = self.sudo()
        open_followups = sudo.filtered(
            lambda r: before[r.id][0] == "detractor" and r.followup_state in ("todo", "in_progress")
        )
        for state, responses in open_followups.grouped(
            lambda r: "done" if r.followup_state == "in_progress" else "none"
        ).items():
            responses.write(
                {
                    "followup_state": state,
                    "followup_deadline": False,
                    "resurvey_date": False,
                }
            )
        for band, xmlid in BAND_ACTIVITY_TYPES.items():
            sudo.filtered(lambda r, band=band: before[r.id][0] == band).activity_unlink([xmlid])
        sudo.filtered(lambda r: before[r.id][0] == "promoter")._nps_withdraw_moments(before)
        sudo._message_log_batch(
            bodies={
                response.id: self.env._(
                    "The answer changed from %(old)s (%(old_band)s) to %(new)s (%(new_band)s): "
                    "the %(old_band)s follow-up was closed.",
                    old=before[response.id][1],
                    old_band=bands.get(before[response.id][0], ""),
                    new=response.score,
                    new_band=bands.get(response.category, ""),
                )
                for response in sudo
            }
        )

    def _nps_withdraw_moments(self, before):
        """The 'good moment to ask' of former promoters: nobody should ask them for a referral now."""
        if not self:
            return
        moments = (
            self.env["advocacy.moment"]
            .sudo()
            .search([("source_ref", "in", [f"{r._name},{r.id}" for r in self]), ("state", "=", "asked")])
        )
        moments.write({"state": "expired"})
        moments.activity_unlink(["advocacy_program.mail_activity_type_advocacy_ask"])
        moments._message_log_batch(
            bodies={
                moment.id: self.env._(
                    "No longer a good moment to ask: %(name)s changed their NPS answer from %(old)s "
                    "to %(new)s.",
                    name=moment.source_ref.partner_id.name,
                    old=before[moment.source_ref.id][1],
                    new=moment.source_ref.score,
                )
                for moment in moments
            }
        )

    def _nps_activity_user(self):
        self.ensure_one()
        return (
            self.owner_id or self.wave_id.user_id or self.env.ref("base.user_admin", raise_if_not_found=False)
        )

    def _nps_action_detractor(self):
        """Automation 'detractor': a call-back activity for the owner, due within the SLA, and a
        re-survey date."""
        responses = self._nps_loop_candidates()
        sla_hours = self.env["advocacy.settings"]._advocacy_setting("advocacy_nps.sla_hours")
        resurvey_days = self.env["advocacy.settings"]._advocacy_setting("advocacy_nps.resurvey_days")
        activity_type = self.env.ref("advocacy_nps.mail_activity_type_nps_detractor")
        now = fields.Datetime.now()
        for response in responses:
            deadline = now + timedelta(hours=sla_hours)
            response.write(
                {
                    "followup_state": "todo",
                    "followup_deadline": deadline,
                    "resurvey_date": response.date + timedelta(days=resurvey_days),
                }
            )
            user = response._nps_activity_user()
            response.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=deadline.date(),
                summary=self.env._(
                    "Call back %(name)s (NPS %(score)s)", name=response.partner_id.name, score=response.score
                ),
                note=response.comment or "",
                user_id=user.id if user else self.env.uid,
            )
        return True

    def _nps_action_passive(self):
        """Automation 'passive': a referral-incentive follow-up for the owner."""
        activity_type = self.env.ref("advocacy_nps.mail_activity_type_nps_passive")
        for response in self._nps_loop_candidates():
            user = response._nps_activity_user()
            response.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=fields.Date.context_today(response) + timedelta(days=7),
                summary=self.env._("Offer %(name)s the referral incentive", name=response.partner_id.name),
                user_id=user.id if user else self.env.uid,
            )
        return True

    def _nps_action_promoter(self):
        """Automation 'promoter': an advocacy moment ('a good moment to ask') and advocate candidate."""
        responses = self._nps_loop_candidates()
        if not responses:
            return True
        for response in responses:
            self.env["advocacy.moment"]._trigger(response.partner_id, "promoter", source=response)
        responses.partner_id._advocacy_mark_candidate()
        # the invitation to join the program (advocacy_program's setting and opt-outs decide)
        responses.partner_id._advocacy_auto_invite()
        return True

    @api.model
    def _cron_resurvey_detractors(self, batch_size=500):
        """Re-invites detractors whose re-survey date has come, through the re-survey wave."""
        wave = self.env.ref("advocacy_nps.wave_detractor_resurvey", raise_if_not_found=False)
        if not wave:
            return
        domain = [
            ("category", "=", "detractor"),
            ("resurvey_date", "<=", fields.Date.context_today(self)),
            ("resurvey_invitation_id", "=", False),
        ]
        responses = self.search(domain, limit=batch_size, order="resurvey_date, id")
        blacklisted = self.env["advocacy.nps.invitation"]._nps_blacklisted(
            responses.partner_id.mapped("email")
        )
        # a contact re-surveyed again gets the next cycle of the re-survey wave
        next_cycle = {
            partner.id: cycle + 1
            for partner, cycle in self.env["advocacy.nps.invitation"]._read_group(
                [("wave_id", "=", wave.id), ("partner_id", "in", responses.partner_id.ids)],
                ["partner_id"],
                ["cycle:max"],
            )
        }
        vals_list = []
        for response in responses:
            cycle = next_cycle.get(response.partner_id.id, 0)
            next_cycle[response.partner_id.id] = cycle + 1
            vals_list.append(wave._nps_invitation_vals(response.partner_id, blacklisted, cycle=cycle))
        invitations = self.env["advocacy.nps.invitation"].create(vals_list)
        for response, invitation in zip(responses, invitations, strict=True):
            response.resurvey_invitation_id = invitation
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(responses), remaining=remaining)

    # ------------------------------------------------------------------ analytics
    @api.model
    def _nps_breakdown(self, domain=None, period="month", segment=None):
        """NPS per period (and segment) from the band counts, with its 95% margin of error and the
        significance of the change from the previous period of the same segment.

        `segment` is a groupable field of the response (user_id, team_id, industry_id, country_id,
        tag_ids, role, touchpoint, kind, channel). Returns a list of dicts ordered by segment, period.
        """
        groupby = [f"date:{period}"] + ([segment] if segment else []) + ["category"]
        groups = self._read_group(domain or [], groupby, ["__count"])
        counts = {}
        for group in groups:
            *keys, category, count = group
            period_value = keys[0]
            segment_value = keys[1] if segment else None
            key = (segment_value, period_value)
            entry = counts.setdefault(key, {"promoter": 0, "passive": 0, "detractor": 0})
            if category:
                entry[category] += count
        rows = []
        previous_by_segment = {}
        for (segment_value, period_value), entry in sorted(counts.items(), key=_segment_period_key):
            triple = (entry["promoter"], entry["passive"], entry["detractor"])
            previous = previous_by_segment.get(segment_value)
            change = nps_math.change_significance(triple, previous) if previous else None
            rows.append(
                {
                    "period": period_value,
                    "segment": segment_value,
                    "promoters": triple[0],
                    "passives": triple[1],
                    "detractors": triple[2],
                    "count": sum(triple),
                    "nps": nps_math.nps(*triple),
                    "margin": nps_math.margin_of_error(*triple),
                    "change": change and change["change"],
                    "significant": bool(change and change["significant"]),
                }
            )
            previous_by_segment[segment_value] = triple
        return rows

    @api.model
    def _nps_overall(self, domain=None):
        """(promoters, passives, detractors) over the domain, in one query."""
        groups = self._read_group(domain or [], ["category"], ["__count"])
        found = dict(groups)
        return found.get("promoter", 0), found.get("passive", 0), found.get("detractor", 0)

    def init(self):
        # the report and the partner roll-up read the latest answers of a contact first
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS advocacy_nps_response_partner_date_idx "
                "ON advocacy_nps_response (partner_id, date DESC, id DESC)"
            )
        )
        # the latest answer of an account in a company (revenue by NPS band, the stored latest answer)
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS advocacy_nps_response_account_company_date_idx "
                "ON advocacy_nps_response (commercial_partner_id, company_id, date DESC, id DESC)"
            )
        )

    # ------------------------------------------------------------------ buttons
    def action_start_followup(self):
        self.check_access("write")
        self.filtered(lambda r: r.followup_state == "todo").write({"followup_state": "in_progress"})

    def action_close_followup(self):
        self.check_access("write")
        self.write({"followup_state": "done"})
        self.activity_ids.filtered(lambda a: a.activity_type_id.res_model == self._name).action_feedback(
            feedback=self.env._("Follow-up closed")
        )

    # ------------------------------------------------------------------ demo
    @api.model
    def _nps_demo_generate(self, months=12, per_month=30, seed=42):
        """Twelve months of NPS answers and CSAT over the demo contacts (deterministic)."""
        import random  # noqa: PLC0415

        from dateutil.relativedelta import relativedelta  # noqa: PLC0415

        rng = random.Random(seed)
        partners = self.env["res.partner"].search(
            [("email", "!=", False), ("is_company", "=", False), ("partner_share", "=", True)], order="id"
        )
        if not partners:
            return
        roles = [role for role, _label in ROLES]
        touchpoints = [tp for tp, _label in TOUCHPOINTS]
        reasons = self.env["advocacy.nps.reason"].search([])
        comments = {
            "promoter": ["Great partner, fast answers.", "The product saves us hours every week.", ""],
            "passive": ["Good, but the price went up.", "Fine overall; reports could be better.", ""],
            "detractor": ["Support took a week to answer.", "Too many bugs since the last release.", ""],
        }
        today = fields.Date.context_today(self)
        vals_list = []
        for month in range(months, 0, -1):
            # the program works: promoters grow from 35% to about 60% over the year
            promoter_share = 0.35 + 0.25 * (months - month) / max(months - 1, 1)
            for _i in range(per_month):
                partner = partners[rng.randrange(len(partners))]
                draw = rng.random()
                if draw < promoter_share:
                    score = rng.choice([9, 10])
                elif draw < promoter_share + 0.25:
                    score = rng.choice([7, 8])
                else:
                    score = rng.randint(2, 6)
                answered = today - relativedelta(months=month - 1) - relativedelta(days=rng.randint(0, 27))
                kind = rng.choice(["relationship", "relationship", "transactional"])
                band = nps_math.band(score)
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "score": score,
                        "date": min(answered, today),
                        "kind": kind,
                        "touchpoint": rng.choice(touchpoints) if kind == "transactional" else False,
                        "role": partner.nps_role or rng.choice(roles),
                        "channel": rng.choice(["email", "email", "email", "phone", "review", "survey"]),
                        "comment": rng.choice(comments[band]) or False,
                        "consent": rng.random() < 0.6,
                        "reason_ids": [fields.Command.set(reasons[: rng.randint(0, 2)].ids)]
                        if reasons
                        else [],
                        "followup_state": "done" if band == "detractor" and month > 1 else "none",
                    }
                )
        self.create(vals_list)
        csat_vals = []
        for month in range(months, 0, -1):
            for _i in range(12):
                partner = partners[rng.randrange(len(partners))]
                draw = rng.random()
                csat_vals.append(
                    {
                        "partner_id": partner.id,
                        "touchpoint": rng.choice(
                            ["software", "hardware", "implementation", "after_sales", "events"]
                        ),
                        "rating": "satisfied" if draw < 0.7 else "neutral" if draw < 0.85 else "dissatisfied",
                        "date": today
                        - relativedelta(months=month - 1)
                        - relativedelta(days=rng.randint(0, 27)),
                    }
                )
        self.env["advocacy.csat.response"].create(csat_vals)
