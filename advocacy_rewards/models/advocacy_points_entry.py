from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.advocacy_program.models import service_guard
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import reward_amounts

# entries that make the "lifetime points" of an advocate: what was ever earned, minus earns reversed
LIFETIME_SQL = SQL(
    "CASE WHEN kind = 'earn' OR (kind = 'reversal' AND reward_id IS NOT NULL) THEN points ELSE 0 END"
)


class AdvocacyPointsEntry(models.Model):
    """One line of an advocate's points ledger. Append-only: a posted entry is never changed or
    deleted; a correction is a new entry (adjust, reversal). The partner's balance and lifetime points
    are kept in the same transaction as the entries (`_apply_to_partners`)."""

    _name = "advocacy.points.entry"
    _description = "Advocacy Points Entry"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Description", required=True)
    partner_id = fields.Many2one(
        "res.partner", "Advocate", required=True, index=True, ondelete="restrict", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(
        [
            ("earn", "Earned"),
            ("redeem", "Redeemed"),
            ("expire", "Expired"),
            ("adjust", "Adjustment"),
            ("reversal", "Reversal"),
        ],
        required=True,
        index=True,
        readonly=True,
    )
    points = fields.Integer(required=True, readonly=True, help="Signed: earned points are positive.")
    date = fields.Date(required=True, index=True, readonly=True, default=fields.Date.context_today)
    reward_id = fields.Many2one("advocacy.reward", index="btree_not_null", readonly=True, ondelete="restrict")
    redemption_id = fields.Many2one(
        "advocacy.redemption", index="btree_not_null", readonly=True, ondelete="restrict"
    )
    user_id = fields.Many2one("res.users", "Posted by", readonly=True, default=lambda self: self.env.user)

    _sql_constraints = [
        ("points_not_zero", "CHECK(points <> 0)", "A points entry cannot be zero."),
        (
            "points_sign",
            "CHECK((kind = 'earn' AND points > 0) OR (kind IN ('redeem', 'expire') AND points < 0)"
            " OR kind IN ('adjust', 'reversal'))",
            "Earned points are positive; redeemed and expired points are negative.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # by hand (a Manager), only adjustments: earnings, redemptions, expiries and reversals come from
            # their services, which post as superuser; the poster is who is logged in
            for vals in vals_list:
                if vals.get("kind") != "adjust" or vals.get("reward_id") or vals.get("redemption_id"):
                    raise AccessError(
                        self.env._(
                            "Only adjustments can be posted by hand; earnings, redemptions, expiries and "
                            "reversals are posted by the rewards, the redemptions and the expiry."
                        )
                    )
                # nor through a default (context, ir.default)
                vals.update(user_id=self.env.uid, reward_id=False, redemption_id=False)
        entries = super().create(vals_list)
        entries._apply_to_partners()
        return entries

    def copy(self, default=None):
        # a duplicated ledger line would count its points twice; corrections are new lines
        service_guard.refuse_copy(self, self.env._("post an adjustment instead."))
        return super().copy(default)

    def write(self, vals):
        if self and vals:
            raise AccessError(
                self.env._(
                    "Points entries are append-only: post a new adjustment entry instead of changing one."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Points entries are append-only: post a new adjustment entry instead of deleting one.")
        )

    def _apply_to_partners(self):
        """Adds the entries to their partners' balance and lifetime points, one UPDATE per call."""
        if not self:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET advocacy_points_balance = COALESCE(p.advocacy_points_balance, 0) + e.balance,
                       advocacy_points_lifetime = COALESCE(p.advocacy_points_lifetime, 0) + e.lifetime
                  FROM (SELECT partner_id, SUM(points) AS balance, SUM(%s) AS lifetime
                          FROM advocacy_points_entry WHERE id = ANY(%s) GROUP BY partner_id) e
                 WHERE p.id = e.partner_id
                """,
                LIFETIME_SQL,
                self.ids,
            )
        )
        self.env["res.partner"].invalidate_model(["advocacy_points_balance", "advocacy_points_lifetime"])
        self.env["advocacy.tier"]._recompute_tiers_at_commit(self.partner_id)

    @api.model
    def _apply_deltas(self, rows):
        """Same as `_apply_to_partners` for rows posted in bulk: the sums are made in memory and sent
        as arrays, one UPDATE of each partner."""
        balance, lifetime = {}, {}
        for r in rows:
            pid = r["partner_id"]
            balance[pid] = balance.get(pid, 0) + r["points"]
            earned = r["kind"] == "earn" or (r["kind"] == "reversal" and r.get("reward_id"))
            lifetime[pid] = lifetime.get(pid, 0) + (r["points"] if earned else 0)
        partners = sorted(balance)  # one lock order for every writer
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET advocacy_points_balance = COALESCE(p.advocacy_points_balance, 0) + d.balance,
                       advocacy_points_lifetime = COALESCE(p.advocacy_points_lifetime, 0) + d.lifetime
                  FROM unnest(%s::int[], %s::int[], %s::int[]) AS d(partner_id, balance, lifetime)
                 WHERE p.id = d.partner_id
                """,
                partners,
                [balance[p] for p in partners],
                [lifetime[p] for p in partners],
            )
        )
        self.env["res.partner"].invalidate_model(["advocacy_points_balance", "advocacy_points_lifetime"])
        self.env["advocacy.tier"]._recompute_tiers_at_commit(self.env["res.partner"].browse(partners))

    @api.model
    def _post_bulk(self, rows):
        """Posts many entries at once (set-based reward fulfilment): `rows` are dicts with partner_id,
        company_id, kind, points, name and optionally reward_id, date. Returns the new ids."""
        if not rows:
            return []
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO advocacy_points_entry
                       (name, partner_id, company_id, kind, points, date, reward_id, user_id,
                        create_uid, write_uid, create_date, write_date)
                SELECT n, p, c, k, pts, d, r, %(uid)s, %(uid)s, %(uid)s, now() at time zone 'UTC',
                       now() at time zone 'UTC'
                  FROM unnest(%(names)s::varchar[], %(partners)s::int[], %(companies)s::int[],
                              %(kinds)s::varchar[], %(points)s::int[], %(dates)s::date[], %(rewards)s::int[])
                       AS t(n, p, c, k, pts, d, r)
                RETURNING id
                """,
                uid=self.env.uid,
                names=[r["name"] for r in rows],
                partners=[r["partner_id"] for r in rows],
                companies=[r["company_id"] for r in rows],
                kinds=[r["kind"] for r in rows],
                points=[r["points"] for r in rows],
                dates=[r.get("date") or today for r in rows],
                rewards=[r.get("reward_id") for r in rows],
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self._apply_deltas(rows)
        return ids

    @api.model
    def _cron_expire_points(self, batch_size=5000):
        """Expires the points earned more than N months ago that were not spent, oldest first.

        Lots are the positive entries, debits the negative ones; allocating the debits oldest first,
        what is left of the lots older than the cutoff is max(0, old lots - debits)
        (`reward_amounts.points_to_expire`), computed in one aggregate. The expiry entry is itself a
        debit, so a second run expires nothing."""
        months = self.env["advocacy.settings"]._advocacy_setting("advocacy_rewards.expiry_months")
        if months <= 0:
            return 0
        today = fields.Date.context_today(self)
        cutoff = reward_amounts.add_months(today, -months)
        rows = self._points_to_expire(cutoff, limit=batch_size + 1)
        remaining = max(0, len(rows) - batch_size)
        rows = rows[:batch_size]
        name = self.env._("Points earned before %(date)s expired", date=cutoff)
        self._post_bulk(
            [
                {
                    "name": name,
                    "partner_id": partner_id,
                    "company_id": company_id or self.env.company.id,
                    "kind": "expire",
                    "points": -to_expire,
                    "date": today,
                }
                for partner_id, company_id, to_expire in rows
            ]
        )
        self.env["ir.cron"]._notify_progress(done=len(rows), remaining=remaining)
        return len(rows)

    @api.model
    def _points_to_expire(self, cutoff, limit):
        """(partner, company, points to expire) of the first ``limit`` advocates holding points earned
        before ``cutoff`` and not spent, in one aggregate."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT e.partner_id,
                       -- the advocate's company, else the company of its latest entry (reports by company)
                       COALESCE(p.company_id, (ARRAY_AGG(e.company_id ORDER BY e.date DESC, e.id DESC))[1]),
                       SUM(CASE WHEN e.points > 0 AND e.date < %(cutoff)s THEN e.points ELSE 0 END)
                       + SUM(CASE WHEN e.points < 0 THEN e.points ELSE 0 END) AS to_expire
                  FROM advocacy_points_entry e
                  JOIN res_partner p ON p.id = e.partner_id
                 GROUP BY e.partner_id, p.company_id
                HAVING SUM(CASE WHEN e.points > 0 AND e.date < %(cutoff)s THEN e.points ELSE 0 END)
                       + SUM(CASE WHEN e.points < 0 THEN e.points ELSE 0 END) > 0
                 ORDER BY e.partner_id
                 LIMIT %(limit)s
                """,
                cutoff=cutoff,
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _recompute_partner_totals(self, partner_ids=None):
        """Rebuilds balance and lifetime points from the ledger (a repair tool, and the contact merge):
        one aggregate query, then one guarded write per distinct (balance, lifetime) of the partners
        whose figures differ."""
        self.flush_model()
        where = SQL("p.id = ANY(%s)", list(partner_ids)) if partner_ids else SQL("TRUE")
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, COALESCE(e.balance, 0), COALESCE(e.lifetime, 0)
                  FROM res_partner p
                  LEFT JOIN (SELECT partner_id, SUM(points) AS balance, SUM(%s) AS lifetime
                               FROM advocacy_points_entry GROUP BY partner_id) e ON e.partner_id = p.id
                 WHERE %s AND (COALESCE(p.advocacy_points_balance, 0) <> COALESCE(e.balance, 0)
                               OR COALESCE(p.advocacy_points_lifetime, 0) <> COALESCE(e.lifetime, 0))
                """,
                LIFETIME_SQL,
                where,
            )
        )
        targets = defaultdict(list)
        for pid, balance, lifetime in self.env.cr.fetchall():
            targets[balance, lifetime].append(pid)
        Partner = service_guard.as_service(self.env["res.partner"], service_guard.LEDGER).with_context(
            tracking_disable=True  # the totals are not tracked
        )
        for (balance, lifetime), pids in targets.items():
            Partner.browse(pids).write(
                {"advocacy_points_balance": balance, "advocacy_points_lifetime": lifetime}
            )
        repaired = Partner.browse([pid for pids in targets.values() for pid in pids])
        self.env["advocacy.tier"]._recompute_tiers_at_commit(repaired)
        return repaired
