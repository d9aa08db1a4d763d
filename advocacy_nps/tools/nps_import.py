"""Reading NPS answers exported by other survey tools (CSV or XLSX), free of any Odoo import.

The import wizard chains these pure functions:

- `read_table`: the rows of the file as a spreadsheet shows them (CSV in UTF-8/16, Windows-1252, GB18030...,
  separated by `,` `;` tab or `|`; or the first sheet of an XLSX);
- `detect_header_rows`: how many rows head the table (1 for most tools, 2 for SurveyMonkey, 3 for Qualtrics);
- `column_labels`, `guess_mapping`: what each column holds (email, score, date, comment, the tool's response
  id), from the headers in several languages, then from the values;
- `detect_date_order`, `parse_date`, `parse_score`: one value each;
- `parse_rows`: every data row checked; the good ones (each with a stable import key, so re-importing a file
  adds nothing) and the bad ones as (row number, error code, value).

Dates. A date written with an offset ("2026-10-02 11:13:00 -0800", "...Z", a Unix timestamp) or in a column
whose header names its time zone (Typeform's "Submit Date (UTC)", Qualtrics' {"timeZone": ...} row) is a
moment: it becomes the calendar day of that moment in the importing user's time zone, the day the answer
shows in their reports. A date without any zone ("10/02/2026 11:13:52 AM") is taken as written: the tool
already showed it in its account's time zone.
"""

import codecs
import csv
import hashlib
import io
import itertools
import json
import re
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

try:
    import chardet
except ImportError:  # pragma: no cover - Odoo's requirements ship it
    chardet = None

FIELDS = ("email", "score", "date", "comment", "key")
IGNORE = "ignore"
DATE_ORDERS = ("ymd", "mdy", "dmy", "unix", "excel")
PREVIEW_ROWS = 10

# Header aliases, compared after `normalize_label` (no accents, case, spaces or punctuation), best first.
ALIASES = {
    "key": (
        "responseid", "respondentid", "recordid", "#", "surveyresponseid", "responseuuid", "token",
        "antwortid", "idreponse", "idrespuesta", "回答id", "答卷id", "id", "uuid",
    ),
    "email": (
        "email", "emailaddress", "recipientemail", "respondentemail", "contactemail", "customeremail",
        "personemail", "mail", "emailadresse", "courriel", "adresseemail", "adressemail", "correo",
        "correoelectronico", "indirizzoemail", "emailadres", "邮箱", "电子邮箱", "电子邮件", "邮件",
        "邮箱地址", "電子郵件", "電郵", "メール", "メールアドレス", "recipient",
    ),
    "score": (
        "score", "npsscore", "nps", "npsrating", "npsvalue", "likelihoodtorecommend", "rating",
        "bewertung", "punktzahl", "punkte", "npswert", "notenps", "notesur10", "puntuacion", "puntaje",
        "calificacion", "valoracion", "punteggio", "voto", "cijfer", "分数", "评分", "得分", "打分", "分數",
        "評分", "スコア", "answer", "value",
    ),
    "date": (
        "recordeddate", "submitdateutc", "submitdate", "submittedat", "submitted", "datesubmitted",
        "enddate", "completedat", "completiondate", "responsedate", "respondedat", "answeredat",
        "createdat", "created", "date", "surveydate", "timestamp", "datum", "antwortdatum", "zeitstempel",
        "datedereponse", "horodatage", "fecha", "data", "日期", "提交时间", "提交日期", "答题时间",
        "时间", "日付", "startdateutc", "startdate", "time",
    ),
    "comment": (
        "comment", "comments", "feedback", "openendedresponse", "verbatim", "reason", "why",
        "followupanswer", "kommentar", "kommentare", "anmerkung", "bemerkung", "begrundung", "commentaire",
        "commentaires", "remarque", "comentario", "comentarios", "commento", "opmerking", "toelichting",
        "评论", "备注", "意见", "留言", "評論", "コメント", "text",
    ),
}  # fmt: skip
# Words of the question texts tools use as headers, after the aliases: "How likely are you to recommend...".
KEYWORDS = {
    "email": ("email", "courriel", "correo", "邮箱", "邮件"),
    "score": (
        "recommend", "likely", "empfehlen", "recommand", "recomend", "raccomand", "consigli", "aanbevel",
        "aanraden", "推荐", "推薦", "おすすめ", "勧め",
    ),
    "date": ("date", "datum", "fecha", "日期"),
    "comment": (
        "comment", "feedback", "why", "reason", "verbatim", "improve", "kommentar", "warum", "grund",
        "pourquoi", "raison", "porque", "motivo", "perche", "waarom", "reden", "评论", "原因", "为什么",
        "意见", "建议", "理由",
    ),
}  # fmt: skip
EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
NAMED_EMAIL_RE = re.compile(r"<([^<>@\s]+@[^<>\s]+)>\s*$")
_TIME = r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?"
_ZONE = r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
YEAR_FIRST_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + _ZONE + "$", re.IGNORECASE)
YEAR_LAST_RE = re.compile(
    r"^(\d{1,2})([-/.])(\d{1,2})[-/.](\d{4}|\d{2})" + _TIME + _ZONE + "$", re.IGNORECASE
)
NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)?$")
SCORE_RE = re.compile(r"^(\d{1,2}(?:[.,]\d+)?)(?:\s*[-\u2013:]\s*\D.*)?$")  # "10 - Extremely likely"
UTC = timezone.utc
EXCEL_EPOCH = datetime(1899, 12, 30)
UNIX_MIN = 1e9  # 2001-09-09: smaller numbers are no Unix timestamp of a survey answer
EXCEL_RANGE = (20000, 80000)  # 1954 to 2119


class ImportFileError(ValueError):
    """The whole file cannot be used: `code` says why (empty, unreadable, no_data, missing_email,
    missing_score)."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# ---------------------------------------------------------------------------------------------- reading
def _decode(content):
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            return content.decode(encoding)
    for encoding in _encodings(content):
        try:
            return content.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("latin-1")


def _encodings(content):
    """UTF-8, else what chardet guesses: Excel saves a CSV in the code page of Windows (Windows-1252 in
    Western Europe, GBK in China)."""
    yield "utf-8"
    if chardet:
        guessed = (chardet.detect(content[:65536]).get("encoding") or "").lower()
        supersets = {"iso-8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}
        if guessed:
            yield supersets.get(guessed, guessed)
    yield "cp1252"


def _sniff_delimiter(text):
    """The separator that cuts the first records into the same number (2 or more) of columns."""
    best, best_score = ",", (0, 0)
    sample = text[:65536]
    for delimiter in (",", ";", "\t", "|"):
        try:
            records = list(itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 30))
        except csv.Error:
            continue
        widths = [len(row) for row in records if any(cell.strip() for cell in row)]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (count / len(widths), width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_table(content, filename=None):
    """Every row of the file (blank ones included, so that row N is line N of the spreadsheet); cells are
    strings for a CSV, the typed values (numbers, datetimes, None) for an XLSX."""
    if not content:
        raise ImportFileError("empty")
    if (filename or "").lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        rows = _read_xlsx(content)
    else:
        if content[:4] == b"\xd0\xcf\x11\xe0":
            raise ImportFileError("unreadable", "XLS (Excel 97-2003): save it as XLSX or CSV")
        text = _decode(content)
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text)))
        except csv.Error as error:
            raise ImportFileError("unreadable", str(error)) from error
    while rows and is_blank(rows[-1]):
        rows.pop()
    if not rows:
        raise ImportFileError("empty")
    # a sheet formatted far to the right reads as empty columns: keep those holding something
    width = max((index + 1 for row in rows for index, cell in enumerate(row) if cell_text(cell)), default=0)
    if width < 2:
        raise ImportFileError("unreadable", "a single column")
    return [list(row[:width]) for row in rows]


def _read_xlsx(content):
    try:
        import openpyxl  # noqa: PLC0415

        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as error:
        raise ImportFileError("unreadable", str(error)) from error


def is_blank(row):
    return not any(cell_text(cell) for cell in row)


def cell_text(cell):
    """A cell as the text a person reads (9.0 is "9", a datetime its ISO form)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat(sep=" ") if isinstance(cell, datetime) else cell.isoformat()
    return str(cell).strip()


# ---------------------------------------------------------------------------------------------- headers
def _looks_like_data(cell):
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float | datetime | date):
        return True
    text = cell_text(cell)
    return bool(
        text
        and (
            EMAIL_RE.match(text)
            or NUMBER_RE.match(text)
            or YEAR_FIRST_RE.match(text)
            or YEAR_LAST_RE.match(text)
        )
    )


def detect_header_rows(rows, limit=10):
    """Rows before the first one holding an email, a number or a date: Qualtrics' question texts and
    import ids, SurveyMonkey's "Response"/"Open-Ended Response" row are headers too."""
    for index, row in enumerate(rows[:limit]):
        if not is_blank(row) and any(_looks_like_data(cell) for cell in row):
            return index
    return 1


def normalize_label(label):
    text = unicodedata.normalize("NFKD", str(label or "")).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    normalized = re.sub(r"[\W_]+", "", text)
    return normalized or ("#" if "#" in text else "")


def _header_cell(cell):
    """(label, time zone) of one header cell; Qualtrics' third row is JSON such as
    {"ImportId":"recordedDate","timeZone":"America/Denver"}."""
    text = cell_text(cell)
    if text.startswith("{") and "ImportId" in text:
        try:
            data = json.loads(text)
        except ValueError:
            return text, None
        zone = data.get("timeZone")
        return str(data.get("ImportId") or ""), ("UTC" if zone == "Z" else zone)
    # "Submit Date (UTC)"; not "Date (UTC+2)", whose offset is no zone name
    zone = "UTC" if re.search(r"\b(UTC|GMT)\b(?!\s*[+-]\d)", text) else None
    return text, zone


def column_labels(rows, header_rows):
    """Per column, the non-empty labels of its header rows (top first)."""
    width = max((len(row) for row in rows), default=0)
    labels = [[] for _i in range(width)]
    for row in rows[:header_rows]:
        for index, cell in enumerate(row):
            label, _zone = _header_cell(cell)
            if label and label not in labels[index]:
                labels[index].append(label)
    return labels


def column_timezones(rows, header_rows):
    """Per column, the time zone its header declares (or None)."""
    width = max((len(row) for row in rows), default=0)
    zones = [None] * width
    for row in rows[:header_rows]:
        for index, cell in enumerate(row):
            zone = _header_cell(cell)[1]
            if zone and _zone(zone):
                zones[index] = zone
    return zones


def _is_derived(labels):
    """Qualtrics' Q1_NPS_GROUP ("... - Group"): the band computed from the score, never the score."""
    return any(
        normalize_label(label).endswith("npsgroup") or re.search(r"-\s*group\s*$", label, re.IGNORECASE)
        for label in labels
    )


def _label_rank(field, labels):
    ranks = []
    for label in labels:
        name = normalize_label(label)
        if name in ALIASES[field]:
            ranks.append(ALIASES[field].index(name))
        else:
            ranks.extend(1000 + rank for rank, word in enumerate(KEYWORDS.get(field, ())) if word in name)
    return min(ranks, default=None)


def _content_test(field):
    return {
        "email": lambda cell: bool(EMAIL_RE.match(cell_text(cell).lower())),
        "date": lambda cell: (
            isinstance(cell, datetime | date)
            or bool(YEAR_FIRST_RE.match(cell_text(cell)) or YEAR_LAST_RE.match(cell_text(cell)))
        ),
        "score": lambda cell: parse_score(cell) is not None,
    }.get(field)


def guess_mapping(rows, header_rows):
    """{field: column index}: the header that names the field best, else (email, date, score) the first
    free column whose values look like it."""
    labels = column_labels(rows, header_rows)
    derived = {index for index, names in enumerate(labels) if _is_derived(names)}
    mapping = {}
    for field in ("key", "email", "score", "date", "comment"):
        candidates = [
            (rank, index)
            for index, names in enumerate(labels)
            if index not in derived
            and index not in mapping.values()
            and (rank := _label_rank(field, names)) is not None
        ]
        if candidates:
            mapping[field] = min(candidates)[1]
    sample = [row for row in rows[header_rows : header_rows + 50] if not is_blank(row)]
    for field in ("email", "date", "score"):
        if field in mapping or not sample:
            continue
        test = _content_test(field)
        for index in range(len(labels)):
            if index in derived or index in mapping.values():
                continue
            values = [row[index] for row in sample if index < len(row) and cell_text(row[index])]
            if values and sum(1 for value in values if test(value)) >= 0.8 * len(values):
                mapping[field] = index
                break
    return mapping


# ---------------------------------------------------------------------------------------------- values
def parse_score(value):
    """An integer from 0 to 10 ("9", 9.0, "9,0", "10 - Extremely likely"), else None: 7.6 is no score and
    is never rounded."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        match = SCORE_RE.match(str(value).strip())
        if not match:
            return None
        number = float(match.group(1).replace(",", "."))
    if not number.is_integer() or not 0 <= number <= 10:
        return None
    return int(number)


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = cell_text(value)
    return float(text.replace(",", ".")) if NUMBER_RE.match(text) else None


def detect_date_order(values, default="mdy"):
    """The order of the column's dates: ymd, mdy, dmy, unix or excel; None when no value tells.
    A day above 12 settles d/m against m/d; else AM/PM means the US order, a dot the European one."""
    seen = Counter()
    for value in values:
        if isinstance(value, datetime | date) or not cell_text(value):
            continue
        number = _number(value)
        if number is not None:
            if number >= UNIX_MIN:
                seen["unix"] += 1
            elif EXCEL_RANGE[0] <= number <= EXCEL_RANGE[1]:
                seen["excel"] += 1
            continue
        text = cell_text(value)
        if YEAR_FIRST_RE.match(text):
            seen["ymd"] += 1
        elif match := YEAR_LAST_RE.match(text):
            first, separator, second = int(match.group(1)), match.group(2), int(match.group(3))
            seen["year_last"] += 1
            seen["dmy" if first > 12 else "mdy" if second > 12 else "ambiguous"] += 1
            seen["ampm"] += bool(match.group(8))
            seen["dot"] += separator == "."
    if seen["year_last"]:
        if seen["dmy"] and not seen["mdy"]:
            return "dmy"
        if seen["mdy"] and not seen["dmy"]:
            return "mdy"
        if seen["ampm"]:
            return "mdy"
        if seen["dot"]:
            return "dmy"
        return default
    for order in ("ymd", "unix", "excel"):
        if seen[order]:
            return order
    return None


def _zone(name):
    if not name:
        return None
    if name in ("UTC", "Z"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return None


def _offset(text):
    if not text or text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _moment(year, month, day, hour, minute, second, meridiem, zone):
    hour, minute, second = int(hour or 0), int(minute or 0), int(second or 0)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    year = int(year)
    if year < 100:
        year += 2000
    try:
        moment = datetime(year, int(month), int(day), hour, minute, second)
    except ValueError:
        return None
    return moment.replace(tzinfo=_offset(zone)) if zone is not None else moment


def parse_moment(value, order):
    """The value as a date, a naive datetime or an aware one (offset, Z, Unix timestamp), else None."""
    if isinstance(value, datetime | date):
        return value
    number = _number(value)
    if number is not None:
        if order == "unix" or (order != "excel" and number >= UNIX_MIN):
            seconds = number / 1000 if number >= 1e12 else number
            return datetime.fromtimestamp(seconds, UTC)
        if order == "excel" or EXCEL_RANGE[0] <= number <= EXCEL_RANGE[1]:
            return EXCEL_EPOCH + timedelta(days=number) if 0 < number < 2958466 else None
        return None
    text = cell_text(value)
    if match := YEAR_FIRST_RE.match(text):
        year, month, day, hour, minute, second, meridiem, zone = match.groups()
        return _moment(year, month, day, hour, minute, second, meridiem, zone)
    if (match := YEAR_LAST_RE.match(text)) and order in ("mdy", "dmy"):
        first, _separator, second_part, year, hour, minute, second, meridiem, zone = match.groups()
        month, day = (first, second_part) if order == "mdy" else (second_part, first)
        return _moment(year, month, day, hour, minute, second, meridiem, zone)
    return None


def parse_date(value, order="auto", source_tz=None, user_tz=None, default_order="mdy"):
    """The calendar day of the answer. An aware moment (or a naive one in a column whose header declares
    `source_tz`) is converted to `user_tz` (the importing user's, UTC when unknown) first."""
    if order == "auto":
        order = detect_date_order([value], default_order) or default_order
    moment = parse_moment(value, order)
    if not isinstance(moment, datetime):
        return moment
    if moment.tzinfo is None and _zone(source_tz):
        moment = moment.replace(tzinfo=_zone(source_tz))
    if moment.tzinfo is not None:
        moment = moment.astimezone(_zone(user_tz) or UTC)
    return moment.date()


# ---------------------------------------------------------------------------------------------- rows
def import_key(row, explicit_key=None):
    """A stable key of an imported answer: the tool's own response id when the file has one, else a
    digest of the answer itself (email, day, score, comment)."""
    explicit = cell_text(explicit_key)
    if explicit:
        return f"id:{explicit}"
    raw = "|".join([row["email"], row["date"].isoformat(), str(row["score"]), row.get("comment") or ""])
    return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _email(cell):
    text = cell_text(cell)
    named = NAMED_EMAIL_RE.search(text)
    return (named.group(1) if named else text).strip().lower()


def data_rows(rows, header_rows):
    """(spreadsheet row number, row) of every non-blank row below the headers."""
    return [
        (number, row)
        for number, row in enumerate(rows[header_rows:], start=header_rows + 1)
        if not is_blank(row)
    ]


def parse_rows(
    rows, header_rows, mapping, date_order="auto", today=None, user_tz=None, default_order="mdy", limit=None
):
    """(good, errors). Good rows are dicts (row, email, score, date, comment, key); errors are tuples
    (row number, code, value), code in missing_email, bad_email, missing_score, bad_score, missing_date,
    bad_date, future_date, duplicate_row. Row numbers are the spreadsheet's. Without a date column every
    answer is dated `today`. `limit` parses only the first data rows (the preview)."""
    if "email" not in mapping:
        raise ImportFileError("missing_email")
    if "score" not in mapping:
        raise ImportFileError("missing_score")
    today = today or date.today()
    body = data_rows(rows, header_rows)

    def cell(row, field):
        index = mapping.get(field)
        return row[index] if index is not None and index < len(row) else None

    date_zone = column_timezones(rows, header_rows)[mapping["date"]] if "date" in mapping else None
    if date_order == "auto":
        values = [cell(row, "date") for _number, row in body]
        date_order = detect_date_order(values, default_order) or default_order
    good, errors, seen = [], [], set()
    for number, row in body[:limit]:
        parsed, error = _parse_row(row, cell, "date" in mapping, (date_order, date_zone, user_tz), today)
        if error:
            errors.append((number, *error))
            continue
        parsed["row"] = number
        parsed["key"] = import_key(parsed, cell(row, "key"))
        if parsed["key"] in seen:
            errors.append((number, "duplicate_row", cell_text(cell(row, "key")) or parsed["email"]))
            continue
        seen.add(parsed["key"])
        good.append(parsed)
    return good, errors


def _parse_row(row, cell, has_date, date_options, today):
    """(values, None) or (None, (code, value))."""
    email = _email(cell(row, "email"))
    if not email:
        return None, ("missing_email", "")
    if not EMAIL_RE.match(email):
        return None, ("bad_email", cell_text(cell(row, "email")))
    raw_score = cell(row, "score")
    if not cell_text(raw_score):
        return None, ("missing_score", "")
    score = parse_score(raw_score)
    if score is None:
        return None, ("bad_score", cell_text(raw_score))
    answered = today
    if has_date:
        raw_date = cell(row, "date")
        if not cell_text(raw_date):
            return None, ("missing_date", "")
        answered = parse_date(raw_date, *date_options)
        if answered is None:
            return None, ("bad_date", cell_text(raw_date))
        if answered > today:
            return None, ("future_date", cell_text(raw_date))
    comment = cell_text(cell(row, "comment")) or None
    return {"email": email, "score": score, "date": answered, "comment": comment}, None
