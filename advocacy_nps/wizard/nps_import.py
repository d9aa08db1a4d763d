import base64
import csv
import hashlib
import io
from collections import OrderedDict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL

from ..models.nps_response import KINDS, LOOP_MAX_AGE_DAYS, TOUCHPOINTS
from ..tools import nps_import

COLUMN_FIELDS = [
    ("email", "Email"),
    ("score", "Score"),
    ("date", "Date"),
    ("comment", "Comment"),
    ("key", "Response ID"),
    ("ignore", "Ignore"),
]
DATE_FORMATS = [
    ("auto", "Automatic"),
    ("ymd", "Year-month-day (2026-10-31)"),
    ("mdy", "Month/day/year (10/31/2026)"),
    ("dmy", "Day/month/year (31.10.2026, 31/10/2026)"),
    ("unix", "Unix timestamp"),
    ("excel", "Excel serial number"),
]
MAX_HEADER_ROWS = 20
# The rows of the last files read by this worker: the mapping step re-reads its file at every change.
_TABLES = OrderedDict()


def _read_table_cached(content, filename):
    key = (hashlib.sha256(content).hexdigest(), (filename or "").rsplit(".", 1)[-1].lower())
    if key not in _TABLES:
        _TABLES[key] = nps_import.read_table(content, filename)
        while len(_TABLES) > 4:
            _TABLES.popitem(last=False)
    return _TABLES[key]


class AdvocacyNpsImport(models.TransientModel):
    """Imports NPS answers exported by other tools, as Odoo's own import does: upload the file, check the
    columns guessed (with a preview of the first rows as they will be read), import; then the result,
    with every rejected row and its reason."""

    _name = "advocacy.nps.import"
    _description = "Import NPS Answers"

    # in the wizard's row, as base_import does: a transient upload needs no attachment in the filestore
    file = fields.Binary(
        required=True, attachment=False, help="CSV or XLSX exported by an NPS tool or kept by hand."
    )
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("mapping", "Columns"), ("done", "Done")], default="upload", required=True
    )
    header_rows = fields.Integer(
        default=1,
        help="Rows at the top of the file that hold the column titles: 1 for most tools, 2 for "
        "SurveyMonkey, 3 for Qualtrics. Detected when the file is loaded.",
    )
    date_format = fields.Selection(
        DATE_FORMATS,
        default="auto",
        required=True,
        help="How the dates of the file are written. Automatic reads the whole date column: a day above 12 "
        "tells day/month from month/day, AM/PM means month/day; else the order of your language. A date "
        "with a time zone (an offset, Z, a Unix timestamp, a column such as 'Submit Date (UTC)') counts on "
        "the day it falls in your time zone; a date without one is taken as written.",
    )
    detected_date_format = fields.Char(compute="_compute_preview")
    column_ids = fields.One2many("advocacy.nps.import.column", "wizard_id")
    preview_html = fields.Html(compute="_compute_preview", sanitize=False, string="Preview")
    kind = fields.Selection(KINDS, required=True, default="relationship")
    touchpoint = fields.Selection(TOUCHPOINTS)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    run_loop = fields.Boolean(
        string="Run the closed loop for recent answers",
        help="Answers of the last %s days open the follow-ups a new answer opens (call-back, referral "
        "incentive, advocacy moment). Unticked, the history is imported without any." % LOOP_MAX_AGE_DAYS,
    )
    imported_count = fields.Integer(string="Imported", readonly=True)
    duplicate_count = fields.Integer(string="Already Imported", readonly=True)
    error_count = fields.Integer(string="Rejected Rows", readonly=True)
    error_data = fields.Json(readonly=True)
    error_html = fields.Html(compute="_compute_error_html", sanitize=False, string="Rejected Rows List")
    error_file = fields.Binary(string="Rejected Rows File", readonly=True, attachment=False)
    error_filename = fields.Char(readonly=True)
    response_ids = fields.Many2many("advocacy.nps.response", string="Imported Answers", readonly=True)

    @api.constrains("header_rows")
    def _check_header_rows(self):
        for wizard in self:
            if not 0 <= wizard.header_rows <= MAX_HEADER_ROWS:
                raise ValidationError(
                    self.env._("The header rows go from 0 to %(max)s.", max=MAX_HEADER_ROWS)
                )

    # ------------------------------------------------------------------ messages
    @api.model
    def _error_messages(self):
        return {
            "missing_email": self.env._("no email"),
            "bad_email": self.env._("invalid email"),
            "missing_score": self.env._("no score"),
            "bad_score": self.env._("the score must be a whole number from 0 to 10"),
            "missing_date": self.env._("no date"),
            "bad_date": self.env._("unreadable date (check the date format)"),
            "future_date": self.env._("the date is in the future"),
            "duplicate_row": self.env._("the same answer appears twice in the file"),
            "unknown_contact": self.env._("no contact has this email"),
        }

    def _file_error(self, error):
        messages = {
            "empty": self.env._("The file is empty."),
            "unreadable": self.env._(
                "The file is neither a readable CSV nor an XLSX file (%s).", error.detail
            ),
            "no_data": self.env._("The file has no answer below its header rows."),
        }
        return UserError(messages.get(error.code, str(error)))

    # ------------------------------------------------------------------ reading
    def _read_rows(self):
        """Every row of the file (see nps_import.read_table)."""
        self.ensure_one()
        # the web client reads binaries as their size: read the content itself
        content = base64.b64decode(self.with_context(bin_size=False).file or b"")
        try:
            return _read_table_cached(content, self.filename)
        except nps_import.ImportFileError as error:
            raise self._file_error(error) from None

    def _user_tz(self):
        return self.env.context.get("tz") or self.env.user.tz or "UTC"

    def _default_date_order(self):
        """For dates such as 03/04/2026 that nothing else settles: the order of the user's language."""
        lang_format = self.env["res.lang"]._get_data(code=self.env.user.lang or "en_US").date_format
        if lang_format and "%d" in lang_format and "%m" in lang_format:
            return "dmy" if lang_format.index("%d") < lang_format.index("%m") else "mdy"
        return "mdy"

    def _column_mapping(self):
        """({field: column index}, [problems that prevent the import])."""
        labels = dict(
            self.env["advocacy.nps.import.column"]._fields["field"]._description_selection(self.env)
        )
        mapping, problems = {}, []
        for line in self.column_ids.sorted("index"):
            if line.field == "ignore":
                continue
            if line.field in mapping:
                problems.append(
                    self.env._("Several columns are imported as %(field)s.", field=labels[line.field])
                )
                continue
            mapping[line.field] = line.index
        if "email" not in mapping:
            problems.append(self.env._("Choose the column that holds the email."))
        if "score" not in mapping:
            problems.append(self.env._("Choose the column that holds the score."))
        return mapping, problems

    def _parse(self, rows, mapping, limit=None):
        return nps_import.parse_rows(
            rows,
            self.header_rows,
            mapping,
            date_order=self.date_format,
            today=fields.Date.context_today(self),
            user_tz=self._user_tz(),
            default_order=self._default_date_order(),
            limit=limit,
        )

    def _load(self):
        """Upload step -> mapping step: header rows detected, one line per column with its guess."""
        rows = self._read_rows()
        header_rows = min(nps_import.detect_header_rows(rows), MAX_HEADER_ROWS)
        if not nps_import.data_rows(rows, header_rows):
            raise self._file_error(nps_import.ImportFileError("no_data"))
        guess = {index: field for field, index in nps_import.guess_mapping(rows, header_rows).items()}
        width = max(len(row) for row in rows)
        self.write(
            {
                "state": "mapping",
                "header_rows": header_rows,
                "date_format": "auto",
                "column_ids": [Command.clear()]
                + [Command.create({"index": i, "field": guess.get(i, "ignore")}) for i in range(width)],
            }
        )

    @api.onchange("header_rows")
    def _onchange_header_rows(self):
        """Other header rows, other titles: guess the columns again."""
        if self.state != "mapping" or not 0 <= self.header_rows <= MAX_HEADER_ROWS:
            return
        guess = {
            index: field
            for field, index in nps_import.guess_mapping(self._read_rows(), self.header_rows).items()
        }
        for line in self.column_ids:
            line.field = guess.get(line.index, "ignore")

    # ------------------------------------------------------------------ preview
    @api.depends("file", "filename", "state", "header_rows", "date_format", "column_ids.field")
    def _compute_preview(self):
        labels = dict(self._fields["date_format"]._description_selection(self.env))
        for wizard in self:
            wizard.preview_html = False
            wizard.detected_date_format = False
            if wizard.state != "mapping" or not 0 <= wizard.header_rows <= MAX_HEADER_ROWS:
                continue
            rows = wizard._read_rows()
            mapping, problems = wizard._column_mapping()
            if "date" in mapping:
                values = [
                    row[mapping["date"]] if mapping["date"] < len(row) else None
                    for _number, row in nps_import.data_rows(rows, wizard.header_rows)
                ]
                order = nps_import.detect_date_order(values, wizard._default_date_order())
                wizard.detected_date_format = labels.get(order) or False
            else:
                problems.append(self.env._("No date column: every answer will be dated today."))
            wizard.preview_html = wizard._preview_html(rows, mapping, problems)

    def _preview_rows(self, rows, mapping):
        """The first data rows as the import will read them: [(row number, values or None, status)]."""
        good, errors = self._parse(rows, mapping, limit=nps_import.PREVIEW_ROWS)
        partners = self._partners_by_email({row["email"] for row in good})
        names = {
            partner.id: partner.display_name
            for partner in self.env["res.partner"].browse(list(partners.values()))
        }
        existing = self._existing_keys([row["key"] for row in good])
        messages = self._error_messages()
        lines = [
            (number, None, messages.get(code, code) + (f" ({value})" if value else ""))
            for number, code, value in errors
        ]
        for row in good:
            partner_id = partners.get(row["email"])
            if not partner_id:
                status = messages["unknown_contact"]
            elif row["key"] in existing:
                status = self.env._("already imported")
            else:
                status = self.env._("OK")
            lines.append((row["row"], dict(row, contact=names.get(partner_id, "")), status))
        return sorted(lines, key=lambda line: line[0])

    def _preview_html(self, rows, mapping, problems):
        warnings = Markup("").join(
            Markup('<p class="text-warning mb-1">%s</p>') % problem for problem in problems
        )
        if "email" not in mapping or "score" not in mapping:
            return warnings
        heads = [
            self.env._("Row"),
            self.env._("Email"),
            self.env._("Contact"),
            self.env._("Score"),
            self.env._("Date"),
            self.env._("Comment"),
            self.env._("Status"),
        ]
        lines = []
        for number, values, status in self._preview_rows(rows, mapping):
            shown = ("email", "contact", "score", "date", "comment")
            shown_values = [("" if values[key] is None else values[key]) for key in shown] if values else []
            cells = [number, *(shown_values or [""] * len(shown)), status]
            lines.append((cells, "" if values else "text-danger"))
        return warnings + _html_table(heads, lines, "o_nps_import_preview")

    # ------------------------------------------------------------------ import
    def action_load(self):
        """Button "Next" of the upload step: reads the file and proposes the columns."""
        self.check_access("write")
        self.ensure_one()
        self._load()
        return self._reopen()

    def action_import(self):
        """Button "Import": creates the answers of the good rows, reports the others. Called on a wizard
        still in the upload step, it imports with the columns guessed."""
        self.check_access("write")
        self.ensure_one()
        if self.state == "done":
            raise UserError(self.env._("This file was already imported: open Import Answers again."))
        if self.state == "upload":
            self._load()
        mapping, problems = self._column_mapping()
        if problems:
            raise UserError("\n".join(problems))
        good, errors = self._parse(self._read_rows(), mapping)
        responses, duplicates, unknown = self._create_responses(good)
        errors = sorted(errors + unknown)
        self.write(
            {
                "state": "done",
                "imported_count": len(responses),
                "duplicate_count": duplicates,
                "error_count": len(errors),
                "response_ids": [Command.set(responses.ids)],
                **self._error_report(errors),
            }
        )
        return self._reopen()

    def _create_responses(self, good):
        """(answers created, rows already imported, unknown-contact errors)."""
        partners = self._partners_by_email({row["email"] for row in good})
        existing = self._existing_keys([row["key"] for row in good])
        vals_list, rows, unknown, duplicates = [], [], [], 0
        for row in good:
            partner_id = partners.get(row["email"])
            if not partner_id:
                unknown.append((row["row"], "unknown_contact", row["email"]))
            elif row["key"] in existing:
                duplicates += 1
            else:
                rows.append(row)
                vals_list.append(
                    {
                        "partner_id": partner_id,
                        "score": row["score"],
                        "date": row["date"],
                        "comment": row["comment"],
                        "channel": "import",
                        "kind": self.kind,
                        "touchpoint": self.touchpoint if self.kind == "transactional" else False,
                        "company_id": self.company_id.id,
                        "import_key": row["key"],
                    }
                )
        Response = self.env["advocacy.nps.response"].with_context(mail_create_nolog=True)
        if not self.run_loop:
            # history: no call-back, incentive or advocacy moment for answers given long ago
            Response = Response.with_context(advocacy_nps_skip_loop=True)
        responses = Response.create(vals_list)
        responses._message_log_batch(
            bodies={
                response.id: escape(
                    self.env._(
                        "Imported from %(file)s, row %(row)s", file=self.filename or "", row=row["row"]
                    )
                )
                for response, row in zip(responses, rows, strict=True)
            }
        )
        return responses.with_env(self.env), duplicates, unknown

    def _error_report(self, errors):
        """The rejected rows as data (the list of the wizard) and as a CSV file to download."""
        messages = self._error_messages()
        data = [[number, messages.get(code, code), value] for number, code, value in errors]
        if not data:
            return {"error_data": [], "error_file": False, "error_filename": False}
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([self.env._("Row"), self.env._("Reason"), self.env._("Value")])
        writer.writerows(data)
        stem = (self.filename or "answers").rsplit(".", 1)[0]
        return {
            "error_data": data,
            "error_file": base64.b64encode(buffer.getvalue().encode("utf-8-sig")),
            "error_filename": self.env._("%s - rejected rows.csv", stem),
        }

    @api.depends("error_data")
    def _compute_error_html(self):
        heads = [self.env._("Row"), self.env._("Reason"), self.env._("Value")]
        for wizard in self:
            lines = [(line, "") for line in wizard.error_data or []]
            wizard.error_html = _html_table(heads, lines, "o_nps_import_errors") if lines else False

    def _existing_keys(self, keys):
        """Keys already imported in the company (whoever may read those answers)."""
        if not keys:
            return set()
        domain = [("import_key", "in", keys), ("company_id", "=", self.company_id.id)]
        return set(self.env["advocacy.nps.response"].sudo().search(domain).mapped("import_key"))

    def _partners_by_email(self, emails):
        """{normalized email: contact id}, one query; the oldest contact wins when several share it."""
        if not emails:
            return {}
        self.env["res.partner"].flush_model(["email_normalized", "company_id"])
        partners = self.env["res.partner"]._search([("company_id", "in", [False, self.company_id.id])])
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (lower(p.email_normalized)) lower(p.email_normalized), p.id
                 FROM res_partner p WHERE p.id IN (%s) AND lower(p.email_normalized) = ANY(%s)
             ORDER BY lower(p.email_normalized), p.id""",
                partners.subselect(),
                list(emails),
            )
        )
        return dict(self.env.cr.fetchall())

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import NPS Answers"),
        }

    def action_view_responses(self):
        """Button "See Imported Answers" of the result."""
        self.check_access("read")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_nps.action_nps_response")
        action["domain"] = [("id", "in", self.response_ids.ids)]
        return action


def _html_table(heads, lines, css_class):
    """An escaped HTML table: heads, then (cells, row class) lines."""
    head = Markup("").join(Markup("<th>%s</th>") % head for head in heads)
    body = Markup("").join(
        Markup('<tr class="%s">%s</tr>')
        % (row_class, Markup("").join(Markup("<td>%s</td>") % str(cell) for cell in cells))
        for cells, row_class in lines
    )
    return Markup('<table class="table table-sm %s"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>') % (
        css_class,
        head,
        body,
    )


class AdvocacyNpsImportColumn(models.TransientModel):
    """One column of the file in the mapping step: its titles, first values and what it is imported as."""

    _name = "advocacy.nps.import.column"
    _description = "NPS Import Column"
    _order = "wizard_id, index"

    wizard_id = fields.Many2one("advocacy.nps.import", required=True, ondelete="cascade", index=True)
    index = fields.Integer(readonly=True, help="Position of the column in the file, from 0.")
    name = fields.Char(string="Column", compute="_compute_header")
    sample = fields.Char(string="First Values", compute="_compute_header")
    field = fields.Selection(COLUMN_FIELDS, string="Import As", required=True, default="ignore")

    @api.depends("index", "wizard_id.header_rows", "wizard_id.file")
    def _compute_header(self):
        for wizard, lines in self.grouped("wizard_id").items():
            header_rows = min(max(wizard.header_rows, 0), MAX_HEADER_ROWS)
            rows = wizard._read_rows() if wizard.file else []
            labels = nps_import.column_labels(rows, header_rows)
            body = [row for _number, row in nps_import.data_rows(rows, header_rows)[:5]]
            for line in lines:
                names = labels[line.index] if line.index < len(labels) else []
                line.name = " / ".join(names) or self.env._("Column %s", line.index + 1)
                values = [nps_import.cell_text(row[line.index]) for row in body if line.index < len(row)]
                line.sample = ", ".join(value for value in values if value)[:100]
