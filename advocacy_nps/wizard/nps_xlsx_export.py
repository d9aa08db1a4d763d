import base64
import io

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import nps_math, nps_xlsx

SEGMENTS = [
    ("user_id", "Salesperson"),
    ("team_id", "Sales Team"),
    ("industry_id", "Industry"),
    ("country_id", "Country"),
    ("tag_ids", "Contact Tags"),
    ("role", "Respondent Role"),
    ("touchpoint", "Touchpoint"),
]


class AdvocacyNpsXlsxExport(models.TransientModel):
    _name = "advocacy.nps.xlsx.export"
    _description = "NPS Excel Report"

    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) - relativedelta(months=12)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")], default="month", required=True
    )
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The report starts after it ends."))

    def _domain(self):
        return [("date", ">=", self.date_from), ("date", "<=", self.date_to)]

    def _labels(self):
        return {
            "summary": self.env._("Summary"),
            "trend": self.env._("Trend"),
            "csat": self.env._("CSAT"),
            "responses": self.env._("Responses"),
            "nps": self.env._("NPS"),
            "margin": self.env._("Margin of error (±)"),
            "promoters": self.env._("Promoters"),
            "passives": self.env._("Passives"),
            "detractors": self.env._("Detractors"),
            "count": self.env._("Answers"),
            "response_rate": self.env._("Response rate (%)"),
            "period": self.env._("Period"),
            "change": self.env._("Change"),
            "significant": self.env._("Significant change"),
            "yes": self.env._("yes"),
            "no": self.env._("no"),
            "segment": self.env._("Segment"),
            "touchpoint": self.env._("Touchpoint"),
            "csat_percent": self.env._("CSAT (%)"),
            "date": self.env._("Date"),
            "contact": self.env._("Contact"),
            "company": self.env._("Company"),
            "email": self.env._("Email"),
            "score": self.env._("Score"),
            "band": self.env._("Band"),
            "kind": self.env._("Kind"),
            "role": self.env._("Role"),
            "channel": self.env._("Channel"),
            "comment": self.env._("Comment"),
            "nps_trend_chart": self.env._("NPS by period"),
            "bands_chart": self.env._("Answers by band"),
            "segment_chart": self.env._("NPS by segment"),
            "csat_chart": self.env._("CSAT by touchpoint"),
        }

    def _report_data(self):
        self.ensure_one()
        Response = self.env["advocacy.nps.response"]
        domain = self._domain()
        trend = [
            {**row, "period": self._period_label(row["period"])}
            for row in Response._nps_breakdown(domain, period=self.period)
        ]
        return {
            "title": self.env._("NPS report %(start)s - %(end)s", start=self.date_from, end=self.date_to),
            "summary": self._report_summary(domain),
            "trend": trend,
            "breakdowns": [
                (label, self._report_breakdown(domain, field_name)) for field_name, label in SEGMENTS
            ],
            "csat": self._report_csat(domain),
            "responses": self._iter_responses(),
        }

    def _report_summary(self, domain):
        triple = self.env["advocacy.nps.response"]._nps_overall(domain)
        by_state = dict(
            self.env["advocacy.nps.invitation"]._read_group(
                [
                    ("sent_date", ">=", self.date_from),
                    ("sent_date", "<", self.date_to + relativedelta(days=1)),
                ],
                ["state"],
                ["__count"],
            )
        )
        sent = by_state.get("sent", 0) + by_state.get("answered", 0) + by_state.get("expired", 0)
        return {
            "nps": nps_math.nps(*triple),
            "margin": nps_math.margin_of_error(*triple),
            "promoters": triple[0],
            "passives": triple[1],
            "detractors": triple[2],
            "count": sum(triple),
            "response_rate": nps_math.response_rate(by_state.get("answered", 0), sent),
        }

    def _report_breakdown(self, domain, field_name):
        """The rows of one segment breakdown, the largest segments first."""
        segment_labels = dict(self._segment_selection())
        per_segment = {}
        for segment, category, count in self.env["advocacy.nps.response"]._read_group(
            domain, [field_name, "category"], ["__count"]
        ):
            per_segment.setdefault(segment, {})[category] = count
        rows = []
        for segment, counts in per_segment.items():
            triple = (counts.get("promoter", 0), counts.get("passive", 0), counts.get("detractor", 0))
            rows.append(
                {
                    "segment": self._segment_label(field_name, segment, segment_labels),
                    **nps_math.band_counts(*triple),
                }
            )
        rows.sort(key=lambda r: (-r["count"], r["segment"]))
        return rows

    def _report_csat(self, domain):
        Csat = self.env["advocacy.csat.response"]
        touchpoints = dict(Csat._fields["touchpoint"]._description_selection(self.env))
        csat_counts = {}
        for touchpoint, rating, count in Csat._read_group(domain, ["touchpoint", "rating"], ["__count"]):
            csat_counts.setdefault(touchpoint, {})[rating] = count
        return [
            {
                "touchpoint": touchpoints.get(tp, tp),
                "count": sum(c.values()),
                "csat": nps_math.csat_percent(
                    c.get("satisfied", 0), c.get("neutral", 0), c.get("dissatisfied", 0)
                ),
            }
            for tp, c in sorted(csat_counts.items())
        ]

    def _period_label(self, day):
        if not day:
            return ""
        if self.period == "quarter":
            return f"{day.year} Q{(day.month - 1) // 3 + 1}"
        if self.period == "year":
            return str(day.year)
        return f"{day.year}-{day.month:02d}"

    def _segment_selection(self):
        Response = self.env["advocacy.nps.response"]
        labels = {}
        for field_name in ("role", "touchpoint", "kind", "channel", "category"):
            labels[field_name] = dict(Response._fields[field_name]._description_selection(self.env))
        return labels.items()

    def _segment_label(self, field_name, value, labels):
        if isinstance(value, models.BaseModel):
            return value.display_name or self.env._("None")
        return labels.get(field_name, {}).get(value) or value or self.env._("None")

    def _iter_responses(self, chunk=5000):
        """The raw answers the user may read, streamed in chunks by a server-side cursor."""
        Response = self.env["advocacy.nps.response"]
        query = Response._search(self._domain(), order="date desc, id desc")
        labels = dict(self._segment_selection())
        sql = SQL(
            """SELECT r.date, p.name, c.name, p.email, r.score, r.category, r.kind, r.touchpoint, r.role,
                      r.channel, r.comment
                 FROM advocacy_nps_response r
                 JOIN res_partner p ON p.id = r.partner_id
            LEFT JOIN res_partner c ON c.id = r.commercial_partner_id
                WHERE r.id IN (%s)
             ORDER BY r.date DESC, r.id DESC""",
            query.subselect(),
        )
        Response.flush_model()
        cr = self.env.cr
        name = SQL.identifier(f"nps_export_{self.id}")
        # a server-side cursor of this transaction keeps the rows in PostgreSQL, not in Python memory
        cr.execute(SQL("DECLARE %s NO SCROLL CURSOR FOR %s", name, sql))
        try:
            while True:
                cr.execute(SQL("FETCH %s FROM %s", chunk, name))
                rows = cr.fetchall()
                if not rows:
                    break
                for row in rows:
                    yield (
                        row[0],
                        row[1],
                        row[2] if row[2] != row[1] else "",
                        row[3],
                        row[4],
                        labels["category"].get(row[5], row[5]),
                        labels["kind"].get(row[6], row[6] or ""),
                        labels["touchpoint"].get(row[7], row[7] or ""),
                        labels["role"].get(row[8], row[8] or ""),
                        labels["channel"].get(row[9], row[9] or ""),
                        row[10] or "",
                    )
        finally:
            cr.execute(SQL("CLOSE %s", name))

    def _generate_xlsx(self):
        output = io.BytesIO()
        nps_xlsx.write_report(output, self._report_data(), self._labels())
        return output.getvalue()

    def action_export(self):
        self.ensure_one()
        self.check_access("write")
        self.env["advocacy.nps.response"].check_access("read")
        content = self._generate_xlsx()
        self.write(
            {
                "file": base64.b64encode(content),
                "filename": self.env._(
                    "nps_report_%(start)s_%(end)s.xlsx", start=self.date_from, end=self.date_to
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file"
            "&filename_field=filename&download=true",
            "target": "self",
        }
