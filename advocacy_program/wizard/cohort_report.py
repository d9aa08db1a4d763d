from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import cohort_metrics

METRICS = [
    ("win_rate", "Win rate (%)"),
    ("cycle_days", "Sales cycle (days)"),
    ("first_order", "First order value"),
    ("revenue_12m", "Revenue in the first 12 months"),
    ("retention", "Still ordering after 12 months (%)"),
]


class AdvocacyCohortReport(models.TransientModel):
    """Referred customers against the others, for any period and one company at a time (amounts in
    its currency): opportunities created in the period (win rate, cycle) and customers whose first
    confirmed order falls in it (first order value; for those of at least 12 months: invoiced revenue
    of their first 12 months and whether they still ordered after). Each figure with the number of
    opportunities or customers behind it, its 95% margin and whether the difference is significant."""

    _name = "advocacy.cohort.report"
    _description = "Referral Cohort Report"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(years=2),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many("advocacy.cohort.report.line", "report_id", string="Figures", readonly=True)

    def _check_may_read(self):
        if not self.env.user.has_group("advocacy_program.group_advocacy_manager"):
            raise AccessError(
                self.env._("Only advocacy managers can compare referred customers with the others.")
            )
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("You do not have access to the company %s.", self.company_id.name))
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period starts after it ends."))

    def action_compute(self):
        self.ensure_one()
        self._check_may_read()
        figures = {**self._cohort_deal_figures(), **self._cohort_customer_figures()}
        lines = []
        for metric, _label in METRICS:
            referred, other = figures[metric][True], figures[metric][False]
            difference, significant = cohort_metrics.compare(referred[:3], other[:3])
            lines.append(
                fields.Command.create(
                    {
                        "metric": metric,
                        "referred_value": referred[0] or 0.0,
                        "referred_margin": referred[1] or 0.0,
                        "referred_count": referred[3],
                        "other_value": other[0] or 0.0,
                        "other_margin": other[1] or 0.0,
                        "other_count": other[3],
                        "difference": difference or 0.0,
                        "is_significant": significant,
                    }
                )
            )
        self.line_ids = [fields.Command.clear(), *lines]
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Referred vs Other Customers"),
        }

    def _period(self):
        return self.date_from, self.date_to + relativedelta(days=1)

    def _cohort_deal_figures(self):
        """Opportunities created in the period: a deal attributed to a referral (not rejected) against
        the others; won in a won stage, lost when archived at probability 0 (as campaigns count them)."""
        start, end = self._period()
        self.env.flush_all()
        deals = self.env["crm.lead"]._advocacy_deals_sql(
            SQL("l.id"),
            SQL("crm_lead l"),
            SQL(
                "l.company_id = %s AND l.create_date >= %s AND l.create_date < %s",
                self.company_id.id,
                start,
                end,
            ),
        )
        self.env.cr.execute(
            SQL(
                """SELECT referred, COUNT(*) FILTER (WHERE won), COUNT(*) FILTER (WHERE won OR lost),
                          AVG(cycle) FILTER (WHERE won), STDDEV_SAMP(cycle) FILTER (WHERE won),
                          COUNT(cycle) FILTER (WHERE won)
                     FROM (%s) AS deal GROUP BY referred""",
                deals,
            )
        )
        rows = {referred: rest for referred, *rest in self.env.cr.fetchall()}
        result = {"win_rate": {}, "cycle_days": {}}
        for referred in (True, False):
            won, closed, cycle, cycle_sd, cycle_n = rows.get(referred, (0, 0, None, None, 0))
            result["win_rate"][referred] = (*cohort_metrics.rate_figure(won, closed), closed)
            result["cycle_days"][referred] = (*cohort_metrics.mean_figure(cycle, cycle_sd, cycle_n), cycle_n)
        return result

    def _cohort_customer_figures(self):
        """Customers (commercial entities) whose first confirmed order of the company falls in the period;
        referred when a won referral brought them (``advocacy.referral._advocacy_referred_customers_sql``)."""
        start, end = self._period()
        matured_before = fields.Date.context_today(self) - relativedelta(months=12)
        self.env.cr.execute(self._cohort_customer_query(start, end, matured_before))
        rows = {referred: rest for referred, *rest in self.env.cr.fetchall()}
        result = {"first_order": {}, "revenue_12m": {}, "retention": {}}
        for referred in (True, False):
            n, first, first_sd, matured, revenue, revenue_sd, retained = rows.get(
                referred, (0, None, None, 0, None, None, 0)
            )
            result["first_order"][referred] = (*cohort_metrics.mean_figure(first, first_sd, n), n)
            result["revenue_12m"][referred] = (
                *cohort_metrics.mean_figure(revenue, revenue_sd, matured),
                matured,
            )
            result["retention"][referred] = (*cohort_metrics.rate_figure(retained, matured), matured)
        return result

    @api.model
    def _cohort_customer_query(self, start, end, matured_before):
        # one pass over the orders (first and last order of each customer), then one hash join with the
        # invoices: no CTE referenced twice, so the planner estimates from the tables' statistics
        company = self.company_id.id
        return SQL(
            """SELECT c.referred, COUNT(*), AVG(c.amount), STDDEV_SAMP(c.amount),
                      COUNT(*) FILTER (WHERE c.matured),
                      AVG(c.revenue) FILTER (WHERE c.matured),
                      STDDEV_SAMP(c.revenue) FILTER (WHERE c.matured),
                      COUNT(*) FILTER (WHERE c.matured AND c.retained)
                 FROM (
                   SELECT f.customer_id, f.amount, f.matured, f.retained,
                          f.customer_id IN (%(referred)s) AS referred,
                          COALESCE(SUM(m.amount_untaxed_signed), 0) AS revenue
                     FROM (
                       SELECT p.commercial_partner_id AS customer_id, MIN(o.date_order) AS first_date,
                              (ARRAY_AGG(o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1)
                                         ORDER BY o.date_order, o.id))[1] AS amount,
                              MIN(o.date_order) < %(matured_before)s AS matured,
                              MAX(o.date_order) >= MIN(o.date_order) + INTERVAL '12 months' AS retained
                         FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
                        WHERE o.state = 'sale' AND o.company_id = %(company)s
                     GROUP BY p.commercial_partner_id
                       HAVING MIN(o.date_order) >= %(start)s AND MIN(o.date_order) < %(end)s
                     ) f
                LEFT JOIN account_move m
                       ON f.matured AND m.commercial_partner_id = f.customer_id
                      AND m.company_id = %(company)s AND m.state = 'posted'
                      AND m.move_type IN ('out_invoice', 'out_refund')
                      AND m.invoice_date >= f.first_date::date
                      AND m.invoice_date < (f.first_date + INTERVAL '12 months')::date
                 GROUP BY f.customer_id, f.amount, f.matured, f.retained
                 ) c
             GROUP BY c.referred""",
            company=company,
            referred=self.env["advocacy.referral"]._advocacy_referred_customers_sql(company),
            start=start,
            end=end,
            matured_before=matured_before,
        )


class AdvocacyCohortReportLine(models.TransientModel):
    _name = "advocacy.cohort.report.line"
    _description = "Referral Cohort Figure"
    _order = "id"

    report_id = fields.Many2one("advocacy.cohort.report", required=True, ondelete="cascade")
    metric = fields.Selection(METRICS, required=True)
    referred_value = fields.Float(string="Referred", digits=(16, 1))
    referred_margin = fields.Float(string="Referred ±", digits=(16, 1), help="95% margin of error.")
    referred_count = fields.Integer(string="Referred: behind it", help="Opportunities or customers counted.")
    other_value = fields.Float(string="Others", digits=(16, 1))
    other_margin = fields.Float(string="Others ±", digits=(16, 1), help="95% margin of error.")
    other_count = fields.Integer(string="Others: behind it", help="Opportunities or customers counted.")
    difference = fields.Float(digits=(16, 1), help="Referred minus others.")
    is_significant = fields.Boolean(
        string="Significant", help="The difference is significant at the 95% level (two-sample z test)."
    )
