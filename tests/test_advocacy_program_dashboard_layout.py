"""The Advocacy dashboard's layout from sections (advocacy_program/tools/dashboard_layout.py)."""

from conftest import load_tool

dl = load_tool("advocacy_program", "dashboard_layout")


def referrals(sequence=10):
    return dl.section(
        "referrals",
        sequence,
        "Referrals",
        pivots={
            "now": dl.pivot("Now", "advocacy.referral", ["__count"], "date"),
            "before": dl.pivot("Before", "advocacy.referral", ["__count"], "date", -1),
            "top": dl.pivot("Top", "advocacy.referral", ["revenue"], rows=["referrer_id"], sort="revenue"),
        },
        scorecards=[dl.scorecard("Referrals", "now", "before", "__count")],
        charts=[dl.chart("pipeline", "Referral pipeline", "advocacy.referral", "bar", "state", "__count")],
        tables=[dl.table("Top advocates", "top", "referrer_id", [("Revenue", "revenue", "integer")], 3)],
    )


def nps(sequence=20):
    return dl.section(
        "nps",
        sequence,
        "NPS",
        pivots={
            "now": dl.pivot("NPS now", "nps.report", ["nps"], "date"),
            "before": dl.pivot("NPS before", "nps.report", ["nps"], "date", -1),
            "trend": dl.pivot("Trend", "nps.report", ["nps", "nps_margin"], "date", rows=[("date", "month")]),
        },
        scorecards=[dl.scorecard("NPS", "now", "before", "nps")],
        charts=[dl.chart("nps", "NPS per month", "nps.report", "line", "date:month", "nps", "date")],
        tables=[dl.table("Trend", "trend", "date:month", [("Margin", "nps_margin", "score")], 2)],
    )


def test_pivots_are_numbered_in_section_order_whatever_the_list_order():
    doc = dl.document([nps(), referrals()])
    assert [p["name"] for p in doc["pivots"].values()] == [
        "Now",
        "Before",
        "Top",
        "NPS now",
        "NPS before",
        "Trend",
    ]
    assert list(doc["pivots"]) == ["1", "2", "3", "4", "5", "6"]
    assert doc["pivotNextId"] == 7
    assert doc["pivots"]["6"]["rows"] == [{"fieldName": "date", "granularity": "month"}]
    assert doc["pivots"]["2"]["fieldMatching"][dl.PERIOD]["offset"] == -1


def test_scorecards_point_at_their_data_rows_and_pivots():
    doc = dl.document([referrals(), nps()])
    data = doc["sheets"][1]["cells"]
    assert data["B2"]["content"] == '=PIVOT.VALUE(1,"__count")'
    assert data["C2"]["content"] == '=PIVOT.VALUE(2,"__count")'
    assert data["B3"]["content"] == '=PIVOT.VALUE(4,"nps")'
    cards = [f for f in doc["sheets"][0]["figures"] if f["data"]["type"] == "scorecard"]
    assert [(c["data"]["title"]["text"], c["data"]["keyValue"]) for c in cards] == [
        ("Referrals", "Data!D2"),
        ("NPS", "Data!D3"),
    ]
    assert cards[1]["x"] > cards[0]["x"]


def test_tables_read_their_own_pivot_and_blocks_do_not_overlap():
    doc = dl.document([referrals(), nps()])
    cells = doc["sheets"][0]["cells"]
    headers = {k: v["content"] for k, v in cells.items() if "PIVOT.HEADER" in v["content"]}
    assert '=PIVOT.HEADER(3,"#referrer_id",1)' in headers.values()
    assert '=PIVOT.HEADER(6,"#date:month",2)' in headers.values()
    charts = [f for f in doc["sheets"][0]["figures"] if f["data"]["type"].startswith("odoo_")]
    assert [c["id"] for c in charts] == ["advocacy-chart-pipeline", "advocacy-chart-nps"]
    table_rows = sorted(int(k[1:]) for k in cells if k.startswith("A"))
    for chart in charts:
        top, bottom = chart["y"], chart["y"] + chart["height"]
        for row in table_rows:
            row_top = (row - 1) * dl.ROW_HEIGHT
            assert not (top <= row_top < bottom), f"row {row} under chart {chart['id']}"
    scorecard_bottom = max(
        f["y"] + f["height"] for f in doc["sheets"][0]["figures"] if f["data"]["type"] == "scorecard"
    )
    assert min(c["y"] for c in charts) >= scorecard_bottom


def test_a_section_alone_names_only_its_models():
    doc = dl.document([referrals()])
    assert dl.models_of(doc) == {"advocacy.referral"}
    both = dl.document([referrals(), nps()])
    assert dl.models_of(both) == {"advocacy.referral", "nps.report"}
