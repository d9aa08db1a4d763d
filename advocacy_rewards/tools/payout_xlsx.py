"""The payout workbook (xlsxwriter), free of any Odoo import: what finance may pay now, one line per
reward and one total per currency. The same shape as the campaign and NPS workbooks
(advocacy_program/tools/campaign_xlsx.py): the model gathers plain data
(advocacy.reward._advocacy_payout_data), this module lays it out, a thin controller serves it.

`data` (plain Python: str, float, date, None):

- ``rows``: [(advocate, email, bank account, reward, type, amount, currency, source, date, final after,
  bill or credit note)], in the order to list them;
- ``totals``: [(currency, total rounded to the currency)]: amounts in different currencies are never
  added up.
"""

import io

import xlsxwriter

DEFAULT_LABELS = {
    "sheet": "Payout",
    "advocate": "Advocate",
    "email": "Email",
    "bank": "Bank account / IBAN",
    "reward": "Reward",
    "type": "Type",
    "amount": "Amount",
    "currency": "Currency",
    "source": "Source",
    "date": "Date",
    "final_after": "Final after",
    "move": "Bill / credit note",
    "total": "Total",
}
COLUMNS = (
    "advocate",
    "email",
    "bank",
    "reward",
    "type",
    "amount",
    "currency",
    "source",
    "date",
    "final_after",
    "move",
)
AMOUNT, CURRENCY = COLUMNS.index("amount"), COLUMNS.index("currency")
WIDTHS = ((0, 0, 30), (1, 3, 28), (4, 9, 14), (10, 10, 22))


def write_report(data, labels=None):
    """The workbook as bytes."""
    t = {**DEFAULT_LABELS, **(labels or {})}
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#E8E8E8"}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "total": workbook.add_format({"num_format": "#,##0.00", "bold": True}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    sheet = workbook.add_worksheet(t["sheet"][:31])
    sheet.write_row(0, 0, [t[column] for column in COLUMNS], formats["header"])
    rows = data["rows"]
    for index, values in enumerate(rows, start=1):
        _write_line(sheet, index, values, formats)
    _write_totals(sheet, len(rows) + 1, data["totals"], formats, t)
    for first, last, width in WIDTHS:
        sheet.set_column(first, last, width)
    workbook.close()
    return output.getvalue()


def _write_line(sheet, index, values, formats):
    for col, value in enumerate(values):
        if value is None or value is False or value == "":
            continue
        if col == AMOUNT:
            sheet.write_number(index, col, value, formats["money"])
        elif hasattr(value, "year"):
            sheet.write_datetime(index, col, value, formats["date"])
        else:
            sheet.write(index, col, value)


def _write_totals(sheet, last, totals, formats, t):
    """One total row per currency below the lines, a formula over the lines (so an edited amount
    updates it) with the total as its cached value."""
    amount, currency = _column_letter(AMOUNT), _column_letter(CURRENCY)
    for offset, (name, total) in enumerate(totals):
        row = last + 1 + offset
        sheet.write(row, AMOUNT - 1, t["total"], formats["header"])
        sheet.write_formula(
            row,
            AMOUNT,
            f'=SUMIF({currency}2:{currency}{last},"{name}",{amount}2:{amount}{last})',
            formats["total"],
            total,
        )
        sheet.write(row, CURRENCY, name, formats["header"])


def _column_letter(col):
    return chr(ord("A") + col)
