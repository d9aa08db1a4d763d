from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import nps_math


class ResPartner(models.Model):
    """The contact's NPS figures as the reader may see them: latest answers, trend, company NPS."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _nps_readable_responses(self, domain):
        """The query of the answers matching `domain` that the reader may see: their record rules
        and, even as superuser, only the companies of `self.env.companies` (a contact shared between
        companies shows each company its own answers). None when they may read no answer at all."""
        Response = self.env["advocacy.nps.response"]
        if not Response.has_access("read"):
            return None
        return Response._search([*domain, ("company_id", "in", self.env.companies.ids)])

    @api.depends("nps_response_ids.score", "nps_response_ids.date")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_nps_latest(self):
        latest = {}
        readable = self._nps_readable_responses([("partner_id", "in", self.ids)]) if self.ids else None
        if readable is not None:
            self.env["advocacy.nps.response"].flush_model(["partner_id", "score", "category", "date"])
            # the two latest answers of each contact, one query for the batch
            self.env.cr.execute(
                SQL(
                    """SELECT partner_id, score, category, date, rank, total FROM (
                       SELECT partner_id, score, category, date,
                              ROW_NUMBER() OVER (PARTITION BY partner_id ORDER BY date DESC, id DESC) AS rank,
                              COUNT(*) OVER (PARTITION BY partner_id) AS total
                         FROM advocacy_nps_response WHERE id IN %s) t
                    WHERE rank <= 2""",
                    readable.subselect(),
                )
            )
            for partner_id, score, category, date, rank, total in self.env.cr.fetchall():
                latest.setdefault(partner_id, {})[rank] = (score, category, date, total)
        for partner in self:
            rows = latest.get(partner.id) if partner.id else None
            if not rows:
                partner.update(
                    {
                        "nps_response_count": 0,
                        "nps_latest_score": 0,
                        "nps_latest_category": False,
                        "nps_latest_date": False,
                        "nps_trend": False,
                    }
                )
                continue
            score, category, date, total = rows[1]
            trend = "new"
            if 2 in rows:
                previous = rows[2][0]
                trend = "up" if score > previous else "down" if score < previous else "stable"
            partner.update(
                {
                    "nps_response_count": total,
                    "nps_latest_score": score,
                    "nps_latest_category": category,
                    "nps_latest_date": date,
                    "nps_trend": trend,
                }
            )

    @api.depends("nps_response_ids.score", "child_ids.nps_response_ids.score", "commercial_partner_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_nps_company(self):
        self.env["advocacy.nps.response"].flush_model(["commercial_partner_id", "category", "date"])
        today = fields.Date.context_today(self)
        year_ago, two_years_ago = today - relativedelta(years=1), today - relativedelta(years=2)
        commercial_ids = list(set(self.commercial_partner_id.ids))
        readable = (
            self._nps_readable_responses(
                [("commercial_partner_id", "in", commercial_ids), ("date", ">", two_years_ago)]
            )
            if commercial_ids
            else None
        )
        counts = {}
        if readable is not None:
            self.env.cr.execute(
                SQL(
                    """SELECT commercial_partner_id, date > %(year_ago)s AS recent, category, COUNT(*)
                     FROM advocacy_nps_response
                    WHERE id IN %(readable)s
                 GROUP BY 1, 2, 3""",
                    readable=readable.subselect(),
                    year_ago=year_ago,
                )
            )
            for commercial_id, recent, category, count in self.env.cr.fetchall():
                counts.setdefault((commercial_id, recent), {})[category] = count
        for partner in self:
            key = partner.commercial_partner_id.id
            now = counts.get((key, True), {})
            before = counts.get((key, False), {})
            now_t = (now.get("promoter", 0), now.get("passive", 0), now.get("detractor", 0))
            before_t = (before.get("promoter", 0), before.get("passive", 0), before.get("detractor", 0))
            score, previous = nps_math.nps(*now_t), nps_math.nps(*before_t)
            trend = False
            if score is not None:
                change = nps_math.change_significance(now_t, before_t)
                if change is None:
                    trend = "new"
                elif change["significant"]:
                    trend = "up" if change["change"] > 0 else "down"
                else:
                    trend = "stable"
            partner.nps_company_score = score or 0.0
            partner.nps_company_previous = previous or 0.0
            partner.nps_company_count = sum(now_t)
            partner.nps_company_trend = trend
