"""advocacy_nps/tools/nps_import.py: tolerant headers, row-level errors, stable import keys."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from conftest import load_tool

imp = load_tool("advocacy_nps", "nps_import")
TODAY = date(2026, 11, 23)


def test_header_variants():
    assert imp.map_headers(["E-mail Address", "NPS Score", "Submitted At", "Feedback"]) == {
        "email": 0,
        "score": 1,
        "date": 2,
        "comment": 3,
    }
    # tools export the question itself as the score header
    mapping = imp.map_headers(["Response ID", "How likely are you to recommend us to a friend?", "email"])
    assert mapping == {"key": 0, "score": 1, "email": 2}


def test_missing_columns_refuse_the_file():
    with pytest.raises(imp.ImportFileError) as error:
        imp.parse_rows(["Name", "Score"], [["a", "9"]], today=TODAY)
    assert error.value.code == "missing_email"
    with pytest.raises(imp.ImportFileError) as error:
        imp.parse_rows(["Email", "Comment"], [["a@x.com", "hi"]], today=TODAY)
    assert error.value.code == "missing_score"


def test_good_and_bad_rows():
    rows = [
        ["ann@example.com", "9", "2026-10-01", "Great"],
        ["BOB@Example.com ", "6.0", "10/02/2026", ""],
        ["", "5", "2026-10-01", ""],
        ["not-an-email", "5", "2026-10-01", ""],
        ["cid@example.com", "11", "2026-10-01", ""],
        ["cid@example.com", "seven", "2026-10-01", ""],
        ["cid@example.com", "", "2026-10-01", ""],
        ["dan@example.com", "8", "2027-01-01", ""],
        ["eve@example.com", "7", "garbage", ""],
        ["ann@example.com", "9", "2026-10-01", "Great"],
        ["fay@example.com", 10, datetime(2026, 9, 30, 14, 0), None],
        ["gus@example.com", "3", "", "no date: today"],
    ]
    good, errors = imp.parse_rows(["Email", "Score", "Date", "Comment"], rows, today=TODAY)
    assert [(g["row"], g["email"], g["score"], g["date"]) for g in good] == [
        (2, "ann@example.com", 9, date(2026, 10, 1)),
        (3, "bob@example.com", 6, date(2026, 10, 2)),
        (12, "fay@example.com", 10, date(2026, 9, 30)),
        (13, "gus@example.com", 3, TODAY),
    ]
    assert errors == [
        (4, "missing_email", ""),
        (5, "bad_email", "not-an-email"),
        (6, "bad_score", "11"),
        (7, "bad_score", "seven"),
        (8, "missing_score", ""),
        (9, "bad_date", "2027-01-01"),
        (10, "bad_date", "garbage"),
        (11, "duplicate_row", "ann@example.com"),
    ]


def test_import_key_is_stable_and_prefers_the_tool_id():
    headers = ["Email", "Score", "Date"]
    first, _errors = imp.parse_rows(headers, [["a@x.com", "9", "2026-01-05"]], today=TODAY)
    again, _errors = imp.parse_rows(headers, [["A@X.com", "9.0", "05.01.2026"]], today=TODAY)
    assert first[0]["key"] == again[0]["key"]
    other, _errors = imp.parse_rows(headers, [["a@x.com", "8", "2026-01-05"]], today=TODAY)
    assert other[0]["key"] != first[0]["key"]
    with_id, _errors = imp.parse_rows(["ID", *headers], [["r-17", "a@x.com", "9", "2026-01-05"]], today=TODAY)
    assert with_id[0]["key"] == "id:r-17"


def test_read_csv_semicolon_and_bom():
    content = "\ufeffEmail;Score;Date\nann@example.com;9;2026-10-01\n\n".encode()
    headers, rows = imp.read_table(content, "export.csv")
    assert headers == ["Email", "Score", "Date"]
    assert rows == [["ann@example.com", "9", "2026-10-01"]]


def test_read_xlsx():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Email", "Score", "Date"])
    sheet.append(["ann@example.com", 9, datetime(2026, 10, 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    headers, rows = imp.read_table(buffer.getvalue(), "export.xlsx")
    good, errors = imp.parse_rows(headers, rows, today=TODAY)
    assert errors == []
    assert good[0]["score"] == 9 and good[0]["date"] == date(2026, 10, 1)


def test_unreadable_and_empty_files():
    with pytest.raises(imp.ImportFileError) as error:
        imp.read_table(b"", "x.csv")
    assert error.value.code == "empty"
    with pytest.raises(imp.ImportFileError) as error:
        imp.read_table(b"PK\x03\x04garbage", "x.xlsx")
    assert error.value.code == "unreadable"
