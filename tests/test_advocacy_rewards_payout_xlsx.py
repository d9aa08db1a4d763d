import io
from datetime import date

import openpyxl
from conftest import load_tool

payout = load_tool("advocacy_rewards", "payout_xlsx")


def _row(advocate, amount, currency, bank="", hold=None):
    return (
        advocate,
        f"{advocate.lower()}@example.com",
        bank,
        "Referral fee",
        "Cash",
        amount,
        currency,
        "REF/1",
        date(2025, 3, 1),
        hold,
        "",
    )


def _sheet(data, labels=None):
    book = openpyxl.load_workbook(io.BytesIO(payout.write_report(data, labels)))
    return book.active


def test_lines_then_one_total_per_currency():
    data = {
        "rows": [
            _row("Alice", 75.0, "EUR", bank="BE71096123456769", hold=date(2025, 3, 31)),
            _row("Bruno", 40.0, "EUR"),
            _row("Carla", 115.5, "USD"),
        ],
        "totals": [("EUR", 115.0), ("USD", 115.5)],
    }
    sheet = _sheet(data)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("Advocate", "Email", "Bank account / IBAN", "Reward", "Type", "Amount", "Currency")
    assert [row[0] for row in rows[1:4]] == ["Alice", "Bruno", "Carla"]
    assert rows[1][2] == "BE71096123456769"
    assert rows[1][9].date() == date(2025, 3, 31)
    assert rows[2][9] is None, "no holding period: the cell stays empty"
    assert all(value is None for value in rows[4]), "a blank row before the totals"
    totals = rows[5:]
    assert [(row[4], row[6]) for row in totals] == [("Total", "EUR"), ("Total", "USD")]
    # each total sums its own currency only (a formula, so an edited line updates it)
    assert totals[0][5] == '=SUMIF(G2:G4,"EUR",F2:F4)'
    assert totals[1][5] == '=SUMIF(G2:G4,"USD",F2:F4)'
    cached = openpyxl.load_workbook(io.BytesIO(payout.write_report(data)), data_only=True).active
    assert [row[5] for row in cached.iter_rows(min_row=6, values_only=True)] == [115.0, 115.5]


def test_nothing_to_pay_gives_the_headers_only():
    sheet = _sheet({"rows": [], "totals": []})
    assert sheet.max_row == 1


def test_labels_are_translatable():
    sheet = _sheet({"rows": [], "totals": []}, {"sheet": "付款", "advocate": "推荐人"})
    assert sheet.title == "付款"
    assert sheet.cell(1, 1).value == "推荐人"
    assert sheet.cell(1, 2).value == "Email"
