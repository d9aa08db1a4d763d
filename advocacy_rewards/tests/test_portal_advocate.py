from odoo import fields
from odoo.addons.advocacy_program.models import service_guard
from odoo.addons.advocacy_program.tests.screenshots import TourScreenshotsMixin
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AdvocacyRewardsCase


@tagged("post_install", "-at_install")
class TestPortalAdvocate(AdvocacyRewardsCase, HttpCase):
    """What /my/advocacy shows the advocate: their link equipped, tier progress, reward statuses, a
    timeline; and what the friend's landing page says of a double-sided offer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="pa_portal",
            password="pa_portal_pw",
            groups="base.group_portal",
            name="Pam Advocate",
        )
        cls.pam = cls.user.partner_id
        cls.pam.write({"advocate_state": "active", "email": "pam@pam-corp.example"})
        Tier = cls.env["advocacy.tier"]
        Tier.search([]).write({"active": False})
        cls.silver = Tier.create({"name": "Pam Silver", "sequence": 10, "basis": "referrals", "threshold": 1})
        cls.gold = Tier.create({"name": "Pam Gold", "sequence": 20, "basis": "referrals", "threshold": 3})

    def _win(self, referral):
        service_guard.as_service(referral, service_guard.REFERRAL).write(
            {"state": "won", "won_date": fields.Datetime.now()}
        )

    def _reward(self, rule, referral, state, points):
        return (
            self.env["advocacy.reward"]
            .sudo()
            .with_context(**{service_guard.REWARD: True})
            .create(
                {
                    "rule_id": rule.id,
                    "partner_id": self.pam.id,
                    "source_model": "advocacy.referral",
                    "source_id": referral.id,
                    "referral_id": referral.id,
                    "state": state,
                    "points": points,
                }
            )
        )

    def test_the_page_shows_tier_progress_rewards_timeline_and_the_share_kit(self):
        won = self._referral(self.pam, referred_company="Won Widgets")
        self._win(won)
        self._referral(self.pam, referred_company="Pending Pumps")
        self.env["advocacy.tier"]._recompute_tiers(partner_ids=self.pam.ids)
        self.assertEqual(self.pam.advocacy_tier_id, self.silver)
        rule = self._rule(name="Thank-you points")
        self._reward(rule, won, "pending", 300)
        self._reward(self._rule(name="Referral fee"), won, "fulfilled", 40)
        self.authenticate("pa_portal", "pa_portal_pw")
        page = self.url_open("/my/advocacy").text
        self.assertIn("2 more won referrals to Pam Gold", page)
        self.assertIn("Pending approval", page)
        self.assertIn("Fulfilled", page)
        self.assertIn("Thank-you points", page)
        self.assertIn("o_advocacy_timeline", page)
        self.assertIn("You referred Pending Pumps", page)
        self.assertIn(f"/advocacy/r/{self.pam.referral_code}", page)
        self.assertIn("o_advocacy_copy", page)
        self.assertIn("https://wa.me/?text=", page)
        self.assertIn("/report/barcode/?barcode_type=QR", page)
        self.assertIn('href="/my/advocacy/challenges"', page)
        self.assertIn('class="breadcrumb-item active">Refer & earn', page.replace("\n", ""))

    def test_at_the_top_tier_no_progress_is_shown(self):
        for company in ("A", "B", "C"):
            self._win(self._referral(self.pam, referred_company=f"Top {company}"))
        self.env["advocacy.tier"]._recompute_tiers(partner_ids=self.pam.ids)
        self.assertEqual(self.pam.advocacy_tier_id, self.gold)
        self.authenticate("pa_portal", "pa_portal_pw")
        page = self.url_open("/my/advocacy").text
        self.assertNotIn("o_advocacy_tier_progress", page)

    def test_the_friends_landing_page_shows_a_double_sided_offer(self):
        code = self.alice.referral_code or "ANYCODE"
        self.assertNotIn("o_advocacy_friend_offer", self.url_open(f"/advocacy/r/{code}").text)
        self._rule(name="Welcome credit for new customers", beneficiary="both", amount_fixed=250)
        self._rule(name="Hidden referrer bonus", beneficiary="referrer")
        for shown in (code, "UNKNOWN42"):
            page = self.url_open(f"/advocacy/r/{shown}").text
            self.assertIn("o_advocacy_friend_offer", page, "the same page for every code")
            self.assertIn("Welcome credit for new customers: 250 points", page)
            self.assertNotIn("Hidden referrer bonus", page)

    def test_join_page_of_a_portal_advocate_links_the_full_portal_page(self):
        candidate = new_test_user(self.env, login="pa_cand", groups="base.group_portal", name="Cal Candidate")
        candidate.partner_id.write({"email": "cal@cal.example", "advocate_state": "candidate"})
        candidate.partner_id._advocacy_accept_join()
        url = candidate.partner_id._advocacy_join_url()
        self.assertIn('href="/my/advocacy"', self.url_open(url).text)

    def test_challenge_points_come_from_the_rewards(self):
        campaign = self.env["advocacy.campaign"].create(
            {"name": "Pam campaign", "date_start": "2026-01-01", "date_end": "2026-12-31"}
        )
        campaign.action_start()
        challenge = self.env["advocacy.challenge"].create({"name": "Pam posts", "campaign_id": campaign.id})
        participation = self.env["advocacy.participation"].create(
            {"challenge_id": challenge.id, "partner_id": self.pam.id, "evidence_note": "Posted"}
        )
        self._rule(name="Challenge points", trigger="challenge_verified", amount_fixed=75, holding_days=0)
        participation.action_submit()
        participation.action_verify()
        self.assertEqual(participation._advocacy_portal_points(), {participation.id: 75})
        self.authenticate("pa_portal", "pa_portal_pw")
        page = self.url_open("/my/advocacy/challenges").text
        self.assertIn("o_advocacy_challenge_points", page)
        self.assertIn(">75<", page.replace(" ", ""))
        self.assertIn('href="/my/advocacy"', page, "breadcrumb back to the advocacy page")

    def test_many_referrals_are_paged(self):
        for n in range(25):
            self._referral(self.pam, referred_company=f"Paged Prospect {n:02d}", date=f"2026-01-{n + 1:02d}")
        self.authenticate("pa_portal", "pa_portal_pw")
        first = self.url_open("/my/advocacy").text
        self.assertIn("Paged Prospect 24", first, "newest first")
        self.assertNotIn("Paged Prospect 04", first)
        self.assertIn('href="/my/advocacy/page/2"', first)
        second = self.url_open("/my/advocacy/page/2").text
        self.assertIn("Paged Prospect 04", second)
        self.assertNotIn("Paged Prospect 24</td>", second)
        self.assertEqual(self.url_open("/my/advocacy/page/999999").status_code, 200)


@tagged("post_install", "-at_install")
class TestAdvocateJourneyTour(TourScreenshotsMixin, HttpCase):
    def test_advocate_journey_tour(self):
        """In Chromium: the invitation accepted, the link copied and shared, a referral submitted and a
        challenge taken up; the README's screenshots of the advocate's side."""
        self.env.company.write({"advocacy_terms": "<p>Tour terms: refer honestly.</p>"})
        user = new_test_user(
            self.env, login="journey_portal", groups="base.group_portal", name="Jules Journey"
        )
        partner = user.partner_id
        partner.write({"email": "jules@journey.example", "advocate_state": "candidate"})
        campaign = self.env["advocacy.campaign"].create(
            {"name": "Tour campaign", "date_start": "2026-01-01", "date_end": "2026-12-31"}
        )
        campaign.action_start()
        challenge = self.env["advocacy.challenge"].create(
            {"name": "Tour: post about us", "campaign_id": campaign.id}
        )
        participation = self.env["advocacy.participation"].create(
            {"challenge_id": challenge.id, "partner_id": partner.id}
        )
        path = partner._advocacy_join_url().replace(partner.get_base_url(), "")
        taken = self.start_tour_with_screenshots(
            path, "advocacy_advocate_journey_tour", login="journey_portal"
        )
        self.assertScreenshots(
            taken, ["advocacy_join_invitation", "advocacy_join_share_kit", "advocacy_portal_challenges"]
        )
        partner.invalidate_recordset()
        self.assertEqual(partner.advocate_state, "active")
        self.assertTrue(partner.advocacy_consent_date)
        self.assertTrue(partner.referral_code)
        referral = self.env["advocacy.referral"].search([("referred_company", "=", "Journey Prospects Ltd")])
        self.assertEqual(referral.referrer_id, partner)
        self.assertEqual(participation.state, "submitted")
        self.assertEqual(participation.evidence_url, "https://www.linkedin.com/posts/tour-post")
