from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import advocate_score, attribution

ADVOCATE_STATES = [
    ("none", "Not an advocate"),
    ("candidate", "Candidate"),
    ("active", "Active"),
    ("champion", "Champion"),
    ("paused", "Paused"),
    ("opted_out", "Opted out"),
]
JOURNEY_STAGES = [
    ("know", "Know"),
    ("like", "Like"),
    ("trust", "Trust"),
    ("try", "Try"),
    ("buy", "Buy"),
    ("repeat", "Repeat"),
    ("refer", "Refer"),
]
PYRAMID_LEVELS = [
    ("1", "1. Advocate identified"),
    ("2", "2. Community"),
    ("3", "3. VIP treatment"),
    ("4", "4. Executive programs"),
    ("5", "5. Amplify"),
]
# states whose partners get a referral code without asking
CODE_STATES = ("active", "champion")
# what advocacy users decide about a contact; other employees may not change it (do-not-ask is
# consent: whoever hears it records it)
ADVOCACY_USER_FIELDS = (
    "advocate_state",
    "journey_stage",
    "pyramid_level",
    "advocate_since",
    "advocacy_sponsor_user_id",
    "advocacy_sponsor_partner_id",
    "is_community_member",
    "is_advisory_council_member",
    "account_manager_id",
    "referral_code",
)
# the figures of the program, for advocacy users only
FIGURES = "advocacy_program.group_advocacy_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    advocate_state = fields.Selection(
        ADVOCATE_STATES,
        string="Advocate Status",
        default="none",
        required=True,
        tracking=True,
        index=True,
        help="Where this contact stands in the advocacy program. Opted-out contacts are never asked.",
        groups="base.group_user",
    )
    journey_stage = fields.Selection(
        JOURNEY_STAGES,
        tracking=True,
        help="Customer journey to advocacy: know, like, trust, try, buy, repeat, refer.",
        groups="base.group_user",
    )
    pyramid_level = fields.Selection(
        PYRAMID_LEVELS,
        tracking=True,
        help="Level of the advocacy pyramid the contact has reached.",
        groups="base.group_user",
    )
    advocate_since = fields.Date(tracking=True, groups="base.group_user")
    advocacy_do_not_ask = fields.Boolean(
        string="Do Not Ask",
        tracking=True,
        help="The contact does not want to be asked for referrals, reviews or testimonials.",
        groups="base.group_user",
    )
    advocacy_sponsor_user_id = fields.Many2one(
        "res.users",
        string="Executive Sponsor",
        help="Executive of our company paired with this advocate (executive sponsor program).",
        groups="base.group_user",
    )
    advocacy_sponsor_partner_id = fields.Many2one(
        "res.partner",
        string="Customer Executive",
        help="The executive on the customer's side paired with our executive sponsor.",
        groups="base.group_user",
    )
    is_community_member = fields.Boolean(
        string="Community Member", help="Member of the user group/community.", groups="base.group_user"
    )
    is_advisory_council_member = fields.Boolean(
        string="Advisory Council Member",
        help="Sits on the customer advisory council.",
        groups="base.group_user",
    )
    account_manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        index="btree_not_null",
        help="Gets the advocacy activities of this contact. Empty: the salesperson.",
        groups="base.group_user",
    )
    referral_code = fields.Char(
        copy=False,
        index="btree_not_null",
        tracking=True,
        groups="base.group_user,base.group_portal",
        help="Unique code of this advocate, used in the share link /advocacy/r/<code>.",
    )
    referral_share_url = fields.Char(
        string="Share Link", compute="_compute_referral_share_url", groups="base.group_user,base.group_portal"
    )
    referral_given_ids = fields.One2many(
        "advocacy.referral", "referrer_id", string="Referrals Given", groups=FIGURES
    )
    referral_count = fields.Integer(string="Referrals", compute="_compute_referral_figures", groups=FIGURES)
    referral_won_count = fields.Integer(
        string="Won Referrals", compute="_compute_referral_figures", groups=FIGURES
    )
    referral_revenue = fields.Monetary(
        compute="_compute_referral_figures",
        currency_field="advocacy_currency_id",
        groups=FIGURES,
    )
    advocacy_has_referred = fields.Boolean(
        string="Has Referred",
        compute="_compute_advocacy_has_referred",
        search="_search_advocacy_has_referred",
        groups=FIGURES,
        help="This contact (for a company: any of its contacts) submitted a referral that was not rejected.",
    )
    advocacy_currency_id = fields.Many2one("res.currency", compute="_compute_advocacy_currency_id")
    advocate_score = fields.Integer(
        compute="_compute_advocate_score",
        groups=FIGURES,
        help="0-100 from status, pyramid level, referrals, wins, revenue and engagement.",
    )
    advocate_score_explanation = fields.Text(
        string="Score Explanation", compute="_compute_advocate_score", groups=FIGURES
    )
    advocacy_review_count = fields.Integer(
        string="Business Reviews", compute="_compute_advocacy_counts", groups=FIGURES
    )
    advocacy_moment_count = fields.Integer(
        string="Advocacy Moments", compute="_compute_advocacy_counts", groups=FIGURES
    )
    advocacy_participation_count = fields.Integer(
        string="Challenges",
        compute="_compute_advocacy_participation_count",
        groups=FIGURES,
        help="Campaign challenges this contact (or, for a company, its contacts) takes part in.",
    )

    _sql_constraints = [
        (
            "referral_code_unique",
            "UNIQUE(referral_code)",
            "This referral code is already used by another contact.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    def _compute_advocacy_currency_id(self):
        self.advocacy_currency_id = self.env.company.currency_id

    @api.depends("referral_code")
    def _compute_referral_share_url(self):
        for partner in self:
            partner.referral_share_url = (
                f"{partner.get_base_url()}/advocacy/r/{partner.referral_code}"
                if partner.referral_code
                else False
            )

    def _advocacy_referral_stats(self):
        """{partner_id: (count, won, revenue)} in one aggregate query: a contact counts what it
        referred itself, a commercial entity what any of its contacts referred (B2B roll-up).
        Rejected referrals do not count; only the referrals of the allowed companies do."""
        partners = self.filtered("id")
        if not partners:
            return {}
        partners.fetch(["commercial_partner_id"])
        commercial = partners.filtered(lambda p: p.commercial_partner_id == p)
        contacts = partners - commercial
        self.env["advocacy.referral"].flush_model(
            ["referrer_id", "referrer_commercial_id", "state", "revenue", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT pid, COUNT(*), COUNT(*) FILTER (WHERE state = 'won'), COALESCE(SUM(revenue), 0)
                  FROM (SELECT referrer_id AS pid, state, revenue, company_id
                          FROM advocacy_referral
                         WHERE referrer_id = ANY(%(contacts)s)
                     UNION ALL
                        SELECT referrer_commercial_id, state, revenue, company_id
                          FROM advocacy_referral
                         WHERE referrer_commercial_id = ANY(%(commercial)s)) AS r
                 WHERE state != 'rejected' AND (company_id IS NULL OR company_id = ANY(%(companies)s))
              GROUP BY pid
                """,
                contacts=contacts.ids,
                commercial=commercial.ids,
                companies=self.env.companies.ids,
            )
        )
        return {pid: (count, won, float(revenue)) for pid, count, won, revenue in self.env.cr.fetchall()}

    def _compute_referral_figures(self):
        stats = self._advocacy_referral_stats()
        for partner in self:
            count, won, revenue = stats.get(partner.id, (0, 0, 0.0))
            partner.referral_count = count
            partner.referral_won_count = won
            partner.referral_revenue = revenue

    def _compute_advocacy_has_referred(self):
        stats = self._advocacy_referral_stats()
        for partner in self:
            partner.advocacy_has_referred = bool(stats.get(partner.id, (0,))[0])

    def _search_advocacy_has_referred(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        # the referrers counted by _advocacy_referral_stats (the contact, and its commercial entity),
        # like it over every referral of the allowed companies, whoever's pipeline holds it
        referrals = (
            self.env["advocacy.referral"]
            .sudo()
            ._search([("state", "!=", "rejected"), ("company_id", "in", [False, *self.env.companies.ids])])
        )
        self.env.cr.execute(
            SQL(
                """SELECT referrer_id FROM advocacy_referral WHERE id IN %(ids)s
                    UNION SELECT referrer_commercial_id FROM advocacy_referral WHERE id IN %(ids)s""",
                ids=referrals.subselect(),
            )
        )
        referrers = [pid for (pid,) in self.env.cr.fetchall() if pid]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", referrers)]

    def _compute_advocacy_counts(self):
        ids = [pid for pid in self.ids if pid]
        reviews = moments = {}
        if ids:
            reviews = dict(
                self.env["advocacy.review"]._read_group(
                    [("partner_id", "in", ids)], ["partner_id"], ["__count"]
                )
            )
            moments = dict(
                self.env["advocacy.moment"]._read_group(
                    [("partner_id", "in", ids)], ["partner_id"], ["__count"]
                )
            )
        reviews = {p.id: c for p, c in reviews.items()}
        moments = {p.id: c for p, c in moments.items()}
        for partner in self:
            partner.advocacy_review_count = reviews.get(partner.id, 0)
            partner.advocacy_moment_count = moments.get(partner.id, 0)

    def _score_labels(self):
        return {
            "state": self.env._("Advocate status"),
            "pyramid": self.env._("Advocacy pyramid level"),
            "referrals": self.env._("Referrals submitted"),
            "won": self.env._("Referrals won"),
            "revenue": self.env._("Referred revenue"),
            "engagement": self.env._("Reviews and accepted asks"),
        }

    @api.depends("advocate_state", "pyramid_level")
    def _compute_advocate_score(self):
        stats = self._advocacy_referral_stats()
        ids = [pid for pid in self.ids if pid]
        good_reviews = accepted = {}
        if ids:
            good_reviews = {
                p.id: c
                for p, c in self.env["advocacy.review"]
                .sudo()
                ._read_group(
                    [("partner_id", "in", ids), ("health", "=", "good")], ["partner_id"], ["__count"]
                )
            }
            accepted = {
                p.id: c
                for p, c in self.env["advocacy.moment"]
                .sudo()
                ._read_group(
                    [("partner_id", "in", ids), ("state", "=", "accepted")], ["partner_id"], ["__count"]
                )
            }
        labels = self._score_labels()
        for partner in self:
            count, won, revenue = stats.get(partner.id, (0, 0, 0.0))
            total, parts = advocate_score.score(
                state=partner.advocate_state,
                pyramid_level=partner.pyramid_level,
                referral_count=count,
                won_count=won,
                revenue=revenue,
                good_reviews=good_reviews.get(partner.id, 0),
                accepted_moments=accepted.get(partner.id, 0),
            )
            partner.advocate_score = total
            partner.advocate_score_explanation = "\n".join(
                f"{labels[key]}: {points}/{cap}" for key, _label, points, cap in parts if points
            ) or self.env._("No advocacy yet.")

    # ------------------------------------------------------------------ constraints
    def _advocacy_check_code_free(self, code):
        """Refuse a code another contact holds before anything is written (clear error, no
        half-written record); the UNIQUE constraint still guards concurrent writes."""
        if code and self.sudo().with_context(active_test=False).search_count(
            [("referral_code", "=", code), ("id", "not in", self.ids)], limit=1
        ):
            raise ValidationError(self.env._("This referral code is already used by another contact."))

    @api.constrains("referral_code")
    def _check_referral_code(self):
        codes = [p.referral_code for p in self if p.referral_code]
        if not codes:
            return
        for partner in self.filtered("referral_code"):
            if attribution.normalize_code(partner.referral_code) != partner.referral_code:
                raise ValidationError(
                    self.env._(
                        "A referral code uses only capital letters and digits, without spaces: %s",
                        partner.referral_code,
                    )
                )
        clashes = (
            self.sudo()
            .with_context(active_test=False)
            .search_count([("referral_code", "in", codes), ("id", "not in", self.ids)], limit=1)
        )
        if clashes or len(set(codes)) != len(codes):
            raise ValidationError(self.env._("This referral code is already used by another contact."))

    # ------------------------------------------------------------------ create / write
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._advocacy_check_user_fields(
                [name for name in ADVOCACY_USER_FIELDS if vals.get(name) and vals[name] != "none"]
            )
            if vals.get("referral_code"):
                vals["referral_code"] = attribution.normalize_code(vals["referral_code"])
                self.browse()._advocacy_check_code_free(vals["referral_code"])
            if vals.get("advocate_state") in CODE_STATES:
                vals.setdefault("advocate_since", fields.Date.context_today(self))
        partners = super().create(vals_list)
        partners.filtered(
            lambda p: p.advocate_state in CODE_STATES and not p.referral_code
        )._advocacy_assign_code()
        return partners

    def write(self, vals):
        self._advocacy_check_user_fields(self._advocacy_changed(vals, ADVOCACY_USER_FIELDS))
        if vals.get("referral_code"):
            vals["referral_code"] = attribution.normalize_code(vals["referral_code"])
            if len(self) > 1:
                raise ValidationError(self.env._("A referral code belongs to one contact only."))
            self._advocacy_check_code_free(vals["referral_code"])
        res = super().write(vals)
        if vals.get("advocate_state") in CODE_STATES:
            self.filtered(lambda p: not p.advocate_since).write(
                {"advocate_since": fields.Date.context_today(self)}
            )
            self.filtered(lambda p: not p.referral_code)._advocacy_assign_code()
        return res

    def _advocacy_changed(self, vals, names):
        """The fields among ``names`` that ``vals`` would really change on some record of self
        (Odoo's merge and imports write unchanged values back)."""
        changed = []
        for name in names:
            if name not in vals:
                continue
            field = self._fields[name]
            for partner in self:
                new = field.convert_to_record(field.convert_to_cache(vals[name], partner), partner)
                if new != partner[name]:
                    changed.append(name)
                    break
        return changed

    def _advocacy_check_user_fields(self, names):
        if names and not self.env.su and not self.env.user.has_group("advocacy_program.group_advocacy_user"):
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in names)
            raise AccessError(self.env._("Only advocacy users can change %(fields)s.", fields=labels))

    def _advocacy_assign_code(self):
        """Give every partner of self a fresh random code, unique across the database."""
        if not self:
            return
        Partner = self.sudo().with_context(active_test=False)
        for _attempt in range(5):
            codes = [attribution.generate_code() for _p in self]
            if len(set(codes)) == len(codes) and not Partner.search_count(
                [("referral_code", "in", codes)], limit=1
            ):
                break
        else:
            raise UserError(self.env._("Could not generate a unique referral code, please try again."))
        for partner, code in zip(self, codes, strict=False):
            partner.sudo().referral_code = code

    # ------------------------------------------------------------------ contract API
    def _advocacy_account_manager(self):
        """The user who receives this contact's advocacy activities: its account manager, else its
        company's, else the salesperson (of the contact, then of the company)."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        return (
            self.account_manager_id
            or commercial.account_manager_id
            or self.user_id
            or commercial.user_id
            or self.env["res.users"]
        )

    def _advocacy_mark_candidate(self):
        """Partners not yet in the program become candidates; others keep their state."""
        newcomers = self.filtered(lambda p: p.advocate_state == "none")
        if newcomers:
            newcomers.write({"advocate_state": "candidate"})
            for partner in newcomers:
                partner.message_post(
                    body=self.env._("Marked as advocate candidate."),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
        return newcomers

    # ------------------------------------------------------------------ actions
    def _advocacy_check_user(self):
        if not self.env.user.has_group("advocacy_program.group_advocacy_user"):
            raise AccessError(self.env._("Only advocacy users can do this on a contact."))

    def action_advocacy_generate_code(self):
        self._advocacy_check_user()
        self.check_access("write")
        self._advocacy_assign_code()
        for partner in self:
            partner.message_post(
                body=self.env._("New referral code generated; the previous one no longer attributes leads.")
            )
        return True

    def action_advocacy_revoke_code(self):
        self._advocacy_check_user()
        self.check_access("write")
        revoked = self.filtered("referral_code")
        revoked.sudo().write({"referral_code": False})
        for partner in revoked:
            partner.message_post(
                body=self.env._("Referral code revoked: leads carrying it are no longer attributed.")
            )
        return True

    def _advocacy_smart_domain(self):
        self.ensure_one()
        if self.commercial_partner_id == self:
            return [("referrer_commercial_id", "=", self.id)]
        return [("referrer_id", "=", self.id)]

    def action_view_advocacy_referrals(self):
        self.ensure_one()
        self._advocacy_check_user()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_program.advocacy_referral_action")
        action["domain"] = self._advocacy_smart_domain()
        action["context"] = {"default_referrer_id": self.id}
        return action

    def action_view_advocacy_reviews(self):
        self.ensure_one()
        self._advocacy_check_user()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_program.advocacy_review_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _compute_advocacy_participation_count(self):
        ids = [pid for pid in self.ids if pid]
        own = by_company = {}
        if ids:
            Participation = self.env["advocacy.participation"]
            own = {
                partner.id: count
                for partner, count in Participation._read_group(
                    [("partner_id", "in", ids)], ["partner_id"], ["__count"]
                )
            }
            by_company = {
                partner.id: count
                for partner, count in Participation._read_group(
                    [("commercial_partner_id", "in", ids)], ["commercial_partner_id"], ["__count"]
                )
            }
        for partner in self:
            # a company counts its contacts' participations, a contact its own
            counts = by_company if partner.commercial_partner_id == partner else own
            partner.advocacy_participation_count = counts.get(partner.id, 0)

    def action_view_advocacy_participations(self):
        self.ensure_one()
        self._advocacy_check_user()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advocacy_program.advocacy_participation_action"
        )
        field = "commercial_partner_id" if self.commercial_partner_id == self else "partner_id"
        action["domain"] = [(field, "=", self.id)]
        return action

    def action_view_advocacy_moments(self):
        self.ensure_one()
        self._advocacy_check_user()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_program.advocacy_moment_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
