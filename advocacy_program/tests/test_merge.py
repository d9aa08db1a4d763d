"""Odoo's own merge wizards keep the program's books: codes, statuses, referral counts."""

from odoo.tests import new_test_user, tagged

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestContactMerge(AdvocacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a contact manager who knows nothing of the advocacy program merges duplicates
        cls.contact_manager = new_test_user(
            cls.env, login="adv_contacts", groups="base.group_user,base.group_partner_manager"
        )

    def _merge(self, partners, dst):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.contact_manager)
            .create({"partner_ids": [(6, 0, partners.ids)], "dst_partner_id": dst.id, "state": "selection"})
        )
        wizard.action_merge()
        self.assertFalse((partners - dst).exists(), "the merged-away contacts are gone")

    def _duplicate(self, **vals):
        values = {
            "name": "Ada Advocate (dup)",
            "email": self.advocate.email,
            "parent_id": self.advocate_company.id,
        }
        values.update(vals)
        return self.env["res.partner"].create(values)

    def test_advocate_merged_into_a_plain_duplicate_keeps_code_status_and_referrals(self):
        code = self.advocate.referral_code
        referral = self._referral()
        duplicate = self._duplicate()
        self._merge(self.advocate | duplicate, duplicate)
        self.assertEqual(duplicate.referral_code, code)
        self.assertEqual(duplicate.advocate_state, "active")
        self.assertEqual(referral.referrer_id, duplicate)
        self.assertEqual(duplicate.referral_count, 1)
        lead = self.env["crm.lead"].create(
            {"name": "Later", "referral_code": code, "email_from": "l@later.io"}
        )
        self.assertEqual(lead.referral_id.referrer_id, duplicate, "the shared link keeps attributing")

    def test_two_advocates_keep_the_kept_contacts_code(self):
        duplicate = self._duplicate(advocate_state="champion")
        kept_code, dropped_code = duplicate.referral_code, self.advocate.referral_code
        self._referral()
        self._referral(referrer_id=duplicate.id, referred_email="q@quux.io", referred_company="Quux")
        self._merge(self.advocate | duplicate, duplicate)
        self.assertEqual(duplicate.referral_code, kept_code)
        self.assertEqual(duplicate.advocate_state, "champion")
        self.assertEqual(duplicate.referral_count, 2)
        self.assertFalse(self.env["res.partner"].search_count([("referral_code", "=", dropped_code)]))

    def test_an_opt_out_survives_the_merge(self):
        duplicate = self._duplicate(advocate_state="opted_out", advocacy_do_not_ask=True)
        self._merge(self.advocate | duplicate, self.advocate)
        self.assertEqual(self.advocate.advocate_state, "opted_out")
        self.assertTrue(self.advocate.advocacy_do_not_ask)


@tagged("post_install", "-at_install")
class TestLeadMerge(AdvocacyCommon):
    def _merge(self, leads):
        wizard = (
            self.env["crm.merge.opportunity"]
            .with_user(self.rep)
            .with_context(active_ids=leads.ids, active_model="crm.lead")
            .create({"opportunity_ids": [(6, 0, leads.ids)], "user_id": self.rep.id})
        )
        return self.env["crm.lead"].browse(wizard.action_merge()["res_id"])

    def _lead(self, name, probability, **vals):
        values = {"name": name, "type": "opportunity", "user_id": self.rep.id, "probability": probability}
        values.update(vals)
        return self.env["crm.lead"].create(values)

    def test_absorbed_leads_referral_stops_counting(self):
        other = self.env["res.partner"].create(
            {
                "name": "Bea",
                "email": "bea@blue.io",
                "advocate_state": "champion",
                "account_manager_id": self.rep.id,
            }
        )
        head = self._lead("Initech (main)", 60, referral_code=self.code, email_from="paula@initech.com")
        tail = self._lead(
            "Initech (web)", 10, referral_code=other.referral_code, email_from="bill@initech-group.com"
        )
        kept, absorbed = head.referral_id, tail.referral_id
        self.assertEqual(other.referral_count, 1)
        merged = self._merge(head | tail)
        self.assertEqual(merged, head)
        self.assertEqual(merged.referral_id, kept)
        self.assertEqual(kept.lead_id, head)
        self.assertEqual(absorbed.state, "rejected")
        self.assertEqual(absorbed.rejection_type, "duplicate_lead")
        self.assertIn(head.display_name, absorbed.rejection_reason)
        other.invalidate_recordset(["referral_count"])
        self.assertEqual(other.referral_count, 0)

    def test_kept_lead_takes_the_referral_of_the_absorbed_one(self):
        head = self._lead("Initech (main)", 60, email_from="paula@initech.com")
        tail = self._lead("Initech (web)", 10, referral_code=self.code, email_from="bill@initech-group.com")
        referral = tail.referral_id
        merged = self._merge(head | tail)
        self.assertEqual(merged, head)
        self.assertEqual(merged.referral_id, referral)
        self.assertEqual(referral.lead_id, head)
        self.assertEqual(referral.state, "new")
        merged.action_set_won()
        self.assertEqual(referral.state, "won", "the kept lead moves the referral it took")


@tagged("post_install", "-at_install")
class TestScreeningSameTransaction(AdvocacyCommon):
    def test_lead_created_just_before_is_a_duplicate(self):
        self.env["crm.lead"].create({"name": "Fresh lead", "email_from": "Dup@Dup-Corp.io"})
        referral = self._referral(referred_email="dup@dup-corp.io", referred_company="Dup Corp")
        self.assertEqual(referral.state, "rejected")
        self.assertEqual(referral.rejection_type, "duplicate_lead")

    def test_customer_created_just_before_is_a_duplicate(self):
        customer = self.env["res.partner"].create(
            {"name": "Fresh Co", "is_company": True, "email": "x@fresh-co.io"}
        )
        self._order(customer).action_confirm()
        referral = self._referral(referred_email="x@fresh-co.io", referred_company="Fresh Co")
        self.assertEqual(referral.rejection_type, "duplicate_customer")
