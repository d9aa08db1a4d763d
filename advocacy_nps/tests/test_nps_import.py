import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import NpsCommon

CSV = """Email,Score,Date,Comment
ann@acme.example,9,2026-10-01,Great partner
BOB@acme.example,4,2026-10-02,Slow support
unknown@nowhere.example,8,2026-10-03,
gil@globex.example,12,2026-10-03,
,7,2026-10-03,
gil@globex.example,7,2026-10-04,
"""


@tagged("post_install", "-at_install")
class TestNpsImport(NpsCommon):
    def _import(self, content, filename="export.csv", **values):
        wizard = (
            self.env["advocacy.nps.import"]
            .with_user(self.manager)
            .create(
                {
                    "file": base64.b64encode(content),
                    "filename": filename,
                    **values,
                }
            )
        )
        wizard.action_import()
        return wizard

    def test_good_rows_kept_bad_rows_reported(self):
        wizard = self._import(CSV.encode())
        self.assertEqual(wizard.imported_count, 3)
        self.assertEqual(wizard.error_count, 3)
        self.assertEqual(
            wizard.error_report.splitlines(),
            [
                "Row 4: no contact has this email (unknown@nowhere.example)",
                "Row 5: the score must be a whole number from 0 to 10 (12)",
                "Row 6: no email ",
            ],
        )
        answers = self.Response.search([("channel", "=", "import")], order="date")
        self.assertEqual(answers.partner_id, self.contacts)
        self.assertEqual(answers.mapped("score"), [9, 4, 7])
        self.assertEqual(answers[0].date, date(2026, 10, 1))
        self.assertEqual(answers[0].comment, "Great partner")

    def test_reimport_adds_nothing(self):
        self._import(CSV.encode())
        again = self._import(CSV.encode())
        self.assertEqual(again.imported_count, 0)
        self.assertEqual(again.duplicate_count, 3)
        self.assertEqual(self.Response.search_count([("channel", "=", "import")]), 3)

    def test_xlsx_with_header_variants(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(
            ["Response ID", "E-mail", "How likely are you to recommend us?", "Submitted At", "Feedback"]
        )
        sheet.append(["r1", "ann@acme.example", 10, date(2026, 9, 1), "Love it"])
        sheet.append(["r2", "gil@globex.example", 0, date(2026, 9, 2), None])
        buffer = io.BytesIO()
        workbook.save(buffer)
        wizard = self._import(
            buffer.getvalue(), filename="delighted.xlsx", kind="transactional", touchpoint="support"
        )
        self.assertEqual((wizard.imported_count, wizard.error_count), (2, 0))
        answers = wizard.response_ids.sorted("score")
        self.assertEqual(answers.mapped("import_key"), ["id:r2", "id:r1"])
        self.assertEqual(set(answers.mapped("touchpoint")), {"support"})
        self.assertEqual(self._import(buffer.getvalue(), filename="delighted.xlsx").imported_count, 0)

    def test_file_without_score_column_is_refused(self):
        with self.assertRaises(UserError):
            self._import(b"Email,Name\nann@acme.example,Ann\n")
        self.assertFalse(self.Response.search_count([("channel", "=", "import")]))
