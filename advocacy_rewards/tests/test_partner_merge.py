from odoo.tests import tagged

from .common import AdvocacyRewardsRpcCase


@tagged("post_install", "-at_install")
class TestPartnerMerge(AdvocacyRewardsRpcCase):
    """Merging two advocates with Odoo's contact merge wizard keeps the books: the kept contact's balance
    and lifetime points are the sums of its merged ledger, its tier follows, and a reward both held for the
    same source is kept once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["advocacy.tier"]
        cls.bronze = Tier.create({"name": "Merge Bronze", "sequence": 10, "threshold": 1})
        cls.silver = Tier.create({"name": "Merge Silver", "sequence": 20, "threshold": 800})
        cls.rule = cls._rule(name="Merge won", amount_fixed=500)
        cls.item = cls.env["advocacy.catalog.item"].create({"name": "Merge mug", "points_cost": 200})
        cls.alice_dup = cls.env["res.partner"].create({"name": "Alice A.", "email": cls.alice.email})

    def _merge(self, user, destination, *sources):
        partners = destination | self.env["res.partner"].concat(*sources)
        wizard_id = self._call_kw(
            user,
            "base.partner.merge.automatic.wizard",
            "create",
            [{"dst_partner_id": destination.id}],
            context={"active_model": "res.partner", "active_ids": partners.ids},
        )
        self._call_kw(user, "base.partner.merge.automatic.wizard", "action_merge", [[wizard_id]])
        self.assertFalse(self.env["res.partner"].browse([p.id for p in sources]).exists(), "merged away")

    def _ledger(self, partner):
        entries = self.env["advocacy.points.entry"].search([("partner_id", "=", partner.id)])
        lifetime = sum(
            e.points for e in entries if e.kind == "earn" or (e.kind == "reversal" and e.reward_id)
        )
        return sum(entries.mapped("points")), lifetime

    def test_merged_advocate_keeps_every_point_and_reaches_the_tier(self):
        self._referral(self.alice).action_set_won()
        self._referral(self.alice_dup).action_set_won()
        self.env["advocacy.redemption"].create({"partner_id": self.alice_dup.id, "item_id": self.item.id})
        self.env["advocacy.tier"]._recompute_tiers(partner_ids=(self.alice | self.alice_dup).ids)
        self.assertEqual(
            (self.alice.advocacy_points_balance, self.alice.advocacy_points_lifetime), (500, 500)
        )
        self.assertEqual(self.alice_dup.advocacy_points_balance, 300)
        self.assertEqual(self.alice.advocacy_tier_id, self.bronze)
        # a rep who may edit contacts merges the duplicate into Alice, as in the Contacts app
        self._merge(self.rpc_rep, self.alice, self.alice_dup)
        self.assertEqual(self._ledger(self.alice), (800, 1000))
        self.assertEqual(self.alice.advocacy_points_balance, 800)
        self.assertEqual(self.alice.advocacy_points_lifetime, 1000)
        self.assertEqual(self.alice.advocacy_tier_id, self.silver, "1,000 lifetime points reach Silver")
        self.assertEqual(len(self._rewards(self.rule, self.alice)), 2)
        self.assertEqual(
            self.env["advocacy.redemption"].search([("partner_id", "=", self.alice.id)]).item_id, self.item
        )

    def test_a_reward_both_held_for_one_source_is_kept_once(self):
        """Alice referred a customer who turned out to be herself under another name: a rule rewarding both
        sides gave each contact 100 points for the same referral. Once merged, Alice keeps one reward and
        its 100 points; the duplicate's points are taken back in the ledger."""
        both = self._rule(
            name="Thanks to both", trigger="referral_submitted", beneficiary="both", amount_fixed=100
        )
        twin = self.env["res.partner"].create({"name": "Alicia Twin", "email": "alicia@twin-mail.example"})
        referral = self._referral(self.alice, partner_id=twin.id)
        self.assertEqual(self._rewards(both).partner_id, self.alice | twin)
        kept = self._rewards(both, self.alice)
        # the administrator merges contacts whose emails differ
        self._merge(self.rpc_admin, self.alice, twin)
        rewards = self._rewards(both)
        self.assertEqual(rewards, kept, "the destination's reward is kept, once")
        self.assertEqual(rewards.source, referral)
        self.assertEqual(rewards.state, "fulfilled")
        self.assertEqual(sum(rewards.entry_ids.mapped("points")), 100, "its entries net its 100 points")
        self.assertEqual(sorted(rewards.entry_ids.mapped("points")), [-100, 100, 100])
        self.assertIn("Alicia Twin", rewards.message_ids[0].body)
        self.assertEqual(self._ledger(self.alice), (100, 100))
        self.assertEqual(self.alice.advocacy_points_balance, 100)
        self.assertEqual(self.alice.advocacy_points_lifetime, 100)

    def test_a_pending_duplicate_gives_way_to_a_fulfilled_reward(self):
        """When only the merged-away contact's reward was fulfilled, that one is kept and the destination's
        pending one goes."""
        both = self._rule(
            name="Big thanks", trigger="referral_submitted", beneficiary="both", amount_fixed=100
        )
        twin = self.env["res.partner"].create({"name": "Alicia Twin", "email": "alicia@twin-mail.example"})
        self._referral(self.alice, partner_id=twin.id)
        # Alice's reward was still waiting for approval (as if issued above a threshold)
        pending = self._rewards(both, self.alice)
        self.env.cr.execute("UPDATE advocacy_reward SET state = 'pending' WHERE id = %s", pending.ids)
        self.env.cr.execute("DELETE FROM advocacy_points_entry WHERE reward_id = %s", pending.ids)
        self.env["advocacy.points.entry"]._recompute_partner_totals(self.alice.ids)
        fulfilled = self._rewards(both, twin)
        self._merge(self.rpc_admin, self.alice, twin)
        self.assertEqual(self._rewards(both), fulfilled)
        self.assertEqual(fulfilled.partner_id, self.alice)
        self.assertEqual(self.alice.advocacy_points_balance, 100)
        self.assertEqual(self._ledger(self.alice), (100, 100))

    def test_merge_hands_pending_tier_notes_to_the_kept_contact(self):
        """A duplicate whose tier note waits for the notes cron can be merged: its history moves to the
        kept contact, whose chatter then gets the note."""
        Change = self.env["advocacy.tier.change"]
        Change._advocacy_service().create({"partner_id": self.alice_dup.id, "new_tier_id": self.bronze.id})
        self._merge(self.rpc_rep, self.alice, self.alice_dup)
        history = Change.search([("partner_id", "=", self.alice.id)])
        self.assertEqual(history.new_tier_id, self.bronze)
        self.assertFalse(history.noted)
        Change._cron_log_tier_notes()
        self.assertTrue(history.noted)
        self.assertEqual(
            self.alice.message_ids.filtered(lambda m: "Merge Bronze" in str(m.body)).mapped("body"),
            ["<p>Advocate tier changed: no tier → Merge Bronze</p>"],
        )
