from odoo.tests import tagged

from .common import AdvocacyRewardsRpcCase


@tagged("post_install", "-at_install")
class TestTierLive(AdvocacyRewardsRpcCase):
    """An advocate's tier follows its ledger and its won referrals as they change (the nightly recomputation
    is a safety net): what the rep's click changes, the advocate's portal shows at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["advocacy.tier"]
        cls.bronze = Tier.create({"name": "Live Bronze", "sequence": 10, "basis": "points", "threshold": 1})
        cls.silver = Tier.create(
            {"name": "Live Silver", "sequence": 20, "basis": "points", "threshold": 1000}
        )
        cls.gold = Tier.create({"name": "Live Gold", "sequence": 30, "basis": "referrals", "threshold": 3})
        cls.platinum = Tier.create(
            {"name": "Live Platinum", "sequence": 40, "basis": "revenue", "threshold": 50000}
        )
        cls.rule = cls._rule(name="Live won", amount_fixed=300)
        cls.pia = cls.portal_user.partner_id
        cls.env["advocacy.tier"]._recompute_tiers(partner_ids=cls.pia.ids)

    def _referral_of(self, advocate):
        return self._referral(advocate, user_id=self.rpc_rep.id)

    def _portal_page(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open("/my/advocacy")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_won_referrals_move_the_tier_at_once(self):
        self.assertFalse(self.pia.advocacy_tier_id)
        referrals = [self._referral_of(self.pia) for _i in range(3)]
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_set_won", [referrals[0].ids])
        # 300 points earned: Bronze
        self.assertEqual(self.pia.advocacy_tier_id, self.bronze)
        self.assertIn("Live Bronze", self._portal_page())
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_set_won", [[r.id for r in referrals[1:]]])
        # three won referrals: Gold, on the portal too, without waiting for the night
        self.assertEqual(self.pia.advocacy_tier_id, self.gold)
        self.assertEqual(self.pia.advocacy_points_lifetime, 900)
        self.assertIn("Live Gold", self._portal_page())
        # one is lost again: back to what 600 lifetime points give (the reward was reversed)
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_set_lost", [referrals[2].ids])
        self.assertEqual(self.pia.advocacy_points_lifetime, 600)
        self.assertEqual(self.pia.advocacy_tier_id, self.bronze)
        self.assertIn("Advocate tier changed: Live Gold → Live Bronze", self.pia.message_ids[0].body)

    def test_won_referrals_without_points_move_the_tier(self):
        """No rule pays points here: the won referrals alone make Gold (the 16 won referrals of an advocate
        still showed Bronze on the portal)."""
        self.rule.action_archive()
        self.env["advocacy.points.entry"].create(
            {"name": "Old points", "partner_id": self.pia.id, "kind": "earn", "points": 10}
        )
        self.env.cr.flush()
        self.assertEqual(self.pia.advocacy_tier_id, self.bronze)
        referrals = [self._referral_of(self.pia) for _i in range(3)]
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_set_won", [[r.id for r in referrals]])
        self.assertEqual(self.pia.advocacy_points_lifetime, 10)
        self.assertEqual(self.pia.advocacy_tier_id, self.gold)
        self.assertIn("Live Gold", self._portal_page())
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_set_lost", [referrals[0].ids])
        self.assertEqual(self.pia.advocacy_tier_id, self.bronze)

    def test_points_posted_reversed_redeemed(self):
        referrals = [self._referral_of(self.alice) for _i in range(2)]
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_set_won", [[r.id for r in referrals]])
        self.assertEqual(self.alice.advocacy_tier_id, self.bronze)
        # a manager's goodwill adjustment is no earning: still Bronze
        self._call_kw(
            self.rpc_manager,
            "advocacy.points.entry",
            "create",
            [{"name": "Goodwill", "partner_id": self.alice.id, "kind": "adjust", "points": 500}],
        )
        self.assertEqual(self.alice.advocacy_tier_id, self.bronze)
        # a third reward takes the lifetime points to 900, a fourth to 1,200: Silver
        third, fourth = self._referral_of(self.alice), self._referral_of(self.alice)
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_qualify", [(third | fourth).ids])
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_set_won", [third.ids])
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_set_won", [fourth.ids])
        self.assertEqual(self.alice.advocacy_points_lifetime, 1200)
        self.assertEqual(self.alice.advocacy_tier_id, self.gold, "four won referrals: Gold")
        # spending points keeps the tier (lifetime points are what was earned)
        item = self.env["advocacy.catalog.item"].create({"name": "Live hoodie", "points_cost": 1500})
        self._call_kw(
            self.rpc_manager,
            "advocacy.redemption",
            "create",
            [{"partner_id": self.alice.id, "item_id": item.id}],
        )
        self.assertEqual(self.alice.advocacy_points_balance, 200)
        self.assertEqual(self.alice.advocacy_tier_id, self.gold)
        # a manager reverses one reward: four won referrals still, Gold stays
        self._call_kw(
            self.rpc_manager, "advocacy.reward", "action_reverse", [self._rewards(self.rule)[:1].ids]
        )
        self.assertEqual(self.alice.advocacy_points_lifetime, 900)
        self.assertEqual(self.alice.advocacy_tier_id, self.gold)
        # two deals are lost: two won referrals, 600 lifetime points left: Bronze
        self._call_kw(self.rpc_rep, "advocacy.referral", "action_set_lost", [(third | fourth).ids])
        self.assertEqual(self.alice.advocacy_points_lifetime, 600)
        self.assertEqual(self.alice.advocacy_tier_id, self.bronze)

    def test_referral_revenue_moves_the_tier(self):
        referral, order = self._won_with_order(self.pia, amount=60000)
        self.env.flush_all()
        self.env.cr.flush()  # the commit of the confirmation
        self.assertEqual(self.pia.advocacy_tier_id, self.platinum)
        # the order is cancelled inside the holding period: the revenue is gone, so is the reward and the tier
        order.user_id = self.rpc_rep
        self._cancel_order(self.rpc_rep, order)
        self.assertEqual(referral.revenue, 0)
        self.assertEqual(self.pia.advocacy_points_lifetime, 0)
        self.assertFalse(self.pia.advocacy_tier_id)

    def test_recomputation_is_set_based(self):
        """The queries of the recomputation do not grow with the number of advocates it moves."""
        Partner, Entry = self.env["res.partner"], self.env["advocacy.points.entry"]

        def queries_for(count):
            partners = Partner.create([{"name": f"Set-based {count} {i}"} for i in range(count)])
            Entry._post_bulk(
                [
                    {
                        "partner_id": p.id,
                        "company_id": self.company.id,
                        "kind": "earn",
                        "points": 50,
                        "name": "x",
                    }
                    for p in partners
                ]
            )
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.env.cr.flush()  # what the commit runs: the queued recomputation
            self.assertEqual(set(partners.mapped("advocacy_tier_id")), {self.bronze})
            return self.env.cr.sql_log_count - before

        queries_for(3)  # the first run fills Odoo's caches
        self.assertEqual(queries_for(5), queries_for(40))
