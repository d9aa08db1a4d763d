"""NPS and money in one place: two SQL views next to the sales ledger.

Revenue is what each account (commercial entity) was invoiced over the last twelve months: posted customer
invoices minus posted credit notes, untaxed, in the company's currency (``amount_untaxed_signed``, converted
by Odoo at the invoice's date), per company. The figures of a group that are not sums (NPS, its margin of
error, its significance against the other answers, the revenue-weighted NPS) are computed from the group's
sums by ``tools/nps_math`` when the web client or an API reads the groups (``read_group``), so the pivot,
graph and grouped lists show exact figures, never an average of averages."""

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools import nps_math
from .nps_report import AdvocacyNpsReport
from .nps_response import CATEGORIES, KINDS, ROLES, TOUCHPOINTS

COUNT_FIELDS = ("promoter_count", "passive_count", "detractor_count")
WEIGHT_FIELDS = ("promoter_revenue", "passive_revenue", "detractor_revenue")
FIGURE_FIELDS = ("nps", "nps_margin", "nps_vs_rest", "nps_significant", "weighted_nps")


def revenue_12_months_sql():
    """(company_id, account_id, revenue, invoice_count) of the last twelve months of posted customer
    invoices and credit notes, in company currency, untaxed (a credit note lowers the revenue)."""
    return SQL(
        """SELECT m.company_id, m.commercial_partner_id AS account_id,
                  SUM(m.amount_untaxed_signed) AS revenue,
                  COUNT(*) FILTER (WHERE m.move_type = 'out_invoice') AS invoice_count
             FROM account_move m
            WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
              AND m.invoice_date > CURRENT_DATE - INTERVAL '12 months'
              AND m.commercial_partner_id IS NOT NULL
         GROUP BY m.company_id, m.commercial_partner_id"""
    )


def band_columns(category, weight):
    """The count and weight columns of each band, and the row's NPS value, from SQL expressions."""
    return SQL(
        """(%(c)s = 'promoter')::int AS promoter_count,
           (%(c)s = 'passive')::int AS passive_count,
           (%(c)s = 'detractor')::int AS detractor_count,
           CASE %(c)s WHEN 'promoter' THEN 100.0 WHEN 'detractor' THEN -100.0 WHEN 'passive' THEN 0.0
           END AS nps,
           CASE %(c)s WHEN 'promoter' THEN 100.0 WHEN 'detractor' THEN -100.0 WHEN 'passive' THEN 0.0
           END AS weighted_nps,
           0.0 AS nps_margin, 0.0 AS nps_vs_rest, 0 AS nps_significant,
           CASE WHEN %(c)s = 'promoter' THEN %(w)s ELSE 0 END AS promoter_revenue,
           CASE WHEN %(c)s = 'passive' THEN %(w)s ELSE 0 END AS passive_revenue,
           CASE WHEN %(c)s = 'detractor' THEN %(w)s ELSE 0 END AS detractor_revenue""",
        c=category,
        w=weight,
    )


class AdvocacyNpsMoneyMixin(models.AbstractModel):
    """The group figures of the NPS and money reports, computed from each group's sums."""

    _name = "advocacy.nps.money.mixin"
    _description = "NPS and Money Figures"

    nps = fields.Float(
        string="NPS",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="%promoters - %detractors of the group, from -100 to +100.",
    )
    nps_margin = fields.Float(
        string="NPS Margin (±)",
        readonly=True,
        aggregator="max",
        digits=(16, 1),
        help="Half-width of the 95% confidence interval of the group's NPS, in points.",
    )
    nps_vs_rest = fields.Float(
        string="NPS vs Rest",
        readonly=True,
        aggregator="max",
        digits=(16, 1),
        help="The group's NPS minus the NPS of every other row of the report's filter, in points.",
    )
    nps_significant = fields.Integer(
        string="Significant (1 = yes)",
        readonly=True,
        aggregator="max",
        help="1 when the group's NPS differs from the rest at the 95% level (two-sample z test), else 0.",
    )
    weighted_nps = fields.Float(
        string="Revenue-weighted NPS",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="NPS where each answer counts with what its account invoiced over the last 12 months.",
    )
    promoter_count = fields.Integer(string="Promoters", readonly=True)
    passive_count = fields.Integer(string="Passives", readonly=True)
    detractor_count = fields.Integer(string="Detractors", readonly=True)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        names = {spec.split(":")[0] for spec in fields}
        if not names.intersection(FIGURE_FIELDS):
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        extra = [f"{name}:sum" for name in (*COUNT_FIELDS, *WEIGHT_FIELDS) if name not in names]
        # the figures are computed below from the sums: the database aggregates them only to sort by them
        sorted_by_figure = any(name in (orderby or "") for name in FIGURE_FIELDS)
        aggregated = [spec for spec in fields if sorted_by_figure or spec.split(":")[0] not in FIGURE_FIELDS]
        groups = super().read_group(domain, [*aggregated, *extra], groupby, offset, limit, orderby, lazy)
        if offset or limit:
            totals = self._nps_money_totals(domain)
        else:  # the groups split every row of the domain: their sums are the totals
            totals = tuple(sum(group.get(name) or 0 for group in groups) for name in COUNT_FIELDS)
        for group in groups:
            counts = tuple(group.get(name) or 0 for name in COUNT_FIELDS)
            rest = tuple(total - count for total, count in zip(totals, counts, strict=True))
            figures = nps_math.group_figures(*counts, rest=rest)
            weights = tuple(max(group.get(name) or 0.0, 0.0) for name in WEIGHT_FIELDS)
            group.update(
                {
                    "nps": figures["nps"],
                    "nps_margin": figures["margin"],
                    "nps_vs_rest": figures["vs_rest"],
                    "nps_significant": int(figures["significant"]),
                    "weighted_nps": nps_math.weighted_nps(*weights),
                }
            )
            for name in extra:
                group.pop(name.split(":")[0], None)
        return groups

    def _nps_money_totals(self, domain):
        """(promoters, passives, detractors) of every row the reader sees under ``domain``."""
        [totals] = self._read_group(domain, [], [f"{name}:sum" for name in COUNT_FIELDS])
        return tuple(value or 0 for value in totals)


class AdvocacyNpsRevenueReport(models.Model):
    """One row per NPS answer with what its account invoiced over the last twelve months: NPS and
    revenue-weighted NPS per period and segment."""

    _name = "advocacy.nps.revenue.report"
    _inherit = "advocacy.nps.money.mixin"
    _description = "NPS and Revenue Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "partner_id"
    _depends = {
        # the answers' columns of the NPS analysis, and the invoices
        "advocacy.nps.response": AdvocacyNpsReport._depends["advocacy.nps.response"],
        "account.move": [
            "state",
            "move_type",
            "invoice_date",
            "company_id",
            "commercial_partner_id",
            "amount_untaxed_signed",
        ],
    }

    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Customer Account", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    owner_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    category = fields.Selection(CATEGORIES, string="Band", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    touchpoint = fields.Selection(TOUCHPOINTS, readonly=True)
    role = fields.Selection(ROLES, string="Respondent Role", readonly=True)
    response_count = fields.Integer(string="Answers", readonly=True)
    account_revenue = fields.Monetary(
        string="Account Revenue (12 months)",
        readonly=True,
        aggregator=None,
        help="What the answer's account was invoiced over the last 12 months (posted invoices minus "
        "credit notes, untaxed, company currency): the answer's weight in the revenue-weighted NPS.",
    )
    promoter_revenue = fields.Monetary(string="Weight of Promoters", readonly=True)
    passive_revenue = fields.Monetary(string="Weight of Passives", readonly=True)
    detractor_revenue = fields.Monetary(string="Weight of Detractors", readonly=True)

    def _query(self):
        weight = SQL("GREATEST(COALESCE(rev.revenue, 0), 0)")
        return SQL(
            """SELECT r.id, r.date, r.partner_id, r.commercial_partner_id, r.user_id, r.owner_id,
                      r.team_id, r.industry_id, r.country_id, r.company_id, r.category,
                      r.kind, r.touchpoint, r.role, 1 AS response_count,
                      COALESCE(rev.revenue, 0) AS account_revenue,
                      %(bands)s
                 FROM advocacy_nps_response r
            LEFT JOIN (%(revenue)s) rev
                   ON rev.company_id = r.company_id AND rev.account_id = r.commercial_partner_id""",
            bands=band_columns(SQL("r.category"), weight),
            revenue=revenue_12_months_sql(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )


class AdvocacyNpsAccountReport(models.Model):
    """One row per customer account and company: the band of its latest answer in that company and
    what it was invoiced over the last twelve months. Revenue per band, revenue at risk (detractors)
    and the revenue not surveyed at all."""

    _name = "advocacy.nps.account.report"
    _inherit = "advocacy.nps.money.mixin"
    _description = "Revenue by NPS Band"
    _auto = False
    _order = "revenue desc, id"
    _rec_name = "commercial_partner_id"
    _depends = {
        **AdvocacyNpsRevenueReport._depends,
        "res.partner": ["user_id", "advocacy_manager_id", "industry_id", "country_id", "nps_last_band"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    commercial_partner_id = fields.Many2one("res.partner", string="Customer Account", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    account_manager_id = fields.Many2one("res.users", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    category = fields.Selection(
        CATEGORIES, string="Latest Band", readonly=True, help="Empty: the account never answered."
    )
    score = fields.Integer(string="Latest Score", readonly=True, aggregator=None)
    date = fields.Date(string="Latest Answer", readonly=True)
    is_surveyed = fields.Boolean(string="Surveyed", readonly=True)
    account_count = fields.Integer(string="Accounts", readonly=True)
    invoice_count = fields.Integer(string="Invoices (12 months)", readonly=True)
    revenue = fields.Monetary(
        string="Revenue (12 months)",
        readonly=True,
        help="Posted customer invoices minus credit notes of the last 12 months, untaxed, company currency.",
    )
    promoter_revenue = fields.Monetary(string="Revenue of Promoters", readonly=True)
    passive_revenue = fields.Monetary(string="Revenue of Passives", readonly=True)
    detractor_revenue = fields.Monetary(
        string="Revenue at Risk",
        readonly=True,
        help="Revenue of the accounts whose latest answer is a detractor's.",
    )

    def _query(self):
        return SQL(
            """WITH latest AS (
                   -- the accounts that ever answered (stored on the account), their latest answer in
                   -- each company by one index probe each, rather than sorting every answer
                   SELECT c.id AS company_id, a.id AS account_id, last.category, last.score, last.date
                     FROM res_partner a
               CROSS JOIN res_company c
                     JOIN LATERAL (
                          SELECT r.category, r.score, r.date FROM advocacy_nps_response r
                           WHERE r.commercial_partner_id = a.id AND r.company_id = c.id
                        ORDER BY r.date DESC, r.id DESC LIMIT 1) last ON TRUE
                    WHERE a.nps_last_band IS NOT NULL AND a.commercial_partner_id = a.id
               ), revenue AS (%(revenue)s)
               SELECT (COALESCE(l.company_id, rev.company_id)::bigint * 2147483648
                       + COALESCE(l.account_id, rev.account_id)) AS id,
                      COALESCE(l.company_id, rev.company_id) AS company_id,
                      COALESCE(l.account_id, rev.account_id) AS commercial_partner_id,
                      p.user_id, p.advocacy_manager_id AS account_manager_id,
                      p.industry_id, p.country_id,
                      l.category, l.score, l.date, l.category IS NOT NULL AS is_surveyed, 1 AS account_count,
                      COALESCE(rev.invoice_count, 0) AS invoice_count,
                      COALESCE(rev.revenue, 0) AS revenue,
                      %(bands)s
                 FROM latest l
            FULL JOIN revenue rev ON rev.company_id = l.company_id AND rev.account_id = l.account_id
                 JOIN res_partner p ON p.id = COALESCE(l.account_id, rev.account_id)""",
            revenue=revenue_12_months_sql(),
            bands=band_columns(SQL("l.category"), SQL("COALESCE(rev.revenue, 0)")),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
