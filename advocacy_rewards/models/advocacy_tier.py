from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import reward_amounts


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
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("advocacy_tier_id", "=", self.id)],
        }

    @api.model
    def _recompute_tiers(self, partner_ids=None, batch_size=None):
        """Set-based tier recomputation: one aggregate query for the metrics, the transition of each
        advocate in memory (`reward_amounts.tier_transition`), then one UPDATE per (tier, grace) target
        and one bulk insert of the chatter notes. Returns the number of partners whose tier changed."""
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
        where = SQL("TRUE")
        if partner_ids is not None:
            where = SQL("p.id IN %s", tuple(partner_ids) or (0,))
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.company_id, p.advocacy_tier_id, p.advocacy_tier_grace_until,
                       COALESCE(p.advocacy_points_lifetime, 0), COALESCE(r.won, 0), COALESCE(r.revenue, 0)
                  FROM res_partner p
                  LEFT JOIN (SELECT referrer_id, COUNT(*) AS won, SUM(revenue) AS revenue
                               FROM advocacy_referral WHERE state = 'won' GROUP BY referrer_id) r
                         ON r.referrer_id = p.id
                 WHERE %s AND (p.advocacy_points_lifetime > 0 OR r.referrer_id IS NOT NULL
                               OR p.advocacy_tier_id IS NOT NULL)
                 ORDER BY p.id
                """,
                where,
            )
        )
        by_company = {}
        changes = {}  # (tier, grace_until) -> [partner ids]
        history = []  # (partner, old tier, new tier)
        for pid, company, current, grace_until, points, won, revenue in self.env.cr.fetchall():
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
        for (tier_id, grace, changed), pids in changes.items():
            since = SQL("%s", today) if changed else SQL("advocacy_tier_since")
            self.env.cr.execute(
                SQL(
                    """UPDATE res_partner SET advocacy_tier_id = %s, advocacy_tier_grace_until = %s,
                              advocacy_tier_since = %s WHERE id IN %s""",
                    tier_id or None,
                    grace,
                    since,
                    tuple(pids),
                )
            )
        self.env["res.partner"].invalidate_model(
            ["advocacy_tier_id", "advocacy_tier_grace_until", "advocacy_tier_since"]
        )
        self._log_tier_changes(history, tiers)
        return len(history)

    def _log_tier_changes(self, history, tiers):
        """The tier history on the partners' chatter: one note per change, inserted in bulk (posting
        100,000 notes one by one through message_post would take minutes)."""
        if not history:
            return
        names = {t.id: t.name for t in tiers}
        none = self.env._("no tier")
        bodies = [
            Markup("<p>%s</p>")
            % self.env._(
                "Advocate tier changed: %(old)s → %(new)s",
                old=names.get(old, none) if old else none,
                new=names.get(new, none) if new else none,
            )
            for _pid, old, new in history
        ]
        subtype = self.env.ref("mail.mt_note")
        author = self.env.user.partner_id.id
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (model, res_id, body, message_type, subtype_id, author_id, date,
                                          is_internal, create_uid, write_uid, create_date, write_date)
                SELECT 'res.partner', r, b, 'notification', %(subtype)s, %(author)s,
                       now() at time zone 'UTC', TRUE, %(uid)s, %(uid)s,
                       now() at time zone 'UTC', now() at time zone 'UTC'
                  FROM unnest(%(res_ids)s::int[], %(bodies)s::text[]) AS t(r, b)
                """,
                subtype=subtype.id,
                author=author,
                uid=self.env.uid,
                res_ids=[pid for pid, _old, _new in history],
                bodies=[str(b) for b in bodies],
            )
        )
        self.env["mail.message"].invalidate_model()

    @api.model
    def _cron_recompute_tiers(self):
        changed = self._recompute_tiers()
        self.env["ir.cron"]._notify_progress(done=changed, remaining=0)
        return changed
