import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.nps_response import KINDS, TOUCHPOINTS
from ..tools import nps_import


class AdvocacyNpsImport(models.TransientModel):
    _name = "advocacy.nps.import"
    _description = "Import NPS Answers"

    file = fields.Binary(required=True, help="CSV or XLSX with at least Email and Score columns.")
    filename = fields.Char()
    kind = fields.Selection(KINDS, required=True, default="relationship")
    touchpoint = fields.Selection(TOUCHPOINTS)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    imported_count = fields.Integer(string="Imported", readonly=True)
    duplicate_count = fields.Integer(string="Already Imported", readonly=True)
    error_count = fields.Integer(string="Rejected Rows", readonly=True)
    error_report = fields.Text(readonly=True)
    response_ids = fields.Many2many("advocacy.nps.response", string="Imported Answers", readonly=True)

    @api.model
    def _error_messages(self):
        return {
            "missing_email": self.env._("no email"),
            "bad_email": self.env._("invalid email"),
            "missing_score": self.env._("no score"),
            "bad_score": self.env._("the score must be a whole number from 0 to 10"),
            "bad_date": self.env._("unreadable or future date"),
            "duplicate_row": self.env._("the same answer appears twice in the file"),
            "unknown_contact": self.env._("no contact has this email"),
        }

    def _file_error(self, error):
        messages = {
            "empty": self.env._("The file is empty."),
            "unreadable": self.env._(
                "The file is neither a readable CSV nor an XLSX file (%s).", error.detail
            ),
            "missing_email": self.env._("No email column found (expected a header such as Email or E-mail)."),
            "missing_score": self.env._(
                "No score column found (expected a header such as Score, NPS or Rating)."
            ),
        }
        return UserError(messages.get(error.code, str(error)))

    def action_import(self):
        self.ensure_one()
        try:
            headers, rows = nps_import.read_table(base64.b64decode(self.file or b""), self.filename)
            good, errors = nps_import.parse_rows(headers, rows, today=fields.Date.context_today(self))
        except nps_import.ImportFileError as error:
            raise self._file_error(error)
        partner_by_email = self._partners_by_email({row["email"] for row in good})
        existing = set(
            self.env["advocacy.nps.response"]
            .sudo()
            .search(
                [
                    ("import_key", "in", [row["key"] for row in good]),
                    ("company_id", "=", self.company_id.id),
                ]
            )
            .mapped("import_key")
        )
        vals_list, duplicates = [], 0
        for row in good:
            partner_id = partner_by_email.get(row["email"])
            if not partner_id:
                errors.append((row["row"], "unknown_contact", row["email"]))
                continue
            if row["key"] in existing:
                duplicates += 1
                continue
            vals_list.append(
                {
                    "partner_id": partner_id,
                    "score": row["score"],
                    "date": row["date"],
                    "comment": row["comment"],
                    "channel": "import",
                    "kind": self.kind,
                    "touchpoint": self.touchpoint,
                    "company_id": self.company_id.id,
                    "import_key": row["key"],
                }
            )
        responses = self.env["advocacy.nps.response"].create(vals_list)
        messages = self._error_messages()
        report = "\n".join(
            self.env._(
                "Row %(row)s: %(reason)s %(value)s",
                row=number,
                reason=messages.get(code, code),
                value=(value and f"({value})") or "",
            )
            for number, code, value in sorted(errors)
        )
        self.write(
            {
                "state": "done",
                "imported_count": len(responses),
                "duplicate_count": duplicates,
                "error_count": len(errors),
                "error_report": report,
                "response_ids": [fields.Command.set(responses.ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import NPS Answers"),
        }

    def _partners_by_email(self, emails):
        """{normalized email: contact id}, one query; the oldest contact wins when several share it."""
        if not emails:
            return {}
        self.env["res.partner"].flush_model(["email_normalized", "company_id"])
        partners = self.env["res.partner"]._search(
            [
                ("company_id", "in", [False, self.company_id.id]),
            ]
        )
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

    def action_view_responses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("advocacy_nps.action_nps_response")
        action["domain"] = [("id", "in", self.response_ids.ids)]
        return action
