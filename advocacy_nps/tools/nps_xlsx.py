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
    """Writes the workbook to `output` (a path or a binary file object); returns the answers written.

    `data`: title, summary (dict: nps, margin, promoters, passives, detractors, count, response_rate),
    trend (rows: period, promoters, passives, detractors, count, nps, margin, change, significant),
    breakdowns (list of (title, rows: segment, promoters, passives, detractors, count, nps, margin)),
    csat (rows: touchpoint, count, csat), responses (iterable of tuples in RESPONSE_COLUMNS order).
    """
    t = {**DEFAULT_LABELS, **(labels or {})}
    workbook = xlsxwriter.Workbook(
        output, {"constant_memory": True, "default_date_format": "yyyy-mm-dd", "remove_timezone": True}
    )
    formats = {
        "bold": workbook.add_format({"bold": True}),
        "title": workbook.add_format({"bold": True, "font_size": 16}),
        "header": workbook.add_format({"bold": True, "bg_color": "#EDE7EC", "border": 1}),
        "number": workbook.add_format({"num_format": "0.0"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    _summary_sheet(workbook, formats, data, t)
    _trend_sheet(workbook, formats, data.get("trend") or [], t)
    for title, breakdown in data.get("breakdowns") or []:
        _breakdown_sheet(workbook, formats, title, breakdown, t)
    _csat_sheet(workbook, formats, data.get("csat") or [], t)
    count = _responses_sheet(workbook, formats, data.get("responses") or [], t)
    workbook.close()
    return count


def _summary_sheet(workbook, formats, data, t):
    sheet = workbook.add_worksheet(t["summary"][:31])
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 16)
    sheet.write(0, 0, data.get("title") or t["summary"], formats["title"])
    summary = data.get("summary") or {}
    keys = ("nps", "margin", "count", "promoters", "passives", "detractors", "response_rate")
    for offset, key in enumerate(keys, start=2):
        value = summary.get(key)
        sheet.write(offset, 0, t[key], formats["bold"])
        sheet.write(offset, 1, _round(value) if isinstance(value, float) else value, formats["number"])
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


def _write_band_counts(sheet, index, row, formats):
    """Columns 1-6 of a trend or breakdown row: the bands, the answers, the NPS and its margin."""
    sheet.write_row(index, 1, [row["promoters"], row["passives"], row["detractors"], row["count"]])
    sheet.write(index, 5, _round(row["nps"]), formats["number"])
    sheet.write(index, 6, _round(row["margin"]), formats["number"])


def _trend_sheet(workbook, formats, trend, t):
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
    sheet.write_row(0, 0, [t[c] for c in columns], formats["header"])
    for index, row in enumerate(trend, start=1):
        sheet.write(index, 0, str(row["period"]))
        _write_band_counts(sheet, index, row, formats)
        sheet.write(index, 7, _round(row["change"]), formats["number"])
        sheet.write(index, 8, t["yes"] if row["significant"] else t["no"])
    if trend:
        _trend_charts(workbook, sheet, len(trend), t)


def _trend_charts(workbook, sheet, last, t):
    """The NPS line with its margin as error bars, and the bands stacked per period."""
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


def _breakdown_sheet(workbook, formats, title, breakdown, t):
    sheet = workbook.add_worksheet(title[:31])
    columns = ("segment", "promoters", "passives", "detractors", "count", "nps", "margin")
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, len(columns) - 1, 14)
    sheet.write_row(0, 0, [t[c] for c in columns], formats["header"])
    for index, row in enumerate(breakdown, start=1):
        sheet.write(index, 0, str(row["segment"]))
        _write_band_counts(sheet, index, row, formats)
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


def _csat_sheet(workbook, formats, csat, t):
    sheet = workbook.add_worksheet(t["csat"][:31])
    sheet.set_column(0, 2, 18)
    sheet.write_row(0, 0, [t["touchpoint"], t["count"], t["csat_percent"]], formats["header"])
    for index, row in enumerate(csat, start=1):
        sheet.write(index, 0, str(row["touchpoint"]))
        sheet.write(index, 1, row["count"])
        sheet.write(index, 2, _round(row["csat"]), formats["number"])
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


def _responses_sheet(workbook, formats, responses, t):
    """The raw answers, streamed (constant memory); returns how many were written."""
    sheet = workbook.add_worksheet(t["responses"][:31])
    sheet.set_column(0, 0, 12, formats["date"])
    sheet.set_column(1, 3, 26)
    sheet.set_column(10, 10, 60)
    sheet.write_row(0, 0, [t[c] for c in RESPONSE_COLUMNS], formats["header"])
    count = 0
    for count, row in enumerate(responses, start=1):
        if row[0]:
            sheet.write_datetime(count, 0, row[0], formats["date"])
        sheet.write_row(count, 1, row[1:])
    sheet.autofilter(0, 0, max(count, 1), len(RESPONSE_COLUMNS) - 1)
    sheet.freeze_panes(1, 0)
    return count
