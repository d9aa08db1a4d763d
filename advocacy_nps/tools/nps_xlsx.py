"""The NPS workbook (xlsxwriter), free of any Odoo import: a summary, the monthly trend with its margin
of error and significance, one sheet per segment breakdown, CSAT per touchpoint and the raw answers,
with native Excel charts. Rows are streamed (constant memory), so 100,000 answers stay light."""

import xlsxwriter

DEFAULT_LABELS = {
    "summary": "Summary",
    "trend": "Trend",
    "csat": "CSAT",
    "responses": "Responses",
    "nps": "NPS",
    "margin": "Margin of error (±)",
    "promoters": "Promoters",
    "passives": "Passives",
    "detractors": "Detractors",
    "count": "Answers",
    "response_rate": "Response rate (%)",
    "period": "Period",
    "change": "Change",
    "significant": "Significant change",
    "yes": "yes",
    "no": "no",
    "segment": "Segment",
    "touchpoint": "Touchpoint",
    "csat_percent": "CSAT (%)",
    "date": "Date",
    "contact": "Contact",
    "company": "Company",
    "email": "Email",
    "score": "Score",
    "band": "Band",
    "kind": "Kind",
    "role": "Role",
    "channel": "Channel",
    "comment": "Comment",
    "nps_trend_chart": "NPS by period",
    "bands_chart": "Answers by band",
    "segment_chart": "NPS by segment",
    "csat_chart": "CSAT by touchpoint",
}
RESPONSE_COLUMNS = (
    "date",
    "contact",
    "company",
    "email",
    "score",
    "band",
    "kind",
    "touchpoint",
    "role",
    "channel",
    "comment",
)


def _round(value):
    return None if value is None else round(value, 1)


def write_report(output, data, labels=None):
    """Writes the workbook to `output` (a path or a binary file object).

    `data`: title, summary (dict: nps, margin, promoters, passives, detractors, count, response_rate),
    trend (rows: period, promoters, passives, detractors, count, nps, margin, change, significant),
    breakdowns (list of (title, rows: segment, promoters, passives, detractors, count, nps, margin)),
    csat (rows: touchpoint, count, csat), responses (iterable of tuples in RESPONSE_COLUMNS order).
    """
    t = {**DEFAULT_LABELS, **(labels or {})}
    workbook = xlsxwriter.Workbook(
        output, {"constant_memory": True, "default_date_format": "yyyy-mm-dd", "remove_timezone": True}
    )
    bold = workbook.add_format({"bold": True})
    title_format = workbook.add_format({"bold": True, "font_size": 16})
    header = workbook.add_format({"bold": True, "bg_color": "#EDE7EC", "border": 1})
    number = workbook.add_format({"num_format": "0.0"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})

    # --- summary
    sheet = workbook.add_worksheet(t["summary"][:31])
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 16)
    sheet.write(0, 0, data.get("title") or t["summary"], title_format)
    summary = data.get("summary") or {}
    rows = [
        ("nps", summary.get("nps")),
        ("margin", summary.get("margin")),
        ("count", summary.get("count")),
        ("promoters", summary.get("promoters")),
        ("passives", summary.get("passives")),
        ("detractors", summary.get("detractors")),
        ("response_rate", summary.get("response_rate")),
    ]
    for offset, (key, value) in enumerate(rows, start=2):
        sheet.write(offset, 0, t[key], bold)
        sheet.write(offset, 1, _round(value) if isinstance(value, float) else value, number)
    pie = workbook.add_chart({"type": "pie"})
    pie.add_series(
        {
            "name": t["bands_chart"],
            "categories": [sheet.name, 5, 0, 7, 0],
            "values": [sheet.name, 5, 1, 7, 1],
            "points": [
                {"fill": {"color": "#5cb85c"}},
                {"fill": {"color": "#f0ad4e"}},
                {"fill": {"color": "#d9534f"}},
            ],
        }
    )
    pie.set_title({"name": t["bands_chart"]})
    sheet.insert_chart(1, 3, pie)

    # --- trend
    trend = data.get("trend") or []
    sheet = workbook.add_worksheet(t["trend"][:31])
    columns = (
        "period",
        "promoters",
        "passives",
        "detractors",
        "count",
        "nps",
        "margin",
        "change",
        "significant",
    )
    sheet.set_column(0, len(columns) - 1, 14)
    sheet.write_row(0, 0, [t[c] for c in columns], header)
    for index, row in enumerate(trend, start=1):
        sheet.write(index, 0, str(row["period"]))
        sheet.write_row(index, 1, [row["promoters"], row["passives"], row["detractors"], row["count"]])
        sheet.write(index, 5, _round(row["nps"]), number)
        sheet.write(index, 6, _round(row["margin"]), number)
        sheet.write(index, 7, _round(row["change"]), number)
        sheet.write(index, 8, t["yes"] if row["significant"] else t["no"])
    if trend:
        last = len(trend)
        line = workbook.add_chart({"type": "line"})
        line.add_series(
            {
                "name": t["nps"],
                "categories": [sheet.name, 1, 0, last, 0],
                "values": [sheet.name, 1, 5, last, 5],
                "marker": {"type": "circle"},
                "y_error_bars": {
                    "type": "custom",
                    "plus_values": [sheet.name, 1, 6, last, 6],
                    "minus_values": [sheet.name, 1, 6, last, 6],
                },
            }
        )
        line.set_title({"name": t["nps_trend_chart"]})
        line.set_y_axis({"min": -100, "max": 100})
        sheet.insert_chart(last + 2, 0, line)
        stacked = workbook.add_chart({"type": "column", "subtype": "stacked"})
        for col, color in ((1, "#5cb85c"), (2, "#f0ad4e"), (3, "#d9534f")):
            stacked.add_series(
                {
                    "name": [sheet.name, 0, col],
                    "categories": [sheet.name, 1, 0, last, 0],
                    "values": [sheet.name, 1, col, last, col],
                    "fill": {"color": color},
                }
            )
        stacked.set_title({"name": t["bands_chart"]})
        sheet.insert_chart(last + 2, 8, stacked)

    # --- one sheet per breakdown
    for title, breakdown in data.get("breakdowns") or []:
        sheet = workbook.add_worksheet(title[:31])
        columns = ("segment", "promoters", "passives", "detractors", "count", "nps", "margin")
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, len(columns) - 1, 14)
        sheet.write_row(0, 0, [t[c] for c in columns], header)
        for index, row in enumerate(breakdown, start=1):
            sheet.write(index, 0, str(row["segment"]))
            sheet.write_row(index, 1, [row["promoters"], row["passives"], row["detractors"], row["count"]])
            sheet.write(index, 5, _round(row["nps"]), number)
            sheet.write(index, 6, _round(row["margin"]), number)
        if breakdown:
            last = len(breakdown)
            bar = workbook.add_chart({"type": "bar"})
            bar.add_series(
                {
                    "name": t["nps"],
                    "categories": [sheet.name, 1, 0, last, 0],
                    "values": [sheet.name, 1, 5, last, 5],
                }
            )
            bar.set_title({"name": f"{t['segment_chart']}: {title}"})
            bar.set_x_axis({"min": -100, "max": 100})
            sheet.insert_chart(1, len(columns) + 1, bar)

    # --- CSAT per touchpoint
    csat = data.get("csat") or []
    sheet = workbook.add_worksheet(t["csat"][:31])
    sheet.set_column(0, 2, 18)
    sheet.write_row(0, 0, [t["touchpoint"], t["count"], t["csat_percent"]], header)
    for index, row in enumerate(csat, start=1):
        sheet.write(index, 0, str(row["touchpoint"]))
        sheet.write(index, 1, row["count"])
        sheet.write(index, 2, _round(row["csat"]), number)
    if csat:
        column = workbook.add_chart({"type": "column"})
        column.add_series(
            {
                "name": t["csat_percent"],
                "categories": [sheet.name, 1, 0, len(csat), 0],
                "values": [sheet.name, 1, 2, len(csat), 2],
            }
        )
        column.set_title({"name": t["csat_chart"]})
        column.set_y_axis({"min": 0, "max": 100})
        sheet.insert_chart(1, 4, column)

    # --- raw answers, streamed
    sheet = workbook.add_worksheet(t["responses"][:31])
    sheet.set_column(0, 0, 12, date_format)
    sheet.set_column(1, 3, 26)
    sheet.set_column(10, 10, 60)
    sheet.write_row(0, 0, [t[c] for c in RESPONSE_COLUMNS], header)
    count = 0
    for count, row in enumerate(data.get("responses") or [], start=1):
        if row[0]:
            sheet.write_datetime(count, 0, row[0], date_format)
        sheet.write_row(count, 1, row[1:])
    sheet.autofilter(0, 0, max(count, 1), len(RESPONSE_COLUMNS) - 1)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return count
