"""advocacy_nps/tools/nps_xlsx.py: the workbook opens with its sheets, figures and charts."""

import io
from datetime import date

import openpyxl
from conftest import load_tool

xlsx = load_tool("advocacy_nps", "nps_xlsx")


def test_workbook_sheets_figures_and_charts():
    data = {
        "title": "NPS 2026",
        "summary": {
            "nps": 30.0,
            "margin": 15.3,
            "promoters": 50,
            "passives": 30,
            "detractors": 20,
            "count": 100,
            "response_rate": 25.0,
        },
        "trend": [
            {
                "period": "2026-10",
                "promoters": 20,
                "passives": 10,
                "detractors": 20,
                "count": 50,
                "nps": 0.0,
                "margin": 24.0,
                "change": None,
                "significant": False,
            },
            {
                "period": "2026-11",
                "promoters": 30,
                "passives": 20,
                "detractors": 0,
                "count": 50,
                "nps": 60.0,
                "margin": 13.6,
                "change": 60.0,
                "significant": True,
            },
        ],
        "breakdowns": [
            (
                "Country",
                [
                    {
                        "segment": "Belgium",
                        "promoters": 2,
                        "passives": 1,
                        "detractors": 1,
                        "count": 4,
                        "nps": 25.0,
                        "margin": 40.0,
                    }
                ],
            )
        ],
        "csat": [{"touchpoint": "Software", "count": 10, "csat": 70.0}],
        "responses": iter(
            [
                (
                    date(2026, 11, 2),
                    "Ann",
                    "Acme",
                    "ann@acme.com",
                    9,
                    "Promoter",
                    "Relationship",
                    "",
                    "User",
                    "Email",
                    "Great",
                )
            ]
        ),
    }
    buffer = io.BytesIO()
    assert xlsx.write_report(buffer, data) == 1
    buffer.seek(0)
    workbook = openpyxl.load_workbook(buffer)
    assert workbook.sheetnames == ["Summary", "Trend", "Country", "CSAT", "Responses"]
    summary = workbook["Summary"]
    assert summary["A3"].value == "NPS" and summary["B3"].value == 30.0
    assert summary["B5"].value == 100
    trend = workbook["Trend"]
    assert trend["A3"].value == "2026-11" and trend["F3"].value == 60.0 and trend["I3"].value == "yes"
    assert workbook["Country"]["F2"].value == 25.0
    assert workbook["Responses"]["E2"].value == 9
    # native charts are drawings of the package
    buffer.seek(0)
    import zipfile  # noqa: PLC0415

    names = zipfile.ZipFile(buffer).namelist()
    assert len([n for n in names if n.startswith("xl/charts/chart")]) == 5
