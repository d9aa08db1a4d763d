from odoo import fields, models, tools
from odoo.addons.advocacy_program.report.currency_sql import converted
from odoo.tools import SQL


class AdvocacyCampaignRoi(models.Model):
    """Reward cost against referral revenue per campaign and company (a query run for the reader). Points
    are valued at the configured value of a point; cash, credit, coupons, gifts and donations at their
    amount; the rewards of the campaign's challenge participations count with its referrals'. Every
    amount is converted at its document's date (the referral won, the reward issued) to the currency of
    the reader's current company, so rows of several companies add up."""

    _name = "advocacy.campaign.roi"
    _description = "Advocacy Campaign ROI"
    _auto = False
    _order = "revenue desc"
    # flushed before the report is read
    _depends = {
        "advocacy.referral": ["campaign_id", "company_id", "state", "revenue", "won_date", "date"],
        "advocacy.reward": [
            "company_id",
            "state",
            "points",
            "amount",
            "date",
            "referral_id",
            "source_model",
            "source_id",
        ],
        "advocacy.participation": ["campaign_id"],
    }

    campaign_id = fields.Many2one("advocacy.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    referral_count = fields.Integer("Referrals", readonly=True, aggregator="sum")
    won_count = fields.Integer("Won referrals", readonly=True, aggregator="sum")
    revenue = fields.Monetary("Referral revenue", readonly=True, aggregator="sum")
    reward_points = fields.Integer("Points issued", readonly=True, aggregator="sum")
    reward_amount = fields.Monetary("Money rewards", readonly=True, aggregator="sum")
    reward_cost = fields.Monetary("Reward cost", readonly=True, aggregator="sum")
    # grouped, from the group's sums (_read_group_select)
    roi = fields.Float(
        "ROI",
        readonly=True,
        aggregator="avg",
        help="(Referral revenue - reward cost) / reward cost, from the sums: 1.5 means each unit spent on "
        "rewards brought 1.5 back on top of itself.",
    )

    def _read_group_select(self, aggregate_spec, query):
        """The ROI of a group is computed from its total revenue and total cost, not averaged over its
        rows: what the pivot, the graph and the grouped list show."""
        if aggregate_spec != "roi:avg":
            return super()._read_group_select(aggregate_spec, query)
        revenue = self._field_to_sql(self._table, "revenue", query)
        cost = self._field_to_sql(self._table, "reward_cost", query)
        return SQL("COALESCE((SUM(%s) - SUM(%s)) / NULLIF(SUM(%s), 0), 0)", revenue, cost, cost)

    def init(self):
        # a SQL view of an earlier version: the report is a query now (its currency is the reader's)
        tools.drop_view_if_exists(self.env.cr, self._table)

    @property
    def _table_query(self):
        # read at query time, so changing the setting changes the report
        point_value = self.env["advocacy.settings"]._advocacy_setting("advocacy_rewards.point_value")
        revenue = converted(
            self.env,
            SQL("COALESCE(r.revenue, 0)"),
            SQL("rc.currency_id"),
            SQL("COALESCE(r.won_date, r.date)"),
        )
        amount = converted(self.env, SQL("w.amount"), SQL("wc.currency_id"), SQL("w.date"))
        points_cost = converted(
            self.env, SQL("w.points * %s::numeric", point_value), SQL("wc.currency_id"), SQL("w.date")
        )
        return SQL(
            """
            SELECT row_number() OVER () AS id, u.campaign_id, u.company_id, %(currency)s AS currency_id,
                   SUM(u.referral_count)::int AS referral_count, SUM(u.won_count)::int AS won_count,
                   SUM(u.revenue) AS revenue, SUM(u.points)::int AS reward_points,
                   SUM(u.amount) AS reward_amount, SUM(u.cost) AS reward_cost,
                   COALESCE((SUM(u.revenue) - SUM(u.cost)) / NULLIF(SUM(u.cost), 0), 0) AS roi
              FROM (
                    SELECT r.campaign_id, r.company_id, 1 AS referral_count,
                           (%(won)s)::int AS won_count, %(revenue)s AS revenue,
                           0 AS points, 0 AS amount, 0 AS cost
                      FROM advocacy_referral r
                      JOIN res_company rc ON rc.id = r.company_id
                     UNION ALL
                    -- the rewards of the campaign's referrals and of its challenge participations
                    SELECT COALESCE(ref.campaign_id, part.campaign_id), w.company_id, 0, 0, 0,
                           w.points, %(amount)s, %(amount)s + %(points_cost)s
                      FROM advocacy_reward w
                      JOIN res_company wc ON wc.id = w.company_id
                      LEFT JOIN advocacy_referral ref ON ref.id = w.referral_id
                      LEFT JOIN advocacy_participation part
                             ON w.source_model = 'advocacy.participation' AND part.id = w.source_id
                     WHERE w.state NOT IN ('rejected', 'reversed')
                       AND (w.referral_id IS NOT NULL OR part.id IS NOT NULL)
                   ) u
             GROUP BY u.campaign_id, u.company_id
            """,
            currency=self.env.company.currency_id.id,
            revenue=revenue,
            won=self.env["advocacy.referral"]._advocacy_won_sql(SQL("r")),
            amount=amount,
            points_cost=points_cost,
        )
