from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .campaign_common import AdvocacyCampaignCommon


@tagged("post_install", "-at_install")
class TestCampaign(AdvocacyCampaignCommon):
    def test_catalogue_has_the_seven_families(self):
        Idea = self.env["advocacy.activity.idea"]
        families = {family for family, _count in Idea._read_group([], ["family"], ["__count"])}
        self.assertEqual(len(families), 7)
        self.assertGreaterEqual(Idea.search_count([]), 40)
        self.assertTrue(self.env.ref("advocacy_program.activity_idea_case_study").description)
        self.assertTrue(self.env.ref("advocacy_program.activity_idea_g2_review").is_testimonial)

    def test_results_figures(self):
        self.challenge_call.action_invite()
        self.challenge_review.action_invite()
        part = {(p.challenge_id, p.partner_id): p for p in self.campaign.participation_ids}
        self.assertEqual(len(part), 10, "five eligible advocates (four + the portal user) in two challenges")
        call, review = self.challenge_call, self.challenge_review
        for participation, target in (
            (part[call, self.a1], "verified"),
            (part[review, self.a1], "verified"),
            (part[call, self.a2], "submitted"),
            (part[call, self.a3], "accepted"),
            (part[call, self.a4], "rejected"),
        ):
            if target in ("accepted", "submitted", "verified"):
                participation.action_accept()
            if target in ("submitted", "verified"):
                participation.evidence_url = "https://example.com/evidence"
                participation.action_submit()
            if target == "verified":
                participation.with_user(self.manager).action_verify()
            if target == "rejected":
                participation.rejection_reason = "Spam"
                participation.with_user(self.manager).action_reject()

        # two campaign leads: one from a referral code (its referral joins the campaign), one plain
        Lead = self.env["crm.lead"]
        coded = Lead.create(
            {
                "name": "Referred deal",
                "referral_code": self.code,
                "email_from": "buyer@soylent.example",
                "partner_name": "Soylent",
                "expected_revenue": 5000.0,
                "advocacy_campaign_id": self.campaign.id,
            }
        )
        Lead.create({"name": "Event lead", "advocacy_campaign_id": self.campaign.id})
        self.assertEqual(coded.referral_id.campaign_id, self.campaign)
        coded.write({"stage_id": self.won_stage.id})
        self.assertEqual(coded.referral_id.state, "won")

        campaign = self.campaign
        campaign.invalidate_recordset()
        self.assertEqual(campaign.invited_count, 5)
        self.assertEqual(campaign.recruited_count, 3, "a1, a2 and a3 said yes")
        self.assertEqual(campaign.participating_count, 2, "a1 and a2 submitted")
        self.assertEqual(campaign.activity_count, 2)
        self.assertEqual(campaign.influenced_value, 1800.0, "a reference call (1500) and a review (300)")
        self.assertEqual(campaign.lead_count, 2)
        self.assertEqual(campaign.referral_count, 1)
        self.assertEqual(campaign.won_count, 1)
        self.assertEqual(campaign.revenue, 5000.0)
        self.assertAlmostEqual(campaign.recruit_progress, 50.0)
        self.assertAlmostEqual(campaign.lead_progress, 50.0)
        self.assertAlmostEqual(campaign.revenue_progress, 25.0)
        self.assertEqual(self.challenge_call.participation_count, 5)
        self.assertEqual(self.challenge_call.verified_count, 1)

    def test_value_is_kept_from_verification_time(self):
        participation = self._participation(self.challenge_call, self.a1, "verified")
        self.assertEqual(participation.value, 1500.0)
        self.idea_call.value = 2000.0
        self.assertEqual(participation.value, 1500.0, "an admin's later change does not rewrite history")
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.influenced_value, 1500.0)

    def _lead(self, name, created, closed=None, outcome="open", revenue=0.0, referral=None, company=None):
        company = company or self.other_company
        lead = self.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "company_id": company.id,
                "user_id": False,
                "team_id": False,
                "expected_revenue": revenue,
                "referral_id": referral.id if referral else False,
            }
        )
        if outcome == "won":
            lead.write({"stage_id": self.won_stage.id})
        elif outcome == "lost":
            lead.action_set_lost()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s, date_closed = %s WHERE id = %s",
            (created, closed, lead.id),
        )
        lead.invalidate_recordset()
        return lead

    def test_referral_vs_other_comparison(self):
        campaign = self.env["advocacy.campaign"].create(
            {
                "name": "Q1 comparison",
                "company_id": self.other_company.id,
                "date_start": "2026-01-01",
                "date_end": "2026-03-31",
            }
        )
        referrals = self.env["advocacy.referral"].create(
            [
                {
                    "referrer_id": self.advocate.id,
                    "referred_name": f"Prospect {index}",
                    "referred_email": f"buyer@prospect{index}.example",
                    "company_id": self.other_company.id,
                }
                for index in range(4)
            ]
        )
        # referral deals: won in 20 and 30 days (12,000 and 18,000), one lost, one open
        self._lead("R1", "2026-01-10 08:00:00", "2026-01-30 08:00:00", "won", 12000.0, referrals[0])
        self._lead("R2", "2026-02-01 08:00:00", "2026-03-03 08:00:00", "won", 18000.0, referrals[1])
        self._lead("R3", "2026-02-10 08:00:00", "2026-02-20 08:00:00", "lost", 9000.0, referrals[2])
        self._lead("R4", "2026-03-10 08:00:00", None, "open", 7000.0, referrals[3])
        # other deals: one won in 50 days (6,000), three lost
        self._lead("O1", "2026-01-05 08:00:00", "2026-02-24 08:00:00", "won", 6000.0)
        for name in ("O2", "O3", "O4"):
            self._lead(name, "2026-01-15 08:00:00", "2026-02-01 08:00:00", "lost", 1000.0)
        # out of the period, or of another company: not counted
        self._lead("O5", "2025-12-01 08:00:00", "2026-01-20 08:00:00", "won", 99000.0)
        self._lead("O6", "2026-01-15 08:00:00", "2026-01-16 08:00:00", "won", 99000.0, company=self.company)

        self.assertEqual(campaign.referral_closed_count, 3)
        self.assertAlmostEqual(campaign.referral_win_rate, 200.0 / 3, places=2)
        self.assertAlmostEqual(campaign.referral_cycle_days, 25.0, places=4)
        self.assertAlmostEqual(campaign.referral_deal_size, 15000.0)
        self.assertEqual(campaign.other_closed_count, 4)
        self.assertAlmostEqual(campaign.other_win_rate, 25.0)
        self.assertAlmostEqual(campaign.other_cycle_days, 50.0, places=4)
        self.assertAlmostEqual(campaign.other_deal_size, 6000.0)

    def test_a_deal_whose_referral_was_rejected_is_one_of_the_others(self):
        """A campaign compares the deals as the cohort report does (crm.lead._advocacy_deals_sql): an
        opportunity whose referral was rejected (a duplicate, a self-referral) is one of the other deals.
        Before, the campaign counted it as a referral deal (won thanks to the program)."""
        campaign = self.env["advocacy.campaign"].create(
            {
                "name": "Q1 rejected referral",
                "company_id": self.other_company.id,
                "date_start": "2026-01-01",
                "date_end": "2026-03-31",
            }
        )
        referral = self.env["advocacy.referral"].create(
            {
                "referrer_id": self.advocate.id,
                "referred_name": "Already ours",
                "referred_email": "buyer@already-ours.example",
                "company_id": self.other_company.id,
                "rejection_reason": "Already a customer of ours",
            }
        )
        referral.action_reject()
        self._lead("R1", "2026-01-10 08:00:00", "2026-01-30 08:00:00", "won", 5000.0, referral)
        self.assertEqual(referral.state, "rejected")
        self.assertEqual(campaign.referral_closed_count, 0)
        self.assertEqual(campaign.other_closed_count, 1)
        self.assertAlmostEqual(campaign.other_deal_size, 5000.0)

    def test_campaign_dates_and_amounts_are_checked(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["advocacy.campaign"].create(
                {"name": "Backwards", "date_start": "2026-03-01", "date_end": "2026-02-01"}
            )
            self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["advocacy.campaign"].create(
                {"name": "Negative", "date_start": "2026-03-01", "date_end": "2026-04-01", "budget": -5}
            )
            self.env.flush_all()

    def test_lead_campaign_follows_to_its_referral(self):
        lead = self.env["crm.lead"].create({"name": "Rep-referred", "email_from": "x@hooli.example"})
        lead.referrer_id = self.advocate
        self.assertFalse(lead.referral_id.campaign_id)
        lead.advocacy_campaign_id = self.campaign
        self.assertEqual(lead.referral_id.campaign_id, self.campaign)
        lead2 = self.env["crm.lead"].create(
            {
                "name": "Campaign first",
                "email_from": "y@pied-piper.example",
                "advocacy_campaign_id": self.campaign.id,
            }
        )
        lead2.referrer_id = self.advocate
        self.assertEqual(lead2.referral_id.campaign_id, self.campaign)


@tagged("post_install", "-at_install")
class TestChallengeInvitation(AdvocacyCampaignCommon):
    def test_invitation_is_idempotent(self):
        self.challenge_call.action_invite()
        invited = self.challenge_call.participation_ids
        self.assertEqual(
            set(invited.partner_id.ids), set(self.advocates.ids) | {self.portal_user.partner_id.id}
        )
        self.assertTrue(all(p.state == "invited" for p in invited))
        self.challenge_call.action_invite()
        self.assertEqual(
            self.challenge_call.participation_ids, invited, "running it again invites nobody twice"
        )
        newcomer = self.env["res.partner"].create(
            {"name": "Late Advocate", "email": "late@campaign-test.example", "advocate_state": "champion"}
        )
        self.challenge_call.action_invite()
        added = self.challenge_call.participation_ids - invited
        self.assertEqual(added.partner_id, newcomer, "only the newly eligible advocate is invited")

    def test_opted_out_and_do_not_ask_are_never_invited(self):
        self.a1.advocate_state = "opted_out"
        self.a2.advocacy_do_not_ask = True
        self.challenge_call.action_invite()
        partners = self.challenge_call.participation_ids.partner_id
        self.assertNotIn(self.a1, partners)
        self.assertNotIn(self.a2, partners)
        self.assertIn(self.a3, partners)

    def test_closed_campaign_invites_nobody(self):
        self.campaign.action_done()
        with self.assertRaises(UserError):
            self.challenge_call.action_invite()
        self.assertFalse(self.challenge_call.participation_ids)

    def test_bad_eligibility_is_refused(self):
        with self.assertRaises(ValidationError):
            self.challenge_call.eligibility_domain = "[('no_such_field', '=', 1)]"

    def test_one_participation_per_advocate_and_challenge(self):
        self._participation(self.challenge_call, self.a1)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._participation(self.challenge_call, self.a1)
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestParticipationFlow(AdvocacyCampaignCommon):
    def test_full_flow_and_verification(self):
        participation = self._participation(self.challenge_call, self.a1)
        self.assertEqual(participation.campaign_id, self.campaign)
        self.assertEqual(participation.company_id, self.campaign.company_id)
        self.assertEqual(participation.user_id, self.rep, "the advocate's account manager follows it")
        participation.with_user(self.rep).action_accept()
        self.assertEqual(participation.state, "accepted")
        self.assertTrue(participation.accepted_date)
        with self.assertRaises(UserError):
            participation.with_user(self.rep).action_submit()  # no evidence yet
        participation.with_user(self.rep).write({"evidence_url": "https://example.com/call-notes"})
        participation.with_user(self.rep).action_submit()
        self.assertEqual(participation.state, "submitted")
        with self.assertRaises(AccessError):
            participation.with_user(self.rep).action_verify()
        with self.assertRaises(AccessError):
            participation.with_user(self.rep).write({"state": "verified"})
        self.assertEqual(participation.state, "submitted")
        participation.with_user(self.manager).action_verify()
        self.assertEqual(participation.state, "verified")
        self.assertEqual(participation.verified_by_id, self.manager)
        self.assertTrue(participation.verified_date)
        self.assertEqual(participation.value, 1500.0)
        self.assertTrue(
            any("Verified by Mona Manager" in message.body for message in participation.message_ids),
            "the verification is written in the chatter",
        )

    def test_invalid_transitions(self):
        participation = self._participation(self.challenge_call, self.a1)
        with self.assertRaises(UserError):
            participation.with_user(self.manager).action_verify()  # nothing submitted
        with self.assertRaises(UserError):
            participation.with_user(self.manager).action_reject()  # no reason given
        participation.rejection_reason = "Not in the target industry."
        participation.with_user(self.manager).action_reject()
        self.assertEqual(participation.state, "rejected")
        with self.assertRaises(UserError):
            participation.action_accept()

    def test_verification_is_batched_and_calls_the_hook_once(self):
        parts = self._participation(self.challenge_call, self.a1, "submitted") | self._participation(
            self.challenge_review, self.a1, "submitted"
        )
        calls = []
        Participation = type(self.env["advocacy.participation"])
        original = Participation._on_verified

        def spy(records):
            calls.append(records.ids)
            return original(records)

        Participation._on_verified = spy
        try:
            parts.with_user(self.manager).action_verify()
        finally:
            Participation._on_verified = original
        self.assertEqual(calls, [parts.ids])
        self.assertEqual(parts.mapped("value"), [1500.0, 300.0])

    def test_partner_smart_button_counts_challenges(self):
        self._participation(self.challenge_call, self.advocate)
        self._participation(self.challenge_review, self.advocate, "accepted")
        self.assertEqual(self.advocate.advocacy_participation_count, 2)
        self.assertEqual(self.advocate_company.advocacy_participation_count, 2, "the company rolls up")
        self.assertEqual(self.a1.advocacy_participation_count, 0)
        action = self.advocate_company.action_view_advocacy_participations()
        found = self.env["advocacy.participation"].search(action["domain"])
        self.assertEqual(found.challenge_id, self.challenge_call | self.challenge_review)


@tagged("post_install", "-at_install")
class TestCampaignAccess(AdvocacyCampaignCommon):
    def test_users_read_managers_manage(self):
        campaign = self.campaign.with_user(self.rep)
        self.assertEqual(campaign.name, "Reference Drive")
        self.assertEqual(campaign.activity_count, 0)
        with self.assertRaises(AccessError):
            campaign.write({"budget": 1.0})
        with self.assertRaises(AccessError):
            self.env["advocacy.campaign"].with_user(self.rep).create(
                {"name": "Rogue", "date_start": "2026-01-01", "date_end": "2026-02-01"}
            )
        with self.assertRaises(AccessError):
            self.challenge_call.with_user(self.rep).action_invite()
        self.campaign.with_user(self.manager).write({"budget": 12000.0})
        self.challenge_call.with_user(self.manager).action_invite()
        self.assertTrue(self.challenge_call.participation_ids)
        with self.assertRaises(AccessError):
            self.env["advocacy.campaign"].with_user(self.user_no_rights).search([])

    def test_reps_see_their_accounts_participations(self):
        mine = self._participation(self.challenge_call, self.a1)
        other_partner = self.env["res.partner"].create(
            {
                "name": "Someone Else",
                "email": "else@campaign-test.example",
                "account_manager_id": self.rep2.id,
            }
        )
        theirs = self._participation(self.challenge_call, other_partner)
        visible = (
            self.env["advocacy.participation"]
            .with_user(self.rep)
            .search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        everything = (
            self.env["advocacy.participation"]
            .with_user(self.manager)
            .search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertEqual(everything, mine | theirs)

    def test_portal_has_no_model_access_to_participations(self):
        own = self._participation(self.challenge_call, self.portal_user.partner_id)
        Participation = self.env["advocacy.participation"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            Participation.search([])
        with self.assertRaises(AccessError):
            own.with_user(self.portal_user).read(["state"])
        with self.assertRaises(AccessError):
            own.with_user(self.portal_user).write({"evidence_note": "hack"})

    def test_other_company_campaigns_are_invisible(self):
        foreign = self.env["advocacy.campaign"].create(
            {
                "name": "Foreign",
                "company_id": self.other_company.id,
                "date_start": "2026-01-01",
                "date_end": "2026-02-01",
            }
        )
        found = self.env["advocacy.campaign"].with_user(self.manager).search([])
        self.assertIn(self.campaign, found)
        self.assertNotIn(foreign, found)
