"""advocacy_nps/tools/nps_import.py on the files NPS tools really export (advocacy_nps/tests/fixtures/):
header rows, column guesses in several languages, dates with their zones, scores, row errors, import keys."""

import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO_ROOT, load_tool

imp = load_tool("advocacy_nps", "nps_import")
FIXTURES = Path(REPO_ROOT) / "advocacy_nps" / "tests" / "fixtures"
TODAY = date(2026, 10, 20)
BRUSSELS = "Europe/Brussels"


def _parse_fixture(name, user_tz=BRUSSELS, default_order="mdy"):
    rows = imp.read_table((FIXTURES / name).read_bytes(), name)
    header_rows = imp.detect_header_rows(rows)
    mapping = imp.guess_mapping(rows, header_rows)
    good, errors = imp.parse_rows(
        rows, header_rows, mapping, today=TODAY, user_tz=user_tz, default_order=default_order
    )
    return header_rows, mapping, good, errors


def _answers(good):
    return [(g["row"], g["email"], g["score"], g["date"], g["comment"], g["key"]) for g in good]


# ------------------------------------------------------------------------------------ exports of real tools
def test_surveymonkey_two_header_rows_us_dates_and_open_ended_comments():
    header_rows, mapping, good, errors = _parse_fixture("surveymonkey_nps.csv")
    assert header_rows == 2  # the question texts, then "Response" / "Open-Ended Response"
    # Respondent ID, Email Address, the question, End Date (the answer's submission), the follow-up
    assert mapping == {"key": 0, "email": 5, "score": 9, "date": 3, "comment": 10}
    assert _answers(good) == [
        (3, "ann@acme.example", 9, date(2026, 10, 2), "Great partner, fast answers", "id:114467332145"),
        # 10/12/2026 is October 12 (AM/PM: the US order), not December 10
        (4, "bob@acme.example", 4, date(2026, 10, 12), "Support took a week to answer.", "id:114467329871"),
        (5, "gil@globex.example", 7, date(2026, 9, 14), None, "id:114467310002"),
        # Ann again, months earlier: a second answer, not a duplicate
        (6, "ann@acme.example", 10, date(2026, 3, 5), "Still the best supplier we have", "id:114458800001"),
        (8, "dana@initech.example", 6, date(2026, 10, 4), "Too expensive for what we use", "id:114467300777"),
    ]
    # a web-link answer without email, a skipped score
    assert errors == [(7, "missing_email", ""), (9, "missing_score", "")]


def test_qualtrics_three_header_rows_time_zone_and_nps_group_ignored():
    header_rows, mapping, good, errors = _parse_fixture("qualtrics_nps.csv")
    assert header_rows == 3  # column ids, question texts, {"ImportId": ...}
    # ResponseId, RecipientEmail, Q1 (never Q1_NPS_GROUP), RecordedDate, Q2
    assert mapping == {"key": 8, "email": 11, "score": 17, "date": 7, "comment": 19}
    assert _answers(good) == [
        (4, "ann@acme.example", 9, date(2026, 10, 2), "Fast and friendly support", "id:R_1dZ8pQ3xYk2LmN0"),
        (
            5,
            "bob@acme.example",
            3,
            date(2026, 10, 15),
            "Invoices were wrong three months in a row",
            "id:R_3PzK8wQm1VbX7yT",
        ),
        # 22:45 in Denver (the file's timeZone) is 06:45 the next morning in Brussels
        (6, "gil@globex.example", 8, date(2026, 10, 1), None, "id:R_2aB9cD8eF7gH6iJ"),
        (7, "ann@acme.example", 10, date(2026, 4, 15), "Best onboarding we have had", "id:R_1XyZ2wV3uT4sR5q"),
    ]
    # a partial response without score, a survey preview without recipient
    assert errors == [(8, "missing_score", ""), (9, "missing_email", "")]


def test_qualtrics_day_follows_the_importing_users_time_zone():
    _header_rows, _mapping, good, _errors = _parse_fixture("qualtrics_nps.csv", user_tz="America/Denver")
    assert [g["date"] for g in good if g["email"] == "gil@globex.example"] == [date(2026, 9, 30)]


def test_delighted_dates_with_offsets():
    header_rows, mapping, good, errors = _parse_fixture("delighted_nps.csv")
    assert header_rows == 1
    # "Person ID" and "Updated at" are not the answer's id and date; "Notes" are the team's, not a comment
    assert mapping == {"key": 0, "email": 7, "score": 1, "date": 3, "comment": 2}
    assert _answers(good) == [
        (
            2,
            "ann@acme.example",
            10,
            date(2026, 10, 2),
            "Love the product, support could be faster",
            "id:93452112",
        ),
        # 21:30 at -0700 is 06:30 on the 17th in Brussels
        (3, "bob@acme.example", 2, date(2026, 10, 17), "Billing errors again", "id:93452987"),
        (4, "bob@acme.example", 6, date(2025, 12, 3), None, "id:91020344"),
        (5, "gil@globex.example", 9, date(2026, 10, 5), "Great account manager", "id:93453550"),
        (7, "dana@initech.example", 4, date(2026, 10, 8), "We are leaving", "id:93453777"),
    ]
    assert errors == [(6, "missing_email", "")]


def test_typeform_utc_dates_hidden_email_and_why():
    header_rows, mapping, good, errors = _parse_fixture("typeform_nps.csv")
    assert header_rows == 1
    # "#", the question, "Why?", the hidden field "email", "Submit Date (UTC)" before "Start Date (UTC)"
    assert mapping == {"key": 0, "score": 1, "comment": 2, "email": 3, "date": 7}
    assert [(g["row"], g["email"], g["score"], g["date"], g["comment"]) for g in good] == [
        (2, "ann@acme.example", 9, date(2026, 10, 2), "The team knows our business"),
        # submitted at 22:45 UTC: already the 14th in Brussels
        (3, "bob@acme.example", 5, date(2026, 10, 14), "Too many bugs since the last release"),
        (4, "gil@globex.example", 10, date(2026, 6, 20), None),
        (5, "gil@globex.example", 7, date(2026, 10, 8), "Good, reporting could be better"),
    ]
    assert good[0]["key"] == "id:k3v9x2m1q8z7w6v5k3v9x2m1q8z7w6v5"
    assert errors == [(6, "missing_score", ""), (7, "missing_email", "")]


def test_german_semicolons_windows_1252_day_first_and_decimal_commas():
    header_rows, mapping, good, errors = _parse_fixture("german_nps.csv")
    assert header_rows == 1
    assert mapping == {"email": 0, "score": 1, "date": 2, "comment": 3}
    assert [(g["row"], g["email"], g["score"], g["date"], g["comment"]) for g in good] == [
        (2, "ann@acme.example", 9, date(2026, 10, 2), "Sehr gute Betreuung, schnelle Rückmeldung"),
        (
            3,
            "bob@acme.example",
            6,
            date(2026, 10, 1),
            "Support zu langsam \u2013 Lösung erst nach zwei Wochen",
        ),
        (5, "gil@globex.example", 8, date(2026, 3, 15), "Gut, aber teuer"),
    ]
    assert all(g["key"].startswith("sha256:") for g in good)
    assert errors == [
        (4, "bad_score", "7,6"),  # refused, never rounded
        (6, "duplicate_row", "ann@acme.example"),
        (7, "missing_email", ""),
        (8, "bad_date", "31.02.2026"),
    ]


def test_chinese_headers_and_year_first_dates():
    header_rows, mapping, good, errors = _parse_fixture("chinese_nps.csv")
    assert (header_rows, mapping) == (1, {"email": 0, "score": 1, "date": 2, "comment": 3})
    assert [(g["row"], g["email"], g["score"], g["date"], g["comment"]) for g in good] == [
        (2, "ann@acme.example", 10, date(2026, 10, 2), "服务很好\uff0c响应很快"),
        (3, "bob@acme.example", 3, date(2026, 9, 28), "响应太慢,问题两周才解决"),
        (4, "gil@globex.example", 8, date(2026, 10, 1), None),
        (5, "ann@acme.example", 9, date(2026, 5, 20), "不错"),
    ]
    assert errors == [(6, "bad_score", "十"), (7, "future_date", "2027/01/15")]


def test_chinese_excel_csv_in_gbk():
    content = (FIXTURES / "chinese_nps.csv").read_bytes().decode("utf-8-sig").encode("gbk")
    rows = imp.read_table(content, "nps.csv")
    assert rows[0] == ["邮箱", "分数", "日期", "评论"]
    assert rows[1][3] == "服务很好\uff0c响应很快"


def test_excel_dates_serials_and_float_scores():
    header_rows, mapping, good, errors = _parse_fixture("excel_nps.xlsx")
    assert (header_rows, mapping) == (1, {"key": 0, "email": 1, "score": 2, "date": 3, "comment": 4})
    assert _answers(good) == [
        (2, "ann@acme.example", 9, date(2026, 10, 2), "Quick and friendly", "id:X-1001"),
        # a date cell formatted "General" shows its serial number: 46280 is 2026-09-15
        (3, "bob@acme.example", 3, date(2026, 9, 15), "Late delivery", "id:X-1002"),
        (5, "gil@globex.example", 8, date(2026, 1, 12), None, "id:X-1004"),
        (6, "ann@acme.example", 10, date(2026, 10, 19), "Typed as text", "id:X-1005"),
    ]
    assert errors == [(4, "bad_score", "7.6")]


# ------------------------------------------------------------------------------------ headers and columns
def test_header_variants_in_several_languages():
    def guess(headers):
        return imp.guess_mapping([headers, ["a@x.com", "9", "2026-10-01", "ok"]], 1)

    assert guess(["E-mail Address", "NPS Score", "Submitted At", "Feedback"]) == {
        "email": 0,
        "score": 1,
        "date": 2,
        "comment": 3,
    }
    assert guess(["Courriel", "Note NPS", "Date", "Commentaire"]) == {
        "email": 0,
        "score": 1,
        "date": 2,
        "comment": 3,
    }
    assert guess(["Correo electrónico", "Puntuación", "Fecha", "Comentario"]) == {
        "email": 0,
        "score": 1,
        "date": 2,
        "comment": 3,
    }
    assert guess(["E-Mail", "Wie wahrscheinlich würden Sie uns weiterempfehlen?", "Datum", "Warum?"]) == {
        "email": 0,
        "score": 1,
        "date": 2,
        "comment": 3,
    }


def test_nps_group_column_is_never_the_score_even_first():
    rows = [
        ["RecipientEmail", "Q1_NPS_GROUP", "Q1"],
        ["Recipient Email", "How likely ...recommend us? - Group", "How likely ...recommend us?"],
        ["a@x.com", "3", "9"],
    ]
    assert imp.detect_header_rows(rows) == 2
    assert imp.guess_mapping(rows, 2) == {"email": 0, "score": 2}


def test_file_without_header_is_guessed_from_its_values():
    rows = [["ann@example.com", "9", "2026-10-01"], ["bob@example.com", "4", "2026-10-02"]]
    assert imp.detect_header_rows(rows) == 0
    assert imp.guess_mapping(rows, 0) == {"email": 0, "date": 2, "score": 1}


def test_missing_columns_refuse_the_file():
    rows = [["Name", "Score"], ["a", "9"]]
    with pytest.raises(imp.ImportFileError) as error:
        imp.parse_rows(rows, 1, {"score": 1}, today=TODAY)
    assert error.value.code == "missing_email"
    with pytest.raises(imp.ImportFileError) as error:
        imp.parse_rows(rows, 1, {"email": 0}, today=TODAY)
    assert error.value.code == "missing_score"


# ------------------------------------------------------------------------------------ values
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9", 9),
        ("9.0", 9),
        ("9,0", 9),
        (9.0, 9),
        (0, 0),
        ("10 - Extremely likely", 10),
        ("0 - Not at all likely", 0),
        ("7.6", None),
        ("7,6", None),
        (7.6, None),
        ("11", None),
        ("-1", None),
        ("seven", None),
        ("Promoter", None),
        (True, None),
        ("", None),
        (None, None),
    ],
)
def test_scores_are_whole_numbers_from_0_to_10(value, expected):
    assert imp.parse_score(value) == expected


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        # ISO, with an offset or Z: the day in Brussels (UTC+2 in October)
        ("2026-10-02", "auto", date(2026, 10, 2)),
        ("2026-10-02T23:30:00Z", "auto", date(2026, 10, 3)),
        ("2026-10-02T23:30:00.123Z", "auto", date(2026, 10, 3)),
        ("2026-10-02T01:30:00+05:30", "auto", date(2026, 10, 1)),
        ("2026-10-02 11:13:00 -0800", "auto", date(2026, 10, 2)),
        ("2026-10-02 17:00:00 -0800", "auto", date(2026, 10, 3)),
        ("2026-10-02 23:30:00 UTC", "auto", date(2026, 10, 3)),
        # no zone: the day as written
        ("2026-10-02 23:30:00", "auto", date(2026, 10, 2)),
        # US month/day/year with AM/PM
        ("10/02/2026 11:13:52 AM", "auto", date(2026, 10, 2)),
        ("10/2/2026 12:05 AM", "mdy", date(2026, 10, 2)),
        ("10/02/2026 11:59:59 PM", "mdy", date(2026, 10, 2)),
        ("10/02/2026 13:00 PM", "mdy", None),
        ("03/04/2026", "dmy", date(2026, 4, 3)),
        ("03/04/2026", "mdy", date(2026, 3, 4)),
        ("25/12/2025", "auto", date(2025, 12, 25)),
        # day.month.year, year/month/day
        ("02.10.2026", "auto", date(2026, 10, 2)),
        ("2.10.2026 14:30", "dmy", date(2026, 10, 2)),
        ("02.10.26", "dmy", date(2026, 10, 2)),
        ("2026/10/02", "auto", date(2026, 10, 2)),
        ("2026/10/02 08:00", "dmy", date(2026, 10, 2)),
        # Unix timestamps (UTC moments), seconds or milliseconds
        ("1790976600", "auto", date(2026, 10, 2)),
        (1790976600, "unix", date(2026, 10, 2)),
        ("1790976600000", "auto", date(2026, 10, 2)),
        # Excel serial numbers and cells
        (46297, "auto", date(2026, 10, 2)),
        ("46297", "excel", date(2026, 10, 2)),
        (46297.75, "excel", date(2026, 10, 2)),
        (datetime(2026, 10, 2, 23, 30), "auto", date(2026, 10, 2)),
        (date(2026, 10, 2), "auto", date(2026, 10, 2)),
        # not dates
        ("31.02.2026", "dmy", None),
        ("yesterday", "auto", None),
        ("42", "auto", None),
        ("10/02/2026", "ymd", None),
    ],
)
def test_dates(value, order, expected):
    assert imp.parse_date(value, order, user_tz=BRUSSELS) == expected


def test_naive_dates_of_a_zoned_column_are_converted():
    assert imp.parse_date("2026-10-02 23:30:00", "ymd", source_tz="UTC", user_tz=BRUSSELS) == date(
        2026, 10, 3
    )
    assert imp.parse_date("2026-10-02 23:30:00", "ymd", source_tz="UTC", user_tz="UTC") == date(2026, 10, 2)
    assert imp.parse_date(
        "2026-10-02 20:00:00", "ymd", source_tz="America/Denver", user_tz="Asia/Shanghai"
    ) == date(2026, 10, 3)
    # an unknown zone is ignored rather than guessed
    assert imp.parse_date("2026-10-02 23:30:00", "ymd", source_tz="Mars/Olympus", user_tz=BRUSSELS) == date(
        2026, 10, 2
    )


@pytest.mark.parametrize(
    ("values", "default", "expected"),
    [
        (["10/02/2026 11:13:52 AM", "09/14/2026 08:03:40 AM"], "dmy", "mdy"),
        (["10/02/2026", "10/12/2026"], "dmy", "dmy"),  # nothing tells: the user's language
        (["10/02/2026", "10/12/2026"], "mdy", "mdy"),
        (["10/02/2026", "25/12/2026"], "mdy", "dmy"),
        (["02.10.2026", "01.10.2026"], "mdy", "dmy"),
        (["2026-10-02", "2026/10/01"], "dmy", "ymd"),
        (["1790976600"], "mdy", "unix"),
        ([46297, datetime(2026, 1, 1)], "mdy", "excel"),
        ([datetime(2026, 1, 1), None, ""], "mdy", None),
    ],
)
def test_date_order_detection(values, default, expected):
    assert imp.detect_date_order(values, default) == expected


# ------------------------------------------------------------------------------------ rows and keys
def test_one_person_on_two_days_is_two_answers_the_same_answer_twice_is_one():
    rows = [
        ["Email", "Score", "Date"],
        ["ann@example.com", "9", "2026-10-01"],
        ["ann@example.com", "9", "2026-10-08"],
        ["ANN@example.com ", "9.0", "2026-10-01"],
    ]
    good, errors = imp.parse_rows(rows, 1, {"email": 0, "score": 1, "date": 2}, today=TODAY)
    assert [(g["row"], g["date"]) for g in good] == [(2, date(2026, 10, 1)), (3, date(2026, 10, 8))]
    assert errors == [(4, "duplicate_row", "ann@example.com")]


def test_response_id_dedupes_even_when_the_answer_was_edited():
    rows = [
        ["Response ID", "Email", "Score"],
        ["r1", "a@x.com", "9"],
        ["r1", "a@x.com", "10"],
        ["r2", "a@x.com", "9"],
    ]
    good, errors = imp.parse_rows(rows, 1, {"key": 0, "email": 1, "score": 2}, today=TODAY)
    assert [g["key"] for g in good] == ["id:r1", "id:r2"]
    assert errors == [(3, "duplicate_row", "r1")]


def test_import_key_is_stable_and_prefers_the_tool_id():
    mapping = {"email": 0, "score": 1, "date": 2}
    headers = ["Email", "Score", "Date"]
    first, _errors = imp.parse_rows([headers, ["a@x.com", "9", "2026-01-05"]], 1, mapping, today=TODAY)
    again, _errors = imp.parse_rows([headers, ["A@X.com", "9.0", "05.01.2026"]], 1, mapping, today=TODAY)
    assert first[0]["key"] == again[0]["key"]
    other, _errors = imp.parse_rows([headers, ["a@x.com", "8", "2026-01-05"]], 1, mapping, today=TODAY)
    assert other[0]["key"] != first[0]["key"]
    with_id, _errors = imp.parse_rows(
        [["ID", *headers], [17.0, "a@x.com", "9", "2026-01-05"]],
        1,
        {"key": 0, "email": 1, "score": 2, "date": 3},
        today=TODAY,
    )
    assert with_id[0]["key"] == "id:17"


def test_row_errors_and_blank_rows():
    rows = [
        ["Email", "Score", "Date", "Comment"],
        ["ann@example.com", "9", "2026-10-01", "Great"],
        ["", "", "", ""],  # blank: skipped, but row numbers stay those of the spreadsheet
        ["not-an-email", "5", "2026-10-01", ""],
        ["Cid Example <CID@example.com>", "8", "2026-10-01", ""],
        ["dan@example.com", "8", "", ""],
        ["eve@example.com", "7", "garbage", ""],
        ["fay@example.com", "7", "2027-01-01", ""],
    ]
    good, errors = imp.parse_rows(rows, 1, {"email": 0, "score": 1, "date": 2, "comment": 3}, today=TODAY)
    assert [(g["row"], g["email"]) for g in good] == [(2, "ann@example.com"), (5, "cid@example.com")]
    assert errors == [
        (4, "bad_email", "not-an-email"),
        (6, "missing_date", ""),
        (7, "bad_date", "garbage"),
        (8, "future_date", "2027-01-01"),
    ]


def test_without_a_date_column_answers_are_dated_today():
    good, _errors = imp.parse_rows(
        [["Email", "Score"], ["a@x.com", "9"]], 1, {"email": 0, "score": 1}, today=TODAY
    )
    assert good[0]["date"] == TODAY


def test_preview_limit_parses_the_first_rows_only():
    rows = [["Email", "Score"]] + [[f"p{i}@x.com", "9"] for i in range(25)]
    good, _errors = imp.parse_rows(rows, 1, {"email": 0, "score": 1}, today=TODAY, limit=imp.PREVIEW_ROWS)
    assert [g["row"] for g in good] == list(range(2, 12))


# ------------------------------------------------------------------------------------ reading files
def test_read_csv_semicolon_bom_and_row_numbers():
    content = (
        "\ufeffEmail;Score;Date\nann@example.com;9;2026-10-01\n\nbob@example.com;4;2026-10-02\n\n".encode()
    )
    rows = imp.read_table(content, "export.csv")
    assert rows == [
        ["Email", "Score", "Date"],
        ["ann@example.com", "9", "2026-10-01"],
        [],
        ["bob@example.com", "4", "2026-10-02"],
    ]
    assert imp.data_rows(rows, 1) == [(2, rows[1]), (4, rows[3])]


def test_empty_columns_right_of_the_data_are_dropped():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Email", "Score"])
    sheet.append(["ann@example.com", 9])
    sheet["H40"].number_format = "0.00"  # formatted, empty: stretches the sheet's dimension
    sheet["H40"] = None
    sheet["F2"] = ""
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = imp.read_table(buffer.getvalue(), "export.xlsx")
    assert rows == [["Email", "Score"], ["ann@example.com", 9]]


def test_column_time_zones_from_headers():
    rows = [
        ["Submit Date (UTC)", "Date (UTC+2)", "End", '{"ImportId":"endDate","timeZone":"Z"}'],
        ["2026-10-02 23:30:00", "2026-10-02 23:30:00", "2026-10-02 23:30:00", "x"],
    ]
    assert imp.column_timezones(rows, 1) == ["UTC", None, None, "UTC"]


def test_read_utf16_tab_separated():
    content = "Email\tScore\nann@example.com\t9\n".encode("utf-16")
    assert imp.read_table(content, "export.txt") == [["Email", "Score"], ["ann@example.com", "9"]]


def test_quoted_newlines_keep_one_row_per_answer():
    content = b'Email,Score,Comment\nann@example.com,9,"Great,\nreally"\nbob@example.com,4,Slow\n'
    rows = imp.read_table(content, "export.csv")
    assert rows[1] == ["ann@example.com", "9", "Great,\nreally"]
    assert len(rows) == 3


def test_read_xlsx():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Email", "Score", "Date"])
    sheet.append(["ann@example.com", 9, datetime(2026, 10, 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = imp.read_table(buffer.getvalue(), "export.xlsx")
    good, errors = imp.parse_rows(rows, 1, imp.guess_mapping(rows, 1), today=TODAY)
    assert errors == []
    assert good[0]["score"] == 9 and good[0]["date"] == date(2026, 10, 1)


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"", "x.csv", "empty"),
        (b"\n\n", "x.csv", "empty"),
        (b"PK\x03\x04garbage", "x.xlsx", "unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "x.xls", "unreadable"),
        (b"just one column\nof text\n", "x.csv", "unreadable"),
    ],
)
def test_unreadable_and_empty_files(content, filename, code):
    with pytest.raises(imp.ImportFileError) as error:
        imp.read_table(content, filename)
    assert error.value.code == code
