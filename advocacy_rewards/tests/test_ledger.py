from datetime import date

import psycopg2.errors
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import AdvocacyRewardsCase


@tagged("post_install", "-at_install")
class TestLedger(AdvocacyRewardsCase):
    def _entry(self, points, kind="earn", day=None, partner=None):
        return self.env["advocacy.points.entry"].create(
            {
                "name": f"{kind} {points}",
                "partner_id": (partner or self.alice).id,
                "kind": kind,
                "points": points,
                "date": day or date.today(),
            }
        )

    def test_entries_cannot_be_altered(self):
        entry = self._entry(100)
        self.assertEqual(self.alice.advocacy_points_balance, 100)
        with self.assertRaises(UserError):
            entry.write({"points": 1000})
        with self.assertRaises(UserError):
            entry.write({"name": "edited"})
        with self.assertRaises(UserError):
            entry.unlink()
        with self.assertRaises(UserError):
            entry.with_user(self.manager).unlink()
        self.assertEqual(entry.points, 100)
        # a correction is a new entry
        self._entry(-30, kind="adjust")
        self.assertEqual(self.alice.advocacy_points_balance, 70)
        self.assertEqual(self.alice.advocacy_points_lifetime, 100, "an adjustment is not an earning")

    def test_sign_checks_and_access(self):
        with (
            self.assertRaises(psycopg2.errors.CheckViolation),
            self.cr.savepoint(),
            mute_logger("odoo.sql_db"),
        ):
            self._entry(-5, kind="earn")
        with self.assertRaises(AccessError):
            self._entry(5, kind="adjust").with_user(self.rep).check_access("create")
        # a manager can post an adjustment
        self.env["advocacy.points.entry"].with_user(self.manager).create(
            {"name": "Goodwill", "partner_id": self.bob.id, "kind": "adjust", "points": 40}
        )
        self.assertEqual(self.bob.advocacy_points_balance, 40)

    def test_balance_is_the_sum(self):
        for points, kind in ((100, "earn"), (50, "earn"), (-30, "redeem"), (-5, "adjust"), (10, "adjust")):
            self._entry(points, kind)
        self.assertEqual(self.alice.advocacy_points_balance, 125)
        self.assertEqual(self.alice.advocacy_points_lifetime, 150)
        # the repair tool rebuilds the same figures from the ledger
        self.env.cr.execute(
            "UPDATE res_partner SET advocacy_points_balance = 0, advocacy_points_lifetime = 0 WHERE id = %s",
            (self.alice.id,),
        )
        self.env["advocacy.points.entry"]._recompute_partner_totals(self.alice.ids)
        self.assertEqual(self.alice.advocacy_points_balance, 125)
        self.assertEqual(self.alice.advocacy_points_lifetime, 150)

    def test_expiry_takes_the_oldest_points(self):
        self.env["ir.config_parameter"].set_param("advocacy_rewards.expiry_months", 12)
        self._entry(100, day=date(2024, 1, 1))
        self._entry(50, day=date(2025, 6, 1))
        self._entry(-30, kind="redeem", day=date(2025, 7, 1))
        self._entry(40, partner=self.bob, day=date(2025, 7, 1))
        with freeze_time("2025-08-01"):
            self.env["advocacy.points.entry"]._cron_expire_points()
            expired = self.env["advocacy.points.entry"].search([("kind", "=", "expire")])
            # the 30 redeemed came out of the oldest lot: 70 of it are left and expire; the recent 50 stay
            self.assertEqual(expired.partner_id, self.alice)
            self.assertEqual(expired.points, -70)
            self.assertEqual(self.alice.advocacy_points_balance, 50)
            self.assertEqual(self.alice.advocacy_points_lifetime, 150, "expired points were earned")
            self.assertEqual(self.bob.advocacy_points_balance, 40)
            # idempotent
            self.env["advocacy.points.entry"]._cron_expire_points()
            self.assertEqual(self.env["advocacy.points.entry"].search_count([("kind", "=", "expire")]), 1)
        with freeze_time("2026-06-15"):
            self.env["advocacy.points.entry"]._cron_expire_points()
            self.assertEqual(self.alice.advocacy_points_balance, 0, "a year later the June lot expires too")
            self.assertEqual(self.bob.advocacy_points_balance, 40)

    def test_expiry_disabled(self):
        self.env["ir.config_parameter"].set_param("advocacy_rewards.expiry_months", 0)
        self._entry(100, day=date(2000, 1, 1))
        self.env["advocacy.points.entry"]._cron_expire_points()
        self.assertEqual(self.alice.advocacy_points_balance, 100)

    def test_settings_page(self):
        settings = self.env["res.config.settings"].create(
            {"advocacy_points_expiry_months": 6, "advocacy_point_value": 0.25}
        )
        settings.execute()
        param = self.env["ir.config_parameter"].sudo().get_param
        self.assertEqual(param("advocacy_rewards.expiry_months"), "6")
        self.assertEqual(float(param("advocacy_rewards.point_value")), 0.25)

    def test_a_bad_stored_expiry_keeps_the_points(self):
        """A value typed by hand in the system parameters: the default (never expire), logged, no crash."""
        self.env["ir.config_parameter"].set_param("advocacy_rewards.expiry_months", "two years")
        self._entry(100, day=date(2000, 1, 1))
        with self.assertLogs("odoo.addons.advocacy_program.models.settings", "WARNING"):
            self.assertEqual(self.env["advocacy.points.entry"]._cron_expire_points(), 0)
        self.assertEqual(self.alice.advocacy_points_balance, 100)
        self.assertEqual(Form(self.env["res.config.settings"]).advocacy_points_expiry_months, 0)
