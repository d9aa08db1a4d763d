from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from markupsafe import Markup

from odoo.tests import tagged

from .common import AdvocacyRewardsCase


@tagged("post_install", "-at_install")
class TestTiers(AdvocacyRewardsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["advocacy.tier"]
        cls.bronze = Tier.create({"name": "Bronze", "sequence": 10, "basis": "points", "threshold": 1})
        cls.silver = Tier.create(
            {"name": "Silver", "sequence": 20, "basis": "points", "threshold": 1000, "grace_days": 30}
        )
        cls.gold = Tier.create({"name": "Gold", "sequence": 30, "basis": "referrals", "threshold": 2})

    def _post(self, partner, points, kind="earn"):
        self.env["advocacy.points.entry"].create(
            {"name": "test", "partner_id": partner.id, "kind": kind, "points": points}
        )

    def test_tiers_from_points_and_referrals(self):
        self._post(self.alice, 1200)
        self._post(self.bob, 10)
        with freeze_time("2025-04-01"):
            changed = self.env["advocacy.tier"]._recompute_tiers(partner_ids=(self.alice | self.bob).ids)
        self.assertEqual(changed, 2)
        self.assertEqual(self.alice.advocacy_tier_id, self.silver)
        self.assertEqual(str(self.alice.advocacy_tier_since), "2025-04-01")
        self.assertEqual(self.bob.advocacy_tier_id, self.bronze)
        self.assertIn("Silver", self.alice.message_ids[0].body, "the change is on the chatter")
        # two won referrals: Gold, whatever the points
        self._referral(self.bob).action_set_won()
        self._referral(self.bob).action_set_won()
        self.env["advocacy.tier"]._recompute_tiers()
        self.assertEqual(self.bob.advocacy_tier_id, self.gold)
        # nothing changed: nothing written, nothing logged
        self.env["advocacy.tier"]._recompute_tiers()
        messages = len(self.bob.message_ids)
        self.assertEqual(self.env["advocacy.tier"]._recompute_tiers(), 0)
        self.assertEqual(len(self.bob.message_ids), messages)

    def test_downgrade_waits_for_the_grace_period(self):
        self._post(self.alice, 1200)
        with freeze_time("2025-04-01"):
            self.env["advocacy.tier"]._recompute_tiers()
        self.assertEqual(self.alice.advocacy_tier_id, self.silver)
        # a reversal takes lifetime points below the Silver threshold (an adjustment would not)
        self.env.cr.execute(
            "UPDATE res_partner SET advocacy_points_lifetime = 500 WHERE id = %s", (self.alice.id,)
        )
        self.alice.invalidate_recordset()
        with freeze_time("2025-05-01"):
            self.env["advocacy.tier"]._recompute_tiers()
        self.assertEqual(self.alice.advocacy_tier_id, self.silver)
        self.assertEqual(str(self.alice.advocacy_tier_grace_until), "2025-05-31")
        with freeze_time("2025-05-31"):
            self.env["advocacy.tier"]._recompute_tiers()
        self.assertEqual(self.alice.advocacy_tier_id, self.silver)
        with freeze_time("2025-06-01"):
            self.env["advocacy.tier"]._recompute_tiers()
        self.assertEqual(self.alice.advocacy_tier_id, self.bronze)
        self.assertFalse(self.alice.advocacy_tier_grace_until)

    def test_a_company_counts_the_won_referrals_of_its_contacts(self):
        """One definition of "referrals won" (advocacy.referral), rolled up as the contact's form shows
        it: the company of two advocates who each won a referral reaches the tier of two won referrals.
        Before, a tier counted only the referrals a contact made itself: the company stayed without."""
        carol = self.env["res.partner"].create(
            {
                "name": "Carol Advocate",
                "email": "carol@acme-adv.example",
                "parent_id": self.advocate_company.id,
            }
        )
        self._referral(self.alice).action_set_won()
        self._referral(carol).action_set_won()
        self.env["advocacy.tier"]._recompute_tiers()
        self.assertEqual(self.advocate_company.referral_won_count, 2)
        self.assertEqual(self.advocate_company.advocacy_tier_id, self.gold)
        self.assertIn("Gold", self.advocate_company.message_ids[0].body, "the change is on its chatter")
        self.assertEqual(self.alice.referral_won_count, 1)
        self.assertFalse(self.alice.advocacy_tier_id, "one won referral each: below Gold")

    def test_won_referrals_count_in_the_advocates_company(self):
        """A referral won in another company does not lift a tier of the advocate's company (the
        contact's counters never counted it there); a contact shared between companies counts them all.
        Before, a tier counted the advocate's won referrals of every company."""
        company_b = self.env["res.company"].create({"name": "Tier Company B"})
        self.bob.company_id = self.company
        for _i in range(2):
            self._referral(self.bob, company_id=company_b.id).action_set_won()
        self.env["advocacy.tier"]._recompute_tiers()
        self.assertFalse(self.bob.advocacy_tier_id)
        self.assertEqual(self.bob.with_context(allowed_company_ids=self.company.ids).referral_won_count, 0)
        self.bob.company_id = False
        self.env["advocacy.tier"]._recompute_tiers()
        self.assertEqual(self.bob.advocacy_tier_id, self.gold)

    def test_tier_multiplier_applies_to_points_rewards(self):
        self.silver.points_multiplier = 2.0
        self._post(self.alice, 1000)
        self.env["advocacy.tier"]._recompute_tiers()
        rule = self._rule(amount_fixed=100)
        self._referral().action_set_won()
        self.assertEqual(self._rewards(rule).points, 200)

    def _assert_alice_silver_bob_bronze_noted(self):
        """Alice moved Bronze → Silver and Bob no tier → Bronze on 2025-04-01, each with its note."""
        self.env.invalidate_all()
        self.assertRecordValues(
            self.alice | self.bob,
            [
                {"advocacy_tier_id": self.silver.id, "advocacy_tier_since": date(2025, 4, 1)},
                {"advocacy_tier_id": self.bronze.id, "advocacy_tier_since": date(2025, 4, 1)},
            ],
        )
        for partner, old, new in ((self.alice, "Bronze", self.silver), (self.bob, "no tier", self.bronze)):
            note = partner.message_ids[0]
            self.assertEqual(note.body, Markup("<p>Advocate tier changed: %s → %s</p>") % (old, new.name))
            self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(note.author_id, self.env.user.partner_id)

    def test_batch_writes_tiers_and_notes(self):
        """A batch of changes writes each contact's tier, its date and a chatter note by the current
        user (one ORM write per target tier, the notes in one `_message_log_batch`)."""
        self._post(self.alice, 1200)
        self._post(self.bob, 10)
        self.env.cr.execute(
            "UPDATE res_partner SET advocacy_tier_id = %s, advocacy_tier_since = '2020-01-01' WHERE id = %s",
            (self.bronze.id, self.alice.id),
        )
        with freeze_time("2025-04-01"):
            self.assertEqual(
                self.env["advocacy.tier"]._recompute_tiers(partner_ids=(self.alice | self.bob).ids), 2
            )
        self._assert_alice_silver_bob_bronze_noted()
        history = self.env["advocacy.tier.change"].search([("partner_id", "in", (self.alice | self.bob).ids)])
        self.assertRecordValues(
            history.sorted("id"),
            [
                {"old_tier_id": self.bronze.id, "new_tier_id": self.silver.id, "noted": True},
                {"old_tier_id": False, "new_tier_id": self.bronze.id, "noted": True},
            ],
        )

    def _large_run(self):
        """Alice Bronze → Silver and Bob no tier → Bronze on 2025-04-01 in a run past the batch of notes
        (patched to 2 changes): the tiers are written, the notes left to the notes cron."""
        self._post(self.alice, 1200)
        self._post(self.bob, 10)
        self.env.cr.execute(
            "UPDATE res_partner SET advocacy_tier_id = %s, advocacy_tier_since = '2020-01-01' WHERE id = %s",
            (self.bronze.id, self.alice.id),
        )
        cron = self.env.ref("advocacy_rewards.ir_cron_advocacy_tier_notes")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        with patch.object(type(self.env["advocacy.tier"]), "TIER_NOTES_BATCH", 2), freeze_time("2025-04-01"):
            self.assertEqual(
                self.env["advocacy.tier"]._recompute_tiers(partner_ids=(self.alice | self.bob).ids), 2
            )
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + 1,
            "the recomputation kicks the notes cron",
        )
        return cron

    def _run_notes_cron(self, cron, batch_size):
        """The notes cron as the scheduler runs it: its server action as the cron's user, again while
        `_notify_progress` reports remaining notes. Returns the reported (done, remaining) pairs."""
        reports = []

        def notify(records, *, done, remaining, deactivate=False):
            reports.append((done, remaining))

        model_class = self.registry["advocacy.tier.change"]
        original = model_class._cron_log_tier_notes
        with (
            patch.object(self.registry["ir.cron"], "_notify_progress", notify),
            patch.object(
                model_class, "_cron_log_tier_notes", lambda records: original(records, batch_size=batch_size)
            ),
        ):
            for _run in range(10):
                cron.ir_actions_server_id.with_user(cron.user_id).run()
                if not reports[-1][1]:
                    break
        return reports

    def test_large_run_leaves_the_notes_to_the_cron(self):
        """Past a batch of notes (the nightly run after a new tier) the tiers change at once and the
        history lists both changes; the notes cron writes the notes through `_message_log_batch`, a
        batch a run, reporting what remains: the chatter reads the same as a small run's."""
        cron = self._large_run()
        for partner in self.alice | self.bob:
            self.assertFalse(
                partner.message_ids.filtered(lambda m: "Advocate tier changed" in str(m.body)),
                "the note waits for the cron",
            )
        history = self.env["advocacy.tier.change"].search([("partner_id", "in", (self.alice | self.bob).ids)])
        self.assertRecordValues(
            history.sorted("id"),
            [
                {"partner_id": self.alice.id, "old_tier_id": self.bronze.id, "new_tier_id": self.silver.id},
                {"partner_id": self.bob.id, "old_tier_id": False, "new_tier_id": self.bronze.id},
            ],
        )
        self.assertEqual(history.mapped("date"), [date(2025, 4, 1)] * 2)
        self.assertEqual(history.mapped("noted"), [False, False])
        pending = self.env["advocacy.tier.change"].search_count([("noted", "=", False)])
        reports = self._run_notes_cron(cron, batch_size=1)
        self.assertEqual(reports[0], (1, pending - 1), "one note a run, the rest reported as remaining")
        self.assertEqual(reports[-1][1], 0)
        self.assertEqual(sum(done for done, _remaining in reports), pending)
        self._assert_alice_silver_bob_bronze_noted()
        self.assertEqual(self._run_notes_cron(cron, batch_size=1), [(0, 0)], "nothing noted twice")

    def test_two_changes_of_one_advocate_get_two_notes_in_order(self):
        """A contact whose tier changed twice before the cron ran gets both notes, the newest on top."""
        self._large_run()
        self.env["advocacy.tier.change"]._advocacy_service().create(
            {"partner_id": self.alice.id, "old_tier_id": self.silver.id, "new_tier_id": self.gold.id}
        )
        self.env["advocacy.tier.change"]._cron_log_tier_notes()
        notes = self.alice.message_ids.filtered(lambda m: "Advocate tier changed" in str(m.body))
        self.assertEqual(
            notes.mapped("body"),
            [
                Markup("<p>Advocate tier changed: Silver → Gold</p>"),
                Markup("<p>Advocate tier changed: Bronze → Silver</p>"),
            ],
        )

    def test_a_batch_of_notes_costs_a_bounded_number_of_queries(self):
        """The notes of a batch cost the same queries for 20 advocates as for 2 (set-based, no query per
        note)."""
        partners = self.env["res.partner"].create([{"name": f"Notes {i}"} for i in range(20)])
        Change = self.env["advocacy.tier.change"]
        self.env.cr.execute("UPDATE advocacy_tier_change SET noted = TRUE")
        for count in (2, 20):
            Change._advocacy_service().create(
                [{"partner_id": p.id, "new_tier_id": self.bronze.id} for p in partners[:count]]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(10):
                self.assertEqual(Change._cron_log_tier_notes(), count)
                self.env.flush_all()

    def test_deleting_a_contact_with_a_pending_note(self):
        """A contact deleted before the notes cron ran takes its history along; the cron notes the
        others."""
        cron = self._large_run()
        carol = self.env["res.partner"].create({"name": "Carol Pending"})
        self.env["advocacy.tier.change"]._advocacy_service().create(
            {"partner_id": carol.id, "new_tier_id": self.bronze.id}
        )
        carol.unlink()
        self.assertFalse(self.env["advocacy.tier.change"].search([("partner_id", "=", carol.id)]))
        self._run_notes_cron(cron, batch_size=10)
        self.assertIn("Bronze → Silver", str(self.alice.message_ids[0].body))
