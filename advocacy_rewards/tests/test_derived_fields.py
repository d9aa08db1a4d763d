from odoo import http
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import file_open, mute_logger

from .common import AdvocacyRewardsRpcCase, RpcRefused

FORGED = {
    "advocacy_points_balance": 250000,
    "advocacy_points_lifetime": 250000,
    "advocacy_tier_since": "2020-01-01",
    "advocacy_tier_grace_until": "2099-12-31",
}
CSV_OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": False,
    "keep_matches": False,
    "limit": 2000,
    "skip": 0,
    "tracking_disable": True,
}


@tagged("post_install", "-at_install")
class TestDerivedFields(AdvocacyRewardsRpcCase):
    """The balance, the lifetime points and the tier of an advocate are derived: the ledger and the tier
    recomputation keep them, no door writes them (RPC write/create, import, superuser code)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.platinum = cls.env["advocacy.tier"].create(
            {"name": "Import Platinum", "sequence": 90, "basis": "points", "threshold": 100000}
        )
        cls.bronze = cls.env["advocacy.tier"].create(
            {"name": "Derived Bronze", "sequence": 10, "basis": "points", "threshold": 1}
        )
        cls.env["advocacy.points.entry"].create(
            {"name": "Welcome", "partner_id": cls.alice.id, "kind": "earn", "points": 120}
        )
        cls.trophy = cls.env["advocacy.catalog.item"].create({"name": "Gold trophy", "points_cost": 5000})
        cls.env["ir.model.data"].create(
            {
                "module": "__export__",
                "name": "res_partner_rw_alice",
                "model": "res.partner",
                "res_id": cls.alice.id,
            }
        )
        cls.env["advocacy.tier"]._recompute_tiers(partner_ids=cls.alice.ids)

    def _assert_untouched(self):
        self.env.invalidate_all()
        self.assertEqual(self.alice.advocacy_points_balance, 120)
        self.assertEqual(self.alice.advocacy_points_lifetime, 120)
        self.assertEqual(self.alice.advocacy_tier_id, self.bronze)
        self.assertFalse(self.alice.advocacy_tier_grace_until)

    def test_rpc_write_is_refused_for_every_role(self):
        for user in (self.rpc_rep, self.rpc_manager, self.rpc_admin):
            for field, value in (*FORGED.items(), ("advocacy_tier_id", self.platinum.id)):
                with self.subTest(user=user.login, field=field):
                    with self.assertRaises(RpcRefused) as refused:
                        self._call_kw(user, "res.partner", "write", [self.alice.ids, {field: value}])
                    self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")
                    self.assertIn("points ledger", refused.exception.message)
        # scripts use XML-RPC: same answer
        with self.assertRaises(RpcRefused) as refused:
            self._xmlrpc(
                self.rpc_admin, "res.partner", "write", [self.alice.ids, {"advocacy_points_balance": 9}]
            )
        self.assertIn("points ledger", refused.exception.message)
        self._assert_untouched()
        # the rest of a contact stays editable
        self._call_kw(self.rpc_rep, "res.partner", "write", [self.alice.ids, {"phone": "+32 2 555 01 01"}])
        self.assertEqual(self.alice.phone, "+32 2 555 01 01")

    def test_rpc_create_is_refused_and_defaults_are_ignored(self):
        with self.assertRaises(RpcRefused) as refused:
            self._call_kw(
                self.rpc_rep,
                "res.partner",
                "create",
                [{"name": "Forger", "advocacy_points_balance": 99999, "advocacy_tier_id": self.platinum.id}],
            )
        self.assertIn("points ledger", refused.exception.message)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Forger")]))
        # a default in the context (what a grouped list view sends) does not set them either
        [partner_id] = self._call_kw(
            self.rpc_rep,
            "res.partner",
            "create",
            [[{"name": "Defaulted"}]],
            context={
                "default_advocacy_points_balance": 99999,
                "default_advocacy_points_lifetime": 99999,
                "default_advocacy_tier_id": self.platinum.id,
            },
        )
        partner = self.env["res.partner"].browse(partner_id)
        self.assertEqual(partner.advocacy_points_balance, 0)
        self.assertEqual(partner.advocacy_points_lifetime, 0)
        self.assertFalse(partner.advocacy_tier_id)

    def test_import_of_an_export_with_points_is_refused(self):
        """The contacts import (base_import), fed the columns an import-compatible export produces."""
        self.authenticate(self.rpc_rep.login, self.rpc_rep.login)
        wizard_id = self._call_kw(
            self.rpc_rep, "base_import.import", "create", [{"res_model": "res.partner"}]
        )
        with (
            file_open("advocacy_rewards/tests/data/contacts_with_points.csv", "rb") as csv,
            mute_logger("odoo.http"),  # the route names its file argument differently: a warning
        ):
            response = self.url_open(
                "/base_import/set_file",
                data={"id": wizard_id, "csrf_token": http.Request.csrf_token(self)},
                files={"ufile": ("contacts_with_points.csv", csv.read(), "text/csv")},
            )
        self.assertEqual(response.status_code, 200)
        preview = self._call_kw(
            self.rpc_rep, "base_import.import", "parse_preview", [[wizard_id], CSV_OPTIONS]
        )
        self.assertFalse(preview.get("error"), preview)
        columns = preview["headers"]
        result = self._call_kw(
            self.rpc_rep, "base_import.import", "execute_import", [[wizard_id], columns, columns, CSV_OPTIONS]
        )
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors, result)
        self.assertIn("points ledger", " ".join(errors))
        self._assert_untouched()
        self.assertFalse(self.env["res.partner"].search([("email", "=", "nick@newcomer-imp.example")]))

    def test_superuser_code_cannot_write_them_either(self):
        Partner = self.env["res.partner"].sudo()
        for field, value in (*FORGED.items(), ("advocacy_tier_id", self.platinum.id)):
            with self.subTest(field=field), self.assertRaisesRegex(UserError, "points ledger"):
                self.alice.sudo().write({field: value})
        with self.assertRaisesRegex(UserError, "points ledger"):
            Partner.create({"name": "Script forger", "advocacy_points_balance": 10})
        # a context key alone (what an RPC caller could send) does not open the door
        with self.assertRaisesRegex(UserError, "points ledger"):
            self.alice.with_user(self.rpc_admin).with_context(advocacy_rewards_ledger_service=True).write(
                {"advocacy_points_balance": 10}
            )
        self._assert_untouched()

    def test_redemption_trusts_the_ledger_not_a_forged_balance(self):
        with self.assertRaises(RpcRefused):
            self._call_kw(
                self.rpc_rep, "res.partner", "write", [self.alice.ids, {"advocacy_points_balance": 10000}]
            )
        with self.assertRaisesRegex(UserError, "has 120 points"):
            self.env["advocacy.redemption"].with_user(self.manager).create(
                {"partner_id": self.alice.id, "item_id": self.trophy.id}
            )

    def test_services_still_keep_them(self):
        """The ledger posts, the tier recomputation sets the tier (through their guarded path)."""
        self.env["advocacy.points.entry"].with_user(self.manager).create(
            {"name": "Goodwill", "partner_id": self.alice.id, "kind": "adjust", "points": 30}
        )
        self.assertEqual(self.alice.advocacy_points_balance, 150)
        self.assertEqual(self.alice.advocacy_tier_id, self.bronze)
        self.env.cr.execute("UPDATE res_partner SET advocacy_tier_id = NULL WHERE id = %s", self.alice.ids)
        self.env["advocacy.tier"]._recompute_tiers(partner_ids=self.alice.ids)
        self.assertEqual(self.alice.advocacy_tier_id, self.bronze)
        # the repair tool rebuilds the totals from the ledger through the same guarded path
        self.env["advocacy.points.entry"]._recompute_partner_totals(self.alice.ids)
        self.assertEqual(self.alice.advocacy_points_balance, 150)
        self.assertEqual(self.alice.advocacy_points_lifetime, 120)
