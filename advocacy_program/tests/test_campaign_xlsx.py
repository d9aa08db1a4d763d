import io
import zipfile

import openpyxl

from odoo.tests import HttpCase, new_test_user, tagged

from .campaign_common import AdvocacyCampaignCommon


def _sheet_figures(sheet):
    """{label in column A: the row's values after it}."""
    return {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}


@tagged("post_install", "-at_install")
class TestCampaignXlsx(AdvocacyCampaignCommon):
    def test_workbook_figures_and_charts(self):
        self._participation(self.challenge_call, self.a1, "verified")
        self._participation(self.challenge_review, self.a1, "verified")
        self._participation(self.challenge_call, self.a2, "submitted")
        self._participation(self.challenge_call, self.a3, "rejected")
        self._participation(self.challenge_call, self.a4, "invited")
        lead = self.env["crm.lead"].create(
            {
                "name": "Referred deal",
                "referral_code": self.code,
                "email_from": "buyer@initrode.example",
                "expected_revenue": 8000.0,
                "advocacy_campaign_id": self.campaign.id,
            }
        )
        lead.write({"stage_id": self.won_stage.id})

        content = self.campaign._advocacy_xlsx_content()
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames, ["Summary", "Challenges", "Participations", "Referrals"])

        summary = _sheet_figures(workbook["Summary"])
        self.assertEqual(workbook["Summary"]["A1"].value, "Reference Drive")
        self.assertEqual(summary["Activities completed"][0], 2)
        self.assertEqual(summary["Value of advocacy influenced"][0], 1800.0)
        self.assertEqual(summary["Advocates recruited"][:2], (2, 6))
        self.assertEqual(summary["Leads"][:3], (1, 4, 0.25))
        self.assertEqual(summary["Won deals"][0], 1)
        self.assertEqual(summary["Revenue"][:2], (8000.0, 20000.0))
        self.assertEqual(summary["Budget"][0], 10000.0)

        challenges = _sheet_figures(workbook["Challenges"])
        header = challenges["Challenge"]
        call = dict(zip(header, challenges["Take a reference call"], strict=True))
        self.assertEqual(call["Activity Idea"], "Reference call")
        self.assertEqual(
            (call["Invited"], call["Submitted"], call["Verified"], call["Rejected"]), (1, 1, 1, 1)
        )
        self.assertEqual(call["Value"], 1500.0)

        participations = list(workbook["Participations"].iter_rows(min_row=2, max_row=6, values_only=True))
        self.assertEqual(len([row for row in participations if row[0]]), 5)
        referrals = list(workbook["Referrals"].iter_rows(min_row=2, max_row=2, values_only=True))
        self.assertEqual(referrals[0][4], "Won")
        self.assertEqual(referrals[0][7], 8000.0)

        charts = {name: len(workbook[name]._charts) for name in workbook.sheetnames}
        self.assertEqual(charts, {"Summary": 2, "Challenges": 1, "Participations": 1, "Referrals": 1})
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml = "".join(
                archive.read(name).decode()
                for name in archive.namelist()
                if name.startswith("xl/charts/chart")
            )
        for kind in ("c:barChart", "c:lineChart", "c:pieChart"):
            self.assertIn(kind, xml)


@tagged("post_install", "-at_install")
class TestCampaignXlsxRoute(HttpCase):
    def test_download_needs_access(self):
        campaign = self.env["advocacy.campaign"].create(
            {"name": "Route Campaign", "date_start": "2026-01-01", "date_end": "2026-02-01"}
        )
        action = campaign.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        new_test_user(
            self.env, login="xlsx_rep", password="xlsx_rep_pw1", groups="advocacy_program.group_advocacy_user"
        )
        new_test_user(self.env, login="xlsx_nobody", password="xlsx_nobody_pw1", groups="base.group_user")
        self.authenticate("xlsx_rep", "xlsx_rep_pw1")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertEqual(openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0], "Summary")
        self.assertEqual(self.url_open("/advocacy/campaign/999999/xlsx").status_code, 404)
        self.authenticate("xlsx_nobody", "xlsx_nobody_pw1")
        self.assertEqual(self.url_open(action["url"]).status_code, 404)
