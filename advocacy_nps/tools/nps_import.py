"""Reading NPS answers exported by other survey tools (CSV or XLSX), free of any Odoo import.

`read_table` turns the file into a header and rows; `parse_rows` maps tolerant header variants to
email/score/date/comment, validates every row and returns the good rows (each with a stable import key,
so re-importing the same file adds nothing) and the bad ones with an error code.
"""

import csv
import hashlib
import io
import re
from datetime import date, datetime

HEADER_ALIASES = {
    "email": {
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "respondent email",
        "contact email",
        "customer email",
        "recipient",
        "recipient email",
        "person email",
        "mail",
    },
    "score": {
        "score",
        "nps",
        "nps score",
        "rating",
        "likelihood to recommend",
        "recommend",
        "answer",
        "nps rating",
        "value",
    },
    "date": {
        "date",
        "response date",
        "responded at",
        "submitted at",
        "submitted",
        "created at",
        "created",
        "survey date",
        "timestamp",
        "time",
        "completed at",
        "answered at",
        "date submitted",
    },
    "comment": {
        "comment",
        "comments",
        "feedback",
        "reason",
        "verbatim",
        "open-ended",
        "open ended",
        "follow-up answer",
        "followup",
        "follow up",
        "why",
        "text",
    },
    "key": {"id", "response id", "response_id", "responseid", "survey response id", "uuid"},
}
EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%z",
)


class ImportFileError(ValueError):
    """The whole file cannot be read: `code` says why (unreadable, empty, missing_email, missing_score)."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _normalize_header(value):
    text = re.sub(r"[_\s]+", " ", str(value or "").strip().lower())
    return text.rstrip(" :?")


def map_headers(headers):
    """{field: column index} for the recognized columns; a question-like header that mentions
    'recommend' is the score column (tools export the question text as the header)."""
    mapping = {}
    for index, header in enumerate(headers):
        name = _normalize_header(header)
        for field, aliases in HEADER_ALIASES.items():
            if field not in mapping and name in aliases:
                mapping[field] = index
                break
        else:
            if "score" not in mapping and "recommend" in name:
                mapping["score"] = index
    return mapping


def read_table(content, filename):
    """(headers, rows) of a CSV or XLSX file given as bytes."""
    if not content:
        raise ImportFileError("empty")
    if (filename or "").lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        try:
            import openpyxl  # noqa: PLC0415

            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
            workbook.close()
        except Exception as error:
            raise ImportFileError("unreadable", str(error))
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("latin-1")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise ImportFileError("empty")
    return [str(h or "") for h in rows[0]], rows[1:]


def parse_score(value):
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    if not number.is_integer() or not 0 <= number <= 10:
        return None
    return int(number)


def parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    match = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        # US tools write month/day; a first part above 12 can only be a day
        month, day = (second, first) if first > 12 else (first, second)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def import_key(row, explicit_key=None):
    """A stable key of an imported answer: the tool's own response id when the file has one, else a
    digest of the answer itself."""
    if explicit_key not in (None, ""):
        return f"id:{str(explicit_key).strip()}"
    raw = "|".join([row["email"], row["date"].isoformat(), str(row["score"]), row.get("comment") or ""])
    return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def parse_rows(headers, rows, today=None):
    """(good, errors): good rows as dicts (row, email, score, date, comment, key); errors as
    (row number, code, value) with code in missing_email, bad_email, missing_score, bad_score, bad_date,
    duplicate_row. Row numbers count the header as row 1, as a spreadsheet shows them."""
    mapping = map_headers(headers)
    if "email" not in mapping:
        raise ImportFileError("missing_email")
    if "score" not in mapping:
        raise ImportFileError("missing_score")
    today = today or date.today()

    def cell(row, field):
        index = mapping.get(field)
        return row[index] if index is not None and index < len(row) else None

    good, errors, seen = [], [], set()
    for number, row in enumerate(rows, start=2):
        email = str(cell(row, "email") or "").strip().lower()
        raw_score = cell(row, "score")
        if not email:
            errors.append((number, "missing_email", ""))
            continue
        if not EMAIL_RE.match(email):
            errors.append((number, "bad_email", email))
            continue
        if raw_score in (None, ""):
            errors.append((number, "missing_score", ""))
            continue
        score = parse_score(raw_score)
        if score is None:
            errors.append((number, "bad_score", str(raw_score)))
            continue
        raw_date = cell(row, "date")
        answered = parse_date(raw_date) if raw_date not in (None, "") else today
        if answered is None or answered > today:
            errors.append((number, "bad_date", str(raw_date)))
            continue
        comment = str(cell(row, "comment") or "").strip() or None
        parsed = {"row": number, "email": email, "score": score, "date": answered, "comment": comment}
        parsed["key"] = import_key(parsed, cell(row, "key"))
        if parsed["key"] in seen:
            errors.append((number, "duplicate_row", email))
            continue
        seen.add(parsed["key"])
        good.append(parsed)
    return good, errors
