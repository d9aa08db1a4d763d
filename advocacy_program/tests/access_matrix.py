"""Access matrix engine shared by the three advocacy addons.

A thin test file per addon subclasses :class:`AccessMatrixCase`, names its addon and keeps two literal
tables:

- ``MODEL_ACCESS``: model -> role -> "rwcu" string (read, write, create, unlink; "-" for a missing
  right). It must list exactly the models the addon defines (found in ir.model through the addon's
  xmlids), so a new model without a row fails.
- ``RECORD_ACCESS``: model -> role -> the labels of the fixture records the role may read, as one
  space-separated string (or a dict {"r": ..., "w": ..., "u": ...} when a rule differs per operation).
  Write and unlink default to the read set when the role has the model right, else nothing.

Fixture records are made by the subclass in ``_access_records(cls)`` (superuser), returning
{label: record}; the roles are users of this module (see ``ROLES``).
"""

from odoo.tests import TransactionCase, new_test_user

ROLES = ("public", "portal", "user", "manager", "admin", "other_company")
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}
GROUP_USER = "advocacy_program.group_advocacy_user"
GROUP_MANAGER = "advocacy_program.group_advocacy_manager"
GROUP_ADMIN = "advocacy_program.group_advocacy_admin"


def addon_models(env, addon):
    """The concrete models an addon defines (not merely extends), from its ir.model xmlids."""
    data = env["ir.model.data"].sudo().search([("module", "=", addon), ("model", "=", "ir.model")])
    names = env["ir.model"].sudo().browse(data.mapped("res_id")).mapped("model")
    return sorted(
        name
        for name in names
        if name in env and not env[name]._abstract and env[name]._original_module == addon
    )


class AccessMatrixCase(TransactionCase):
    # Odoo collects only the test methods a class defines itself; the engine's come from here
    allow_inherited_tests_method = True
    addon = None
    MODEL_ACCESS = {}
    RECORD_ACCESS = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main_company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Matrix Other Company"})
        cls.users = {
            "public": cls.env.ref("base.public_user"),
            "portal": new_test_user(cls.env, login="matrix_portal", groups="base.group_portal"),
            "user": new_test_user(cls.env, login="matrix_user", groups=GROUP_USER),
            "manager": new_test_user(cls.env, login="matrix_manager", groups=GROUP_MANAGER),
            "admin": new_test_user(cls.env, login="matrix_admin", groups=GROUP_ADMIN),
            "other_company": new_test_user(
                cls.env,
                login="matrix_other",
                groups=GROUP_MANAGER,
                company_id=cls.other_company.id,
                company_ids=[(6, 0, cls.other_company.ids)],
            ),
        }
        # another rep of the same company: owner of the records the "user" role must not see
        cls.other_rep = new_test_user(cls.env, login="matrix_rep2", groups=GROUP_USER)
        cls.portal_company = cls.env["res.partner"].create({"name": "Matrix Portal Co", "is_company": True})
        cls.users["portal"].partner_id.parent_id = cls.portal_company
        cls.records = cls._access_records()

    @classmethod
    def _access_records(cls):
        return {}

    def _expected_rights(self, model, role):
        rights = self.MODEL_ACCESS[model][role]
        self.assertEqual(len(rights), 4, f"{model}/{role}: rights are four letters like 'rwcu' or 'r---'")
        return {op for op in OPERATIONS if op in rights}

    def test_every_model_has_a_row(self):
        models = addon_models(self.env, self.addon)
        self.assertTrue(models, f"{self.addon} defines models")
        self.assertEqual(
            sorted(self.MODEL_ACCESS),
            models,
            "the access table lists exactly the models of the addon (a new model needs a row)",
        )
        for model in models:
            self.assertEqual(set(self.MODEL_ACCESS[model]), set(ROLES), f"{model}: one entry per role")

    def test_model_access_rights(self):
        """ir.model.access, per model, role and operation: nothing more, nothing less."""
        for model in self.MODEL_ACCESS:
            for role, user in self.users.items():
                expected = self._expected_rights(model, role)
                granted = {
                    op
                    for op, operation in OPERATIONS.items()
                    if self.env[model].with_user(user).browse().has_access(operation)
                }
                with self.subTest(model=model, role=role):
                    self.assertEqual(
                        "".join(op if op in granted else "-" for op in OPERATIONS),
                        "".join(op if op in expected else "-" for op in OPERATIONS),
                        f"{role} on {model}",
                    )

    def test_record_rules(self):
        """Record rules: each role reads, writes and deletes exactly the fixture records expected."""
        by_model = {}
        for label, record in self.records.items():
            by_model.setdefault(record._name, {})[record.id] = label
        self.assertEqual(
            set(by_model), set(self.RECORD_ACCESS), "record fixtures and RECORD_ACCESS cover the same models"
        )
        for model, labels in by_model.items():
            records = self.env[model].browse(list(labels))
            for role, user in self.users.items():
                expected = self.RECORD_ACCESS[model][role]
                if isinstance(expected, str):
                    rights = self._expected_rights(model, role)
                    expected = {op: expected if op in rights else "" for op in "rwu"}
                as_user = records.with_user(user)
                seen = {
                    "r": as_user.search([("id", "in", records.ids)])
                    if "r" in self._expected_rights(model, role)
                    else as_user.browse(),
                    "w": as_user._filtered_access("write"),
                    "u": as_user._filtered_access("unlink"),
                }
                for op, found in seen.items():
                    with self.subTest(model=model, role=role, operation=OPERATIONS[op]):
                        self.assertEqual(
                            sorted(labels[record_id] for record_id in found.ids),
                            sorted(expected.get(op, "").split()),
                            f"{role} may {OPERATIONS[op]} on {model}",
                        )
        # a read beyond the rules is refused, not silently empty
        for model, labels in by_model.items():
            for role, user in self.users.items():
                if "r" not in self._expected_rights(model, role):
                    continue
                expected = self.RECORD_ACCESS[model][role]
                readable = set((expected if isinstance(expected, str) else expected.get("r", "")).split())
                hidden = [rid for rid, label in labels.items() if label not in readable]
                with self.subTest(model=model, role=role, check="read refused"):
                    if hidden:
                        self.assertFalse(self.env[model].with_user(user).browse(hidden).has_access("read"))
