import re

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestPartner(AdvocacyCommon):
    def test_active_advocate_gets_an_unguessable_code(self):
        self.assertRegex(self.code, r"^[A-Z2-9]{12}$")
        self.assertTrue(self.advocate.advocate_since)
        self.assertIn(f"/advocacy/r/{self.code}", self.advocate.referral_share_url)
        both = self.advocate | self.advocate_company
        both.invalidate_recordset(["referral_share_url"])
        urls = both.mapped("referral_share_url")  # computed for several partners at once
        self.assertIn(self.code, urls[0])
        self.assertFalse(urls[1])
        partner = self.env["res.partner"].create({"name": "Not yet"})
        self.assertFalse(partner.referral_code)
        partner.advocate_state = "champion"
        self.assertTrue(partner.referral_code)
        self.assertNotEqual(partner.referral_code, self.code)

    def test_regenerate_and_revoke(self):
        old = self.code
        self.advocate.with_user(self.rep).action_advocacy_generate_code()
        self.assertNotEqual(self.advocate.referral_code, old)
        self.assertTrue(re.fullmatch(r"[A-Z2-9]{12}", self.advocate.referral_code))
        self.advocate.with_user(self.rep).action_advocacy_revoke_code()
        self.assertFalse(self.advocate.referral_code)
        self.assertIn("revoked", self.advocate.message_ids[0].body)

    def test_duplicate_code_is_refused_and_writes_nothing(self):
        other = self.env["res.partner"].create({"name": "Other advocate"})
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            other.write({"referral_code": self.code.lower(), "comment": "changed"})
        other.invalidate_recordset()
        self.assertFalse(other.referral_code)
        self.assertFalse(other.comment)

    def test_company_rolls_up_its_contacts(self):
        colleague = self.env["res.partner"].create(
            {"name": "Carl", "parent_id": self.advocate_company.id, "advocate_state": "active"}
        )
        r1 = self._referral()
        self._referral(referrer_id=colleague.id, referred_email="x@umbrella.com", referred_company="Umbrella")
        self._referral(referred_email="y@hooli.com", referred_company="Hooli").action_set_won()
        r1.action_set_won()
        self.assertEqual(self.advocate.referral_count, 2)
        self.assertEqual(self.advocate.referral_won_count, 2)
        self.assertEqual(colleague.referral_count, 1)
        self.assertEqual(self.advocate_company.referral_count, 3)
        self.assertEqual(self.advocate_company.referral_won_count, 2)

    def test_has_referred_filter_counts_like_the_figures(self):
        """The "Has referred" filter finds what the contact's counters count: a colleague's referral
        makes the colleague and the company referrers, not the contact who referred nothing; a rejected
        referral and a referral of a company outside the selected ones do not count."""
        Partner = self.env["res.partner"]
        colleague = Partner.create({"name": "Carl Colleague", "parent_id": self.advocate_company.id})
        rejected_only = Partner.create({"name": "Rita Rejected", "email": "rita@rejected-co.example"})
        abroad = Partner.create({"name": "Abe Abroad", "email": "abe@abroad-co.example"})
        company_b = self.env["res.company"].create({"name": "Referral Company B"})
        self._referral(referrer_id=colleague.id, referred_email="x@umbrella.com", referred_company="Umbrella")
        # the customer's own email: rejected as a duplicate at once
        rejected = self._referral(
            referrer_id=rejected_only.id, referred_email="ceo@globex.com", partner_id=self.customer.id
        )
        self.assertEqual(rejected.state, "rejected")
        self._referral(
            referrer_id=abroad.id,
            referred_email="z@faraway.example",
            referred_company="Faraway",
            company_id=company_b.id,
            user_id=False,
        )
        people = colleague | rejected_only | abroad | self.advocate | self.advocate_company
        self.rep.company_ids |= company_b

        def referrers(companies):
            found = (
                Partner.with_user(self.rep)
                .with_context(allowed_company_ids=companies.ids)
                .search([("id", "in", people.ids), ("advocacy_has_referred", "=", True)])
            )
            others = (
                Partner.with_user(self.rep)
                .with_context(allowed_company_ids=companies.ids)
                .search([("id", "in", people.ids), ("advocacy_has_referred", "!=", True)])
            )
            self.assertEqual(set((found | others).ids), set(people.ids), "each contact on one side")
            self.assertFalse(found & others)
            shown = people.with_user(self.rep).with_context(allowed_company_ids=companies.ids)
            self.assertEqual(
                set(found.ids), {p.id for p in shown if p.advocacy_has_referred}, "the form says the same"
            )
            return set(found.ids)

        self.assertEqual(referrers(self.company), {colleague.id, self.advocate_company.id})
        self.assertEqual(
            referrers(self.company | company_b), {colleague.id, self.advocate_company.id, abroad.id}
        )

    def test_rejected_referrals_do_not_count(self):
        self._referral(referred_email="ceo@globex.com", partner_id=self.customer.id)
        self.assertEqual(self.advocate.referral_count, 0)

    def test_score_explains_itself(self):
        self.assertEqual(self.advocate.advocate_score, 10)
        self.assertIn("Advocate status: 10/15", self.advocate.advocate_score_explanation)
        self._referral().action_set_won()
        self.advocate.invalidate_recordset(["advocate_score", "advocate_score_explanation"])
        self.assertEqual(self.advocate.advocate_score, 24)
        self.assertIn("Referrals won: 10/25", self.advocate.advocate_score_explanation)
        self.assertEqual(self.customer.advocate_score_explanation, "No advocacy yet.")

    def test_account_manager_falls_back(self):
        self.assertEqual(self.advocate._advocacy_account_manager(), self.rep, "company's account manager")
        self.advocate.account_manager_id = self.rep2
        self.assertEqual(self.advocate._advocacy_account_manager(), self.rep2)
        self.customer.user_id = self.manager
        self.assertEqual(self.customer._advocacy_account_manager(), self.manager, "salesperson")

    def test_mark_candidate_only_moves_none(self):
        newbie = self.env["res.partner"].create({"name": "Newbie"})
        paused = self.env["res.partner"].create({"name": "Paused", "advocate_state": "paused"})
        self.env.cr.flush()  # as if created by an earlier transaction: their changes are tracked
        just_created = self.env["res.partner"].create({"name": "Just created"})
        marked = (newbie | paused | self.advocate | just_created)._advocacy_mark_candidate()
        self.assertEqual(marked, newbie | just_created)
        self.assertEqual(newbie.advocate_state, "candidate")
        self.assertEqual(paused.advocate_state, "paused")
        self.assertEqual(self.advocate.advocate_state, "active")
        self.env.cr.flush()  # the tracking messages are posted when the transaction commits
        entry = newbie.message_ids[0]
        self.assertIn("Marked as advocate candidate", entry.body, "the note rides on the tracking")
        self.assertIn("Candidate", entry.tracking_value_ids.mapped("new_value_char"))
        self.assertIn(
            "Marked as advocate candidate",
            just_created.message_ids[0].body,
            "a contact created in the same transaction (not tracked yet) gets the note on its own",
        )

    def test_smart_button_counts(self):
        self.env["advocacy.review"].create({"partner_id": self.advocate_company.id, "health": "good"})
        self.assertEqual(self.advocate_company.advocacy_review_count, 1)
