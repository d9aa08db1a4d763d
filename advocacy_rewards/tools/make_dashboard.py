"""Writes the Advocacy spreadsheet dashboard (data/files/advocacy_dashboard.json), an o-spreadsheet
document of Odoo 18's `spreadsheet_dashboard`, from the definitions below:

    python3 advocacy_rewards/tools/make_dashboard.py

Scorecards (this period against the previous one), the referral pipeline, referral revenue and reward
cost per month, reward cost against referral revenue per campaign, the top advocates. Revenue and reward
cost of the campaign table and the leaderboard are the reports' figures converted to the current
company's currency. NPS is left out: advocacy_rewards does not depend on advocacy_nps."""

import json
import pathlib
import sys

PERIOD = "a1d0c0de-0000-4000-8000-000000000001"
TARGET = pathlib.Path(__file__).resolve().parent.parent / "data" / "files" / "advocacy_dashboard.json"
REWARD_DOMAIN = [["state", "not in", ["rejected", "reversed"]]]
WON_DOMAIN = [["state", "=", "won"]]


def matching(chain, offset=0):
    return {PERIOD: {"chain": chain, "type": "date", "offset": offset}} if chain else {}


def pivot(pid, name, model, measures, chain=None, offset=0, domain=None, rows=(), sort=None):
    return {
        "type": "ODOO",
        "id": pid,
        "formulaId": pid,
        "name": name,
        "model": model,
        "domain": domain or [],
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "columns": [],
        "rows": [{"fieldName": r} for r in rows],
        "sortedColumn": {"groupId": [[], []], "measure": sort, "order": "desc"} if sort else None,
        "fieldMatching": matching(chain, offset),
    }


PIVOTS = [
    pivot("1", "Referrals - current", "advocacy.referral", ["__count"], "date"),
    pivot("2", "Referrals - previous", "advocacy.referral", ["__count"], "date", -1),
    pivot("3", "Leaderboard - current", "advocacy.leaderboard", ["won_count", "revenue", "points"], "date"),
    pivot(
        "4", "Leaderboard - previous", "advocacy.leaderboard", ["won_count", "revenue", "points"], "date", -1
    ),
    pivot("5", "Rewards - current", "advocacy.reward", ["amount"], "date", domain=REWARD_DOMAIN),
    pivot("6", "Rewards - previous", "advocacy.reward", ["amount"], "date", -1, domain=REWARD_DOMAIN),
    pivot(
        "7",
        "Campaign ROI",
        "advocacy.campaign.roi",
        ["revenue", "reward_cost", "roi"],
        domain=[["campaign_id", "!=", False]],
        rows=["campaign_id"],
        sort="revenue",
    ),
    pivot(
        "8",
        "Top advocates",
        "advocacy.leaderboard",
        ["points", "won_count", "revenue"],
        "date",
        rows=["partner_id"],
        sort="points",
    ),
]


def chart(cid, y, title, model, kind, group_by, measure, chain, domain=None, x=0, width=1000):
    return {
        "id": cid,
        "x": x,
        "y": y,
        "width": width,
        "height": 300,
        "tag": "chart",
        "data": {
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": "#FFFFFF",
            "legendPosition": "none",
            "metaData": {
                "groupBy": [group_by],
                "measure": measure,
                "order": None,
                "resModel": model,
                "mode": kind,
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": domain or [],
                "groupBy": [group_by],
                "orderBy": [],
            },
            "type": f"odoo_{kind}",
            "verticalAxisPosition": "left",
            "stacked": False,
            "fieldMatching": matching(chain),
        },
    }


def scorecard(cid, x, title, row):
    return {
        "id": cid,
        "x": x,
        "y": 40,
        "width": 240,
        "height": 100,
        "tag": "chart",
        "data": {
            "type": "scorecard",
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": "#EFF6FF",
            "keyValue": f"Data!D{row}",
            "baseline": f"Data!E{row}",
            "baselineMode": "percentage",
            "baselineDescr": "since last period",
            "baselineColorUp": "#00A04A",
            "baselineColorDown": "#DC6965",
            "humanize": False,
        },
    }


# Data sheet: KPI | current | previous | current (shown) | previous (shown)
KPIS = [
    ("Referrals", '=PIVOT.VALUE(1,"__count")', '=PIVOT.VALUE(2,"__count")'),
    ("Won referrals", '=PIVOT.VALUE(3,"won_count")', '=PIVOT.VALUE(4,"won_count")'),
    ("Referral revenue", '=PIVOT.VALUE(3,"revenue")', '=PIVOT.VALUE(4,"revenue")'),
    ("Money rewards", '=PIVOT.VALUE(5,"amount")', '=PIVOT.VALUE(6,"amount")'),
    ("Points earned", '=PIVOT.VALUE(3,"points")', '=PIVOT.VALUE(4,"points")'),
]


def data_sheet():
    cells = {
        "A1": {"content": '=_t("KPI")'},
        "B1": {"content": '=_t("Current")'},
        "C1": {"content": '=_t("Previous")'},
    }
    for row, (label, current, previous) in enumerate(KPIS, start=2):
        cells[f"A{row}"] = {"content": f'=_t("{label}")'}
        cells[f"B{row}"] = {"content": current}
        cells[f"C{row}"] = {"content": previous}
        cells[f"D{row}"] = {"content": f"=FORMAT.LARGE.NUMBER(B{row})"}
        cells[f"E{row}"] = {"content": f"=FORMAT.LARGE.NUMBER(C{row})"}
    return sheet("advocacy-data", "Data", cells, {}, [], cols=5, rows=len(KPIS) + 2)


def table(cells, styles, top, left_cols, title, pivot_id, group, columns, count):
    """A titled table of the ``count`` first groups of a pivot; ``columns``: (header, measure)."""
    first = left_cols[0]
    cells[f"{first}{top}"] = {"content": f'=_t("{title}")'}
    styles[f"{first}{top}"] = 1
    cells[f"{first}{top + 1}"] = {"content": '=_t("Name")'}
    for col, (header, _measure) in zip(left_cols[1:], columns, strict=True):
        cells[f"{col}{top + 1}"] = {"content": f'=_t("{header}")'}
        styles[f"{col}{top + 1}"] = 2
    for i in range(1, count + 1):
        row = top + 1 + i
        cells[f"{first}{row}"] = {"content": f'=PIVOT.HEADER({pivot_id},"#{group}",{i})'}
        for col, (_header, measure) in zip(left_cols[1:], columns, strict=True):
            cells[f"{col}{row}"] = {"content": f'=PIVOT.VALUE({pivot_id},"{measure}","#{group}",{i})'}


def sheet(sid, name, cells, styles, figures, cols=8, rows=80, formats=None):
    return {
        "id": sid,
        "name": name,
        "colNumber": cols,
        "rowNumber": rows,
        "rows": {},
        "cols": {"0": {"size": 260}} if name == "Dashboard" else {"0": {"size": 160}},
        "merges": [],
        "cells": cells,
        "styles": styles,
        "formats": formats or {},
        "borders": {},
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": name != "Dashboard",
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }


def dashboard_sheet():
    cells = {"A1": {"content": '=_t("Customer advocacy")'}}
    styles = {"A1": 1}
    figures = [
        scorecard("advocacy-kpi-referrals", 0, "Referrals", 2),
        scorecard("advocacy-kpi-won", 250, "Won referrals", 3),
        scorecard("advocacy-kpi-revenue", 500, "Referral revenue", 4),
        scorecard("advocacy-kpi-rewards", 750, "Money rewards", 5),
        chart(
            "advocacy-chart-pipeline",
            160,
            "Referral pipeline",
            "advocacy.referral",
            "bar",
            "state",
            "__count",
            "date",
        ),
        chart(
            "advocacy-chart-revenue",
            480,
            "Referral revenue per month",
            "advocacy.leaderboard",
            "line",
            "date:month",
            "revenue",
            "date",
        ),
        chart(
            "advocacy-chart-rewards",
            800,
            "Reward cost per month",
            "advocacy.reward",
            "bar",
            "date:month",
            "amount",
            "date",
            domain=REWARD_DOMAIN,
        ),
    ]
    formats = {"B58:C65": 1, "D58:D65": 3, "B70:B79": 1, "C70:C79": 2, "D70:D79": 1}
    table(
        cells,
        styles,
        56,
        ["A", "B", "C", "D"],
        "Rewards cost vs referral revenue per campaign",
        7,
        "campaign_id",
        [("Referral revenue", "revenue"), ("Reward cost", "reward_cost"), ("ROI", "roi")],
        8,
    )
    table(
        cells,
        styles,
        68,
        ["A", "B", "C", "D"],
        "Top advocates",
        8,
        "partner_id",
        [("Points earned", "points"), ("Won referrals", "won_count"), ("Referral revenue", "revenue")],
        10,
    )
    return sheet("advocacy-dashboard", "Dashboard", cells, styles, figures, formats=formats)


def document():
    return {
        "version": 21,
        "sheets": [dashboard_sheet(), data_sheet()],
        "styles": {
            "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
            "2": {"textColor": "#434343", "bold": True, "fontSize": 11},
        },
        "formats": {"1": "#,##0", "2": "0", "3": "0.00"},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 7,
            }
        },
        "pivots": {p["id"]: p for p in PIVOTS},
        "pivotNextId": len(PIVOTS) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": [
            {
                "id": PERIOD,
                "type": "date",
                "label": "Period",
                "defaultValue": "last_year",
                "rangeType": "relative",
            }
        ],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(document(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET}\n")
