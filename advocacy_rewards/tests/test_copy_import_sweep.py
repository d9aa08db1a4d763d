from odoo.addons.advocacy_program.tests.copy_import_sweep import NO_CREATE, REFUSED, CopyImportSweep
from odoo.tests import tagged

from .test_security_matrix import TestRewardsSecurityMatrix


@tagged("post_install", "-at_install", "copy_import")
class TestRewardsCopyImport(CopyImportSweep, TestRewardsSecurityMatrix):
    """*Duplicate* and *Import* on every model of advocacy_rewards (engine:
    advocacy_program/tests/copy_import_sweep.py)."""

    allow_inherited_tests_method = False
    COPY = {
        "advocacy.campaign.roi": NO_CREATE,  # SQL report
        "advocacy.catalog.item": "admin",
        "advocacy.leaderboard": NO_CREATE,  # SQL report
        "advocacy.points.entry": REFUSED,  # a ledger line: corrections are new lines
        "advocacy.redemption": "manager",  # a new request of the same item, charged again
        "advocacy.reward": NO_CREATE,  # issued by the rules
        "advocacy.reward.cost": NO_CREATE,  # SQL report
        "advocacy.reward.rule": "admin",
        "advocacy.tier": "admin",
        "advocacy.tier.change": NO_CREATE,  # the tier recomputation's history
    }

    # a redemption's copy is a new request of the same item by the same advocate (charged again)
    COPIED = {"advocacy.redemption": ("company_id", "item_id", "partner_id", "quantity")}
    IMPORT_GUARDED = {
        # by hand only adjustments: an imported earning is refused
        "advocacy.points.entry": {"kind": "earn"},
        # what a redemption costs, when and its state come from the item and the buttons
        "advocacy.redemption": {"points": None, "date": None, "state": None},
    }

    def test_every_model_has_a_copy_row(self):
        self._sweep_rows()

    def test_duplicate_resets_what_the_application_keeps(self):
        self._sweep_copy()

    def test_import_cannot_set_what_the_application_keeps(self):
        self._sweep_import()
