import base64
import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsXlsx(NpsCommon):
    def test_workbook_has_the_expected_figures(self):
        self.Response.search([]).unlink()
        self.env["advocacy.csat.response"].search([]).unlink()
        # without the demo answers; within the report's period: 3 promoters, 1 passive, 1 detractor -> NPS 40
        self._answers(self.ann, [10, 9], date=date(2026, 10, 5))
        self._answers(self.gil, [9, 8, 2], date=date(2026, 11, 5), comment="Fine")
        self._answers(self.bob, [0], date=date(2025, 1, 5))
        self.env["advocacy.csat.response"].create(
            [
                {"partner_id": self.ann.id, "touchpoint": "software", "rating": r, "date": date(2026, 10, 6)}
                for r in ("satisfied", "satisfied", "neutral", "dissatisfied")
            ]
        )
        wizard = (
            self.env["advocacy.nps.xlsx.export"]
            .with_user(self.manager)
            .create(
                {
                    "date_from": date(2026, 10, 1),
                    "date_to": date(2026, 11, 30),
                }
            )
        )
        wizard.action_export()
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        self.assertEqual(workbook.sheetnames[:2], ["Summary", "Trend"])
        summary = workbook["Summary"]
        figures = {summary.cell(row, 1).value: summary.cell(row, 2).value for row in range(3, 10)}
        self.assertEqual(figures["NPS"], 40.0)
        self.assertEqual(figures["Answers"], 5)
        self.assertEqual((figures["Promoters"], figures["Passives"], figures["Detractors"]), (3, 1, 1))
        trend = workbook["Trend"]
        self.assertEqual([trend.cell(r, 1).value for r in (2, 3)], ["2026-10", "2026-11"])
        self.assertEqual([trend.cell(r, 6).value for r in (2, 3)], [100.0, 0.0])
        country = workbook["Salesperson"]
        rows = {country.cell(r, 1).value: country.cell(r, 6).value for r in range(2, country.max_row + 1)}
        self.assertEqual(rows, {"Rita Rep": 100.0, "Olaf Rep": 0.0})
        csat = workbook["CSAT"]
        self.assertEqual((csat["A2"].value, csat["B2"].value, csat["C2"].value), ("Software", 4, 50.0))
        responses = workbook["Responses"]
        self.assertEqual(responses.max_row, 6)
        self.assertEqual(sorted(responses.cell(r, 5).value for r in range(2, 7)), [2, 8, 9, 9, 10])
