from odoo import fields, models
from odoo.tools import SQL

from ..models.referral import REFERRAL_STATES
from .currency_sql import converted


class AdvocacyReferralRevenue(models.Model):
    """The won referrals with their revenue in one currency (a query run for the reader): each
    referral's revenue, kept in its company's currency, converted at the date it was won to the currency
    of the reader's current company, so the referrals of several companies add up. The won date is the
    one `_advocacy_recompute_revenue` converts the won opportunity's estimate at (the orders' totals are
    already in the company's currency); a referral won before the date was kept counts its submission
    date, as the ROI and the leaderboard do."""

    _name = "advocacy.referral.revenue"
    _description = "Advocacy Referral Revenue"
    _auto = False
    _order = "won_date desc, id desc"
    _rec_name = "referral_id"
    # flushed before the report is read
    _depends = {
        "advocacy.referral": [
            "referrer_id",
            "campaign_id",
            "company_id",
            "state",
            "revenue",
            "won_date",
            "date",
        ],
        "res.company": ["currency_id"],
    }

    referral_id = fields.Many2one("advocacy.referral", readonly=True)
    referrer_id = fields.Many2one("res.partner", "Advocate", readonly=True)
    campaign_id = fields.Many2one("advocacy.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    won_date = fields.Date("Won On", readonly=True)
    state = fields.Selection(REFERRAL_STATES, "Status", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    revenue = fields.Monetary(
        "Referral revenue",
        readonly=True,
        aggregator="sum",
        help="Revenue of the won referral, converted at the date it was won to the current company's "
        "currency.",
    )

    @property
    def _table_query(self):
        # the reader's current company: read at query time, as its currency is the one shown
        won_on = SQL("COALESCE(r.won_date, r.date)")
        return SQL(
            """
            SELECT r.id, r.id AS referral_id, r.referrer_id, r.campaign_id, r.company_id,
                   %(won_on)s AS won_date, r.state, %(currency)s AS currency_id, %(revenue)s AS revenue
              FROM advocacy_referral r
              JOIN res_company rc ON rc.id = r.company_id
             WHERE %(won)s
            """,
            won_on=won_on,
            currency=self.env.company.currency_id.id,
            revenue=converted(self.env, SQL("COALESCE(r.revenue, 0)"), SQL("rc.currency_id"), won_on),
            won=self.env["advocacy.referral"]._advocacy_won_sql(SQL("r")),
        )
