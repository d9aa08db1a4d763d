"""The advocates' stored referral figures (won referrals, referral revenue, advocate score): per company,
kept by the referral service through a deal's life, a merge and an upgrade, and what lists sort, filter
and group by."""

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import AdvocacyCommon

FIGURES = ("referral_won_count", "referral_revenue", "advocate_score")


@tagged("post_install", "-at_install")
class TestReferralFigures(AdvocacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.env["res.partner"].create({"name": "Initech", "is_company": True})
        cls.company_b = cls.env["res.company"].create({"name": "Advocacy B Ltd"})
        cls.rep_b = new_test_user(
            cls.env,
            login="adv_rep_b",
            groups="advocacy_program.group_advocacy_user",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.rep.company_ids = [Command.set(cls.company.ids)]

    def _opportunity(self, **vals):
        """An opportunity of 5,000 for Initech with the advocate's code."""
        values = {
            "type": "opportunity",
            "name": "Initech deal",
            "partner_id": self.prospect.id,
            "email_from": "paula@initech.com",
            "expected_revenue": 5000,
            "referral_code": self.code,
            "user_id": self.rep.id,
        }
        return self.env["crm.lead"].create({**values, **vals})

    def _figures(self, partner, user=None):
        partner = partner.with_user(user or self.rep)
        partner.invalidate_recordset()
        return (partner.referral_won_count, partner.referral_revenue, partner.advocate_score)

    def test_won_lost_rejected_and_deleted_referrals_move_the_figures(self):
        # an active advocate (10 points) with one referral (4 points)
        self.assertEqual(self._figures(self.advocate), (0, 0.0, 10))
        lead = self._opportunity()
        referral = lead.referral_id
        self.assertEqual(self._figures(self.advocate), (0, 0.0, 14))
        lead.action_set_won()
        # + a win (10) and 5,000 of revenue (5 * log10(50) = 8.5 -> 8)
        self.assertEqual(self._figures(self.advocate), (1, 5000.0, 32))
        self.assertEqual(self._figures(self.advocate_company)[:2], (1, 5000.0), "the company rolls up")
        referral.with_user(self.rep).action_set_lost()
        self.assertEqual(self._figures(self.advocate), (0, 0.0, 14))
        second = self._referral(
            referred_email="q@quux.io", referred_company="Quux", rejection_reason="A duplicate"
        )
        second.with_user(self.rep).action_reject()
        self.assertEqual(self._figures(self.advocate), (0, 0.0, 14), "a rejected referral counts nothing")
        self.advocate.write({"pyramid_level": "2"})
        self.assertEqual(self._figures(self.advocate)[2], 20, "the contact's own level moves the score")
        referral.unlink()
        self.assertEqual(self._figures(self.advocate), (0, 0.0, 16))
        review = self.env["advocacy.review"].create({"partner_id": self.advocate.id, "health": "good"})
        self.assertEqual(self._figures(self.advocate)[2], 19, "a good business review counts at once")
        review.health = "at_risk"
        self.assertEqual(self._figures(self.advocate)[2], 16)

    def test_each_company_sees_its_own_figures(self):
        self._opportunity().action_set_won()
        in_b = self._referral(
            referred_email="b@bravo.io", referred_company="Bravo", company_id=self.company_b.id, user_id=False
        )
        in_b.action_set_won()
        in_b._advocacy_service().write({"revenue": 700.0})
        in_b._on_revenue_change()
        self.assertEqual(self._figures(self.advocate)[:2], (1, 5000.0))
        self.assertEqual(self._figures(self.advocate, self.rep_b)[:2], (1, 700.0))
        # the list view may sort and group by them
        described = (
            self.env["res.partner"].with_user(self.rep).fields_get(list(FIGURES), ["sortable", "groupable"])
        )
        for name in FIGURES:
            self.assertEqual(described[name], {"sortable": True, "groupable": True}, name)
        # sorted and filtered by the current company's value
        for user, revenue in ((self.rep, 5000.0), (self.rep_b, 700.0)):
            Partner = self.env["res.partner"].with_user(user)
            found = Partner.search(
                [("referral_revenue", ">", 600), ("id", "in", (self.advocate | self.customer).ids)],
                order="referral_revenue desc",
            )
            self.assertEqual(found, self.advocate)
            self.assertEqual(found.referral_revenue, revenue)
            self.assertFalse(Partner.search([("referral_revenue", ">", 5000), ("id", "=", self.advocate.id)]))
        groups = (
            self.env["res.partner"]
            .with_user(self.rep_b)
            .read_group(
                [("id", "in", (self.advocate | self.customer).ids)],
                ["referral_revenue:sum"],
                ["referral_won_count"],
            )
        )
        self.assertEqual({g["referral_won_count"]: g["referral_revenue"] for g in groups}, {1: 700.0, 0: 0.0})

    def test_a_new_company_scores_the_advocates_there(self):
        company_c = self.env["res.company"].create({"name": "Advocacy C Ltd"})
        self.assertEqual(self.advocate.with_company(company_c).advocate_score, 10)

    def test_nobody_writes_them_but_the_service(self):
        for user in (self.rep, self.manager):
            for vals in ({"referral_revenue": 1e6}, {"advocate_score": 100}, {"referral_won_count": 9}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    self.advocate.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            self.advocate.sudo().write({"advocate_score": 100})
        with self.assertRaises(AccessError):
            self.env["res.partner"].sudo().create({"name": "Forged", "referral_revenue": 99.0})

    def test_merge_recomputes_the_kept_contact(self):
        self._opportunity().action_set_won()
        duplicate = self.env["res.partner"].create(
            {"name": "Ada (dup)", "email": self.advocate.email, "parent_id": self.advocate_company.id}
        )
        self._referral(referrer_id=duplicate.id, referred_email="q@quux.io", referred_company="Quux")
        contacts = new_test_user(
            self.env, login="adv_merger", groups="base.group_user,base.group_partner_manager"
        )
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(contacts)
            .create(
                {
                    "partner_ids": [Command.set((self.advocate | duplicate).ids)],
                    "dst_partner_id": duplicate.id,
                }
            )
        )
        wizard.action_merge()
        # one win of 5,000 and two referrals, on the kept contact (an active advocate after the merge)
        self.assertEqual(self._figures(duplicate), (1, 5000.0, 10 + 8 + 10 + 8))

    def test_install_and_upgrade_recompute_them(self):
        self._opportunity().action_set_won()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET referral_won_count = NULL, referral_revenue = NULL, advocate_score = NULL"
        )
        self.env.invalidate_all()
        self.assertEqual(self._figures(self.advocate), (0, 0.0, 0))
        self.env["res.partner"]._advocacy_store_all_figures()
        self.assertEqual(self._figures(self.advocate), (1, 5000.0, 32))

    def test_queries_of_a_won_lead_are_bounded(self):
        lead = self._opportunity()
        other = self._opportunity(email_from="other@initech.com", name="Second deal")
        lead.action_set_won()  # caches of a first win
        self.env.flush_all()
        referrers = other.referral_id._advocacy_referrers()
        # storing the referrer's and its company's figures in every company: referrals' aggregate,
        # reviews, asks, companies, the UPDATE
        with self.assertQueryCount(5):
            referrers._advocacy_store_figures()
        # the same number for a batch of contacts as for two
        many = self.env["res.partner"].create(
            [{"name": f"Advocate {i}", "advocate_state": "active"} for i in range(40)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        # (and the contacts' status and level, read once for the batch)
        with self.assertQueryCount(6):
            (referrers | many)._advocacy_store_figures()
        self.assertEqual(many[0].advocate_score, 10)
