import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import reward_amounts

_logger = logging.getLogger(__name__)

REFERRAL_TRIGGERS = {
    # trigger: (referral states that satisfy it, the column dating the success)
    "referral_submitted": (("new", "qualified", "won", "lost"), "date"),
    "referral_qualified": (("qualified", "won"), "qualified_date"),
    "referral_won": (("won",), "won_date"),
}
PARTICIPATION_TRIGGERS = ("challenge_verified", "review_published")
# amount modes whose value follows the deal's revenue
REVENUE_MODES = ("percent", "payback")


class AdvocacyRewardRule(models.Model):
    """What an advocate earns, when, and under which conditions. Rules are evaluated set-based: the
    candidates of a rule come from one SQL query, their amounts from `tools/reward_amounts`, and the
    rewards are inserted in bulk with ON CONFLICT DO NOTHING (re-running creates nothing)."""

    _name = "advocacy.reward.rule"
    _description = "Advocacy Reward Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to apply the rule in every company."
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", help="Currency of the amounts, caps and budget."
    )
    trigger = fields.Selection(
        [
            ("referral_submitted", "Referral submitted"),
            ("referral_qualified", "Referral qualified"),
            ("referral_won", "Referral won"),
            ("challenge_verified", "Challenge participation verified"),
            ("review_published", "Testimonial / review published"),
        ],
        required=True,
        default="referral_won",
        index=True,
    )
    beneficiary = fields.Selection(
        [("referrer", "Referrer"), ("referred", "Referred customer"), ("both", "Both")],
        required=True,
        default="referrer",
        help="Who is rewarded. For challenges, the participant is the referrer.",
    )
    reward_type = fields.Selection(
        [
            ("points", "Points"),
            ("cash", "Cash"),
            ("credit", "Account credit"),
            ("coupon", "Discount coupon"),
            ("gift", "Catalogue gift"),
            ("donation", "Donation"),
        ],
        required=True,
        default="points",
    )
    loyalty_program_id = fields.Many2one(
        "loyalty.program",
        "Coupon program",
        domain=[("program_type", "=", "coupons")],
        help="The coupon program whose coupon the advocate receives.",
    )
    coupon_points = fields.Float(default=1.0, help="Points loaded on the issued coupon.")
    coupon_validity_days = fields.Integer(help="Days the issued coupon stays valid (0: no expiry).")
    catalog_item_id = fields.Many2one("advocacy.catalog.item", "Gift")
    donation_partner_id = fields.Many2one("res.partner", "Charity", help="Who receives the donation.")
    amount_mode = fields.Selection(
        [
            ("fixed", "Fixed"),
            ("percent", "Percentage of won revenue"),
            ("ladder", "Ladder by the Nth success"),
            ("payback", "Sized from the deal's payback"),
        ],
        required=True,
        default="fixed",
    )
    amount_fixed = fields.Float("Fixed value", help="Points for a points reward, money otherwise.")
    amount_percent = fields.Float("Percentage", help="Percentage of the referral's won revenue.")
    amount_cap = fields.Float("Cap per reward", help="Upper limit of one percentage reward (0: none).")
    ladder_steps = fields.Char(
        help="From the Nth success in the period, the value paid: e.g. 1:50, 3:100, 5:250 pays 50 for the "
        "first and second, 100 for the third and fourth, 250 from the fifth."
    )
    payback_contract_months = fields.Integer("Contract months", default=12)
    payback_margin_percent = fields.Float("Gross margin (%)", default=70.0)
    payback_months = fields.Float("Payback months", default=3.0)
    payback_share_percent = fields.Float("Share of the margin (%)", default=20.0)
    points_per_currency = fields.Float(
        default=1.0, help="Points per unit of currency, for points rewards computed from revenue."
    )
    period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year"), ("lifetime", "Lifetime")],
        required=True,
        default="year",
        help="Period of the ladder count and of the cap per advocate.",
    )
    cap_per_advocate = fields.Float(
        help="Most an advocate can earn from this rule in the period (0: no cap)."
    )
    budget = fields.Float("Program budget", help="Most this rule can issue in total (0: no budget).")
    budget_used = fields.Float(compute="_compute_budget_used")
    approval_threshold = fields.Float(
        help="Rewards above this value wait for a manager's approval; 0 approves every reward automatically."
    )
    holding_days = fields.Integer(
        "Holding period (days)", default=30, help="Days during which a cancelled source reverses the reward."
    )
    min_deal_amount = fields.Float("Minimum deal", help="Minimum won revenue of the referral.")
    product_category_ids = fields.Many2many(
        "product.category", string="Product categories", help="The referral's confirmed orders contain one."
    )
    country_ids = fields.Many2many("res.country", string="Countries", help="Countries of the beneficiary.")
    partner_category_ids = fields.Many2many("res.partner.category", string="Partner tags")
    tier_ids = fields.Many2many("advocacy.tier", string="Tiers", help="Tiers of the beneficiary.")
    date_start = fields.Date("Valid from")
    date_end = fields.Date("Valid until")
    reward_ids = fields.One2many("advocacy.reward", "rule_id")
    reward_count = fields.Integer(compute="_compute_reward_count")

    _sql_constraints = [
        (
            "dates",
            "CHECK(date_end IS NULL OR date_start IS NULL OR date_end >= date_start)",
            "Invalid dates.",
        ),
        ("holding_positive", "CHECK(holding_days >= 0)", "The holding period cannot be negative."),
    ]

    @api.depends("company_id")
    def _compute_currency_id(self):
        for rule in self:
            rule.currency_id = (rule.company_id or self.env.company).currency_id

    def _value_column(self):
        return SQL("points") if self.reward_type == "points" else SQL("amount")

    def _compute_budget_used(self):
        groups = self.env["advocacy.reward"]._read_group(
            [("rule_id", "in", self.ids), ("state", "not in", ("rejected", "reversed"))],
            ["rule_id"],
            ["points:sum", "amount:sum"],
        )
        used = {rule: (points, amount) for rule, points, amount in groups}
        for rule in self:
            points, amount = used.get(rule, (0, 0.0))
            rule.budget_used = points if rule.reward_type == "points" else amount

    def _compute_reward_count(self):
        counts = dict(
            self.env["advocacy.reward"]._read_group([("rule_id", "in", self.ids)], ["rule_id"], ["__count"])
        )
        for rule in self:
            rule.reward_count = counts.get(rule, 0)

    @api.constrains(
        "amount_mode",
        "ladder_steps",
        "reward_type",
        "loyalty_program_id",
        "trigger",
        "beneficiary",
        "catalog_item_id",
        "donation_partner_id",
    )
    def _check_configuration(self):
        for rule in self:
            if rule.amount_mode == "ladder":
                try:
                    steps = reward_amounts.parse_ladder(rule.ladder_steps)
                except ValueError:
                    steps = None
                if not steps:
                    raise ValidationError(
                        self.env._(
                            "Rule %(rule)s: write the ladder as 'N:value' steps separated by commas, "
                            "e.g. 1:50, 3:100, 5:250.",
                            rule=rule.name,
                        )
                    )
            if rule.reward_type == "gift" and not rule.catalog_item_id.product_id:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s gives a gift: choose a catalogue item that has a product to send.",
                        rule=rule.name,
                    )
                )
            if rule.reward_type == "donation" and not rule.donation_partner_id:
                raise ValidationError(
                    self.env._("Rule %(rule)s makes a donation: choose the charity.", rule=rule.name)
                )
            if rule.reward_type == "coupon" and not rule.loyalty_program_id:
                raise ValidationError(
                    self.env._("Rule %(rule)s issues coupons: choose its coupon program.", rule=rule.name)
                )
            if rule.trigger in PARTICIPATION_TRIGGERS and rule.beneficiary != "referrer":
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a challenge rewards its participant only (Referrer).", rule=rule.name
                    )
                )
            if rule.amount_mode in ("percent", "payback") and rule.trigger in PARTICIPATION_TRIGGERS:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: challenges have no revenue; use a fixed or ladder value.",
                        rule=rule.name,
                    )
                )

    @api.constrains(
        "amount_fixed", "amount_percent", "amount_cap", "cap_per_advocate", "budget", "approval_threshold"
    )
    def _check_positive(self):
        for rule in self:
            values = (
                rule.amount_fixed,
                rule.amount_percent,
                rule.amount_cap,
                rule.cap_per_advocate,
                rule.budget,
                rule.approval_threshold,
            )
            if any(value < 0 for value in values):
                raise ValidationError(self.env._("Rule %(rule)s: values cannot be negative.", rule=rule.name))

    def _check_group(self, group, message):
        if not self.env.user.has_group(group):
            raise AccessError(message)
        self.check_access("read")

    def action_view_rewards(self):
        self._check_group(
            "advocacy_program.group_advocacy_user", self.env._("Only advocacy users can list rewards.")
        )
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_rewards.action_advocacy_reward")
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {"default_rule_id": self.id}
        return action

    def action_evaluate(self):
        """Evaluates these rules over every eligible source now (what the cron does)."""
        self._check_group(
            "advocacy_program.group_advocacy_manager",
            self.env._("Only advocacy managers can issue the due rewards."),
        )
        if not self:
            raise UserError(self.env._("Choose the reward rules to evaluate."))
        created = self._evaluate()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s rewards issued.", count=len(created)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------ evaluation
    @api.model
    def _evaluate_trigger(self, triggers, sources):
        """Hook entry: evaluates the active rules of `triggers` on the given source records."""
        rules = self.sudo().search([("trigger", "in", list(triggers))])
        return rules._evaluate(source_ids=sources.ids) if sources else self.env["advocacy.reward"]

    def _evaluate(self, source_ids=None, limit=None):
        """Issues the rewards due by these rules (all active rules when empty) on `source_ids` (every
        eligible source when None). Idempotent: sources that already have their reward are skipped in
        SQL and the insert ignores conflicts. Returns the new rewards."""
        rules = self or self.sudo().search([])
        # the candidates are read in SQL: pending ORM changes (states, revenue, tiers) must be in the database
        self.env.flush_all()
        Reward = self.env["advocacy.reward"].sudo()
        created = Reward
        today = fields.Date.context_today(self)
        for rule in rules.sudo():
            if rule.date_end and rule.date_end < today:
                continue
            rows = rule._candidates(source_ids, limit)
            if not rows:
                continue
            values = rule._amounts(rows)
            new = Reward._insert_bulk(values)
            if new:
                _logger.info("rule %s issued %s rewards", rule.id, len(new))
                if rule.reward_type == "coupon":
                    new._fulfil_automatic()
            created |= new
        return created

    def _source_model(self):
        return "advocacy.referral" if self.trigger in REFERRAL_TRIGGERS else "advocacy.participation"

    def _beneficiary_columns(self):
        if self.trigger in PARTICIPATION_TRIGGERS:
            return [SQL("s.partner_id")]
        return {
            "referrer": [SQL("s.referrer_id")],
            "referred": [SQL("s.partner_id")],
            "both": [SQL("s.referrer_id"), SQL("s.partner_id")],
        }[self.beneficiary]

    def _source_query(self):
        """(FROM clause, state condition, date, revenue and company expressions) of the rule's sources."""
        if self.trigger in REFERRAL_TRIGGERS:
            states, date_column = REFERRAL_TRIGGERS[self.trigger]
            Referral = self.env["advocacy.referral"]
            dated = SQL("s.date::date")
            if date_column in Referral._fields and date_column != "date":
                dated = SQL("COALESCE(s.%s::date, s.date::date)", SQL.identifier(date_column))
            return (
                SQL("advocacy_referral s"),
                # "won" as advocacy.referral defines it; the rule's company is checked by _candidate_scope
                Referral._advocacy_won_sql(SQL("s"))
                if self.trigger == "referral_won"
                else SQL("s.state IN %s", states),
                dated,
                SQL("COALESCE(s.revenue, 0)"),
                SQL("s.company_id"),
            )
        Participation = self.env["advocacy.participation"]
        dated = SQL("s.write_date::date")
        for column in ("verified_date", "date_verified", "date"):
            if column in Participation._fields and Participation._fields[column].store:
                dated = SQL("COALESCE(s.%s::date, s.write_date::date)", SQL.identifier(column))
                break
        condition = SQL("s.state = 'verified'")
        if self.trigger == "review_published":
            # the challenge's activity idea publishes a testimonial or a review
            is_review = (
                "is_testimonial" in Participation._fields and Participation._fields["is_testimonial"].store
            )
            condition = SQL(
                "%s AND %s", condition, SQL("s.is_testimonial IS TRUE") if is_review else SQL("FALSE")
            )
        company = SQL("s.company_id") if "company_id" in Participation._fields else SQL("NULL::int")
        return SQL("advocacy_participation s"), condition, dated, SQL("0"), company

    def _candidates(self, source_ids=None, limit=None):
        """Rows (source id, beneficiary, company, date, revenue, tier) of the sources that satisfy the rule
        and have no reward of it yet, oldest first."""
        self.ensure_one()
        if self._source_model() not in self.env:
            return []
        table, state_cond, dated, revenue, company = self._source_query()
        model = self._source_model()
        conditions = [state_cond]
        if source_ids is not None:
            conditions.append(SQL("s.id = ANY(%s)", list(source_ids)))
        conditions += self._candidate_scope(dated, revenue, company)
        conditions += self._candidate_filters(model)
        where = SQL(" AND ").join(conditions)
        queries = [
            SQL(
                """SELECT s.id, p.id, %(company)s, %(dated)s AS day, %(revenue)s, p.advocacy_tier_id
                     FROM %(table)s JOIN res_partner p ON p.id = %(column)s
                    WHERE %(where)s AND p.active
                      AND NOT EXISTS (SELECT 1 FROM advocacy_reward r
                                       WHERE r.rule_id = %(rule)s AND r.source_model = %(model)s
                                         AND r.source_id = s.id AND r.partner_id = p.id)""",
                company=company,
                dated=dated,
                revenue=revenue,
                table=table,
                column=column,
                where=where,
                rule=self.id,
                model=model,
            )
            for column in self._beneficiary_columns()
        ]
        query = SQL("%s ORDER BY 4, 1, 2", SQL(" UNION ALL ").join(queries))
        if limit:
            query = SQL("%s LIMIT %s", query, limit)
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    def _candidate_scope(self, dated, revenue, company):
        """SQL conditions of the rule's company, period and minimum deal on the source ``s``."""
        conditions = []
        if self.company_id:
            conditions.append(SQL("COALESCE(%s, %s) = %s", company, self.company_id.id, self.company_id.id))
        if self.date_start:
            conditions.append(SQL("%s >= %s", dated, self.date_start))
        if self.date_end:
            conditions.append(SQL("%s <= %s", dated, self.date_end))
        if self.min_deal_amount:
            conditions.append(SQL("%s >= %s", revenue, self.min_deal_amount))
        return conditions

    def _candidate_filters(self, model):
        """SQL conditions of the rule's filters: the deal's product categories, and the beneficiary's
        (``p``) country, tags and tier."""
        conditions = []
        if self.product_category_ids and model == "advocacy.referral":
            conditions.append(
                SQL(
                    """EXISTS (SELECT 1 FROM sale_order so
                                 JOIN sale_order_line sol ON sol.order_id = so.id
                                 JOIN product_product pp ON pp.id = sol.product_id
                                 JOIN product_template pt ON pt.id = pp.product_tmpl_id
                                 JOIN product_category pc ON pc.id = pt.categ_id
                                WHERE so.referral_id = s.id AND so.state = 'sale'
                                  AND pc.parent_path LIKE ANY(%s))""",
                    [f"{c.parent_path}%" for c in self.product_category_ids],
                )
            )
        if self.country_ids:
            conditions.append(SQL("p.country_id IN %s", tuple(self.country_ids.ids)))
        if self.partner_category_ids:
            conditions.append(
                SQL(
                    """EXISTS (SELECT 1 FROM res_partner_res_partner_category_rel rel
                                WHERE rel.partner_id IN (p.id, p.commercial_partner_id)
                                  AND rel.category_id IN %s)""",
                    tuple(self.partner_category_ids.ids),
                )
            )
        if self.tier_ids:
            conditions.append(SQL("p.advocacy_tier_id IN %s", tuple(self.tier_ids.ids)))
        return conditions

    def _amounts(self, rows):
        """Reward values of the candidate rows, walking them oldest first so that ladders count the Nth
        success and caps/budget see what the earlier rows already took."""
        self.ensure_one()
        counts, used, spent = self._amounts_taken({row[1] for row in rows})
        multipliers = {t.id: t.points_multiplier for t in self.env["advocacy.tier"].sudo().search([])}
        steps = reward_amounts.parse_ladder(self.ladder_steps) if self.amount_mode == "ladder" else ()
        default_company = self.company_id.id or self.env.company.id
        result = []
        for row in rows:
            _source_id, partner_id, _company_id, day, revenue, tier_id = row
            key = (partner_id, reward_amounts.period_start(day, self.period))
            value = self._amount_value(
                float(revenue or 0),
                nth=counts[key] + 1,
                steps=steps,
                multiplier=multipliers.get(tier_id, 1.0),
                used=used[key],
                spent=spent,
            )
            if value <= 0:
                continue
            counts[key] += 1
            used[key] += value
            spent += value
            result.append(self._reward_vals(row, value, default_company))
        return result

    def _amounts_taken(self, partner_ids):
        """What the rule already gave: per (beneficiary, period start) the count (ladders) and the
        value (caps), and in all the value spent (budget)."""
        period = self.period if self.period != "lifetime" else None
        bucket = SQL("date_trunc(%s, date)::date", period) if period else SQL("NULL::date")
        self.env.cr.execute(
            SQL(
                """SELECT partner_id, %s, COUNT(*), SUM(%s) FROM advocacy_reward
                    WHERE rule_id = %s AND state NOT IN ('rejected', 'reversed') AND partner_id = ANY(%s)
                    GROUP BY 1, 2""",
                bucket,
                self._value_column(),
                self.id,
                list(partner_ids),
            )
        )
        counts, used = defaultdict(int), defaultdict(float)
        for partner_id, start, count, value in self.env.cr.fetchall():
            counts[partner_id, start] = count
            used[partner_id, start] = float(value or 0)
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(SUM(%s), 0) FROM advocacy_reward WHERE rule_id = %s AND state NOT IN "
                "('rejected', 'reversed')",
                self._value_column(),
                self.id,
            )
        )
        return counts, used, float(self.env.cr.fetchone()[0])

    def _amount_value(self, revenue, nth, steps, multiplier, used, spent):
        """The value of the Nth reward of a beneficiary (points or money), after the tier multiplier,
        the cap per advocate and the budget; 0 when nothing is left."""
        is_points = self.reward_type == "points"
        value = reward_amounts.compute_amount(
            self.amount_mode,
            fixed=self.amount_fixed,
            revenue=revenue,
            percent=self.amount_percent,
            cap=self.amount_cap,
            nth=nth,
            steps=steps,
            contract_months=self.payback_contract_months,
            margin_percent=self.payback_margin_percent,
            payback_months=self.payback_months,
            share_percent=self.payback_share_percent,
        )
        if is_points:
            if self.amount_mode in ("percent", "payback"):
                value = reward_amounts.to_points(value, self.points_per_currency)
            value = reward_amounts.apply_multiplier(value, multiplier)
        value = reward_amounts.allowed_amount(
            value, cap=self.cap_per_advocate, used=used, budget=self.budget, spent=spent
        )
        return reward_amounts.to_points(value) if is_points else value

    def _reward_state(self, value):
        """The state a new reward of ``value`` starts in."""
        if self.approval_threshold and value > self.approval_threshold:
            return "pending"
        # points need no one: they are posted with the insert; a coupon is issued right after
        return "fulfilled" if self.reward_type == "points" else "approved"

    def _reward_vals(self, row, value, default_company):
        """Values of the reward of ``value`` for the candidate ``row``."""
        source_id, partner_id, company_id, day, revenue, _tier_id = row
        is_points = self.reward_type == "points"
        model = self._source_model()
        return {
            "rule_id": self.id,
            "partner_id": partner_id,
            "company_id": company_id or default_company,
            "state": self._reward_state(value),
            "points": value if is_points else 0,
            "amount": 0.0 if is_points else value,
            "basis_revenue": float(revenue or 0) if self.amount_mode in REVENUE_MODES else None,
            "date": day or fields.Date.context_today(self),
            "hold_until": (day or fields.Date.context_today(self)) + timedelta(days=self.holding_days),
            "source_model": model,
            "source_id": source_id,
            "referral_id": source_id if model == "advocacy.referral" else None,
        }

    @api.model
    def _cron_evaluate(self, batch_size=20000):
        """Scheduled evaluation of every rule over every eligible source, one batch per rule and call;
        the scheduler calls again while a batch came back full."""
        created = self.search([])._evaluate(limit=batch_size)
        full = len(created) >= batch_size
        self.env["ir.cron"]._notify_progress(done=len(created), remaining=batch_size if full else 0)
        return len(created)
