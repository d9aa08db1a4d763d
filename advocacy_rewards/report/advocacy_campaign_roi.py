from odoo import fields, models, tools
from odoo.tools import SQL


class AdvocacyCampaignRoi(models.Model):
    """Reward cost against referral revenue per campaign (a SQL view). Points are valued at the
    configured value of a point; cash, credit, coupons, gifts and donations at their amount."""

    _name = "advocacy.campaign.roi"
    _description = "Advocacy Campaign ROI"
    _auto = False
    _order = "revenue desc"

    campaign_id = fields.Many2one("advocacy.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    referral_count = fields.Integer("Referrals", readonly=True, aggregator="sum")
    won_count = fields.Integer("Won referrals", readonly=True, aggregator="sum")
    revenue = fields.Float("Referral revenue", readonly=True, aggregator="sum")
    reward_points = fields.Integer("Points issued", readonly=True, aggregator="sum")
    reward_amount = fields.Float("Money rewards", readonly=True, aggregator="sum")
    reward_cost = fields.Float("Reward cost", readonly=True, aggregator="sum")
    # grouped, the revenue of the group over its cost (_read_group_select)
    roi = fields.Float("ROI (revenue / cost)", readonly=True, aggregator="avg")

    def _read_group_select(self, aggregate_spec, query):
        """The ROI of a group is its revenue over its cost (a ratio of sums), not the average of its rows'
        ratios: what the pivot, the graph and the grouped list show."""
        if aggregate_spec != "roi:avg":
            return super()._read_group_select(aggregate_spec, query)
        return SQL(
            "COALESCE(SUM(%s) / NULLIF(SUM(%s), 0), 0)",
            self._field_to_sql(self._table, "revenue", query),
            self._field_to_sql(self._table, "reward_cost", query),
        )

    def _campaign_column(self):
        Referral = self.env["advocacy.referral"]
        has_campaign = "advocacy.campaign" in self.env and "campaign_id" in Referral._fields
        return SQL("r.campaign_id") if has_campaign else SQL("NULL::int")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # read at query time, so changing the setting changes the report
        point_value = SQL(
            "(SELECT COALESCE(NULLIF(value, '')::numeric, 0) FROM ir_config_parameter"
            " WHERE key = 'advocacy_rewards.point_value')"
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    WITH point AS (SELECT COALESCE(%(point_value)s, 0) AS value),
                    cost AS (
                        SELECT w.referral_id,
                               SUM(w.points) AS points, SUM(w.amount) AS amount,
                               SUM(w.amount + w.points * (SELECT value FROM point)) AS cost
                          FROM advocacy_reward w
                         WHERE w.referral_id IS NOT NULL AND w.state NOT IN ('rejected', 'reversed')
                         GROUP BY w.referral_id
                    )
                    SELECT row_number() OVER () AS id, %(campaign)s AS campaign_id, r.company_id,
                           COUNT(*) AS referral_count,
                           COUNT(*) FILTER (WHERE r.state = 'won') AS won_count,
                           SUM(COALESCE(r.revenue, 0)) AS revenue,
                           SUM(COALESCE(c.points, 0))::int AS reward_points,
                           SUM(COALESCE(c.amount, 0)) AS reward_amount,
                           SUM(COALESCE(c.cost, 0)) AS reward_cost,
                           CASE WHEN SUM(COALESCE(c.cost, 0)) > 0
                                THEN SUM(COALESCE(r.revenue, 0)) / SUM(COALESCE(c.cost, 0))
                                ELSE 0 END AS roi
                      FROM advocacy_referral r
                      LEFT JOIN cost c ON c.referral_id = r.id
                     GROUP BY %(campaign)s, r.company_id
                )
                """,
                table=SQL.identifier(self._table),
                campaign=self._campaign_column(),
                point_value=point_value,
            )
        )
