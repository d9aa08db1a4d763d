"""advocacy_program/tools/campaign_xlsx.py: the campaign workbook lays out the data it is given."""

import io
from datetime import date, datetime

import openpyxl
from conftest import load_tool

xlsx = load_tool("advocacy_program", "campaign_xlsx")


def _data(challenges=True):
    return {
        "title": "Reference Drive",
        "info": [("Goal", "Generate leads"), ("Start Date", date(2026, 1, 1)), ("Budget", 10000.0)],
        "results": [("Leads", 1, 4), ("Revenue", 8000.0, 20000.0), ("Referrals", 3, None)],
        "comparison": [
            ("Closed deals", 4, 10, "count"),
            ("Win rate", 0.5, 0.2, "percent"),
            ("Cycle (days)", 12.5, 40.0, "number"),
            ("Deal size", 8000.0, 5000.0, "money"),
        ],
        "challenges": {
            "states": ["Invited", "Verified"],
            "rows": [("Take a call", "Reference call", "Speak", "Low", date(2026, 2, 1), [1, 2], 1500.0)]
            if challenges
            else [],
        },
        "participations": {
            "rows": [
                ("Ann", "Acme", "Take a call", "Verified", datetime(2026, 1, 5, 9), None, None, "", "", 750.0)
            ],
            "by_state": [("Invited", 1), ("Verified", 2)],
        },
        "referrals": {
            "rows": [("REF/1", datetime(2026, 1, 3), "Ann", "Initech", "Won", None, 12, 8000.0)],
            "months": [("2026-01", 1, 8000.0)],
        },
    }


def _rows(sheet):
    return {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_sheets_figures_and_charts():
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.write_report(_data())))
    assert workbook.sheetnames == ["Summary", "Challenges", "Participations", "Referrals"]
    summary = _rows(workbook["Summary"])
    assert workbook["Summary"]["A1"].value == "Reference Drive"
    assert summary["Leads"][:3] == (1, 4, 0.25), "actual, target and progress"
    assert summary["Referrals"][:3] == (3, None, None), "no target, no progress"
    assert summary["Win rate"][:2] == (0.5, 0.2)
    assert summary["Start Date"][0] == datetime(2026, 1, 1)
    challenges = _rows(workbook["Challenges"])
    assert challenges["Take a call"] == ("Reference call", "Speak", "Low", datetime(2026, 2, 1), 1, 2, 1500.0)
    assert _rows(workbook["Referrals"])["2026-01"][:2] == (1, 8000.0)
    charts = {name: len(workbook[name]._charts) for name in workbook.sheetnames}
    assert charts == {"Summary": 2, "Challenges": 1, "Participations": 1, "Referrals": 1}


def test_labels_translate_sheets_and_headers():
    content = xlsx.write_report(_data(challenges=False), {"summary": "摘要", "challenge": "挑战"})
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames[0] == "摘要"
    assert workbook["Challenges"]["A1"].value == "挑战"
    assert not workbook["Challenges"]._charts, "no chart of an empty sheet"
