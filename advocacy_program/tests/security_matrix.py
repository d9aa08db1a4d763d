"""Field and method security engine shared by the three advocacy addons (docs/SECURITY.md is the
model it checks).

A thin test file per addon subclasses :class:`SecurityMatrixCase`, names its addon and keeps two
literal tables:

- ``FIELD_ACCESS``: model -> field -> ``"READ/WRITE"``, each the lowest role that may do it on a
  record it can reach (roles rank public < portal < employee < user < manager < admin), or
  ``none``: nobody reads it / nobody writes it but the field's owning service. Every field the addon
  defines, on its own models and on the models it extends (contacts, leads, orders), must have a row.
- ``METHOD_ACCESS``: ``"model.method"`` -> the lowest role that may call it. Every public method the
  addon introduces (a name without a leading underscore: callable by RPC) must have a row.

Methods are called through ``/web/dataset/call_kw`` as each role logged in (the web client's door);
fields are read and written with the ORM as each role (what that door runs), on the records
``_security_records()`` returns (one per model, reachable by a user of the main company), each
attempt in a savepoint rolled back afterwards. A field or method is *refused*
when Odoo raises ``AccessError``; any other outcome (a value, a business ``UserError``) means the
role got through the access checks. Roles that cannot reach the record at all (record rules, another
company) are the access matrix's business and are skipped here; ``other_company`` counts as a
manager where it reaches the record.
"""

import contextlib
import logging

from odoo import models
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user
from odoo.tools import mute_logger

from .rpc import post_call_kw, rpc_password

_logger = logging.getLogger(__name__)

RANKS = {"public": 0, "portal": 1, "employee": 2, "user": 3, "manager": 4, "admin": 5, "none": 99}
ROLE_RANK = {**RANKS, "other_company": RANKS["manager"]}
MAGIC = set(models.MAGIC_COLUMNS) | {"display_name", "id"}


def addon_fields(env, addon):
    """{model: [field names]} of every field ``addon`` defines (on its models and on extended ones)."""
    found = {}
    for name in sorted(env.registry.models):
        model = env[name]
        if model._abstract or model._transient:
            continue
        names = [
            fname
            for fname, field in model._fields.items()
            if field._module == addon and fname not in MAGIC and not field.name.startswith("__")
        ]
        if names:
            found[name] = sorted(names)
    return found


def addon_methods(env, addon):
    """["model.method"] of every public method ``addon`` introduces (not an override of a method of
    Odoo or of another addon, whose access is that code's business)."""
    prefix = f"odoo.addons.{addon}."
    found = []
    for name in sorted(env.registry.models):
        model = env[name]
        if model._abstract or model._transient:
            continue
        classes = type(model).mro()
        for klass in classes:
            if not klass.__module__.startswith(prefix):
                continue
            for attr, value in vars(klass).items():
                if attr.startswith("_") or attr == "init" or not callable(value):
                    continue
                foreign = any(
                    attr in vars(other) for other in classes if not other.__module__.startswith(prefix)
                )
                if not foreign and f"{name}.{attr}" not in found:
                    found.append(f"{name}.{attr}")
    return sorted(found)


class SecurityMatrixCase(HttpCase):
    # Odoo collects only the test methods a class defines itself; the engine's come from here
    allow_inherited_tests_method = True
    addon = None
    FIELD_ACCESS = {}
    METHOD_ACCESS = {}
    METHOD_ARGS = {}  # "model.method" -> extra positional args after the ids

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Security Other Company"})
        user_groups = "advocacy_program.group_advocacy_user"
        cls.users = {
            "public": cls.env.ref("base.public_user"),
            "portal": new_test_user(cls.env, login="sec_portal", groups="base.group_portal"),
            # an employee who may edit contacts, outside the advocacy program
            "employee": new_test_user(
                cls.env, login="sec_employee", groups="base.group_user,base.group_partner_manager"
            ),
            "user": new_test_user(cls.env, login="sec_user", groups=user_groups),
            "manager": new_test_user(
                cls.env, login="sec_manager", groups="advocacy_program.group_advocacy_manager"
            ),
            "admin": new_test_user(
                cls.env, login="sec_admin", groups="advocacy_program.group_advocacy_admin"
            ),
            "other_company": new_test_user(
                cls.env,
                login="sec_other",
                groups="advocacy_program.group_advocacy_manager",
                company_id=cls.other_company.id,
                company_ids=[Command.set(cls.other_company.ids)],
            ),
        }
        cls.records = cls._security_records()

    @classmethod
    def _security_records(cls):
        """{model: record}: one record per model of the tables, owned by the "user" role's pipeline."""
        return {}

    @classmethod
    def _security_advocate(cls):
        """The portal user's contact as an active advocate managed by the "user" role."""
        advocate = cls.users["portal"].partner_id
        advocate.write(
            {
                "advocate_state": "active",
                "account_manager_id": cls.users["user"].id,
                "email": "sec.portal@example.com",
            }
        )
        return advocate

    # ------------------------------------------------------------------ helpers
    def _attempt(self, user, function):
        """True when ``function(env of user)`` passes the access checks; rolled back either way."""
        login = user.login
        with contextlib.closing(self.env.cr.savepoint()), mute_logger("odoo.models", "odoo.sql_db"):
            try:
                function(self.env(user=user.id, su=False))
                self.env.flush_all()
            except AccessError:
                return False
            except Exception as error:
                _logger.debug("%s passed the access checks, then: %s", login, error)
            return True

    def _reachable(self, record, user, operation):
        return record.with_user(user).has_access(operation)

    def _other_value(self, record, fname):
        """A valid value of ``fname`` different from the record's, in write() format."""
        field = record._fields[fname]
        value = record.sudo()[fname]
        if field.type == "boolean":
            return not value
        if field.type == "selection":
            options = [key for key, _label in field._description_selection(self.env)]
            return next((key for key in options if key != value), value)
        if field.type in ("integer", "float", "monetary"):
            return (value or 0) + 1
        if field.type in ("char", "text", "html"):
            return f"{value or ''}x"
        if field.type == "date":
            return "2020-01-02" if str(value) != "2020-01-02" else "2020-01-03"
        if field.type == "datetime":
            return "2020-01-02 10:00:00" if str(value) != "2020-01-02 10:00:00" else "2020-01-03 10:00:00"
        if field.type == "many2one":
            # a record the advocacy user works with, so that reaching it is not what is tested
            domain = [("id", "!=", value.id)]
            Comodel = self.env[field.comodel_name]
            other = (
                Comodel.with_user(self.users["user"]).search(domain, limit=1)
                if Comodel.with_user(self.users["user"]).has_access("read")
                else Comodel
            )
            return (other or Comodel.sudo().search(domain, limit=1)).id
        if field.type in ("many2many", "one2many"):
            return [Command.clear()]
        if field.type in ("binary", "image"):
            return False if value else "aGVsbG8="
        return value

    def _own_model(self, record):
        """A model of the addon: its access rights and rules are part of the model checked here (on
        contacts, leads and orders they are Odoo's and the CRM's)."""
        return record._original_module == self.addon

    def _writable(self, record, fname):
        field = record._fields[fname]
        return field.store or field.inverse

    # ------------------------------------------------------------------ tests
    def test_every_field_and_method_has_a_row(self):
        fields_found = addon_fields(self.env, self.addon)
        self.assertEqual(
            {model: sorted(rows) for model, rows in self.FIELD_ACCESS.items()},
            fields_found,
            "FIELD_ACCESS lists exactly the fields of the addon (a new field needs a row)",
        )
        self.assertEqual(
            sorted(self.METHOD_ACCESS),
            addon_methods(self.env, self.addon),
            "METHOD_ACCESS lists exactly the public methods of the addon (a new method needs a row)",
        )
        for model, rows in self.FIELD_ACCESS.items():
            for fname, rule in rows.items():
                read, _sep, write = rule.partition("/")
                with self.subTest(field=f"{model}.{fname}"):
                    self.assertIn(read, RANKS)
                    self.assertIn(write, RANKS)
        for method, role in self.METHOD_ACCESS.items():
            self.assertIn(role, RANKS, method)

    def test_fields(self):
        """Each role reads and writes exactly the fields its rank allows, on records it reaches; and a
        role the table lets read or write a field does reach the record (no row promising too much)."""
        checked = 0
        for model, rows in self.FIELD_ACCESS.items():
            record = self.records[model]
            self.assertEqual(len(record), 1, f"one fixture record of {model}")
            for role, user in self.users.items():
                reach = {op: self._reachable(record, user, op) for op in ("read", "write")}
                if not reach["read"] and (role == "other_company" or not self._own_model(record)):
                    continue  # another company's record, or a lead/order the CRM hides from this role
                for fname, rule in rows.items():
                    checked += self._check_field(record, fname, rule, role, user, reach)
        _logger.info("%s: %s field checks (fields x roles x read/write)", self.addon, checked)

    def _check_field(self, record, fname, rule, role, user, reach):
        model, rank = record._name, ROLE_RANK[role]
        min_read, _sep, min_write = rule.partition("/")
        label = f"{model}.{fname}"
        checks = 0
        for operation, minimum in (("read", min_read), ("write", min_write)):
            if operation == "write" and not self._writable(record, fname):
                continue
            expected = rank >= RANKS[minimum]
            with self.subTest(field=label, role=role, operation=operation):
                if expected and self._own_model(record):
                    self.assertTrue(
                        reach[operation], f"{role} should {operation} {label} but cannot reach the record"
                    )
                if not reach[operation]:
                    continue
                if operation == "read":
                    got = self._attempt(user, lambda env: env[model].browse(record.id).read([fname]))
                else:
                    value = self._other_value(record, fname)
                    got = self._attempt(
                        user, lambda env, value=value: env[model].browse(record.id).write({fname: value})
                    )
                self.assertEqual(
                    got, expected, f"{role} {'may' if expected else 'may not'} {operation} {label}"
                )
                checks += 1
        return checks

    def test_methods(self):
        """Each public method, called through /web/dataset/call_kw as each role, refuses (AccessError)
        every role below its row and lets the others in."""
        checked = 0
        for role, user in self.users.items():
            if role == "public":
                self.authenticate(None, None)
            else:
                self.authenticate(user.login, rpc_password(user.login))
            for key, min_role in self.METHOD_ACCESS.items():
                model, _dot, method = key.rpartition(".")
                record = self.records[model]
                reachable = self._reachable(record, user, "read")
                if not reachable and (role == "other_company" or not self._own_model(record)):
                    continue  # another company's record, or a lead/order the CRM hides from this role
                expected = ROLE_RANK[role] >= RANKS[min_role]
                with self.subTest(method=key, role=role):
                    got = self._call_through_rpc(model, method, [record.ids, *self.METHOD_ARGS.get(key, ())])
                    self.assertEqual(got, expected, f"{role} calling {key}")
                checked += 1
        _logger.info("%s: %s method checks (methods x roles, through JSON-RPC)", self.addon, checked)

    def _call_through_rpc(self, model, method, args):
        """True when the session's user passes the access checks of ``model.method(*args)`` called the
        way the web client does; whatever it did is rolled back."""
        with contextlib.closing(self.env.cr.savepoint()), mute_logger("odoo.sql_db"):
            error = post_call_kw(self, model, method, args).get("error")
        # refused: an access error, or no session at all (the public visitor)
        refused = ("odoo.exceptions.AccessError", "odoo.http.SessionExpiredException")
        return not error or error["data"]["name"] not in refused
