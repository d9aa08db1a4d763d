from odoo.tests import HttpCase, new_test_user, tagged

from .screenshots import TourScreenshotsMixin


@tagged("post_install", "-at_install")
class TestAdvocacyTour(TourScreenshotsMixin, HttpCase):
    def test_rep_sets_referrer_wins_and_sees_referral(self):
        rep = new_test_user(
            self.env,
            login="tour_rep",
            password="tour_rep",
            name="Tara Tour",
            groups="advocacy_program.group_advocacy_user,base.group_partner_manager",
        )
        company = self.env["res.partner"].create({"name": "Tour Advocate Co", "is_company": True})
        advocate = self.env["res.partner"].create(
            {
                "name": "Tina Tourist",
                "parent_id": company.id,
                "advocate_state": "active",
                "email": "tina@tourco.com",
            }
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour Deal",
                "type": "opportunity",
                "user_id": rep.id,
                "partner_name": "Prospect Tour Inc",
                "email_from": "buyer@prospect-tour.com",
                "expected_revenue": 4200,
            }
        )
        taken = self.start_tour_with_screenshots(
            f"/odoo/crm/{lead.id}", "advocacy_program_referral_tour", login="tour_rep"
        )
        self.assertEqual(lead.referral_id.referrer_id, advocate)
        self.assertEqual(lead.referral_id.state, "won")
        self.assertEqual(lead.referral_id.channel, "rep")
        self.assertScreenshots(
            taken, ["advocacy_lead_referrer", "advocacy_partner_tab", "advocacy_referral_won"]
        )
