from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AdvocacyRewardsCase


@tagged("post_install", "-at_install")
class TestRedemption(AdvocacyRewardsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hoodie = cls.env["advocacy.catalog.item"].create(
            {"name": "Hoodie", "points_cost": 300, "is_stock_limited": True, "stock_qty": 2}
        )
        cls.env["advocacy.points.entry"].create(
            {"name": "Welcome", "partner_id": cls.alice.id, "kind": "earn", "points": 700}
        )

    def _redeem(self, item=None, partner=None):
        return self.env["advocacy.redemption"].create(
            {"partner_id": (partner or self.alice).id, "item_id": (item or self.hoodie).id}
        )

    def test_redeem_and_cancel(self):
        redemption = self._redeem()
        self.assertEqual(redemption.points, 300)
        self.assertEqual(redemption.state, "requested")
        self.assertEqual(self.alice.advocacy_points_balance, 400)
        self.assertEqual(self.hoodie.stock_qty, 1)
        redemption.action_cancel()
        self.assertEqual(redemption.state, "cancelled")
        self.assertEqual(self.alice.advocacy_points_balance, 700)
        self.assertEqual(self.hoodie.stock_qty, 2)
        self.assertEqual(sorted(redemption.entry_ids.mapped("points")), [-300, 300])
        with self.assertRaises(UserError):
            redemption.action_cancel()

    def test_balance_never_below_zero(self):
        self._redeem()
        self._redeem()
        self.assertEqual(self.alice.advocacy_points_balance, 100)
        with self.assertRaisesRegex(UserError, "has 100 points; this redemption costs 150"):
            self._redeem(self.env["advocacy.catalog.item"].create({"name": "Mug", "points_cost": 150}))
        self.assertEqual(self.alice.advocacy_points_balance, 100)

    def test_stock_never_below_zero(self):
        self.env["advocacy.points.entry"].create(
            {"name": "Bonus", "partner_id": self.alice.id, "kind": "earn", "points": 1000}
        )
        self._redeem()
        self._redeem()
        with self.assertRaisesRegex(UserError, "out of stock"):
            self._redeem()
        self.assertEqual(self.hoodie.stock_qty, 0)
        self.assertEqual(self.alice.advocacy_points_balance, 1100, "the failed redemption took nothing")
        self.assertEqual(
            self.env["advocacy.redemption"].search_count([("partner_id", "=", self.alice.id)]), 2
        )

    def test_delivery(self):
        redemption = self._redeem()
        redemption.with_user(self.manager).action_done()
        self.assertEqual(redemption.state, "done")
        with self.assertRaises(UserError):
            redemption.with_user(self.manager).write({"quantity": 2})
