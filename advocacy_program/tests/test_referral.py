from unittest.mock import patch

from odoo.addons.advocacy_program.models.referral import AdvocacyReferral
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestReferral(AdvocacyCommon):
    def test_new_referral_gets_reference_and_is_new(self):
        referral = self._referral()
        self.assertEqual(referral.state, "new")
        self.assertTrue(referral.name.startswith("REF/"))
        self.assertEqual(referral.referrer_commercial_id, self.advocate_company)

    def test_batch_gets_distinct_consecutive_references(self):
        base = {"referrer_id": self.advocate.id, "user_id": self.rep.id}
        referrals = self.env["advocacy.referral"].create(
            [dict(base, referred_email=f"p{i}@prospect{i}.com", referred_company=f"P{i}") for i in range(5)]
        )
        numbers = [int(name.rsplit("/", 1)[1]) for name in referrals.mapped("name")]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 5)))
        self.assertTrue(all(name.startswith("REF/") for name in referrals.mapped("name")))

    def test_state_buttons_set_dates_and_cycle(self):
        referral = self._referral(date="2025-01-01")
        referral.action_qualify()
        self.assertEqual(referral.state, "qualified")
        self.assertTrue(referral.qualified_date)
        # a deal won on a given day, recorded by the service (the only door of these fields)
        referral._advocacy_service().write(
            {"state": "won", "won_date": "2025-01-31", "closed_date": "2025-01-31"}
        )
        self.assertEqual(referral.cycle_days, 30)
        referral.action_set_lost()
        self.assertEqual(referral.state, "lost")
        referral.action_reset()
        self.assertEqual(referral.state, "new")
        self.assertFalse(referral.closed_date)
        self.assertFalse(referral.qualified_date)

    def test_invalid_transition_is_refused(self):
        referral = self._referral()
        referral.action_set_won()
        with self.assertRaises(UserError):
            referral.action_qualify()

    def test_reject_needs_a_reason(self):
        referral = self._referral()
        with self.assertRaises(UserError):
            referral.action_reject()
        self.assertEqual(referral.state, "new")
        referral.rejection_reason = "Not a real prospect"
        referral.action_reject()
        self.assertEqual(referral.state, "rejected")
        self.assertEqual(referral.rejection_type, "other")

    def test_state_change_hook_is_batched_with_previous_states(self):
        calls = []
        original = AdvocacyReferral._on_state_change

        def spy(records, previous_states):
            calls.append((set(records.ids), dict(previous_states)))
            return original(records, previous_states)

        with patch.object(AdvocacyReferral, "_on_state_change", spy):
            base = {"referrer_id": self.advocate.id, "user_id": self.rep.id}
            referrals = self.env["advocacy.referral"].create(
                [
                    dict(base, referred_email="a@initech.com", referred_company="Initech"),
                    dict(base, referred_email="x@umbrella.com", referred_company="Umbrella"),
                ]
            )
            self.assertEqual(calls[-1], (set(referrals.ids), {}))
            referrals.action_qualify()
        self.assertEqual(calls[-1], (set(referrals.ids), dict.fromkeys(referrals.ids, "new")))

    def test_referral_rejected_at_creation_reports_one_creation_hook(self):
        calls = []
        original = AdvocacyReferral._on_state_change

        def spy(records, previous_states):
            calls.append((records.mapped("state"), dict(previous_states)))
            return original(records, previous_states)

        with patch.object(AdvocacyReferral, "_on_state_change", spy):
            self._referral(referred_email="buy@globex.com")
        self.assertEqual(calls, [(["rejected"], {})])

    def test_referral_needs_a_way_to_reach_the_referred_party(self):
        count = self.env["advocacy.referral"].search_count([])
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self._referral(referred_email=False, referred_phone=False, partner_id=False)
        self.assertEqual(self.env["advocacy.referral"].search_count([]), count)
        self.assertTrue(self._referral(referred_email=False, referred_phone="+1 555 0100"))

    def test_invalid_email_is_refused(self):
        with self.assertRaises(ValidationError):
            self._referral(referred_email="not-an-email")

    def test_duplicate_of_existing_customer_is_rejected_with_reason(self):
        referral = self._referral(referred_company="Globex", referred_email="someone@globex-new.com")
        self.assertEqual(referral.state, "new", "name variants with legal forms are screened in Python only")
        referral = self._referral(referred_company="Other", referred_email="buy@globex.com")
        self.assertEqual(referral.state, "rejected")
        self.assertEqual(referral.rejection_type, "duplicate_customer")
        self.assertIn("Globex Corporation", referral.rejection_reason)
        self.assertIn("already a customer", referral.rejection_reason)

    def test_duplicate_of_customer_by_company_name(self):
        referral = self._referral(
            referred_company="globex corporation", referred_email="new.person@example.org"
        )
        self.assertEqual(referral.rejection_type, "duplicate_customer")

    def test_duplicate_of_open_lead_is_rejected(self):
        self.env["crm.lead"].create({"name": "Initech deal", "email_from": "boss@initech.com"})
        referral = self._referral(referred_email="boss@initech.com", referred_company="Someone")
        self.assertEqual(referral.state, "rejected")
        self.assertEqual(referral.rejection_type, "duplicate_lead")
        self.assertIn("Initech deal", referral.rejection_reason)

    def test_won_lead_is_not_an_open_lead(self):
        lead = self.env["crm.lead"].create({"name": "Old Initech deal", "email_from": "boss@initech.com"})
        lead.action_set_won()
        self.assertEqual(self._referral(referred_email="boss@initech.com").state, "new")

    def test_self_referral_same_entity(self):
        colleague = self.env["res.partner"].create(
            {"name": "Carl Colleague", "parent_id": self.advocate_company.id, "email": "carl@gmail.com"}
        )
        referral = self._referral(
            partner_id=colleague.id, referred_email="carl@gmail.com", referred_company=False
        )
        self.assertEqual(referral.state, "rejected")
        self.assertEqual(referral.rejection_type, "self_referral")
        self.assertIn("own company", referral.rejection_reason)

    def test_self_referral_same_private_domain(self):
        referral = self._referral(referred_email="friend@acme-robotics.com", referred_company="Friends Ltd")
        self.assertEqual(referral.rejection_type, "self_referral")
        self.assertIn("acme-robotics.com", referral.rejection_reason)

    def test_public_domain_is_not_self_referral_and_is_configurable(self):
        self.advocate.email = "ada@gmail.com"
        self.assertEqual(
            self._referral(referred_email="pal@gmail.com", referred_company="Pal Inc").state, "new"
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "advocacy_program.public_email_domains", "outlook.com"
        )
        referral = self._referral(referred_email="pal2@gmail.com", referred_company="Pal Two")
        self.assertEqual(referral.rejection_type, "self_referral")

    def test_cannot_refer_oneself(self):
        with self.assertRaises(ValidationError):
            self._referral(partner_id=self.advocate.id)
