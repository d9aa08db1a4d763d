from odoo import fields, models, tools
from odoo.tools import SQL

from .nps_response import CATEGORIES, CHANNELS, KINDS, ROLES, TOUCHPOINTS


class AdvocacyNpsReport(models.Model):
    """One row per answer with its +100 / 0 / -100 value: the average of that value over any group is
    exactly %promoters - %detractors, so the pivot and graph views show the true NPS of every cell."""

    _name = "advocacy.nps.report"
    _description = "NPS Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "partner_id"
    _depends = {
        "advocacy.nps.response": [
            "date",
            "partner_id",
            "commercial_partner_id",
            "user_id",
            "owner_id",
            "team_id",
            "industry_id",
            "country_id",
            "wave_id",
            "company_id",
            "category",
            "kind",
            "touchpoint",
            "role",
            "channel",
            "score",
        ],
    }

    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Customer Account", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    owner_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    wave_id = fields.Many2one("advocacy.nps.wave", string="Survey Wave", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    category = fields.Selection(CATEGORIES, string="Band", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    touchpoint = fields.Selection(TOUCHPOINTS, readonly=True)
    role = fields.Selection(ROLES, string="Respondent Role", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    score = fields.Integer(readonly=True, aggregator="avg", string="Average Score")
    nps = fields.Float(
        string="NPS",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="%promoters - %detractors of the answers of the group.",
    )
    response_count = fields.Integer(string="Answers", readonly=True)
    promoter_count = fields.Integer(string="Promoters", readonly=True)
    passive_count = fields.Integer(string="Passives", readonly=True)
    detractor_count = fields.Integer(string="Detractors", readonly=True)
    promoter_rate = fields.Float(string="Promoters (%)", readonly=True, aggregator="avg", digits=(16, 1))
    detractor_rate = fields.Float(string="Detractors (%)", readonly=True, aggregator="avg", digits=(16, 1))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                SELECT r.id, r.date, r.partner_id, r.commercial_partner_id, r.user_id, r.owner_id,
                       r.team_id, r.industry_id, r.country_id, r.wave_id, r.company_id, r.category,
                       r.kind, r.touchpoint, r.role, r.channel, r.score,
                       CASE r.category WHEN 'promoter' THEN 100.0
                                       WHEN 'detractor' THEN -100.0 ELSE 0.0 END AS nps,
                       1 AS response_count,
                       (r.category = 'promoter')::int AS promoter_count,
                       (r.category = 'passive')::int AS passive_count,
                       (r.category = 'detractor')::int AS detractor_count,
                       CASE WHEN r.category = 'promoter' THEN 100.0 ELSE 0.0 END AS promoter_rate,
                       CASE WHEN r.category = 'detractor' THEN 100.0 ELSE 0.0 END AS detractor_rate
                  FROM advocacy_nps_response r
            )""",
                SQL.identifier(self._table),
            )
        )
