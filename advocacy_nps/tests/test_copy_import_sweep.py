from odoo.addons.advocacy_program.tests.copy_import_sweep import NO_CREATE, REFUSED, WIZARD, CopyImportSweep
from odoo.tests import tagged

from .test_security_matrix import TestNpsSecurityMatrix


@tagged("post_install", "-at_install", "copy_import")
class TestNpsCopyImport(CopyImportSweep, TestNpsSecurityMatrix):
    """*Duplicate* and *Import* on every model of advocacy_nps (engine:
    advocacy_program/tests/copy_import_sweep.py)."""

    allow_inherited_tests_method = False
    COPY = {
        "advocacy.csat.response": REFUSED,  # an answer would count twice
        "advocacy.nps.account.report": NO_CREATE,  # SQL report
        "advocacy.nps.click": NO_CREATE,  # the one-click page's service
        "advocacy.nps.import": WIZARD,
        "advocacy.nps.import.column": WIZARD,
        "advocacy.nps.invitation": REFUSED,  # one per contact, wave and cycle, its own token
        "advocacy.nps.reason": "manager",
        "advocacy.nps.report": NO_CREATE,  # SQL report
        "advocacy.nps.response": REFUSED,  # an answer would count twice
        "advocacy.nps.revenue.report": NO_CREATE,  # SQL report
        "advocacy.nps.wave": "manager",
        "advocacy.nps.xlsx.export": WIZARD,
    }

    IMPORT_GUARDED = {"advocacy.nps.reason": {}}  # a tag: nothing of it is kept by the application

    def test_every_model_has_a_copy_row(self):
        self._sweep_rows()

    def test_duplicate_resets_what_the_application_keeps(self):
        self._sweep_copy()

    def test_import_cannot_set_what_the_application_keeps(self):
        self._sweep_import()
