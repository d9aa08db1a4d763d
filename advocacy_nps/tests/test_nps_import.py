import base64
import csv
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import file_open, mute_logger

from .common import NpsCommon

FIXTURES = "advocacy_nps/tests/fixtures"


class NpsImportCase(NpsCommon):
    """Imports run as an Advocacy Manager in Brussels, on 20 October 2026 (answers of the last 30 days,
    from 20 September, are recent)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.tz = "Europe/Brussels"
        cls.Import = cls.env["advocacy.nps.import"].with_user(cls.manager)

    def _content(self, name):
        with file_open(f"{FIXTURES}/{name}", "rb") as fixture:
            return fixture.read()

    def _upload(self, name, content=None, **values):
        """The upload step, then "Next": the wizard in its mapping step."""
        wizard = self.Import.create(
            {"file": base64.b64encode(content or self._content(name)), "filename": name, **values}
        )
        wizard.action_load()
        self.assertEqual(wizard.state, "mapping")
        return wizard

    def _import(self, name, content=None, **values):
        wizard = self._upload(name, content, **values)
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        return wizard

    def _columns(self, wizard):
        return {line.name: line.field for line in wizard.column_ids if line.field != "ignore"}

    def _answers(self, wizard):
        answers = wizard.response_ids.sorted(lambda r: (r.date, r.id))
        return [(a.partner_id, a.score, a.date, a.comment or False) for a in answers]

    def _rejected(self, wizard):
        """The rejected rows as the user downloads them (row, reason, value)."""
        if not wizard.error_file:
            return []
        text = base64.b64decode(wizard.error_file).decode("utf-8-sig")
        header, *rows = csv.reader(io.StringIO(text))
        self.assertEqual(header, ["Row", "Reason", "Value"])
        return [tuple(row) for row in rows]

    def _loop_traces(self, answers):
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "advocacy.nps.response"), ("res_id", "in", answers.ids)]
        )
        moments = self.env["advocacy.moment"].search([("partner_id", "in", answers.partner_id.ids)])
        return activities, moments

    def _assert_history_untouched(self, wizard):
        activities, moments = self._loop_traces(wizard.response_ids)
        self.assertFalse(activities, "history opens no call-back nor incentive")
        self.assertFalse(moments, "history makes no advocacy moment")
        self.assertEqual(set(wizard.response_ids.mapped("followup_state")), {"none"})
        self.assertEqual(set(self.contacts.mapped("advocate_state")), {"none"})

    def _assert_reimport_adds_nothing(self, name, imported, rejected):
        count = self.Response.search_count([("channel", "=", "import")])
        again = self._import(name)
        self.assertEqual((again.imported_count, again.duplicate_count), (0, imported))
        self.assertEqual(len(self._rejected(again)), rejected)
        self.assertEqual(self.Response.search_count([("channel", "=", "import")]), count)


@tagged("post_install", "-at_install")
@freeze_time("2026-10-20 10:00:00")
class TestNpsImportTools(NpsImportCase):
    """One export of each tool, kept as a fixture: dates, comments, row errors, no closed loop, re-import."""

    def test_surveymonkey(self):
        wizard = self._upload("surveymonkey_nps.csv")
        self.assertEqual(wizard.header_rows, 2)
        question = "How likely is it that you would recommend Acme to a friend or colleague? / Response"
        follow_up = "What is the primary reason for your score? / Open-Ended Response"
        self.assertEqual(
            self._columns(wizard),
            {
                "Respondent ID": "key",
                "End Date": "date",
                "Email Address": "email",
                question: "score",
                follow_up: "comment",
            },
        )
        self.assertEqual(wizard.detected_date_format, "Month/day/year (10/31/2026)")
        wizard.action_import()
        self.assertEqual((wizard.imported_count, wizard.duplicate_count, wizard.error_count), (4, 0, 3))
        self.assertEqual(
            self._rejected(wizard),
            [
                ("7", "no email", ""),
                ("8", "no contact has this email", "dana@initech.example"),
                ("9", "no score", ""),
            ],
        )
        self.assertEqual(
            self._answers(wizard),
            [
                (self.ann, 10, date(2026, 3, 5), "Still the best supplier we have"),
                (self.gil, 7, date(2026, 9, 14), False),
                (self.ann, 9, date(2026, 10, 2), "Great partner, fast answers"),
                (self.bob, 4, date(2026, 10, 12), "Support took a week to answer."),
            ],
        )
        self.assertEqual(set(wizard.response_ids.mapped("channel")), {"import"})
        self._assert_history_untouched(wizard)
        bob_answer = wizard.response_ids.filtered(lambda r: r.partner_id == self.bob)
        self.assertIn(
            "Imported from surveymonkey_nps.csv, row 4", "".join(bob_answer.message_ids.mapped("body"))
        )
        self._assert_reimport_adds_nothing("surveymonkey_nps.csv", imported=4, rejected=3)

    def test_qualtrics(self):
        wizard = self._upload("qualtrics_nps.csv")
        self.assertEqual(wizard.header_rows, 3)
        columns = self._columns(wizard)
        self.assertEqual(sorted(columns.values()), ["comment", "date", "email", "key", "score"])
        self.assertEqual(columns["RecordedDate / Recorded Date / recordedDate"], "date")
        self.assertEqual(
            columns["Q1 / How likely are you to recommend Acme to a friend or colleague? / QID1"], "score"
        )
        self.assertNotIn("Q1_NPS_GROUP", " ".join(columns))
        wizard.action_import()
        self.assertEqual((wizard.imported_count, wizard.error_count), (4, 2))
        self.assertEqual(self._rejected(wizard), [("8", "no score", ""), ("9", "no email", "")])
        self.assertEqual(
            self._answers(wizard),
            [
                (self.ann, 10, date(2026, 4, 15), "Best onboarding we have had"),
                # recorded on 30 September at 22:45 in Denver: 1 October in Brussels
                (self.gil, 8, date(2026, 10, 1), False),
                (self.ann, 9, date(2026, 10, 2), "Fast and friendly support"),
                (self.bob, 3, date(2026, 10, 15), "Invoices were wrong three months in a row"),
            ],
        )
        self.assertEqual(
            set(wizard.response_ids.mapped("import_key")),
            {"id:R_1XyZ2wV3uT4sR5q", "id:R_2aB9cD8eF7gH6iJ", "id:R_1dZ8pQ3xYk2LmN0", "id:R_3PzK8wQm1VbX7yT"},
        )
        self._assert_history_untouched(wizard)
        self._assert_reimport_adds_nothing("qualtrics_nps.csv", imported=4, rejected=2)

    def test_delighted(self):
        wizard = self._import("delighted_nps.csv")
        self.assertEqual((wizard.imported_count, wizard.error_count), (4, 2))
        self.assertEqual(
            self._rejected(wizard),
            [("6", "no email", ""), ("7", "no contact has this email", "dana@initech.example")],
        )
        self.assertEqual(
            self._answers(wizard),
            [
                (self.bob, 6, date(2025, 12, 3), False),
                (self.ann, 10, date(2026, 10, 2), "Love the product, support could be faster"),
                (self.gil, 9, date(2026, 10, 5), "Great account manager"),
                # 21:30 at -0700 on 16 October is 06:30 on the 17th in Brussels
                (self.bob, 2, date(2026, 10, 17), "Billing errors again"),
            ],
        )
        self._assert_history_untouched(wizard)
        self._assert_reimport_adds_nothing("delighted_nps.csv", imported=4, rejected=2)

    def test_typeform(self):
        wizard = self._import("typeform_nps.csv")
        self.assertEqual((wizard.imported_count, wizard.error_count), (4, 2))
        self.assertEqual(self._rejected(wizard), [("6", "no score", ""), ("7", "no email", "")])
        self.assertEqual(
            self._answers(wizard),
            [
                (self.gil, 10, date(2026, 6, 20), False),
                (self.ann, 9, date(2026, 10, 2), "The team knows our business"),
                (self.gil, 7, date(2026, 10, 8), "Good, reporting could be better"),
                # submitted 13 October 22:45 UTC: the 14th in Brussels
                (self.bob, 5, date(2026, 10, 14), "Too many bugs since the last release"),
            ],
        )
        self._assert_history_untouched(wizard)
        self._assert_reimport_adds_nothing("typeform_nps.csv", imported=4, rejected=2)

    def test_german_excel_csv(self):
        wizard = self._upload("german_nps.csv")
        self.assertEqual(
            self._columns(wizard),
            {"E-Mail": "email", "Bewertung": "score", "Datum": "date", "Kommentar": "comment"},
        )
        self.assertEqual(wizard.detected_date_format, "Day/month/year (31.10.2026, 31/10/2026)")
        wizard.action_import()
        self.assertEqual((wizard.imported_count, wizard.error_count), (3, 4))
        self.assertEqual(
            self._rejected(wizard),
            [
                ("4", "the score must be a whole number from 0 to 10", "7,6"),
                ("6", "the same answer appears twice in the file", "ann@acme.example"),
                ("7", "no email", ""),
                ("8", "unreadable date (check the date format)", "31.02.2026"),
            ],
        )
        self.assertEqual(
            self._answers(wizard),
            [
                (self.gil, 8, date(2026, 3, 15), "Gut, aber teuer"),
                (self.bob, 6, date(2026, 10, 1), "Support zu langsam \u2013 Lösung erst nach zwei Wochen"),
                (self.ann, 9, date(2026, 10, 2), "Sehr gute Betreuung, schnelle Rückmeldung"),
            ],
        )
        self._assert_history_untouched(wizard)
        self._assert_reimport_adds_nothing("german_nps.csv", imported=3, rejected=4)

    def test_chinese_headers(self):
        wizard = self._import("chinese_nps.csv")
        self.assertEqual((wizard.imported_count, wizard.error_count), (4, 2))
        self.assertEqual(
            self._rejected(wizard),
            [
                ("6", "the score must be a whole number from 0 to 10", "十"),
                ("7", "the date is in the future", "2027/01/15"),
            ],
        )
        self.assertEqual(
            self._answers(wizard),
            [
                (self.ann, 9, date(2026, 5, 20), "不错"),
                (self.bob, 3, date(2026, 9, 28), "响应太慢,问题两周才解决"),
                (self.gil, 8, date(2026, 10, 1), False),
                (self.ann, 10, date(2026, 10, 2), "服务很好\uff0c响应很快"),
            ],
        )
        self._assert_reimport_adds_nothing("chinese_nps.csv", imported=4, rejected=2)

    def test_excel_workbook(self):
        wizard = self._import("excel_nps.xlsx", kind="transactional", touchpoint="support")
        self.assertEqual((wizard.imported_count, wizard.error_count), (4, 1))
        self.assertEqual(
            self._rejected(wizard), [("4", "the score must be a whole number from 0 to 10", "7.6")]
        )
        self.assertEqual(
            self._answers(wizard),
            [
                (self.gil, 8, date(2026, 1, 12), False),
                # a date cell left in the "General" format: the serial number 46280
                (self.bob, 3, date(2026, 9, 15), "Late delivery"),
                (self.ann, 9, date(2026, 10, 2), "Quick and friendly"),
                (self.ann, 10, date(2026, 10, 19), "Typed as text"),
            ],
        )
        self.assertEqual(set(wizard.response_ids.mapped("touchpoint")), {"support"})
        self._assert_reimport_adds_nothing("excel_nps.xlsx", imported=4, rejected=1)


@tagged("post_install", "-at_install")
@freeze_time("2026-10-20 10:00:00")
class TestNpsImportWizard(NpsImportCase):
    """The steps of the wizard as a manager goes through them, the closed loop option, access."""

    def test_closed_loop_runs_for_recent_answers_when_asked(self):
        wizard = self._upload("surveymonkey_nps.csv")
        with Form(wizard) as form:
            form.run_loop = True
        wizard.action_import()
        activities, moments = self._loop_traces(wizard.response_ids)
        bob_answer = wizard.response_ids.filtered(lambda r: r.partner_id == self.bob)
        # Bob's 4 of 12 October calls for a call-back; Gil's 7 of 14 September is older than 30 days
        self.assertEqual(activities.mapped("res_id"), bob_answer.ids)
        self.assertEqual(
            activities.activity_type_id, self.env.ref("advocacy_nps.mail_activity_type_nps_detractor")
        )
        self.assertEqual(bob_answer.followup_state, "todo")
        # Ann's 9 of 2 October: a good moment to ask her
        self.assertEqual(moments.partner_id, self.ann)
        self.assertEqual(self.ann.advocate_state, "candidate")

    def test_preview_shows_rows_as_they_will_be_imported(self):
        wizard = self._upload("delighted_nps.csv")
        preview = str(wizard.preview_html)
        for shown in (
            "Ann Acme",
            "2026-10-17",
            "Billing errors again",
            "no email",
            "no contact has this email",
        ):
            self.assertIn(shown, preview)
        self.assertEqual(preview.count("<tr"), 1 + 6, "a header and the six answers")
        self._import("delighted_nps.csv")
        self.assertIn("already imported", str(self._upload("delighted_nps.csv").preview_html))

    def test_manager_maps_columns_the_file_does_not_name(self):
        content = (
            b"Contact;Q7;When;Remark;Ticket\n"
            b"ann@acme.example;9;2026-10-01;Very helpful;T-1\n"
            b"bob@acme.example;3;2026-09-01;Slow;T-2\n"
        )
        wizard = self._upload("crm_export.csv", content)
        # guessed from the values: the emails, the 0-10 numbers, the dates
        self.assertEqual(self._columns(wizard), {"Contact": "email", "Q7": "score", "When": "date"})
        with Form(wizard) as form:
            for index, field in ((3, "comment"), (4, "key")):
                with form.column_ids.edit(index) as line:
                    line.field = field
        self.assertIn("Very helpful", str(wizard.preview_html))
        wizard.action_import()
        self.assertEqual(
            self._answers(wizard),
            [(self.bob, 3, date(2026, 9, 1), "Slow"), (self.ann, 9, date(2026, 10, 1), "Very helpful")],
        )
        self.assertEqual(set(wizard.response_ids.mapped("import_key")), {"id:T-1", "id:T-2"})

    def test_header_rows_are_changeable_and_columns_guessed_again(self):
        wizard = self._upload("qualtrics_nps.csv")
        score_line = wizard.column_ids.filtered(lambda line: line.index == 17)
        self.assertEqual(score_line.field, "score")
        with Form(wizard) as form:
            form.header_rows = 1
        self.assertEqual(score_line.name, "Q1")
        self.assertEqual(score_line.field, "ignore", "'Q1' alone names no score")
        self.assertIn("Choose the column that holds the score.", str(wizard.preview_html))
        with self.assertRaisesRegex(UserError, "Choose the column that holds the score"):
            wizard.action_import()
        with Form(wizard) as form:
            form.header_rows = 3
        self.assertEqual(score_line.field, "score")
        wizard.action_import()
        self.assertEqual(wizard.imported_count, 4)

    def test_date_format_is_changeable(self):
        content = b"Email,Score,Date\nann@acme.example,9,03/04/2026\nbob@acme.example,4,05/06/2026\n"
        wizard = self._upload("dates.csv", content)
        # nothing in the file tells; the manager's language (English, US) reads month/day
        self.assertEqual(wizard.date_format, "auto")
        self.assertEqual(wizard.detected_date_format, "Month/day/year (10/31/2026)")
        self.assertIn("2026-03-04", str(wizard.preview_html))
        with Form(wizard) as form:
            form.date_format = "dmy"
        self.assertIn("2026-04-03", str(wizard.preview_html))
        wizard.action_import()
        self.assertEqual(
            wizard.response_ids.sorted("date").mapped("date"), [date(2026, 4, 3), date(2026, 6, 5)]
        )

    def test_one_column_per_field(self):
        wizard = self._upload("typeform_nps.csv")
        with Form(wizard) as form, form.column_ids.edit(2) as line:
            line.field = "email"
        self.assertIn("Several columns are imported as Email.", str(wizard.preview_html))
        with self.assertRaisesRegex(UserError, "Several columns are imported as Email"):
            wizard.action_import()
        self.assertFalse(self.Response.search_count([("channel", "=", "import")]))

    def test_api_client_imports_in_one_call_with_the_guessed_columns(self):
        csv_text = (
            "Email,Score,Date,Comment\n"
            "ann@acme.example,9,2026-10-01,Great partner\n"
            "BOB@acme.example,4,2026-10-02,Slow support\n"
            "unknown@nowhere.example,8,2026-10-03,\n"
            "gil@globex.example,12,2026-10-03,\n"
            ",7,2026-10-03,\n"
            "gil@globex.example,7,2026-10-04,\n"
        )
        wizard = self.Import.create(
            {"file": base64.b64encode(csv_text.encode()), "filename": "nps <2026>.csv"}
        )
        wizard.action_import()
        ann_answer = wizard.response_ids.filtered(lambda r: r.partner_id == self.ann)
        self.assertIn("Imported from nps &lt;2026&gt;.csv, row 2", ann_answer.message_ids[:1].body)
        self.assertEqual((wizard.imported_count, wizard.error_count), (3, 3))
        self.assertEqual(
            self._rejected(wizard),
            [
                ("4", "no contact has this email", "unknown@nowhere.example"),
                ("5", "the score must be a whole number from 0 to 10", "12"),
                ("6", "no email", ""),
            ],
        )
        self.assertIn("unknown@nowhere.example", str(wizard.error_html))
        with self.assertRaises(UserError):
            wizard.action_import()

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
        wizard = self._import("delighted.xlsx", buffer.getvalue())
        self.assertEqual((wizard.imported_count, wizard.error_count), (2, 0))
        self.assertEqual(wizard.response_ids.sorted("score").mapped("import_key"), ["id:r2", "id:r1"])

    def test_file_without_score_column_is_refused(self):
        wizard = self._upload("names.csv", b"Email,Name\nann@acme.example,Ann\n")
        with self.assertRaisesRegex(UserError, "Choose the column that holds the score"):
            wizard.action_import()
        self.assertFalse(self.Response.search_count([("channel", "=", "import")]))

    def test_unreadable_file_is_refused_at_upload(self):
        wizard = self.Import.create({"file": base64.b64encode(b"PK\x03\x04garbage"), "filename": "x.xlsx"})
        with self.assertRaisesRegex(UserError, "neither a readable CSV nor an XLSX"):
            wizard.action_load()
        wizard = self.Import.create({"file": base64.b64encode(b"Email,Score\n"), "filename": "x.csv"})
        with self.assertRaisesRegex(UserError, "no answer below its header rows"):
            wizard.action_load()

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_plain_user_is_refused(self):
        content = base64.b64encode(self._content("delighted_nps.csv"))
        with self.assertRaises(AccessError):
            self.env["advocacy.nps.import"].with_user(self.rep).create({"file": content, "filename": "d.csv"})
        wizard = self.Import.create({"file": content, "filename": "d.csv"})
        for method in ("action_load", "action_import", "action_view_responses"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(wizard.with_user(self.rep), method)()
        with self.assertRaises(AccessError):
            self.env["advocacy.nps.import.column"].with_user(self.rep).search([])
        self.assertFalse(self.Response.search_count([("channel", "=", "import")]))
