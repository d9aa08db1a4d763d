from odoo.tests import HttpCase, new_test_user, tagged

from .screenshots import TourScreenshotsMixin


@tagged("post_install", "-at_install")
class TestCampaignTour(TourScreenshotsMixin, HttpCase):
    def test_manager_invites_and_verifies(self):
        manager = new_test_user(
            self.env,
            login="tour_campaign_manager",
            password="tour_campaign_manager",
            name="Mia Manager",
            groups="advocacy_program.group_advocacy_manager",
        )
        Partner = self.env["res.partner"]
        tess, theo = Partner.create(
            [
                {"name": "Tess Tour", "email": "tess@tour-advocates.example", "advocate_state": "active"},
                {"name": "Theo Tour", "email": "theo@tour-advocates.example", "advocate_state": "champion"},
            ]
        )
        campaign = self.env["advocacy.campaign"].create(
            {
                "name": "Tour Campaign",
                "state": "running",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
            }
        )
        challenge = self.env["advocacy.challenge"].create(
            {
                "name": "Tour Challenge",
                "campaign_id": campaign.id,
                "idea_id": self.env.ref("advocacy_program.activity_idea_g2_review").id,
                "eligibility_domain": "[('email', '=like', '%@tour-advocates.example')]",
            }
        )
        taken = self.start_tour_with_screenshots(
            f"/odoo/action-advocacy_program.advocacy_campaign_action/{campaign.id}",
            "advocacy_program_campaign_tour",
            login="tour_campaign_manager",
        )
        self.assertScreenshots(taken, ["advocacy_participation_verified"])
        self.assertEqual(challenge.participation_ids.partner_id, tess | theo)
        verified = challenge.participation_ids.filtered(lambda p: p.state == "verified")
        self.assertEqual(verified.partner_id, tess)
        self.assertEqual(verified.verified_by_id, manager)
        self.assertEqual(verified.evidence_url, "https://www.g2.com/products/tour/reviews/1")
        self.assertEqual(campaign.activity_count, 1)
