import logging
import re
import secrets
from datetime import timedelta
from urllib.parse import quote

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, consteq, html2plaintext, is_html_empty

from ..tools import advocate_score, attribution
from . import service_guard
from .notification import ASK_EVENTS, DIRECT_EVENTS, PROGRAM_EVENTS, SEND_CRON, switch_key

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
JOURNEY_RANK = {stage: rank for rank, (stage, _label) in enumerate(JOURNEY_STAGES)}
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
    "advocacy_renewal_date",
)
# the figures of the program, for advocacy users only
FIGURES = "advocacy_program.group_advocacy_user"
# the advocate's consent, written by the join page only (service_guard.JOIN)
JOIN_FIELDS = ("advocacy_consent_date", "advocacy_terms_accepted")
# a join link is a credential: 43 url-safe characters (256 random bits), valid this many days
JOIN_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
JOIN_TOKEN_DAYS = 30

_logger = logging.getLogger(__name__)
# precommit data key of the advocates' mails waiting for the end of the transaction
NOTIFY_QUEUE = "advocacy_program_notify_queue"


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
    advocacy_renewal_date = fields.Date(
        string="Renewal Date",
        tracking=True,
        groups="base.group_user",
        help="Next renewal of this customer's contract: a renewal moment to ask is created ahead of it "
        "(see the settings).",
    )
    advocacy_notify_digest = fields.Boolean(
        string="Daily Digest of Advocacy Mails",
        groups="base.group_user,base.group_portal",
        help="The advocate receives one mail a day listing the program's news instead of one mail per event.",
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
    advocacy_join_token = fields.Char(
        string="Join Link Token",
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="Secret of the contact's invitation link to join the program (/advocacy/join/<token>).",
    )
    advocacy_join_expiry = fields.Datetime(
        string="Join Link Valid Until", copy=False, groups="base.group_system"
    )
    advocacy_consent_date = fields.Datetime(
        string="Joined On",
        copy=False,
        readonly=True,
        tracking=True,
        groups="base.group_user",
        help="When the contact accepted the program's terms on the join page.",
    )
    advocacy_terms_accepted = fields.Text(
        string="Terms Accepted",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="The version and the text of the program's terms the contact accepted.",
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
            self.browse()._advocacy_check_join_fields([name for name in JOIN_FIELDS if vals.get(name)])
        partners = super().create(vals_list)
        advocates = partners.filtered(lambda p: p.advocate_state in CODE_STATES)
        advocates.filtered(lambda p: not p.referral_code)._advocacy_assign_code()
        self._advocacy_notify("welcome", advocates)
        return partners

    def write(self, vals):
        self._advocacy_check_user_fields(self._advocacy_changed(vals, ADVOCACY_USER_FIELDS))
        self._advocacy_check_join_fields(self._advocacy_changed(vals, JOIN_FIELDS))
        if vals.get("referral_code"):
            vals["referral_code"] = attribution.normalize_code(vals["referral_code"])
            if len(self) > 1:
                raise ValidationError(self.env._("A referral code belongs to one contact only."))
            self._advocacy_check_code_free(vals["referral_code"])
        joining = self.browse()
        if vals.get("advocate_state") in CODE_STATES:
            joining = self.filtered(lambda p: p.sudo().advocate_state not in CODE_STATES)
        res = super().write(vals)
        if vals.get("advocate_state") in CODE_STATES:
            self.filtered(lambda p: not p.advocate_since).write(
                {"advocate_since": fields.Date.context_today(self)}
            )
            self.filtered(lambda p: not p.referral_code)._advocacy_assign_code()
            # whatever the path (a button, an import, a portal acceptance), a new advocate is welcomed
            self._advocacy_notify("welcome", joining)
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

    def _advocacy_check_join_fields(self, names):
        """The consent is the advocate's own act: only the join page (its service) records it."""
        if names and not service_guard.is_service(self, service_guard.JOIN):
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in names)
            raise AccessError(
                self.env._("%(fields)s are recorded when the contact accepts the invitation.", fields=labels)
            )

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

    # ------------------------------------------------------------------ joining the program
    def _advocacy_join_url(self):
        """Absolute URL of the contact's invitation to join: a fresh secret when none is valid, and
        valid JOIN_TOKEN_DAYS from now (an invitation sent again extends the link it carries)."""
        self.ensure_one()
        partner = self.sudo()
        now = fields.Datetime.now()
        vals = {"advocacy_join_expiry": now + timedelta(days=JOIN_TOKEN_DAYS)}
        if not partner.advocacy_join_token or (partner.advocacy_join_expiry or now) < now:
            vals["advocacy_join_token"] = secrets.token_urlsafe(32)
        partner.write(vals)
        return f"{partner.get_base_url()}/advocacy/join/{partner.advocacy_join_token}"

    def _advocacy_join_link(self):
        """The current join link, without creating one (the mail template renders it after
        _advocacy_send_join_invitation made it; a preview in the editor writes nothing)."""
        self.ensure_one()
        token = self.sudo().advocacy_join_token
        return f"{self.get_base_url()}/advocacy/join/{token}" if token else ""

    @api.model
    def _advocacy_from_join_token(self, token):
        """The contact whose valid join link carries ``token``, else an empty recordset (unknown,
        forged, expired or archived: the page cannot tell them apart)."""
        empty = self.browse()
        if not isinstance(token, str) or not JOIN_TOKEN_RE.fullmatch(token):
            return empty
        partner = self.sudo().search([("advocacy_join_token", "=", token)], limit=1)
        if (
            not partner
            or not consteq(partner.advocacy_join_token, token)
            or (partner.advocacy_join_expiry or fields.Datetime.now()) < fields.Datetime.now()
        ):
            return empty
        return partner

    def _advocacy_terms(self):
        """{'version', 'html'}: the program terms of the contact's company, in the contact's language."""
        self.ensure_one()
        company = (self.company_id or self.env.company).sudo().with_context(lang=self.lang or self.env.lang)
        terms = company.advocacy_terms
        if is_html_empty(terms):
            terms = Markup("<p>%s</p>") % self.with_context(lang=self.lang).env._(
                "You recommend us to people you know, by your own choice and in your own words. We contact "
                "the people you refer only about what they asked for. Rewards follow the program's rules "
                "and are never paid for a score or a review's content. You can leave the program at any "
                "time by telling your account manager or unsubscribing."
            )
        return {"version": company.advocacy_terms_version or "1", "html": terms}

    def _advocacy_accept_join(self):
        """The contact accepted the terms on the join page: consent recorded with the terms accepted,
        the contact an active advocate with a referral code at once."""
        self.ensure_one()
        terms = self._advocacy_terms()
        partner = service_guard.as_service(self, service_guard.JOIN)
        vals = {
            "advocacy_consent_date": fields.Datetime.now(),
            "advocacy_terms_accepted": self.env._(
                "Version %(version)s:\n%(text)s", version=terms["version"], text=html2plaintext(terms["html"])
            ),
        }
        if partner.advocate_state not in CODE_STATES:
            vals["advocate_state"] = "active"
        partner.write(vals)
        if not partner.referral_code:
            partner._advocacy_assign_code()
        partner.message_post(
            body=self.env._("Joined the advocacy program (terms version %s accepted).", terms["version"]),
            subtype_xmlid="mail.mt_note",
        )
        return partner

    def _advocacy_invitable(self, manual=False):
        """Those of self who may be invited to join: reachable by email, not blacklisted, not asked
        to be left alone, not yet consenting; automatic invitations go to newcomers and candidates,
        a rep may also invite an active advocate who never accepted the terms."""
        states = ("none", "candidate", *CODE_STATES) if manual else ("none", "candidate")
        return self.sudo().filtered(
            lambda p: (
                p.active
                and p.email
                and not p.is_blacklisted
                and not p.advocacy_do_not_ask
                and not p.advocacy_consent_date
                and p.advocate_state in states
            )
        )

    def _advocacy_send_join_invitation(self, manual=False):
        """The invitation to join (template editable by admins), through the mail dispatcher: each
        contact's join link is made now, the mail by the sending cron after the commit. Returns the
        contacts invited."""
        partners = self._advocacy_invitable(manual=manual)
        template = self.env.ref("advocacy_program.mail_template_advocacy_join", raise_if_not_found=False)
        if not partners or not template or not template.active:
            return self.browse()
        for partner in partners:
            partner._advocacy_join_url()
        self._advocacy_notify("join_invitation", partners)
        partners._message_log_batch(
            bodies={p.id: self.env._("Invitation to join the advocacy program sent.") for p in partners}
        )
        return partners

    def _advocacy_auto_invite(self):
        """Invitation after a promoter answer or an accepted ask, when the setting allows it."""
        if not self.env["advocacy.settings"]._advocacy_setting("advocacy_program.invite_on_promoter"):
            return self.browse()
        # one invitation at a time: a promoter whose ask is then accepted is not mailed twice
        now = fields.Datetime.now()
        pending = self.sudo().filtered(lambda p: p.advocacy_join_expiry and p.advocacy_join_expiry > now)
        return (self - pending)._advocacy_send_join_invitation()

    def action_advocacy_invite_to_join(self):
        """Button of the account manager: send the invitation to join now."""
        self._advocacy_check_user()
        self.check_access("write")
        invited = self._advocacy_send_join_invitation(manual=True)
        if not invited:
            raise UserError(
                self.env._(
                    "Nobody to invite: the contact needs an email address, must not have opted out or "
                    "asked not to be asked, and must not have joined already."
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Invitation to join sent to %s.", ", ".join(invited.mapped("name"))),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------ the advocate's share kit
    def _advocacy_share_message(self):
        """The suggested message in the advocate's language (settings, else a default)."""
        self.ensure_one()
        lang = self.lang or self.env.lang
        company = (self.company_id or self.env.company).sudo().with_context(lang=lang)
        return company.advocacy_share_message or self.with_context(lang=lang).env._(
            "I work with %s and recommend them. If it could help you too, leave your details here:",
            company.name,
        )

    def _advocacy_share_kit(self):
        """What the advocate shares (link, message, share and QR code URLs), or False without a code.
        A dict of values only: pages hand it to their templates."""
        self.ensure_one()
        partner = self.sudo()
        if not partner.referral_code:
            return False
        url = partner.referral_share_url
        message = partner._advocacy_share_message()
        text = f"{message} {url}"
        subject = self.with_context(lang=partner.lang or self.env.lang).env._("A recommendation for you")
        return {
            "code": partner.referral_code,
            "url": url,
            "message": message,
            "mailto": f"mailto:?subject={quote(subject)}&body={quote(text)}",
            "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={quote(url, safe='')}",
            "x": f"https://x.com/intent/tweet?text={quote(message)}&url={quote(url, safe='')}",
            "whatsapp": f"https://wa.me/?text={quote(text)}",
            "qr": f"/report/barcode/?barcode_type=QR&value={quote(url, safe='')}&width=200&height=200",
        }

    def _advocacy_portal_url(self):
        """The advocate's own portal page (advocacy_rewards adds the full page)."""
        return "/my/advocacy/challenges"

    @api.model
    def _advocacy_friend_offer(self, company):
        """What a referred friend gets, shown on the share page (one text for every code, so the
        page still tells nothing about the code); advocacy_rewards fills it from its rules."""
        return False

    # ------------------------------------------------------------------ journey (CRM and sales events)
    def _advocacy_advance_journey(self, stage):
        """The journey service: move the contacts of self that stand before `stage` to it, in one write
        (never backwards)."""
        partners = self.sudo().filtered(
            lambda p: p.id and JOURNEY_RANK.get(p.journey_stage, -1) < JOURNEY_RANK[stage]
        )
        if partners:
            partners.write({"journey_stage": stage})
        return partners

    def _advocacy_with_company(self):
        """The contacts of self and their companies (a company's journey is its contacts')."""
        partners = self.sudo()
        return partners | partners.commercial_partner_id

    # ------------------------------------------------------------------ mails to advocates (notification.py)
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
