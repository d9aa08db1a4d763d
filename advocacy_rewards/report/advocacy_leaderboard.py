from odoo import fields, models, tools
from odoo.addons.advocacy_program.report.currency_sql import converted
from odoo.tools import SQL


class AdvocacyLeaderboard(models.Model):
    """Points earned and referrals won per advocate and day, a SQL view: grouping it by advocate with a
    date filter gives the leaderboard of any period."""

    _name = "advocacy.leaderboard"
    _description = "Advocacy Leaderboard"
    _auto = False
    _order = "points desc, won_count desc"
    _rec_name = "partner_id"
    # flushed before the report is read
    _depends = {
        "advocacy.points.entry": ["partner_id", "company_id", "date", "kind", "points", "reward_id"],
        "advocacy.referral": ["referrer_id", "company_id", "state", "revenue", "won_date", "date"],
        "res.partner": ["advocacy_tier_id"],
    }

    partner_id = fields.Many2one("res.partner", "Advocate", readonly=True)
    tier_id = fields.Many2one("advocacy.tier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    points = fields.Integer("Points earned", readonly=True, aggregator="sum")
    won_count = fields.Integer("Won referrals", readonly=True, aggregator="sum")
    currency_id = fields.Many2one("res.currency", readonly=True)
    revenue = fields.Monetary(
        "Referral revenue",
        readonly=True,
        aggregator="sum",
        help="Revenue of the won referrals, converted at the date they were won to the current company's "
        "currency.",
    )

    def init(self):
        # a SQL view of an earlier version: the report is a query now (its currency is the reader's)
        tools.drop_view_if_exists(self.env.cr, self._table)

    @property
    def _table_query(self):
        revenue = converted(
            self.env,
            SQL("COALESCE(r.revenue, 0)"),
            SQL("rc.currency_id"),
            SQL("COALESCE(r.won_date, r.date)"),
        )
        return SQL(
            """
            SELECT row_number() OVER () AS id, u.partner_id, p.advocacy_tier_id AS tier_id,
                   u.company_id, %(currency)s AS currency_id, u.date, SUM(u.points)::int AS points,
                   SUM(u.won_count)::int AS won_count, SUM(u.revenue) AS revenue
              FROM (
                    SELECT e.partner_id, e.company_id, e.date,
                           CASE WHEN e.kind = 'earn'
                                  OR (e.kind = 'reversal' AND e.reward_id IS NOT NULL)
                                THEN e.points ELSE 0 END AS points,
                           0 AS won_count, 0 AS revenue
                      FROM advocacy_points_entry e
                     UNION ALL
                    SELECT r.referrer_id, r.company_id, COALESCE(r.won_date, r.date), 0, 1, %(revenue)s
                      FROM advocacy_referral r
                      JOIN res_company rc ON rc.id = r.company_id
                     WHERE %(won)s
                   ) u
              JOIN res_partner p ON p.id = u.partner_id
             GROUP BY u.partner_id, p.advocacy_tier_id, u.company_id, u.date
            """,
            currency=self.env.company.currency_id.id,
            revenue=revenue,
            won=self.env["advocacy.referral"]._advocacy_won_sql(SQL("r")),
        )
