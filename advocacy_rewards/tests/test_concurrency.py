import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg2.errors

import odoo
from odoo.api import Transaction
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

# what the loser of a race may see: its insert or lock met the winner's committed row
RACE_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.UniqueViolation,
    psycopg2.errors.LockNotAvailable,
    UserError,
)


@tagged("-standard", "-at_install", "post_install", "database_breaking")
class TestRewardsConcurrency(BaseCase):
    """Two transactions at once, each with its own cursor, released together by a barrier. The fixtures
    are committed (the threads must see them) and removed by the class cleanup."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls.cleanUpClass)
        with cls.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            cls.partner_id = (
                env["res.partner"]
                .create({"name": "Concurrent Carla", "email": "carla@concurrent-adv.example"})
                .id
            )
            cls.rule_id = (
                env["advocacy.reward.rule"]
                .create(
                    {
                        "name": "Concurrent won rule",
                        "trigger": "referral_won",
                        "reward_type": "points",
                        "amount_mode": "fixed",
                        "amount_fixed": 300,
                        "holding_days": 30,
                    }
                )
                .id
            )
            cls.referral_id = (
                env["advocacy.referral"]
                .create(
                    {
                        "referrer_id": cls.partner_id,
                        "referred_name": "Racing Rita",
                        "referred_company": "Race Conditions Ltd",
                        "referred_email": "rita@race-conditions.example",
                    }
                )
                .id
            )
            # the referral is won in the database, but no reward was issued yet: both threads "confirm" it
            cr.execute(
                "UPDATE advocacy_referral SET state = 'won', won_date = CURRENT_DATE WHERE id = %s",
                (cls.referral_id,),
            )
            cls.item_id = env["advocacy.catalog.item"].create({"name": "Race trophy", "points_cost": 200}).id
            # an advocate of its own for the cancellation race, with a requested redemption of 200 points
            cls.canceller_id = (
                env["res.partner"]
                .create({"name": "Cancelling Cleo", "email": "cleo@concurrent-adv.example"})
                .id
            )
            env["advocacy.points.entry"].create(
                {"name": "Race fuel", "partner_id": cls.canceller_id, "kind": "adjust", "points": 200}
            )
            cls.redemption_id = (
                env["advocacy.redemption"].create({"partner_id": cls.canceller_id, "item_id": cls.item_id}).id
            )

    @classmethod
    def cleanUpClass(cls):
        with cls.registry.cursor() as cr:
            # the ledger is append-only through the ORM: the committed fixtures go away in SQL
            partners = (cls.partner_id, cls.canceller_id)
            cr.execute("DELETE FROM advocacy_points_entry WHERE partner_id IN %s", (partners,))
            cr.execute("DELETE FROM advocacy_redemption WHERE partner_id IN %s", (partners,))
            cr.execute(
                "DELETE FROM advocacy_reward WHERE rule_id = %s OR partner_id = %s",
                (cls.rule_id, cls.partner_id),
            )
            cr.execute("DELETE FROM advocacy_referral WHERE id = %s", (cls.referral_id,))
            cr.execute("DELETE FROM advocacy_reward_rule WHERE id = %s", (cls.rule_id,))
            cr.execute("DELETE FROM advocacy_catalog_item WHERE id = %s", (cls.item_id,))
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s", (partners,))
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'advocacy.redemption' AND res_id = %s",
                (cls.redemption_id,),
            )
            cr.execute("DELETE FROM res_partner WHERE id IN %s", (partners,))

    def _race(self, work):
        barrier = threading.Barrier(2)

        def run():
            with self.registry.cursor() as cr:
                # the test runner holds the registry lock: hand the registry over instead of looking it up
                cr.transaction = Transaction(self.registry)
                # a race that never ends fails the test (its statement is cancelled), never the suite
                cr.execute("SET LOCAL lock_timeout = '20s'")
                cr.execute("SET LOCAL statement_timeout = '60s'")
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                env["res.partner"].browse(self.partner_id).name  # noqa: B018 - open the transaction
                barrier.wait(timeout=10)
                try:
                    work(env)
                    cr.flush()
                    # two real transactions are the point of this test
                    cr.commit()  # pylint: disable=invalid-commit
                except RACE_ERRORS:
                    cr.rollback()
                    return "lost"
            return "won"

        executor = ThreadPoolExecutor(max_workers=2)
        try:
            # the loser's failed statement is logged by the sql layer: expected here
            with mute_logger("odoo.sql_db"):
                futures = [executor.submit(run), executor.submit(run)]
                return sorted(f.result(timeout=90) for f in futures)
        finally:
            # not `with`: its exit would wait for a stuck thread forever
            executor.shutdown(wait=False, cancel_futures=True)

    def _balance(self):
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            return env["res.partner"].browse(self.partner_id).advocacy_points_balance

    def test_concurrent_confirmations_issue_one_reward(self):
        before = self._balance()

        def confirm(env):
            # what confirming the deal does: the rule is evaluated on the won referral
            env["advocacy.reward.rule"].browse(self.rule_id)._evaluate(source_ids=[self.referral_id])

        outcomes = self._race(confirm)
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            rewards = env["advocacy.reward"].search([("rule_id", "=", self.rule_id)])
            self.assertEqual(len(rewards), 1, outcomes)
            self.assertEqual(rewards.points, 300)
            self.assertEqual(len(rewards.entry_ids), 1, "the points were posted once")
        self.assertEqual(self._balance(), before + 300)

    def test_concurrent_redemptions_never_overdraw(self):
        # a balance of 300 covers one trophy of 200, not two
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            missing = 300 - env["res.partner"].browse(self.partner_id).advocacy_points_balance
            if missing:
                env["advocacy.points.entry"].create(
                    {"name": "Race fuel", "partner_id": self.partner_id, "kind": "adjust", "points": missing}
                )
        balance = self._balance()
        self.assertEqual(balance, 300)

        def redeem(env):
            env["advocacy.redemption"].create({"partner_id": self.partner_id, "item_id": self.item_id})

        outcomes = self._race(redeem)
        self.assertEqual(outcomes, ["lost", "won"])
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            self.assertEqual(
                env["advocacy.redemption"].search_count([("partner_id", "=", self.partner_id)]), 1
            )
            self.assertEqual(
                env["res.partner"].browse(self.partner_id).advocacy_points_balance, balance - 200
            )

    def test_concurrent_cancellations_refund_once(self):
        def cancel(env):
            # two managers click "Cancel and refund" on the same redemption at the same moment
            env["advocacy.redemption"].browse(self.redemption_id).action_cancel()

        outcomes = self._race(cancel)
        self.assertEqual(outcomes, ["lost", "won"])
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            redemption = env["advocacy.redemption"].browse(self.redemption_id)
            self.assertEqual(redemption.state, "cancelled")
            self.assertEqual(sorted(redemption.entry_ids.mapped("points")), [-200, 200], "refunded once")
            self.assertEqual(env["res.partner"].browse(self.canceller_id).advocacy_points_balance, 200)
