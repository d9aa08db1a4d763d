from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import payout_xlsx

SOURCE_MODELS = [
    ("advocacy.referral", "Referral"),
    ("advocacy.participation", "Challenge participation"),
]


class AdvocacyReward(models.Model):
    """A reward issued by a rule to one beneficiary for one source record. The database holds at most
    one per (rule, source, beneficiary): rewards are inserted with ON CONFLICT DO NOTHING, so two
    transactions confirming the same deal at once still issue one."""

    _name = "advocacy.reward"
    _description = "Advocacy Reward"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    rule_id = fields.Many2one(
        "advocacy.reward.rule", required=True, index=True, ondelete="restrict", readonly=True, tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Advocate",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id")
    reward_type = fields.Selection(related="rule_id.reward_type", store=True, index=True)
    trigger = fields.Selection(related="rule_id.trigger", store=True)
    state = fields.Selection(
        [
            ("pending", "Pending approval"),
            ("approved", "Approved"),
            ("fulfilled", "Fulfilled"),
            ("rejected", "Rejected"),
            ("reversed", "Reversed"),
        ],
        required=True,
        default="pending",
        index=True,
        tracking=True,
        readonly=True,
    )
    points = fields.Integer(readonly=True)
    amount = fields.Monetary(readonly=True)
    basis_revenue = fields.Monetary(
        "Revenue basis",
        readonly=True,
        help="The referral revenue a percentage or payback reward was computed from; when the deal "
        "shrinks within the holding period, the reward shrinks in proportion.",
    )
    date = fields.Date(required=True, index=True, readonly=True, default=fields.Date.context_today)
    hold_until = fields.Date(
        readonly=True, help="Until this date a cancelled source reverses the reward; afterwards it is final."
    )
    source_model = fields.Char(required=True, readonly=True)
    source_id = fields.Many2oneReference(model_field="source_model", required=True, readonly=True)
    source = fields.Reference(SOURCE_MODELS, compute="_compute_source", string="Source record")
    referral_id = fields.Many2one(
        "advocacy.referral", index="btree_not_null", readonly=True, ondelete="set null"
    )
    approved_uid = fields.Many2one("res.users", "Approved by", readonly=True)
    approved_date = fields.Datetime(readonly=True)
    fulfilled_date = fields.Datetime(readonly=True)
    loyalty_card_id = fields.Many2one("loyalty.card", "Coupon", readonly=True, index="btree_not_null")
    entry_ids = fields.One2many("advocacy.points.entry", "reward_id", "Points entries")
    note = fields.Text()

    _sql_constraints = [
        (
            "one_per_source",
            "UNIQUE(rule_id, source_model, source_id, partner_id)",
            "A rule rewards a beneficiary once per source.",
        ),
        ("points_positive", "CHECK(points >= 0)", "Reward points cannot be negative."),
        ("amount_positive", "CHECK(amount >= 0)", "A reward amount cannot be negative."),
    ]

    # what a reward is and is worth, and where it stands: moved by the buttons and the rules only (the note is
    # free text)
    WORKFLOW_FIELDS = frozenset(
        {
            "rule_id",
            "partner_id",
            "company_id",
            "reward_type",
            "trigger",
            "state",
            "points",
            "amount",
            "basis_revenue",
            "date",
            "hold_until",
            "source_model",
            "source_id",
            "referral_id",
            "approved_uid",
            "approved_date",
            "fulfilled_date",
            "loyalty_card_id",
            "entry_ids",
        }
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not service_guard.is_service(self, service_guard.REWARD):
            raise AccessError(self.env._("Rewards are issued by the reward rules, not created by hand."))
        return super().create(vals_list)

    def write(self, vals):
        refused = service_guard.refused_fields(self, vals, self.WORKFLOW_FIELDS, service_guard.REWARD)
        if refused:
            raise AccessError(
                self.env._(
                    "%(fields)s of a reward change through its buttons only (approve, reject, mark "
                    "fulfilled, reverse).",
                    fields=refused,
                )
            )
        return super().write(vals)

    def _workflow_write(self, vals):
        """The buttons' and the rules' write of the workflow fields (see service_guard); the advocate is
        told when a reward is approved, and when a reward other than points is paid (points are credited
        at their approval)."""
        res = service_guard.as_service(self, service_guard.REWARD).write(vals)
        Partner = self.env["res.partner"]
        if vals.get("state") == "approved":
            Partner._advocacy_notify("reward_approved", self)
        elif vals.get("state") == "fulfilled":
            Partner._advocacy_notify("reward_paid", self.filtered(lambda r: r.reward_type != "points"))
        return res

    @api.depends("source_model", "source_id")
    def _compute_source(self):
        for reward in self:
            reward.source = (
                f"{reward.source_model},{reward.source_id}"
                if reward.source_model in self.env and reward.source_id
                else False
            )

    @api.depends("rule_id", "partner_id")
    def _compute_display_name(self):
        for reward in self:
            reward.display_name = f"{reward.rule_id.name or ''} - {reward.partner_id.display_name or ''}"

    # ------------------------------------------------------------------ creation
    @api.model
    def _insert_bulk(self, rows):
        """Inserts rewards, skipping any (rule, source, beneficiary) that already has one — also one
        committed meanwhile by a concurrent transaction. Points rewards inserted as fulfilled are posted
        to the ledger. Returns the inserted rewards."""
        if not rows:
            return self.browse()
        self.env.cr.execute(self._insert_bulk_query(rows))
        rows = self.env.cr.fetchall()
        self._post_inserted_points(rows)
        rewards = self.browse(sorted(row[0] for row in rows))
        self.env["res.partner"]._advocacy_notify("reward_earned", rewards)
        return rewards

    @api.model
    def _insert_bulk_query(self, rows):
        """One INSERT of every row (the rule gives type and trigger), skipping the (rule, source,
        beneficiary) already rewarded; returns (id, rule, partner, company, points, date, state, type)."""
        return SQL(
            """
            INSERT INTO advocacy_reward
                   (rule_id, partner_id, company_id, reward_type, trigger, state, points, amount,
                    basis_revenue, date, hold_until, source_model, source_id, referral_id, fulfilled_date,
                    create_uid, write_uid, create_date, write_date)
            SELECT t.rule_id, t.partner_id, t.company_id, rule.reward_type, rule.trigger, t.state,
                   t.points, t.amount, t.basis, t.date, t.hold_until, t.source_model, t.source_id,
                   t.referral_id,
                   CASE WHEN t.state = 'fulfilled' THEN now() at time zone 'UTC' END,
                   %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM unnest(%(rules)s::int[], %(partners)s::int[], %(companies)s::int[],
                          %(states)s::varchar[],
                          %(points)s::int[], %(amounts)s::numeric[], %(bases)s::numeric[],
                          %(dates)s::date[], %(holds)s::date[],
                          %(models)s::varchar[], %(sources)s::int[], %(referrals)s::int[])
                   AS t(rule_id, partner_id, company_id, state, points, amount, basis, date, hold_until,
                        source_model, source_id, referral_id)
              JOIN advocacy_reward_rule rule ON rule.id = t.rule_id
            ON CONFLICT (rule_id, source_model, source_id, partner_id) DO NOTHING
            RETURNING id, rule_id, partner_id, company_id, points, date, state, reward_type
            """,
            uid=self.env.uid,
            rules=[r["rule_id"] for r in rows],
            partners=[r["partner_id"] for r in rows],
            companies=[r["company_id"] for r in rows],
            states=[r["state"] for r in rows],
            points=[r.get("points", 0) for r in rows],
            amounts=[r.get("amount", 0.0) for r in rows],
            bases=[r.get("basis_revenue") for r in rows],
            dates=[r["date"] for r in rows],
            holds=[r.get("hold_until") for r in rows],
            models=[r["source_model"] for r in rows],
            sources=[r["source_id"] for r in rows],
            referrals=[r.get("referral_id") for r in rows],
        )

    @api.model
    def _post_inserted_points(self, rows):
        """Points rewards inserted as fulfilled (no approval needed) go to the ledger in the same
        transaction; ``rows`` are those _insert_bulk_query returns."""
        rules = self.env["advocacy.reward.rule"].sudo().browse({row[1] for row in rows})
        rule_names = {rule.id: rule.name for rule in rules}
        self.env["advocacy.points.entry"].sudo()._post_bulk(
            [
                {
                    "name": rule_names[rule_id],
                    "partner_id": partner_id,
                    "company_id": company_id,
                    "kind": "earn",
                    "points": points,
                    "reward_id": rid,
                    "date": day,
                }
                for rid, rule_id, partner_id, company_id, points, day, state, reward_type in rows
                if state == "fulfilled" and reward_type == "points" and points > 0
            ]
        )

    # ------------------------------------------------------------------ workflow
    def _check_manager(self):
        if not self.env.user.has_group("advocacy_program.group_advocacy_manager"):
            raise AccessError(self.env._("Only advocacy managers can approve, reject or fulfil rewards."))
        self.check_access("write")

    def action_approve(self):
        self._check_manager()
        rewards = service_guard.lock_rows(self)
        if any(reward.state != "pending" for reward in rewards):
            raise UserError(self.env._("Only pending rewards can be approved."))
        rewards._workflow_write(
            {"state": "approved", "approved_uid": self.env.uid, "approved_date": fields.Datetime.now()}
        )
        rewards._fulfil_automatic()
        return True

    def action_reject(self):
        self._check_manager()
        rewards = service_guard.lock_rows(self)
        if any(reward.state not in ("pending", "approved") for reward in rewards):
            raise UserError(self.env._("Only pending or approved rewards can be rejected."))
        rewards._workflow_write({"state": "rejected"})
        return True

    def action_mark_fulfilled(self):
        """Finance paid the cash/credit, the gift was shipped, the donation made."""
        self._check_manager()
        rewards = service_guard.lock_rows(self)
        if any(reward.state != "approved" for reward in rewards):
            raise UserError(self.env._("Only approved rewards can be marked as fulfilled."))
        rewards._fulfil_automatic()
        rewards.filtered(lambda r: r.state == "approved")._workflow_write(
            {"state": "fulfilled", "fulfilled_date": fields.Datetime.now()}
        )
        return True

    def action_reverse(self):
        self._check_manager()
        self._reverse(self.env._("Reversed by %(user)s", user=self.env.user.name))
        return True

    def _fulfil_automatic(self):
        """Fulfils what needs no human: points go to the ledger, coupons are issued. Cash, credit,
        gifts and donations stay approved until their document is paid, posted or confirmed (settlement)
        or finance marks them fulfilled (payout report)."""
        approved = self.filtered(lambda r: r.state == "approved")
        points = approved.filtered(lambda r: r.reward_type == "points" and r.points > 0)
        coupons = approved.filtered(lambda r: r.reward_type == "coupon" and r.rule_id.loyalty_program_id)
        if points:
            self.env["advocacy.points.entry"].sudo()._post_bulk(
                [
                    {
                        "name": r.rule_id.name,
                        "partner_id": r.partner_id.id,
                        "company_id": r.company_id.id,
                        "kind": "earn",
                        "points": r.points,
                        "reward_id": r.id,
                        "date": r.date,
                    }
                    for r in points
                ]
            )
        for reward in coupons:
            rule = reward.rule_id
            card = (
                self.env["loyalty.card"]
                .sudo()
                .create(
                    {
                        "program_id": rule.loyalty_program_id.id,
                        "partner_id": reward.partner_id.id,
                        "points": rule.coupon_points or 1.0,
                        "expiration_date": rule.coupon_validity_days
                        and fields.Date.context_today(self) + timedelta(days=rule.coupon_validity_days),
                    }
                )
            )
            reward._workflow_write({"loyalty_card_id": card.id})
        (points | coupons)._workflow_write({"state": "fulfilled", "fulfilled_date": fields.Datetime.now()})

    def _reverse(self, reason):
        """Reverses rewards: their state becomes reversed, posted points are taken back by a new
        reversal entry, an issued coupon is voided."""
        rewards = service_guard.lock_rows(self).filtered(
            lambda r: r.state in ("pending", "approved", "fulfilled")
        )
        if not rewards:
            return rewards
        self.env.cr.execute(
            SQL(
                """
                SELECT e.reward_id, e.partner_id, e.company_id, SUM(e.points)
                  FROM advocacy_points_entry e
                 WHERE e.reward_id IN %s
                 GROUP BY e.reward_id, e.partner_id, e.company_id
                HAVING SUM(e.points) <> 0
                """,
                tuple(rewards.ids),
            )
        )
        self.env["advocacy.points.entry"].sudo()._post_bulk(
            [
                {
                    "name": reason,
                    "partner_id": partner_id,
                    "company_id": company_id,
                    "kind": "reversal",
                    "points": -points,
                    "reward_id": reward_id,
                }
                for reward_id, partner_id, company_id, points in self.env.cr.fetchall()
            ]
        )
        rewards.loyalty_card_id.sudo().write({"points": 0})
        rewards._workflow_write({"state": "reversed"})
        for reward in rewards:
            reward.message_post(body=reason)
        return rewards

    @api.model
    def _follow_revenue(self, referrals):
        """Rewards computed from a deal's revenue follow it down within their holding period: orders
        cancelled in part shrink them in proportion, below the rule's minimum deal they are reversed.
        An upsell does not raise them (the reward was issued on the deal as it was won)."""
        revenue = {referral.id: referral.revenue for referral in referrals}
        rewards = self.sudo().search(
            [
                ("source_model", "=", "advocacy.referral"),
                ("source_id", "in", referrals.ids),
                ("state", "in", ("pending", "approved", "fulfilled")),
                ("hold_until", ">=", fields.Date.context_today(self)),
                ("basis_revenue", ">", 0),
            ]
        )
        rewards = service_guard.lock_rows(rewards).filtered(
            lambda r: r.state in ("pending", "approved", "fulfilled")
        )
        below = rewards.filtered(lambda r: revenue[r.source_id] < (r.rule_id.min_deal_amount or 0))
        below._reverse(self.env._("The deal fell below the rule's minimum within the holding period."))
        for reward in (rewards - below).filtered(lambda r: revenue[r.source_id] < r.basis_revenue):
            reward._shrink_to(revenue[reward.source_id])

    def _shrink_to(self, revenue):
        """This reward as computed from ``revenue`` (lower than its basis): the points taken back through
        the ledger when already posted; money already paid is left to finance, with a note."""
        self.ensure_one()
        ratio = revenue / self.basis_revenue
        if self.reward_type != "points" and self.state == "fulfilled":
            self.message_post(
                body=self.env._(
                    "The deal's revenue fell from %(old)s to %(new)s after this reward was paid: review it.",
                    old=self.currency_id.format(self.basis_revenue),
                    new=self.currency_id.format(revenue),
                )
            )
            return
        before = self.points if self.reward_type == "points" else self.amount
        vals = {"basis_revenue": revenue}
        if self.reward_type == "points":
            vals["points"] = int(self.points * ratio)  # rounded down: never more than due
            taken = self.points - vals["points"]
            if self.state == "fulfilled" and taken:
                self.env["advocacy.points.entry"].sudo()._post_bulk(
                    [
                        {
                            "name": self.env._("The deal shrank: %(rule)s", rule=self.rule_id.name),
                            "partner_id": self.partner_id.id,
                            "company_id": self.company_id.id,
                            "kind": "reversal",
                            "points": -taken,
                            "reward_id": self.id,
                        }
                    ]
                )
        else:
            vals["amount"] = self.currency_id.round(self.amount * ratio)
        self._workflow_write(vals)
        self.message_post(
            body=self.env._(
                "The deal's revenue fell from %(old)s to %(new)s within the holding period: the reward "
                "follows it (%(before)s → %(after)s).",
                old=self.currency_id.format(self.basis_revenue),
                new=self.currency_id.format(revenue),
                before=before,
                after=vals.get("points", vals.get("amount")),
            )
        )

    @api.model
    def _reverse_for_sources(self, source_model, source_ids, reason, triggers=None):
        """Reverses the rewards of cancelled sources that are still within their holding period."""
        if not source_ids:
            return self.browse()
        domain = [
            ("source_model", "=", source_model),
            ("source_id", "in", list(source_ids)),
            ("state", "in", ("pending", "approved", "fulfilled")),
            ("hold_until", ">=", fields.Date.context_today(self)),
        ]
        if triggers:
            domain.append(("trigger", "in", list(triggers)))
        return self.sudo().search(domain)._reverse(reason)

    def action_open_source(self):
        if not self.env.user.has_group("advocacy_program.group_advocacy_user"):
            raise AccessError(self.env._("Only advocacy users can open the source of a reward."))
        self.check_access("read")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.source_model,
            "res_id": self.source_id,
            "view_mode": "form",
        }

    def action_payout_xlsx(self):
        if not self.env.user.has_group("advocacy_program.group_advocacy_manager"):
            raise AccessError(self.env._("Only advocacy managers can download the payout workbook."))
        return {"type": "ir.actions.act_url", "url": "/advocacy_rewards/payout.xlsx", "target": "self"}

    # ------------------------------------------------------------------ payout workbook
    @api.model
    def _advocacy_payout_xlsx_content(self):
        """The payout workbook (bytes), laid out by tools/payout_xlsx.py: what finance may pay now,
        among the rewards the user may read."""
        return payout_xlsx.write_report(self._advocacy_payout_data(), self._advocacy_payout_labels())

    @api.model
    def _advocacy_payable(self):
        """Approved cash and credit rewards whose holding period is over (a cancelled deal can no longer
        reverse them), by currency, advocate and date."""
        rewards = self.search(
            [
                ("state", "=", "approved"),
                ("reward_type", "in", ("cash", "credit")),
                "|",
                ("hold_until", "=", False),
                ("hold_until", "<", fields.Date.context_today(self)),
            ]
        )
        return rewards.sorted(lambda r: (r.currency_id.name, r.partner_id.display_name, r.date, r.id))

    @api.model
    def _advocacy_payout_data(self):
        """Who, where to pay, how much, for what (the `data` of tools/payout_xlsx.py)."""
        rewards = self._advocacy_payable()
        types = dict(self._fields["reward_type"]._description_selection(self.env))
        partners = rewards.partner_id | rewards.partner_id.commercial_partner_id
        bank_of = {}
        for bank in self.env["res.partner.bank"].sudo().search([("partner_id", "in", partners.ids)]):
            bank_of.setdefault(bank.partner_id.id, bank.acc_number)
        rows, totals = [], {}
        for reward in rewards:
            partner, currency = reward.partner_id, reward.currency_id
            rows.append(
                (
                    partner.display_name,
                    partner.email or "",
                    bank_of.get(partner.id) or bank_of.get(partner.commercial_partner_id.id) or "",
                    reward.rule_id.name,
                    types.get(reward.reward_type, ""),
                    reward.amount,
                    currency.name,
                    reward.source.display_name if reward.source else "",
                    reward.date or None,
                    reward.hold_until or None,
                    # already on a bill or credit note: finance pays that document, not this line
                    reward.sudo().move_id.display_name or "",
                )
            )
            totals[currency] = totals.get(currency, 0.0) + reward.amount
        return {
            "rows": rows,
            "totals": [
                (currency.name, currency.round(total))
                for currency, total in sorted(totals.items(), key=lambda item: item[0].name)
            ],
        }

    def _advocacy_payout_labels(self):
        return {
            "sheet": self.env._("Payout"),
            "advocate": self.env._("Advocate"),
            "email": self.env._("Email"),
            "bank": self.env._("Bank account / IBAN"),
            "reward": self.env._("Reward"),
            "type": self.env._("Type"),
            "amount": self.env._("Amount"),
            "currency": self.env._("Currency"),
            "source": self.env._("Source"),
            "date": self.env._("Date"),
            "final_after": self.env._("Final after"),
            "move": self.env._("Bill / credit note"),
            "total": self.env._("Total"),
        }
