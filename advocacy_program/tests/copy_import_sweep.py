"""Odoo's own flows on every model of an addon: *Duplicate* (``copy``) and *Import* (``load``), engine
shared by the three advocacy addons.

A thin class per addon mixes :class:`CopyImportSweep` before the addon's security-matrix class (its
roles and its fixtures: one record per model) and keeps one literal table, ``COPY``: model -> the
lowest role that may create it (who may duplicate it), or

- ``NO_CREATE``: no role may create it (kept by a service, or an SQL report): *Duplicate* is refused
  by the access rights, to every role;
- ``REFUSED``: a role may create it, but a copy would be wrong (a ledger line, an issued reward):
  *Duplicate* is refused with a clear ``UserError``;
- ``WIZARD``: a transient model (a wizard): nothing stored to copy or import.

Checks: every model of the addon has a row (a new model needs one); copying through JSON-RPC as the
row's role gives a record whose derived and state fields (the security matrix's ``…/none`` rows that
are plain stored fields) are not copied (``copy=False``) and whose ``REGENERATED`` fields (tokens,
codes) differ from the original's; and a manager importing (``load``) a file that sets one of those
fields gets an error and no record.
"""

import logging

from odoo.tools import mute_logger

from .access_matrix import addon_models
from .rpc import post_call_kw, rpc_password
from .security_matrix import ROLE_RANK

_logger = logging.getLogger(__name__)

NO_CREATE = "no create"
REFUSED = "refused"
WIZARD = "wizard"


class CopyImportSweep:
    # `addon`, FIELD_ACCESS, the roles and the fixtures come from the security-matrix class
    COPY = {}
    REGENERATED = {}  # model -> fields a copy must not share with the original (tokens, codes)
    # model -> derived fields fixed at creation that a copy carries on purpose (what the copy is of)
    COPIED = {}
    # model a manager may create, outside the guarded mixin -> {field: import value or None}
    IMPORT_GUARDED = {}

    def _derived_plain_fields(self, model):
        """The stored fields the application keeps (write ``none`` in the matrix) that are neither
        computed nor related: a copy would carry their value over unless they are ``copy=False``."""
        rows = self.FIELD_ACCESS.get(model, {})
        fields = self.env[model]._fields
        return sorted(
            fname
            for fname, rule in rows.items()
            if rule.endswith("/none")
            and fields[fname].store
            and not fields[fname].compute
            and not fields[fname].related
            and fields[fname].type not in ("one2many",)
        )

    def _rpc_as(self, role, model, method, args, kwargs=None):
        user = self.users[role]
        self.authenticate(user.login, rpc_password(user.login))
        return post_call_kw(self, model, method, args, kwargs)

    # ------------------------------------------------------------------ checks
    def _sweep_rows(self):
        self.assertEqual(
            sorted(self.COPY), addon_models(self.env, self.addon), "every model of the addon has a COPY row"
        )
        for model, row in self.COPY.items():
            with self.subTest(model=model):
                if row == WIZARD:
                    self.assertTrue(self.env[model]._transient, f"{model} is a wizard")
                else:
                    self.assertFalse(self.env[model]._transient)
                    self.assertIn(model, self.records, f"{model}: a fixture record")
                    if row not in (NO_CREATE, REFUSED):
                        self.assertIn(row, ROLE_RANK)

    def _sweep_copy(self):
        _logger.info(
            "%s: duplicate checked on %s models", self.addon, sum(r != WIZARD for r in self.COPY.values())
        )
        for model, row in self.COPY.items():
            if row == WIZARD:
                continue
            record = self.records[model]
            with self.subTest(model=model, row=row):
                if row == NO_CREATE:
                    body = self._rpc_as("admin", model, "copy", [record.ids])
                    self.assertEqual(
                        body.get("error", {}).get("data", {}).get("name"), "odoo.exceptions.AccessError"
                    )
                    continue
                if row == REFUSED:
                    body = self._rpc_as("admin", model, "copy", [record.ids])
                    error = body.get("error", {}).get("data", {})
                    self.assertEqual(error.get("name"), "odoo.exceptions.UserError", body)
                    self.assertIn("cannot be duplicated", error["message"])
                    continue
                self._sweep_copy_one(model, record, row)

    def _sweep_copy_one(self, model, record, role):
        count = self.env[model].sudo().with_context(active_test=False).search_count([])
        body = self._rpc_as(role, model, "copy", [record.ids])
        self.assertNotIn("error", body, f"{role} duplicates {model}")
        copy = self.env[model].sudo().browse(body["result"])
        self.assertEqual(len(copy), 1)
        self.assertEqual(self.env[model].sudo().with_context(active_test=False).search_count([]), count + 1)
        for fname in set(self._derived_plain_fields(model)) - set(self.COPIED.get(model, ())):
            with self.subTest(field=f"{model}.{fname}"):
                self.assertFalse(self.env[model]._fields[fname].copy, f"{model}.{fname} is copy=False")
        for fname in self.REGENERATED.get(model, ()):
            with self.subTest(field=f"{model}.{fname}"):
                if record.sudo()[fname]:
                    self.assertNotEqual(copy[fname], record.sudo()[fname], f"{model}.{fname} is not shared")

    def _import_guarded(self, model):
        """{field: value or None (the engine picks one)} that a manager's import must not set: the guarded
        fields of a model of the guarded mixin, else the model's IMPORT_GUARDED row."""
        Model = self.env[model]
        if isinstance(Model, type(self.env["advocacy.guarded.mixin"])):
            return {
                fname: None
                for fname in sorted(Model._advocacy_guarded())
                if Model._fields[fname].store and Model._fields[fname].type not in ("one2many", "many2many")
            }
        self.assertIn(
            model, self.IMPORT_GUARDED, f"{model}: a manager may import it, it needs an IMPORT_GUARDED row"
        )
        return self.IMPORT_GUARDED[model]

    def _sweep_import(self):
        """A manager importing a file that sets a field the application keeps, on a model he may create,
        gets an error (naming the field, for the guarded mixin's models) and no record is made."""
        manager = self.users["manager"]
        checked = []
        for model in addon_models(self.env, self.addon):
            Model = self.env[model]
            if Model._transient or not Model._auto or not Model.with_user(manager).has_access("create"):
                continue
            for fname, value in self._import_guarded(model).items():
                with self.subTest(model=model, field=fname):
                    self._sweep_import_one(model, fname, value)
                checked.append(f"{model}.{fname}")
        _logger.info("%s: import refused for %s", self.addon, ", ".join(checked) or "no field")

    def _sweep_import_one(self, model, fname, value):
        record = self.records[model].sudo()
        Model = self.env[model]
        required = [
            name
            for name, field in Model._fields.items()
            if field.required and field.store and not field.default and name != fname and not field.compute
        ]
        columns = [*required, fname]
        values = record.export_data(columns)["datas"][0]
        values[-1] = self._import_value(Model, fname, record) if value is None else value
        count = Model.sudo().with_context(active_test=False).search_count([])
        # a row of a model with a unique key (one participation per advocate and challenge, one
        # invitation per contact and wave) is refused by the database too: load() reports it on the
        # row, the database logs it
        with mute_logger("odoo.sql_db"):
            body = self._rpc_as("manager", model, "load", [columns, [values]])
        result = body.get("result") or {}
        errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
        self.assertTrue(errors or "error" in body, f"importing {model}.{fname} is refused: {body}")
        self.assertFalse(result.get("ids"))
        self.assertEqual(Model.sudo().with_context(active_test=False).search_count([]), count, "no record")
        if isinstance(Model, type(self.env["advocacy.guarded.mixin"])):
            label = Model._fields[fname]._description_string(self.env)
            messages = " ".join(m.get("message", "") for m in errors) or body["error"]["message"]
            self.assertIn(label, messages, f"the refusal names the field {label}")

    def _import_value(self, Model, fname, record):
        """A value of ``fname`` in an import file that is not the field's default (a default is let
        through: an export lists it)."""
        field = Model._fields[fname]
        if field.type in ("date", "datetime"):
            return "2020-01-02"
        if field.type in ("integer", "float", "monetary"):
            return "4242"
        if field.type == "boolean":
            return "False" if field.default and field.default(Model) else "True"
        if field.type == "selection":
            default = field.default(Model) if field.default else None
            keys = [key for key, _label in field._description_selection(self.env) if key != default]
            return keys[-1]
        if field.type == "many2one":
            current = record[fname]
            other = self.env[field.comodel_name].sudo().search([("id", "!=", current.id)], limit=1)
            return other.display_name
        return "x"
