from odoo import fields, models
from odoo.addons.advocacy_program.report.currency_sql import converted
from odoo.tools import SQL


class AdvocacyRewardCost(models.Model):
    """The rewards that cost something (neither rejected nor reversed) in one currency (a query run for
    the reader): each amount converted at the reward's date to the currency of the reader's current
    company, so the rewards of several companies add up. The cost values the points at the configured
    value of a point, as the campaign ROI does."""

    _name = "advocacy.reward.cost"
    _description = "Advocacy Reward Cost"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "reward_id"
    # flushed before the report is read
    _depends = {
        "advocacy.reward": ["partner_id", "company_id", "state", "points", "amount", "date"],
        "res.company": ["currency_id"],
    }

    reward_id = fields.Many2one("advocacy.reward", readonly=True)
    partner_id = fields.Many2one("res.partner", "Advocate", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    points = fields.Integer(readonly=True, aggregator="sum")
    amount = fields.Monetary(
        "Money rewards",
        readonly=True,
        aggregator="sum",
        help="Amount of the cash, credit, coupon, gift and donation rewards, converted at the reward's "
        "date to the current company's currency.",
    )
    cost = fields.Monetary(
        "Reward cost",
        readonly=True,
        aggregator="sum",
        help="The money amount plus the points valued at the configured value of a point, converted at "
        "the reward's date to the current company's currency.",
    )

    @property
    def _table_query(self):
        # read at query time, so changing the setting or the current company changes the report
        point_value = self.env["advocacy.settings"]._advocacy_setting("advocacy_rewards.point_value")
        amount = converted(self.env, SQL("w.amount"), SQL("wc.currency_id"), SQL("w.date"))
        points_cost = converted(
            self.env, SQL("w.points * %s::numeric", point_value), SQL("wc.currency_id"), SQL("w.date")
        )
        return SQL(
            """
            SELECT w.id, w.id AS reward_id, w.partner_id, w.company_id, w.date,
                   %(currency)s AS currency_id, COALESCE(w.points, 0) AS points,
                   COALESCE(%(amount)s, 0) AS amount,
                   COALESCE(%(amount)s, 0) + COALESCE(%(points_cost)s, 0) AS cost
              FROM advocacy_reward w
              JOIN res_company wc ON wc.id = w.company_id
             WHERE w.state NOT IN ('rejected', 'reversed')
            """,
            currency=self.env.company.currency_id.id,
            amount=amount,
            points_cost=points_cost,
        )
