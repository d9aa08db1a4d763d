from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AdvocacyRewardsCase


@tagged("post_install", "-at_install")
class TestRewardRules(AdvocacyRewardsCase):
    def test_won_referral_earns_once(self):
        rule = self._rule()
        referral = self._referral()
        self.assertFalse(self._rewards(rule), "nothing is earned before the deal is won")
        referral.action_set_won()
        reward = self._rewards(rule)
        self.assertEqual(len(reward), 1)
        self.assertEqual(reward.partner_id, self.alice)
        self.assertEqual(reward.points, 500)
        self.assertEqual(reward.state, "fulfilled", "under the approval threshold points are posted at once")
        self.assertEqual(reward.source, referral)
        self.assertEqual(self.alice.advocacy_points_balance, 500)
        self.assertEqual(self.alice.advocacy_points_lifetime, 500)
        # a second evaluation (hook, cron, button) earns nothing; the first full run may reward the demo
        # referrals, the next one creates nothing at all
        rule._evaluate()
        self.assertFalse(rule._evaluate())
        self.assertFalse(self.env["advocacy.reward.rule"]._cron_evaluate())
        referral._on_state_change({referral.id: "qualified"})
        self.assertEqual(len(self._rewards(rule, self.alice)), 1)
        self.assertEqual(self.alice.advocacy_points_balance, 500)
        self.assertEqual(
            self.env["advocacy.points.entry"].search_count([("partner_id", "=", self.alice.id)]), 1
        )

    def test_submitted_and_qualified_triggers(self):
        submitted = self._rule(name="Thanks", trigger="referral_submitted", amount_fixed=20)
        qualified = self._rule(name="Qualified", trigger="referral_qualified", amount_fixed=80)
        referral = self._referral()
        self.assertEqual(self._rewards(submitted).points, 20)
        self.assertFalse(self._rewards(qualified))
        referral.action_qualify()
        self.assertEqual(self._rewards(qualified).points, 80)
        self.assertEqual(self.alice.advocacy_points_balance, 100)

    def test_rejected_referral_earns_nothing_and_reverses(self):
        submitted = self._rule(name="Thanks", trigger="referral_submitted", amount_fixed=20)
        referral = self._referral()
        self.assertEqual(self.alice.advocacy_points_balance, 20)
        referral.rejection_reason = "Duplicate of an open lead"
        referral.action_reject()
        self.assertEqual(self._rewards(submitted).state, "reversed")
        self.assertEqual(self.alice.advocacy_points_balance, 0)
        # a self-referral (same email domain as the referrer) is rejected at once and earns nothing
        self._referral(referred_email="colleague@acme-adv.example", referred_company="Other")
        self.assertEqual(len(self._rewards(submitted)), 1)

    def test_replaced_referrer_loses_the_reward_the_new_one_earns(self):
        submitted = self._rule(name="Thanks", trigger="referral_submitted", amount_fixed=20)
        lead = self.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "email_from": "x@replaced-deal.example"}
        )
        lead.referrer_id = self.alice
        self.assertEqual(self.alice.advocacy_points_balance, 20)
        lead.referrer_id = self.bob
        self.assertEqual(self._rewards(submitted, self.alice).state, "reversed")
        self.assertEqual(self.alice.advocacy_points_balance, 0)
        self.assertEqual(self._rewards(submitted, self.bob).points, 20)
        self.assertEqual(self.bob.advocacy_points_balance, 20)

    def test_both_beneficiaries(self):
        rule = self._rule(beneficiary="both", amount_fixed=100)
        referral, _order = self._won_with_order()
        rewards = self._rewards(rule)
        self.assertEqual(rewards.partner_id, self.alice | referral.partner_id)
        self.assertEqual(referral.partner_id.advocacy_points_balance, 100)

    def test_percent_with_cap_min_deal_and_approval(self):
        rule = self._rule(
            reward_type="cash",
            amount_mode="percent",
            amount_percent=10,
            amount_cap=300,
            min_deal_amount=1500,
            approval_threshold=250,
        )
        self._won_with_order(amount=1000)
        self.assertFalse(self._rewards(rule), "below the minimum deal")
        medium, _order = self._won_with_order(amount=2000)
        big, _order = self._won_with_order(amount=5000)
        rewards = self._rewards(rule)
        by_source = {r.source_id: r for r in rewards}
        self.assertEqual(by_source[medium.id].amount, 200.0)
        self.assertEqual(by_source[medium.id].state, "approved", "under the approval threshold")
        self.assertEqual(by_source[big.id].amount, 300.0, "10% of 5,000 capped at 300")
        self.assertEqual(by_source[big.id].state, "pending", "above the approval threshold")
        self.assertFalse(self.alice.advocacy_points_balance, "cash is not points")
        # a rep cannot approve, a manager can; cash stays approved until finance pays it
        with self.assertRaises(UserError):
            by_source[big.id].with_user(self.rep).action_approve()
        by_source[big.id].with_user(self.manager).action_approve()
        self.assertEqual(by_source[big.id].state, "approved")
        self.assertEqual(by_source[big.id].approved_uid, self.manager)
        by_source[big.id].with_user(self.manager).action_mark_fulfilled()
        self.assertEqual(by_source[big.id].state, "fulfilled")

    def test_ladder_within_period(self):
        rule = self._rule(amount_mode="ladder", ladder_steps="1:50, 3:100", period="year")
        with freeze_time("2025-03-10"):
            first = self._referral()
            second = self._referral()
            third = self._referral()
            (first | second | third).action_set_won()
        points = [
            self._rewards(rule).filtered(lambda r, s=s: r.source_id == s.id).points
            for s in (first, second, third)
        ]
        self.assertEqual(points, [50, 50, 100])
        with freeze_time("2026-01-05"):
            fourth = self._referral()
            fourth.action_set_won()
        self.assertEqual(
            self._rewards(rule).filtered(lambda r: r.source_id == fourth.id).points,
            50,
            "a new year starts over",
        )

    def test_payback_points_with_tier_multiplier(self):
        gold = self.env["advocacy.tier"].create({"name": "Gold", "threshold": 0, "points_multiplier": 1.5})
        rule = self._rule(
            amount_mode="payback",
            payback_contract_months=12,
            payback_margin_percent=60,
            payback_months=3,
            payback_share_percent=25,
            points_per_currency=1,
        )
        self.env.cr.execute(
            "UPDATE res_partner SET advocacy_tier_id = %s WHERE id = %s", (gold.id, self.alice.id)
        )
        self.alice.invalidate_recordset()  # the tier is set by the tier recomputation, in SQL
        self._won_with_order(amount=24000)
        # 24,000 / 12 * 60% * 3 months * 25% = 900 currency -> 900 points x 1.5 = 1,350
        self.assertEqual(self._rewards(rule).points, 1350)

    def test_caps_and_budget(self):
        rule = self._rule(amount_fixed=50, cap_per_advocate=120, period="month")
        with freeze_time("2025-05-02"):
            for _i in range(3):
                self._referral().action_set_won()
            self.assertEqual(sorted(self._rewards(rule).mapped("points")), [20, 50, 50])
            self._referral().action_set_won()
            self.assertEqual(len(self._rewards(rule)), 3, "the cap is exhausted: nothing more this month")
        with freeze_time("2025-06-02"):
            self._referral().action_set_won()
            self.assertEqual(len(self._rewards(rule)), 4, "a new month, a new cap")
        budget_rule = self._rule(name="Budget", amount_fixed=100, budget=150, trigger="referral_submitted")
        self._referral(self.bob)
        self._referral(self.bob)
        self._referral(self.bob)
        self.assertEqual(sorted(self._rewards(budget_rule).mapped("points")), [50, 100])
        self.assertEqual(budget_rule.budget_used, 150)

    def test_conditions(self):
        tag = self.env["res.partner.category"].create({"name": "Reference customer"})
        belgium = self.env.ref("base.be")
        rule = self._rule(partner_category_ids=[(6, 0, tag.ids)], country_ids=[(6, 0, belgium.ids)])
        self._referral().action_set_won()
        self.assertFalse(self._rewards(rule), "Alice has neither the tag nor the country")
        self.advocate_company.category_id = tag
        self.alice.country_id = belgium
        referral = self._referral()
        referral.action_set_won()
        self.assertEqual(
            self._rewards(rule).source_id, referral.id, "the company's tag counts for its contact"
        )
        category = self.env["product.category"].create({"name": "Licences"})
        cat_rule = self._rule(name="Licences only", product_category_ids=[(6, 0, category.ids)])
        self._won_with_order()
        self.assertFalse(self._rewards(cat_rule))
        self.product.categ_id = category
        referral, _order = self._won_with_order()
        self.assertEqual(self._rewards(cat_rule).source_id, referral.id)

    def test_validity_dates(self):
        rule = self._rule(date_start=date(2025, 1, 1), date_end=date(2025, 6, 30))
        with freeze_time("2025-07-15"):
            self._referral().action_set_won()
        self.assertFalse(self._rewards(rule))
        with freeze_time("2025-06-15"):
            self._referral().action_set_won()
        self.assertEqual(len(self._rewards(rule)), 1)

    def test_cancelled_deal_in_holding_period_reverses(self):
        rule = self._rule(holding_days=30)
        referral, order = self._won_with_order(amount=1000)
        reward = self._rewards(rule)
        self.assertEqual(reward.state, "fulfilled")
        self.assertEqual(self.alice.advocacy_points_balance, 500)
        order._action_cancel()
        self.assertEqual(referral.revenue, 0)
        self.assertEqual(reward.state, "reversed")
        self.assertEqual(self.alice.advocacy_points_balance, 0)
        self.assertEqual(self.alice.advocacy_points_lifetime, 0, "reversed points were never really earned")
        self.assertEqual(sorted(reward.entry_ids.mapped("points")), [-500, 500])
        self.assertEqual(set(reward.entry_ids.mapped("kind")), {"earn", "reversal"})

    def test_lost_after_holding_period_keeps_the_reward(self):
        rule = self._rule(holding_days=30)
        with freeze_time("2025-01-10"):
            referral = self._referral()
            referral.action_set_won()
        with freeze_time("2025-03-01"):
            referral.action_set_lost()
        self.assertEqual(
            self._rewards(rule).state, "fulfilled", "the reward is final after its holding period"
        )
        self.assertEqual(self.alice.advocacy_points_balance, 500)

    def test_lost_within_holding_period_reverses(self):
        rule = self._rule(holding_days=30)
        referral = self._referral()
        referral.action_set_won()
        referral.action_set_lost()
        self.assertEqual(self._rewards(rule).state, "reversed")
        self.assertEqual(self.alice.advocacy_points_balance, 0)

    def test_coupon_reward(self):
        program = self.env["loyalty.program"].create(
            {"name": "Referral thank-you coupon", "program_type": "coupons", "trigger": "with_code"}
        )
        rule = self._rule(reward_type="coupon", loyalty_program_id=program.id, coupon_validity_days=90)
        self._referral().action_set_won()
        reward = self._rewards(rule)
        self.assertEqual(reward.state, "fulfilled")
        self.assertEqual(reward.loyalty_card_id.partner_id, self.alice)
        self.assertEqual(reward.loyalty_card_id.program_id, program)
        today = fields.Date.context_today(reward)  # the user's day, as the reward computes it
        self.assertEqual(reward.loyalty_card_id.expiration_date, today + timedelta(days=90))

    def test_rule_configuration_checks(self):
        with self.assertRaises(ValidationError):
            self._rule(amount_mode="ladder", ladder_steps="first:50")
        with self.assertRaises(ValidationError):
            self._rule(reward_type="coupon")
        with self.assertRaises(ValidationError):
            self._rule(amount_fixed=-5)

    def test_unique_reward_in_database(self):
        rule = self._rule()
        referral = self._referral()
        referral.action_set_won()
        reward = self._rewards(rule)
        again = self.env["advocacy.reward"]._insert_bulk(
            [
                {
                    "rule_id": rule.id,
                    "partner_id": self.alice.id,
                    "company_id": self.company.id,
                    "state": "approved",
                    "points": 500,
                    "date": date.today(),
                    "source_model": "advocacy.referral",
                    "source_id": referral.id,
                }
            ]
        )
        self.assertFalse(again, "the database ignores a second reward for the same rule, source and partner")
        self.assertEqual(self._rewards(rule), reward)
