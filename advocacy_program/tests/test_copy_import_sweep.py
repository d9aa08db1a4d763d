from odoo.tests import tagged

from .copy_import_sweep import NO_CREATE, REFUSED, WIZARD, CopyImportSweep
from .test_security_matrix import TestProgramSecurityMatrix


@tagged("post_install", "-at_install", "copy_import")
class TestProgramCopyImport(CopyImportSweep, TestProgramSecurityMatrix):
    """*Duplicate* and *Import* on every model of advocacy_program (engine: copy_import_sweep.py; the
    security matrix's roles and fixtures)."""

    # only this class's tests: the matrix's own run in its class
    allow_inherited_tests_method = False
    COPY = {
        "advocacy.activity.idea": "admin",
        "advocacy.campaign": "manager",
        "advocacy.challenge": "manager",
        "advocacy.cohort.report": WIZARD,
        "advocacy.cohort.report.line": WIZARD,
        "advocacy.moment": "user",
        "advocacy.notification": NO_CREATE,  # the mail dispatcher's digest lines
        "advocacy.participation": REFUSED,  # one per advocate and challenge
        "advocacy.referral": "user",
        "advocacy.referral.revenue": NO_CREATE,  # SQL report
        "advocacy.review": "user",
        "advocacy.share.attempt": NO_CREATE,  # the share page's rate limiter
    }
    REGENERATED = {"advocacy.referral": ("name",)}

    def test_every_model_has_a_copy_row(self):
        self._sweep_rows()

    def test_duplicate_resets_what_the_application_keeps(self):
        self._sweep_copy()

    def test_import_cannot_set_what_the_application_keeps(self):
        self._sweep_import()
