from odoo.tests import tagged

from .common import AdvocacyRewardsCase


@tagged("post_install", "-at_install")
class TestRewardsPerformances(AdvocacyRewardsCase):
    """A rule evaluation batch is set-based: its queries do not grow with the sources it rewards
    (pinned as crm's test_performances pins its hot paths)."""

    def _evaluation_queries(self, count):
        referrals = self.env["advocacy.referral"].browse()
        for _index in range(count):
            referrals |= self._referral()
        # the rule comes after its sources: nothing was issued at their creation
        rule = self._rule(name=f"Submitted x{count}", trigger="referral_submitted", holding_days=0)
        self.env.flush_all()
        before = self.cr.sql_log_count
        rewards = rule._evaluate(source_ids=referrals.ids)
        self.env.flush_all()
        queries = self.cr.sql_log_count - before
        self.assertEqual(len(rewards), count)
        self.assertEqual(rewards.mapped("points"), [500] * count)
        return queries

    def test_rule_evaluation_batch(self):
        self._evaluation_queries(2)  # warm
        small, large = self._evaluation_queries(5), self._evaluation_queries(50)
        self.assertEqual(large, small, "as many queries for 50 sources as for 5")
        # a few set-based queries (candidates, amounts, the rewards' and the ledger's INSERTs...)
        self.assertEqual(small, 7)
