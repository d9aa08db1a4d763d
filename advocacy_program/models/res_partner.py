from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import attribution
from . import service_guard

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
    "advocacy_renewal_date",
)
# the figures of the program, for advocacy users only
FIGURES = "advocacy_program.group_advocacy_user"
# the advocate's consent, written by the join page only (service_guard.JOIN)
JOIN_FIELDS = ("advocacy_consent_date", "advocacy_terms_accepted")


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
    advocacy_manager_id = fields.Many2one(
        "res.users",
        string="Managed By",
        compute="_compute_advocacy_manager_id",
        store=True,
        index="btree_not_null",
        groups="base.group_user",
        help="Who manages this advocate (activities, leads of its code, record rules): the contact's account "
        "manager, else its company's, else the salesperson of the contact, then of its company.",
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
    referral_count = fields.Integer(string="Referrals", compute="_compute_referral_count", groups=FIGURES)
    # referral_won_count, referral_revenue, advocate_score (stored per company) and the score's
    # explanation: res_partner_referral_figures.py
    advocacy_has_referred = fields.Boolean(
        string="Has Referred",
        compute="_compute_advocacy_has_referred",
        search="_search_advocacy_has_referred",
        groups=FIGURES,
        help="This contact (for a company: any of its contacts) submitted a referral that was not rejected.",
    )
    advocacy_currency_id = fields.Many2one("res.currency", compute="_compute_advocacy_currency_id")
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
            if vals.get("advocacy_manager_id"):
                raise AccessError(
                    self.env._("Who manages an advocate follows its account manager and salesperson.")
                )
        partners = super().create(vals_list)
        advocates = partners.filtered(lambda p: p.advocate_state in CODE_STATES)
        advocates.filtered(lambda p: not p.referral_code)._advocacy_assign_code()
        self._advocacy_notify("welcome", advocates)
        return partners

    def write(self, vals):
        if self._advocacy_changed(vals, ["advocacy_manager_id"]):
            # derived: set the account manager or the salesperson instead
            raise AccessError(
                self.env._("Who manages an advocate follows its account manager and salesperson.")
            )
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

    # ------------------------------------------------------------------ contract API
    def _advocacy_account_manager(self):
        """The user who manages this advocate and receives its advocacy activities (the stored
        ``advocacy_manager_id``, which the record rules read too)."""
        self.ensure_one()
        return self.advocacy_manager_id

    @api.depends(
        "account_manager_id",
        "user_id",
        "commercial_partner_id.account_manager_id",
        "commercial_partner_id.user_id",
    )
    def _compute_advocacy_manager_id(self):
        """The one definition of who manages an advocate: its account manager, else its company's, else
        the salesperson (of the contact, then of the company)."""
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.advocacy_manager_id = (
                partner.account_manager_id
                or commercial.account_manager_id
                or partner.user_id
                or commercial.user_id
            )

    def _advocacy_mark_candidate(self):
        """Partners not yet in the program become candidates; others keep their state."""
        newcomers = self.filtered(lambda p: p.advocate_state == "none")
        if newcomers:
            newcomers.write({"advocate_state": "candidate"})
            note = Markup("<p>%s</p>") % self.env._("Marked as advocate candidate.")
            newcomers._advocacy_note_change(dict.fromkeys(newcomers.ids, note))
        return newcomers

    def _advocacy_check_user(self):
        if not self.env.user.has_group("advocacy_program.group_advocacy_user"):
            raise AccessError(self.env._("Only advocacy users can do this on a contact."))
