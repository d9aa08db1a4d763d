from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestSecurity(AdvocacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._referral(cls, user_id=cls.rep.id)
        other_advocate = cls.env["res.partner"].create({"name": "Stranger", "email": "s@stranger.org"})
        cls.theirs = cls._referral(
            cls,
            referrer_id=other_advocate.id,
            user_id=cls.rep2.id,
            referred_email="z@zeta.com",
            referred_company="Zeta",
        )

    def test_rep_sees_own_pipeline_only(self):
        Referral = self.env["advocacy.referral"].with_user(self.rep)
        self.assertEqual(Referral.search([]), self.mine)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.rep).read(["state"])

    def test_rep_sees_referrals_of_accounts_he_manages(self):
        referral = self._referral(user_id=self.rep2.id, referred_email="q@quux.com", referred_company="Quux")
        self.assertIn(referral, self.env["advocacy.referral"].with_user(self.rep).search([]))

    def test_the_salesperson_manages_an_advocate_without_account_manager(self):
        """Who manages an advocate has one definition (res.partner.advocacy_manager_id), in the record
        rules as in the activities: the salesperson of an advocate without account manager gets the
        moment's ask activity and can open the moment and the advocate's referral. Before, the program's
        rules knew only the account manager: the rep was handed an activity on a moment they could not
        open."""
        advocate = self.env["res.partner"].create(
            {"name": "Sally Salesperson's", "email": "sally@sally-corp.example", "user_id": self.rep2.id}
        )
        self.assertEqual(advocate._advocacy_account_manager(), self.rep2)
        moment = self.env["advocacy.moment"]._trigger(advocate, "high_usage")
        self.assertEqual(moment.activity_ids.user_id, self.rep2)
        referral = self._referral(
            referrer_id=advocate.id,
            user_id=self.rep.id,
            referred_email="p@pal.example",
            referred_company="Pal",
        )
        self.assertEqual(moment.with_user(self.rep2).read(["state"])[0]["state"], "asked")
        self.assertIn(referral, self.env["advocacy.referral"].with_user(self.rep2).search([]))
        # an account manager takes over: the salesperson no longer manages the advocate
        advocate.account_manager_id = self.rep
        self.assertEqual(advocate._advocacy_account_manager(), self.rep)
        self.assertNotIn(referral, self.env["advocacy.referral"].with_user(self.rep2).search([]))
        with self.assertRaises(AccessError):
            advocate.with_user(self.rep).write({"advocacy_manager_id": self.rep2.id})

    def test_manager_sees_all(self):
        found = self.env["advocacy.referral"].with_user(self.manager).search([])
        self.assertIn(self.mine, found)
        self.assertIn(self.theirs, found)

    def test_portal_has_no_model_access(self):
        """Advocates see their referrals on the portal page, which shows an explicit list of fields;
        the model itself (rejection reasons naming our leads and customers) is closed to them."""
        Referral = self.env["advocacy.referral"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            Referral.search([])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.portal_user).read(["rejection_reason"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.portal_user).write({"note": "hack"})

    def test_internal_user_without_advocacy_group_has_no_access(self):
        user = new_test_user(self.env, login="adv_plain", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["advocacy.referral"].with_user(user).search([])

    def test_other_company_records_are_invisible(self):
        company_b = self.env["res.company"].create({"name": "Advocacy B"})
        other = self._referral(company_id=company_b.id, referred_email="b@beta.com", referred_company="Beta")
        self.manager.company_ids = self.company
        found = self.env["advocacy.referral"].with_user(self.manager).search([])
        self.assertNotIn(other, found)
        self.assertIn(self.mine, found)
        review = self.env["advocacy.review"].create(
            {"partner_id": self.advocate_company.id, "company_id": company_b.id}
        )
        self.assertNotIn(review, self.env["advocacy.review"].with_user(self.manager).search([]))

    def test_rep_lead_referral_creation_needs_no_advocacy_rights_on_lead(self):
        salesman = new_test_user(self.env, login="adv_sales", groups="sales_team.group_sale_salesman")
        lead = (
            self.env["crm.lead"]
            .with_user(salesman)
            .create({"name": "X", "referral_code": self.code, "email_from": "x@x-corp.com"})
        )
        self.assertTrue(lead.sudo().referral_id)
