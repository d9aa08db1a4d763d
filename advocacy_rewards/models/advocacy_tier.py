from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import reward_amounts

# advocates whose tier is recomputed when the transaction commits (cr.precommit.data)
TIER_QUEUE = "advocacy_rewards.tier_queue"


class AdvocacyTier(models.Model):
    """An advocate tier (Bronze → Platinum). Tiers are ranked by sequence: a higher sequence is a
    better tier. An advocate holds the best tier whose threshold they meet; losing it waits for the
    tier's grace period."""

    _name = "advocacy.tier"
    _description = "Advocate Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Rank of the tier: a higher sequence is a better tier.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to use the tier in every company."
    )
    basis = fields.Selection(
        [
            ("points", "Lifetime points"),
            ("referrals", "Successful referrals"),
            ("revenue", "Referral revenue"),
        ],
        "Threshold basis",
        required=True,
        default="points",
    )
    threshold = fields.Float(required=True, default=0.0, help="Minimum value of the basis to reach the tier.")
    benefits = fields.Html(
        translate=True, help="What advocates of this tier get (shown on their portal page)."
    )
    points_multiplier = fields.Float(
        default=1.0, digits=(16, 2), help="Points rewards of advocates in this tier are multiplied by it."
    )
    grace_days = fields.Integer(
        "Downgrade grace (days)", default=0, help="Days an advocate keeps the tier after falling below it."
    )
    partner_count = fields.Integer("Advocates", compute="_compute_partner_count")

    # chatter notes written at once: a run that changes fewer tiers notes them in its transaction, a
    # larger one (the nightly run after a new tier) leaves them to the notes cron, this many a batch
    # (`_message_log_batch` costs about 1 ms a note)
    TIER_NOTES_BATCH = 2000

    _sql_constraints = [
        ("threshold_positive", "CHECK(threshold >= 0)", "A tier threshold cannot be negative."),
        ("multiplier_positive", "CHECK(points_multiplier > 0)", "The points multiplier must be positive."),
        ("grace_positive", "CHECK(grace_days >= 0)", "The grace period cannot be negative."),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("advocacy_tier_id", "in", self.ids)], ["advocacy_tier_id"], ["__count"]
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    def action_view_partners(self):
        if not self.env.user.has_group("advocacy_program.group_advocacy_user"):
            raise AccessError(self.env._("Only advocacy users can list the advocates of a tier."))
        self.check_access("read")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("advocacy_tier_id", "=", self.id)],
        }

    # ------------------------------------------------------------------ recomputation
    @api.model
    def _recompute_tiers(self, partner_ids=None, batch_size=None):
        """Set-based tier recomputation: one aggregate query for the metrics, the transition of each
        advocate in memory (`reward_amounts.tier_transition`), then one guarded ORM write per (tier,
        grace) target, and the changes recorded in the tier history, whose chatter notes follow
        (`advocacy.tier.change._advocacy_record`). Returns the number of partners whose tier
        changed."""
        self.env.flush_all()
        tiers = self.sudo().search([])
        today = fields.Date.context_today(self)
        tier_rows = [
            {
                "id": t.id,
                "rank": t.sequence,
                "basis": t.basis,
                "threshold": t.threshold,
                "company": t.company_id.id,
                "grace": t.grace_days,
            }
            for t in tiers
        ]
        # tiers come ordered by (sequence, id): their position is their rank
        ranks = {t["id"]: index for index, t in enumerate(tier_rows)}
        grace_of = {t["id"]: t["grace"] for t in tier_rows}
        by_company = {}
        changes = {}  # (tier, grace_until, tier changed) -> [partner ids]
        history = []  # (partner, old tier, new tier)
        for pid, company, current, grace_until, points, won, revenue in self._tier_metrics(partner_ids):
            usable = by_company.get(company)
            if usable is None:
                usable = by_company[company] = [
                    dict(t, rank=ranks[t["id"]])
                    for t in tier_rows
                    if not t["company"] or t["company"] == company
                ]
            metrics = {"points": points, "referrals": won, "revenue": revenue}
            target = reward_amounts.qualifying_tier(metrics, usable)
            new_tier, new_grace = reward_amounts.tier_transition(
                current, target, ranks, grace_until, today, grace_of.get(current, 0)
            )
            if new_tier != current or new_grace != grace_until:
                changes.setdefault((new_tier, new_grace, new_tier != current), []).append(pid)
                if new_tier != current:
                    history.append((pid, current, new_tier))
        self._write_tier_changes(changes, today)
        # the mail first: the tier note stays the newest message of the contact's chatter
        promoted = [pid for pid, old, new in history if new and ranks.get(new, -1) > ranks.get(old, -1)]
        self.env["res.partner"]._advocacy_notify("tier_up", self.env["res.partner"].browse(promoted))
        if history:
            self.env["advocacy.tier.change"]._advocacy_record(history, today)
        return len(history)

    def _write_tier_changes(self, changes, today):
        """One write per (tier, grace) target, through the guarded ORM path (the tier fields are not
        tracked: the change is noted on the chatter)."""
        Partner = service_guard.as_service(self.env["res.partner"], service_guard.TIER).with_context(
            tracking_disable=True
        )
        for (tier_id, grace, changed), pids in changes.items():
            vals = {"advocacy_tier_id": tier_id or False, "advocacy_tier_grace_until": grace or False}
            if changed:
                vals["advocacy_tier_since"] = today
            Partner.browse(pids).write(vals)

    @api.model
    def _tier_metrics(self, partner_ids=None):
        """Rows (partner, company, tier, grace until, lifetime points, won referrals, referral revenue) of
        the advocates that have or may reach a tier (all of them, or those of `partner_ids`). Won
        referrals as advocacy.referral defines them: rolled up to the commercial entity, of the
        advocate's company (any, for a contact shared between companies)."""
        where, referrals = SQL("TRUE"), SQL("TRUE")
        if partner_ids is not None:
            ids = list(partner_ids)
            where = SQL("p.id = ANY(%s)", ids)
            referrals = SQL("w.advocate_id = ANY(%s)", ids)
        Referral = self.env["advocacy.referral"]
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.company_id, p.advocacy_tier_id, p.advocacy_tier_grace_until,
                       COALESCE(p.advocacy_points_lifetime, 0), COALESCE(r.won, 0), COALESCE(r.revenue, 0)
                  FROM res_partner p
                  LEFT JOIN (SELECT w.advocate_id, COUNT(*) AS won, SUM(w.revenue) AS revenue
                               FROM (%s) AS w
                               JOIN res_partner a ON a.id = w.advocate_id
                              WHERE %s AND %s
                           GROUP BY w.advocate_id) r
                         ON r.advocate_id = p.id
                 WHERE %s AND (p.advocacy_points_lifetime > 0 OR r.advocate_id IS NOT NULL
                               OR p.advocacy_tier_id IS NOT NULL)
                 ORDER BY p.id
                """,
                Referral._advocacy_by_advocate_sql(Referral._advocacy_won_sql(SQL("r"))),
                referrals,
                Referral._advocacy_company_sql(SQL("w"), SQL("a.company_id")),
                where,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _recompute_tiers_at_commit(self, partners):
        """Queues advocates whose ledger, won referrals or referral revenue changed: their tiers are
        recomputed once, set-based, when the transaction commits (every change of the transaction in one
        pass; the nightly cron stays as a safety net)."""
        ids = {pid for pid in partners.ids if pid}
        if not ids:
            return
        cr = self.env.cr
        queued = cr.precommit.data.get(TIER_QUEUE)
        if queued is None:
            queued = cr.precommit.data[TIER_QUEUE] = set()
            cr.precommit.add(self.sudo()._recompute_queued_tiers)
        queued.update(ids)

    def _recompute_queued_tiers(self):
        queued = self.env.cr.precommit.data.pop(TIER_QUEUE, None)
        if queued:
            self._recompute_tiers(partner_ids=sorted(queued))
            # this runs while the transaction commits, after its last flush
            self.env.flush_all()

    @api.model
    def _cron_recompute_tiers(self):
        changed = self._recompute_tiers()
        self.env["ir.cron"]._notify_progress(done=changed, remaining=0)
        return changed
