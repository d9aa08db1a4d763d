from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.addons.advocacy_program.tests.screenshots import TourScreenshotsMixin
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAccountManagerTour(TourScreenshotsMixin, HttpCase):
    """The account manager records a detractor's answer taken by phone, follows it up through the
    closed loop and opens the NPS analysis, all in the browser."""

    def test_account_manager_records_and_follows_up_a_detractor(self):
        manager = new_test_user(
            self.env,
            login="tour_am",
            password="tour_am",
            name="Amir Account",
            groups="advocacy_program.group_advocacy_user,sales_team.group_sale_salesman",
        )
        company = self.env["res.partner"].create(
            {"name": "Detractor Industries", "is_company": True, "user_id": manager.id}
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Dana Detractor",
                "parent_id": company.id,
                "email": "dana@detractor-industries.example",
                "user_id": manager.id,
                "account_manager_id": manager.id,
            }
        )
        # six months of answers from the manager's accounts, for the analysis the tour ends on
        history = self.env["res.partner"].create(
            [
                {"name": f"{name} Buyer", "email": f"buyer@{name.lower()}.example", "user_id": manager.id}
                for name in ("Northwind", "Contoso", "Fabrikam", "Umbrella")
            ]
        )
        today = fields.Date.today()
        self.env["advocacy.nps.response"].create(
            [
                {
                    "partner_id": partner.id,
                    "score": (10, 9, 7, 9, 4, 10, 8, 9, 6)[(month * 2 + index) % 9],
                    "channel": "email",
                    "date": today - relativedelta(months=month, days=index + 1),
                }
                for month in range(1, 7)
                for index, partner in enumerate(history)
            ]
        )
        taken = self.start_tour_with_screenshots(
            f"/odoo/res.partner/{customer.id}", "advocacy_nps_account_manager_tour", login="tour_am"
        )
        response = self.env["advocacy.nps.response"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(response), 1, "one answer recorded")
        self.assertRecordValues(
            response,
            [
                {
                    "score": 3,
                    "channel": "phone",
                    "category": "detractor",
                    "commercial_partner_id": company.id,
                    "owner_id": manager.id,
                    "followup_state": "done",
                    "create_uid": manager.id,
                }
            ],
        )
        self.assertEqual(response.reason_ids.name, "Support responsiveness")
        self.assertIn("Three tickets", response.comment)
        self.assertIn("training booked", response.resolution)
        self.assertTrue(response.resurvey_date, "the closed loop planned the re-survey")
        # the call-back was the manager's, and closing the follow-up marked it done
        callback_type = self.env.ref("advocacy_nps.mail_activity_type_nps_detractor")
        self.assertFalse(response.activity_ids, "no call-back left open")
        done = self.env["mail.message"].search(
            [
                ("model", "=", response._name),
                ("res_id", "=", response.id),
                ("mail_activity_type_id", "=", callback_type.id),
            ]
        )
        self.assertEqual(len(done), 1, "the call-back was done, not deleted")
        self.assertEqual(done.author_id, manager.partner_id)
        self.assertScreenshots(
            taken,
            ["advocacy_nps_phone_answer", "advocacy_nps_detractor_followup", "advocacy_nps_analysis"],
        )
