"""The campaign workbook (xlsxwriter), free of any Odoo import: a summary with the results against their
targets and the referral vs other deals comparison, the results per challenge, the participations and
the referrals, each with a native Excel chart. The same shape as the NPS workbook
(advocacy_nps/tools/nps_xlsx.py): the model gathers plain data, this module lays it out, a thin
controller serves it.

`data` (plain Python: str, int, float, date/datetime, None):

- ``title``;
- ``info``: [(label, value)] — a date, a float (money) or text;
- ``results``: [(label, actual, target or None)];
- ``comparison``: [(label, referral, other, kind)], kind one of "count", "percent", "number", "money";
- ``challenges``: {"states": [state labels], "rows": [(name, idea, family, effort, deadline,
  [count per state], value)]};
- ``participations``: {"rows": [(advocate, company, challenge, status, accepted, submitted, verified,
  verified by, evidence link, value)], "by_state": [(state label, count)]};
- ``referrals``: {"rows": [(reference, date, referrer, company, status, closed, cycle days, revenue)],
  "months": [(month "YYYY-MM", count, revenue)]}.
"""

import io

import xlsxwriter

DEFAULT_LABELS = {
    "summary": "Summary",
    "challenges": "Challenges",
    "participations": "Participations",
    "referrals": "Referrals",
    "result": "Result",
    "actual": "Actual",
    "target": "Target",
    "progress": "Progress",
    "comparison": "Referral vs other deals",
    "referral": "Referral",
    "other": "Other",
    "results_chart": "Campaign results",
    "challenge": "Challenge",
    "idea": "Activity Idea",
    "family": "Family",
    "effort": "Effort",
    "deadline": "Deadline",
    "value": "Value",
    "per_challenge_chart": "Participations per challenge",
    "advocate": "Advocate",
    "company": "Company",
    "status": "Status",
    "accepted": "Accepted On",
    "submitted": "Submitted On",
    "verified": "Verified On",
    "verified_by": "Verified By",
    "evidence": "Evidence Link",
    "by_status_chart": "Participations by status",
    "reference": "Reference",
    "referred_by": "Referred By",
    "company_name": "Company Name",
    "closed": "Closed On",
    "cycle": "Cycle (days)",
    "revenue": "Revenue",
    "month": "Month",
    "per_month_chart": "Referrals per month",
}


def write_report(data, labels=None):
    """The workbook as bytes."""
    t = {**DEFAULT_LABELS, **(labels or {})}
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "remove_timezone": True})
    formats = {
        "bold": workbook.add_format({"bold": True}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#714B67", "font_color": "#FFFFFF", "border": 1}
        ),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "percent": workbook.add_format({"num_format": "0.0%"}),
        "number": workbook.add_format({"num_format": "0.0"}),
        "count": None,
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    _summary_sheet(workbook, formats, data, t)
    _challenges_sheet(workbook, formats, data["challenges"], t)
    _participations_sheet(workbook, formats, data["participations"], t)
    _referrals_sheet(workbook, formats, data["referrals"], t)
    workbook.close()
    return output.getvalue()


def _write_value(sheet, row, col, value, formats, kind=None):
    """A cell as its type asks: dates as Excel dates, floats as money unless told otherwise."""
    if value is None or value is False:
        return
    if hasattr(value, "year"):
        sheet.write_datetime(row, col, value, formats["date"])
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        default = "money" if isinstance(value, float) else "count"
        sheet.write_number(row, col, value, formats[kind or default])
    else:
        sheet.write(row, col, value)


def _write_rows(sheet, top, rows, formats, kinds=()):
    """Rows below ``top``; ``kinds`` gives a format per column where the value's type is not enough."""
    for index, values in enumerate(rows, start=top + 1):
        for col, value in enumerate(values):
            _write_value(sheet, index, col, value, formats, kinds[col] if col < len(kinds) else None)


def _summary_sheet(workbook, formats, data, t):
    sheet = workbook.add_worksheet(t["summary"][:31])
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 4, 18)
    sheet.write(0, 0, data["title"], formats["title"])
    for row, (label, value) in enumerate(data["info"], start=2):
        sheet.write(row, 0, label, formats["bold"])
        _write_value(sheet, row, 1, value, formats)
    results_top = len(data["info"]) + 3
    sheet.write_row(results_top, 0, [t["result"], t["actual"], t["target"], t["progress"]], formats["header"])
    results = data["results"]
    progress = [
        (label, actual, target or None, actual / target if target else None)
        for label, actual, target in results
    ]
    _write_rows(sheet, results_top, progress, formats, kinds=(None, None, None, "percent"))
    comparison_top = results_top + len(results) + 2
    sheet.write_row(comparison_top, 0, [t["comparison"], t["referral"], t["other"]], formats["header"])
    for row, (label, referral, other, kind) in enumerate(data["comparison"], start=comparison_top + 1):
        sheet.write(row, 0, label)
        _write_value(sheet, row, 1, referral, formats, kind)
        _write_value(sheet, row, 2, other, formats, kind)
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": t["actual"],
            "categories": [sheet.name, results_top + 1, 0, results_top + len(results), 0],
            "values": [sheet.name, results_top + 1, 1, results_top + len(results), 1],
        }
    )
    chart.set_title({"name": t["results_chart"]})
    chart.set_legend({"none": True})
    sheet.insert_chart(2, 5, chart, {"x_scale": 1.3, "y_scale": 1.2})
    # the rates of the comparison (win rate, cycle) side by side
    chart = workbook.add_chart({"type": "column"})
    for col, name in ((1, t["referral"]), (2, t["other"])):
        chart.add_series(
            {
                "name": name,
                "categories": [sheet.name, comparison_top + 2, 0, comparison_top + 3, 0],
                "values": [sheet.name, comparison_top + 2, col, comparison_top + 3, col],
            }
        )
    chart.set_title({"name": t["comparison"]})
    sheet.insert_chart(22, 5, chart, {"x_scale": 1.3})


def _challenges_sheet(workbook, formats, challenges, t):
    sheet = workbook.add_worksheet(t["challenges"][:31])
    states = challenges["states"]
    columns = [t["challenge"], t["idea"], t["family"], t["effort"], t["deadline"], *states, t["value"]]
    sheet.write_row(0, 0, columns, formats["header"])
    sheet.set_column(0, 1, 30)
    sheet.set_column(2, len(columns), 14)
    rows = challenges["rows"]
    _write_rows(sheet, 0, [(*row[:5], *row[5], row[6]) for row in rows], formats)
    if not rows:
        return
    chart = workbook.add_chart({"type": "column", "subtype": "stacked"})
    for offset in range(len(states)):
        chart.add_series(
            {
                "name": [sheet.name, 0, 5 + offset],
                "categories": [sheet.name, 1, 0, len(rows), 0],
                "values": [sheet.name, 1, 5 + offset, len(rows), 5 + offset],
            }
        )
    chart.set_title({"name": t["per_challenge_chart"]})
    sheet.insert_chart(len(rows) + 3, 0, chart, {"x_scale": 1.5})


def _participations_sheet(workbook, formats, participations, t):
    sheet = workbook.add_worksheet(t["participations"][:31])
    columns = [
        t["advocate"],
        t["company"],
        t["challenge"],
        t["status"],
        t["accepted"],
        t["submitted"],
        t["verified"],
        t["verified_by"],
        t["evidence"],
        t["value"],
    ]
    sheet.write_row(0, 0, columns, formats["header"])
    sheet.set_column(0, len(columns), 18)
    rows = participations["rows"]
    _write_rows(sheet, 0, rows, formats)
    by_state = participations["by_state"]
    state_top = len(rows) + 3
    sheet.write_row(state_top, 0, [t["status"], t["participations"]], formats["header"])
    _write_rows(sheet, state_top, by_state, formats)
    chart = workbook.add_chart({"type": "pie"})
    chart.add_series(
        {
            "name": t["by_status_chart"],
            "categories": [sheet.name, state_top + 1, 0, state_top + len(by_state), 0],
            "values": [sheet.name, state_top + 1, 1, state_top + len(by_state), 1],
        }
    )
    chart.set_title({"name": t["by_status_chart"]})
    sheet.insert_chart(state_top, 3, chart)


def _referrals_sheet(workbook, formats, referrals, t):
    sheet = workbook.add_worksheet(t["referrals"][:31])
    columns = [
        t["reference"],
        t["submitted"],
        t["referred_by"],
        t["company_name"],
        t["status"],
        t["closed"],
        t["cycle"],
        t["revenue"],
    ]
    sheet.write_row(0, 0, columns, formats["header"])
    sheet.set_column(0, len(columns), 18)
    rows = referrals["rows"]
    _write_rows(sheet, 0, rows, formats, kinds=(None,) * 6 + ("count", "money"))
    months = referrals["months"]
    month_top = len(rows) + 3
    sheet.write_row(month_top, 0, [t["month"], t["referrals"], t["revenue"]], formats["header"])
    _write_rows(sheet, month_top, months, formats, kinds=(None, "count", "money"))
    chart = workbook.add_chart({"type": "line"})
    last = month_top + max(len(months), 1)
    chart.add_series(
        {
            "name": t["referrals"],
            "categories": [sheet.name, month_top + 1, 0, last, 0],
            "values": [sheet.name, month_top + 1, 1, last, 1],
            "marker": {"type": "circle"},
        }
    )
    chart.set_title({"name": t["per_month_chart"]})
    sheet.insert_chart(month_top, 4, chart)
