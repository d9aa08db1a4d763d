from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import attribution
from . import service_guard

REFERRAL_STATES = [
    ("new", "New"),
    ("qualified", "Qualified"),
    ("won", "Won"),
    ("lost", "Lost"),
    ("rejected", "Rejected"),
]
CHANNELS = [
    ("code", "Referral code"),
    ("rep", "Sales rep"),
    ("portal", "Portal"),
    ("email", "Email"),
    ("event", "Event"),
]
REJECTION_TYPES = [
    ("duplicate_customer", "Already a customer"),
    ("duplicate_lead", "Already an open lead"),
    ("self_referral", "Self-referral"),
    ("other", "Other"),
]
OPEN_STATES = ("new", "qualified")
CLOSED_STATES = ("won", "lost", "rejected")


class AdvocacyReferral(models.Model):
    _name = "advocacy.referral"
    _description = "Customer Referral"
    _inherit = ["mail.thread", "mail.activity.mixin", "advocacy.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "referred_name", "referred_company", "referred_email"]
    # moved by the buttons and the CRM/sales events only (rewards are paid from them)
    _advocacy_service_key = service_guard.REFERRAL
    _advocacy_guarded_fields = (
        "state",
        "revenue",
        "qualified_date",
        "won_date",
        "closed_date",
        "rejection_type",
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default=lambda self: self.env._("New")
    )
    referrer_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The advocate who made the referral.",
    )
    referrer_commercial_id = fields.Many2one(
        "res.partner",
        string="Referrer Company",
        related="referrer_id.commercial_partner_id",
        store=True,
        index=True,
    )
    referred_name = fields.Char(string="Contact Name", tracking=True)
    referred_company = fields.Char(string="Company Name", tracking=True)
    referred_email = fields.Char(string="Email", tracking=True, index="btree_not_null")
    referred_phone = fields.Char(string="Phone")
    partner_id = fields.Many2one(
        "res.partner",
        string="Referred Customer",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="The referred customer once they are known as a contact.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="rep", tracking=True)
    state = fields.Selection(
        REFERRAL_STATES, string="Status", required=True, default="new", tracking=True, index=True, copy=False
    )
    rejection_type = fields.Selection(REJECTION_TYPES, copy=False, tracking=True)
    rejection_reason = fields.Text(copy=False)
    date = fields.Date(string="Submitted On", required=True, default=fields.Date.context_today, index=True)
    qualified_date = fields.Date(string="Qualified On", copy=False)
    won_date = fields.Date(string="Won On", copy=False)
    closed_date = fields.Date(string="Closed On", copy=False)
    cycle_days = fields.Integer(
        string="Cycle (days)",
        compute="_compute_cycle_days",
        store=True,
        aggregator="avg",
        help="Days from submission to closing.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index="btree_not_null",
        tracking=True,
        default=lambda self: self.env.user if not self.env.user.share else False,
        domain=lambda self: [("share", "=", False)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    lead_ids = fields.One2many("crm.lead", "referral_id", string="Leads")
    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead/Opportunity",
        compute="_compute_lead_id",
        inverse="_inverse_lead_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
    )
    expected_revenue = fields.Monetary(related="lead_id.expected_revenue", string="Expected Revenue")
    sale_order_ids = fields.One2many("sale.order", "referral_id", string="Sale Orders")
    sale_order_count = fields.Integer(string="Orders", compute="_compute_sale_order_count")
    revenue = fields.Monetary(
        default=0.0,
        readonly=True,
        copy=False,
        tracking=True,
        help="Untaxed total of the confirmed sale orders attributed to this referral, in company currency "
        "(the won opportunity's expected revenue until an order exists).",
    )
    review_id = fields.Many2one("advocacy.review", string="Business Review", index="btree_not_null")
    campaign_id = fields.Many2one(
        "advocacy.campaign",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        ondelete="set null",
        help="The advocacy campaign this referral counts for (a referral from a lead takes its campaign).",
    )
    note = fields.Html(string="Notes")

    # ------------------------------------------------------------------ computes
    @api.depends("lead_ids")
    def _compute_lead_id(self):
        for referral in self:
            referral.lead_id = referral.lead_ids[:1]

    def _inverse_lead_id(self):
        for referral in self:
            if referral.lead_id and referral.lead_id.referral_id != referral:
                referral.lead_id.referral_id = referral

    @api.depends("date", "closed_date", "state")
    def _compute_cycle_days(self):
        for referral in self:
            end = referral.closed_date if referral.state in ("won", "lost") else None
            referral.cycle_days = attribution.cycle_days(referral.date, end) or 0

    def _compute_sale_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("referral_id", "in", self.ids)], ["referral_id"], ["__count"]
            )
        )
        for referral in self:
            referral.sale_order_count = counts.get(referral, 0)

    def _compute_display_name(self):
        for referral in self:
            who = referral.referred_company or referral.referred_name or referral.referred_email
            referral.display_name = f"{referral.name} - {who}" if who else referral.name

    # ------------------------------------------------------------------ constraints
    # not on lead_id: deleting a lead must not be refused because its referral loses it
    @api.constrains("referred_email", "referred_phone", "partner_id")
    def _check_reachable(self):
        if self._advocacy_is_service() and self.env.context.get("advocacy_lead_pending"):
            return  # a lead's own referral: reachable through the lead linked right after
        for referral in self:
            if not (
                referral.referred_email or referral.referred_phone or referral.partner_id or referral.lead_id
            ):
                raise ValidationError(
                    self.env._(
                        "Referral %(name)s: give at least one way to reach the referred party "
                        "(an email, a phone number, an existing contact or a lead).",
                        name=referral.referred_name or referral.referred_company or referral.name,
                    )
                )

    @api.constrains("referred_email")
    def _check_referred_email(self):
        for referral in self:
            if referral.referred_email and not attribution.normalize_email(referral.referred_email):
                raise ValidationError(self.env._("%s is not a valid email address.", referral.referred_email))

    @api.constrains("referrer_id", "partner_id")
    def _check_not_self(self):
        for referral in self:
            if referral.partner_id and referral.partner_id == referral.referrer_id:
                raise ValidationError(self.env._("A contact cannot refer themselves."))

    @api.constrains("user_id")
    def _check_user_internal(self):
        for referral in self:
            if referral.user_id.share:
                raise ValidationError(
                    self.env._(
                        "The salesperson of referral %(name)s must be an employee, not %(user)s.",
                        name=referral.name,
                        user=referral.user_id.name,
                    )
                )

    @api.model
    def _advocacy_check_contacts_exist(self, vals_list):
        """Contact ids given by an API client exist (a clear error instead of a foreign-key failure)."""
        ids = {vals[name] for vals in vals_list for name in ("referrer_id", "partner_id") if vals.get(name)}
        if not ids:
            return
        if not all(isinstance(pid, int) for pid in ids):
            raise ValidationError(self.env._("Contacts are given by their numeric id."))
        found = self.env["res.partner"].sudo().with_context(active_test=False).browse(ids).exists()
        missing = sorted(ids - set(found.ids))
        if missing:
            raise ValidationError(
                self.env._("No contact has the id %(ids)s.", ids=", ".join(map(str, missing)))
            )

    # ------------------------------------------------------------------ create / write
    @api.model_create_multi
    def create(self, vals_list):
        self._advocacy_check_contacts_exist(vals_list)
        unnamed = [vals for vals in vals_list if not vals.get("name") or vals["name"] == self.env._("New")]
        for vals, name in zip(unnamed, self._advocacy_next_names(len(unnamed)), strict=True):
            vals["name"] = name
        for vals in vals_list:
            if vals.get("referred_email"):
                vals["referred_email"] = vals["referred_email"].strip()
            if not vals.get("user_id") and vals.get("referrer_id") and self.env.user.share:
                # an advocate's own submission goes to the pipeline of the one who manages them
                referrer = self.env["res.partner"].sudo().browse(vals["referrer_id"])
                vals["user_id"] = referrer._advocacy_account_manager().id or False
        referrals = super().create(vals_list)
        # Odoo checks the constraints of the fields given only: without any contact field given, a
        # referral would escape the check
        referrals._check_reachable()
        referrals._advocacy_screen()
        referrals._on_state_change({})
        return referrals

    def _advocacy_next_names(self, count):
        """``count`` references from the referral sequence. A plain sequence hands out the whole
        batch in one query (referrals arrive by the thousand from imports and forms); a sequence
        an admin switched to no-gap or date ranges is drawn one number at a time."""
        if not count:
            return []
        Sequence = self.env["ir.sequence"].sudo()
        seq = Sequence.search(
            [("code", "=", "advocacy.referral"), ("company_id", "in", [self.env.company.id, False])],
            order="company_id",
            limit=1,
        )
        if not seq:
            return [self.env._("New")] * count
        if count == 1 or seq.implementation != "standard" or seq.use_date_range:
            return [seq._next() for _i in range(count)]
        self.env.cr.execute(
            SQL("SELECT nextval(%s) FROM generate_series(1, %s)", f"ir_sequence_{seq.id:03d}", count)
        )
        prefix, suffix = seq._get_prefix_suffix()
        return [f"{prefix}{number:0{seq.padding}d}{suffix}" for (number,) in self.env.cr.fetchall()]

    def write(self, vals):
        self._advocacy_check_guarded(vals)
        self._advocacy_check_contacts_exist([vals])
        if "state" not in vals:
            return super().write(vals)
        previous = {referral.id: referral.state for referral in self}
        today = fields.Date.context_today(self)
        new_state = vals["state"]
        if new_state == "qualified":
            vals.setdefault("qualified_date", today)
        elif new_state == "won":
            vals.setdefault("won_date", today)
            vals.setdefault("closed_date", today)
        elif new_state in ("lost", "rejected"):
            vals.setdefault("closed_date", today)
        elif new_state == "new":
            vals.update(qualified_date=False)
        if new_state in OPEN_STATES:
            vals.update(won_date=False, closed_date=False)
        if new_state != "rejected":
            vals.setdefault("rejection_type", False)
        res = super().write(vals)
        changed = {rid: old for rid, old in previous.items() if old != new_state}
        # a referral rejected by the screening of its own creation was never "submitted": its
        # creation hook reports it as created rejected, without a separate state change
        if changed and not self.env.context.get("advocacy_screening"):
            self.browse(list(changed))._on_state_change(changed)
        return res

    def mail_allowed_qweb_expressions(self):
        # the advocate's mails name these: rendered without evaluating code (Odoo's fast, safe mode)
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.referrer_id.name",
            "object.referred_name",
        )

    # ------------------------------------------------------------------ hooks of the contract
    def _on_state_change(self, previous_states):
        """Called after creation (``previous_states`` empty) and after any state change with
        {referral_id: old_state}. Extended by advocacy_rewards."""
        won = self.filtered(lambda r: r.state == "won" and previous_states.get(r.id) != "won")
        left_won = self.filtered(lambda r: r.state != "won" and previous_states.get(r.id) == "won")
        (won | left_won)._advocacy_recompute_revenue()
        created = self.filtered(lambda r: r.id not in previous_states and r.state != "rejected")
        # a referral (a successful one a fortiori) moves its referrer up the journey
        (created | won).referrer_id._advocacy_advance_journey("refer")
        Partner = self.env["res.partner"]
        Partner._advocacy_notify("referral_received", created)
        Partner._advocacy_notify("referral_won", won)
        return True

    def _on_revenue_change(self):
        """Called after the revenue of the referrals changed. Extended by advocacy_rewards."""
        return True

    # ------------------------------------------------------------------ screening
    def _advocacy_screen(self):
        """Reject the referrals of self that are self-referrals or duplicates, with their reason.

        Set-based: one query for the matching customers and one for the open leads of the whole
        batch; the tools.attribution module decides what matches."""
        todo = self.filtered(lambda r: r.state in OPEN_STATES)
        if not todo:
            return
        public = attribution.parse_domains(
            self.env["advocacy.settings"]._advocacy_setting("advocacy_program.public_email_domains")
        )
        customers, leads = todo._advocacy_screen_matches()
        referrers = todo._advocacy_screen_referrers()
        by_reason = {}
        for referral in todo:
            key = referral._advocacy_screen_reason(referrers, customers, leads, public)
            if key:
                by_reason.setdefault(key, self.browse())
                by_reason[key] |= referral
        for (kind, reason), referrals in by_reason.items():
            referrals._advocacy_service().with_context(advocacy_screening=True).write(
                {"state": "rejected", "rejection_type": kind, "rejection_reason": reason}
            )

    def _advocacy_screen_matches(self):
        """(customers, open leads) that the referrals of self may duplicate, as lists of
        {'id', 'email', 'company'}: two queries for the whole batch."""
        emails = sorted({attribution.normalize_email(r.referred_email) for r in self} - {""})
        companies = sorted({attribution.normalize_company(r.referred_company) for r in self} - {""})
        partner_ids = self.partner_id.commercial_partner_id.ids
        if not (emails or companies or partner_ids):
            return [], []
        names = [r.referred_company.strip().lower() for r in self if r.referred_company] or [""]
        # the queries read the database: what this transaction created or changed counts too
        self.env["res.partner"].flush_model(
            ["email_normalized", "commercial_partner_id", "customer_rank", "name", "active"]
        )
        self.env["sale.order"].flush_model(["partner_id", "state"])
        self.env["crm.lead"].flush_model(["email_normalized", "partner_name", "active", "stage_id"])
        customers = self._advocacy_screen_customers(emails, names, partner_ids)
        return customers, self._advocacy_screen_leads(emails, names)

    @api.model
    def _advocacy_screen_customers(self, emails, names, partner_ids):
        """Customers matching the referred emails, company names or contacts."""
        # a customer: a commercial entity with a confirmed order or an invoice (customer_rank)
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, p.email_normalized, c.name
                  FROM res_partner p
                  JOIN res_partner c ON c.id = p.commercial_partner_id
                 WHERE p.active
                   AND (c.customer_rank > 0
                        OR EXISTS (SELECT 1 FROM sale_order so
                                    WHERE so.partner_id = p.id AND so.state = 'sale'))
                   AND (p.email_normalized = ANY(%(emails)s)
                        OR (p.id = c.id AND lower(c.name) = ANY(%(names)s))
                        OR c.id = ANY(%(pids)s))
                """,
                emails=emails,
                names=names,
                pids=partner_ids,
            )
        )
        customers = [{"id": i, "email": e, "company": n} for i, e, n in self.env.cr.fetchall()]
        return customers

    def _advocacy_screen_leads(self, emails, names):
        """Open leads (not won, not those of the referrals of self) matching the emails or names."""
        self.env.cr.execute(
            SQL(
                """
                SELECT l.id, l.email_normalized, l.partner_name
                  FROM crm_lead l
                  LEFT JOIN crm_stage s ON s.id = l.stage_id
                 WHERE l.active AND NOT COALESCE(s.is_won, FALSE)
                   AND l.id != ALL(%(own)s)
                   AND (l.email_normalized = ANY(%(emails)s) OR lower(l.partner_name) = ANY(%(names)s))
                """,
                own=self.lead_ids.ids or [0],
                emails=emails,
                names=names,
            )
        )
        leads = [{"id": i, "email": e, "company": n} for i, e, n in self.env.cr.fetchall()]
        return leads

    def _advocacy_screen_referrers(self):
        """{referrer id: what attribution.is_self_referral compares} for the referrers of self."""
        referrers = {}
        for referrer in self.referrer_id:
            commercial = referrer.commercial_partner_id
            referrers[referrer.id] = {
                "commercial_id": commercial.id,
                "emails": [e for e in (referrer.email, commercial.email) if e],
                "company": commercial.name if commercial.is_company else "",
            }
        return referrers

    def _advocacy_screen_reason(self, referrers, customers, leads, public):
        """(rejection type, reason) when this referral is a self-referral or a duplicate, else None."""
        self.ensure_one()
        referred = {
            "commercial_id": self.partner_id.commercial_partner_id.id,
            "email": self.referred_email,
            "company": self.referred_company,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "lead_id": self.lead_ids[:1].id,
        }
        why_self = attribution.is_self_referral(referrers[self.referrer_id.id], referred, public)
        if why_self:
            return ("self_referral", self.env._("Self-referral: %s.", self._advocacy_self_label(why_self)))
        lead_rows = [row for row in leads if row["id"] not in self.lead_ids.ids]
        dup = attribution.find_duplicate(referred, customers, lead_rows)
        return self._advocacy_duplicate_reason(*dup) if dup else None

    def _advocacy_duplicate_reason(self, kind, record_id, matched_on):
        """(rejection type, reason) of a duplicate of the customer or open lead ``record_id``."""
        matched_on = {
            "email": self.env._("email"),
            "company": self.env._("company name"),
            "partner": self.env._("contact"),
        }[matched_on]
        if kind == attribution.DUPLICATE_CUSTOMER:
            name = self.env["res.partner"].sudo().browse(record_id).display_name
            return (
                kind,
                self.env._(
                    "Duplicate: %(name)s is already a customer (same %(on)s).", name=name, on=matched_on
                ),
            )
        name = self.env["crm.lead"].sudo().browse(record_id).display_name
        return (
            kind,
            self.env._("Duplicate: already an open lead, %(name)s (same %(on)s).", name=name, on=matched_on),
        )

    def _advocacy_self_label(self, why):
        if why == "same commercial entity":
            return self.env._("the referred party belongs to the referrer's own company")
        if why == "same company name":
            return self.env._("the referred company has the referrer's company name")
        return self.env._(
            "the referred email has the referrer's email domain (%s)",
            attribution.email_domain(self.referred_email or ""),
        )

    # ------------------------------------------------------------------ revenue
    def _advocacy_recompute_revenue(self):
        """Revenue = untaxed total of the confirmed orders in company currency, one query for the
        whole set. Until an order was confirmed or cancelled, an opportunity won in the CRM counts
        its expected revenue; once an order exists that way, only confirmed orders count (cancelling
        every order brings the revenue to zero, never back to the opportunity's estimate)."""
        if not self:
            return
        self.env["sale.order"].flush_model(["referral_id", "state", "amount_untaxed", "currency_rate"])
        self.env.cr.execute(
            SQL(
                """
                SELECT referral_id,
                       SUM(amount_untaxed / COALESCE(NULLIF(currency_rate, 0), 1))
                           FILTER (WHERE state = 'sale')
                  FROM sale_order
                 WHERE referral_id = ANY(%s) AND state IN ('sale', 'cancel')
              GROUP BY referral_id
                """,
                self.ids,
            )
        )
        totals = dict(self.env.cr.fetchall())
        changed = self.browse()
        for referral in self:
            if referral.id in totals:
                value = referral.currency_id.round(totals[referral.id] or 0.0)
            elif referral.state == "won" and referral.lead_id.sudo()._advocacy_is_won():
                lead = referral.lead_id.sudo()
                value = lead.company_currency.sudo()._convert(
                    lead.expected_revenue,
                    referral.currency_id,
                    referral.company_id,
                    referral.won_date or fields.Date.today(),
                )
            else:
                value = 0.0
            if referral.currency_id.compare_amounts(value, referral.revenue):
                referral._advocacy_service().write({"revenue": value})
                changed |= referral
        if changed:
            changed._on_revenue_change()

    # ------------------------------------------------------------------ "referrals won": one definition
    @api.model
    def _advocacy_won_domain(self, companies=None):
        """The one definition of a won referral, for the ORM: won, of one of ``companies`` (default:
        the allowed companies). Counters roll it up with _advocacy_by_advocate_sql."""
        companies = self.env.companies if companies is None else companies
        return [("state", "=", "won"), ("company_id", "in", [False, *companies.ids])]

    @api.model
    def _advocacy_won_sql(self, alias, company=None):
        """The SQL twin of _advocacy_won_domain on the advocacy_referral row ``alias`` (an SQL); of
        ``company`` when given (see _advocacy_company_sql), else of any company."""
        won = SQL("%s.state = 'won'", alias)
        return (
            SQL("%s AND %s", won, self._advocacy_company_sql(alias, company)) if company is not None else won
        )

    @api.model
    def _advocacy_company_sql(self, alias, company):
        """The referral ``alias`` counts for ``company``: a list of company ids, or an SQL expression of
        one (NULL: a contact shared between companies counts the referrals of every company)."""
        if isinstance(company, (list, tuple)):
            return SQL(
                "(%(r)s.company_id IS NULL OR %(r)s.company_id = ANY(%(ids)s))", r=alias, ids=list(company)
            )
        return SQL(
            "(%(r)s.company_id IS NULL OR %(c)s IS NULL OR %(r)s.company_id = %(c)s)", r=alias, c=company
        )

    @api.model
    def _advocacy_counted_sql(self, alias, company):
        """The referral ``alias`` counts in a contact's figures (``company``: see _advocacy_company_sql):
        every status but rejected."""
        return SQL("%s.state != 'rejected' AND %s", alias, self._advocacy_company_sql(alias, company))

    @api.model
    def _advocacy_by_advocate_sql(self, where):
        """SQL of the referrals matching ``where`` (a condition on the alias ``r``) as rows (advocate_id,
        id, state, revenue, company_id), one per advocate the referral counts for: the contact who
        referred, and its commercial entity (B2B roll-up: a company counts what its contacts referred;
        an individual, its own commercial entity, once)."""
        return SQL(
            """SELECT r.referrer_id AS advocate_id, r.id, r.state, r.revenue, r.company_id
                 FROM advocacy_referral r
                WHERE %(where)s
            UNION ALL
               SELECT r.referrer_commercial_id, r.id, r.state, r.revenue, r.company_id
                 FROM advocacy_referral r
                WHERE %(where)s AND r.referrer_commercial_id IS DISTINCT FROM r.referrer_id""",
            where=where,
        )

    @api.model
    def _advocacy_referred_customers_sql(self, company_id):
        """SQL of the ``customer_id`` (commercial entities) that a won referral of ``company_id``
        brought: the referral's customer, the customer of its opportunity and of the orders attributed
        to it. The one definition of a "referred customer" of the reports (won as this model moves it)."""
        return SQL(
            """SELECT DISTINCT p.commercial_partner_id AS customer_id
                 FROM (SELECT r.partner_id FROM advocacy_referral r
                        WHERE %(won)s
                    UNION ALL
                       SELECT l.partner_id FROM advocacy_referral r JOIN crm_lead l ON l.id = r.lead_id
                        WHERE %(won)s
                    UNION ALL
                       SELECT o.partner_id FROM advocacy_referral r JOIN sale_order o ON o.referral_id = r.id
                        WHERE %(won)s AND o.state = 'sale') x
                 JOIN res_partner p ON p.id = x.partner_id""",
            won=self._advocacy_won_sql(SQL("r"), [company_id]),
        )

    # ------------------------------------------------------------------ buttons
    def _advocacy_move(self, allowed, target, **extra):
        """The one door of the referral status: the user must be allowed to work on these referrals
        and the transition must be allowed; the status is then written by the service."""
        self.check_access("write")
        bad = self.filtered(lambda r: r.state not in allowed)
        if bad:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(refs)s cannot become %(target)s from its current status.",
                    refs=", ".join(bad.mapped("name")),
                    target=labels[target],
                )
            )
        self._advocacy_service().write({"state": target, **extra})
        return True

    def action_qualify(self):
        return self._advocacy_move(("new",), "qualified")

    def action_set_won(self):
        return self._advocacy_move((*OPEN_STATES, "lost"), "won")

    def action_set_lost(self):
        return self._advocacy_move((*OPEN_STATES, "won"), "lost")

    def action_reject(self):
        self.check_access("write")
        missing = self.filtered(lambda r: not (r.rejection_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write the rejection reason before rejecting %s.", ", ".join(missing.mapped("name"))
                )
            )
        return self._advocacy_move(OPEN_STATES, "rejected", rejection_type="other")

    def action_reset(self):
        return self._advocacy_move(CLOSED_STATES, "new", rejection_reason=False)

    def action_create_lead(self):
        """Turn a referral without a lead into a lead of its salesperson."""
        self.ensure_one()
        self.check_access("write")
        if self.lead_id:
            raise UserError(self.env._("This referral already has a lead."))
        if self.state in CLOSED_STATES:
            raise UserError(self.env._("A closed referral cannot get a lead."))
        lead = self.env["crm.lead"].create(self._advocacy_lead_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _advocacy_lead_values(self):
        self.ensure_one()
        return {
            "name": self.env._("Referral from %s", self.referrer_id.display_name),
            "type": "opportunity" if self.state == "qualified" else "lead",
            "contact_name": self.referred_name,
            "partner_name": self.referred_company,
            "email_from": self.referred_email,
            "phone": self.referred_phone,
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "referral_id": self.id,
        }

    def action_view_lead(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_sale_orders(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("referral_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
