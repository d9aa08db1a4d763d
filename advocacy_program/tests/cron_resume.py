"""Crash-and-resume engine shared by the three advocacy addons.

Every ir.cron of the addon (found through its xmlids, so a new cron needs a scenario) is run the way
the scheduler runs it: its server action is called as the cron's user, batch after batch, while
``_notify_progress`` reports remaining work; each batch sits in a savepoint, as each batch of the
real scheduler sits in its own committed transaction.

For each cron the thin test file gives a scenario ``{cron xmlid: {"setup": callable(case),
"batch": {kwarg: value}, "check": callable(case)}}``:

- ``setup`` creates work for at least two batches (with the ``batch`` keyword arguments, usually a
  small ``batch_size``, passed to the cron method);
- the engine first runs the cron to the end in a savepoint that it rolls back, and keeps a snapshot
  (row counts of the addon's tables and of mail.mail, mail.activity and mail.message, and the
  count of records per state);
- then it runs one batch, makes the second one crash (its ``_notify_progress`` raises after the
  batch did its work, so the whole batch is rolled back like a worker killed before its commit),
  runs the cron again normally to the end, and asserts the snapshot is the same as the clean run's:
  the work completed, with no duplicate record, reward, email or activity;
- ``check`` asserts what a user would see once the work is done.

A cron with nothing to resume (one batch, a pure recompute) is run twice: the second run must change
nothing.
"""

import re
from contextlib import closing
from unittest.mock import patch

from odoo.tests import TransactionCase
from odoo.tools import SQL

from .access_matrix import addon_models

MAIL_MODELS = ("mail.mail", "mail.activity", "mail.message", "mail.followers")
MAX_BATCHES = 50


class InjectedCrash(Exception):
    """The fault the test injects into a batch."""


class CronResumeCase(TransactionCase):
    # Odoo collects only the test methods a class defines itself; the engine's come from here
    allow_inherited_tests_method = True
    addon = None
    SCENARIOS = {}

    def _crons(self):
        data = (
            self.env["ir.model.data"].sudo().search([("module", "=", self.addon), ("model", "=", "ir.cron")])
        )
        return {f"{self.addon}.{d.name}": self.env["ir.cron"].browse(d.res_id) for d in data}

    def _snapshot(self):
        self.env.flush_all()
        models = [m for m in addon_models(self.env, self.addon) if self.env[m]._auto] + list(MAIL_MODELS)
        snapshot = {}
        for model in models:
            self.env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(self.env[model]._table)))
            snapshot[model] = self.env.cr.fetchone()[0]
            if "state" in self.env[model]._fields and self.env[model]._fields["state"].store:
                self.env.cr.execute(
                    SQL(
                        "SELECT state, count(*) FROM %s GROUP BY state ORDER BY state",
                        SQL.identifier(self.env[model]._table),
                    )
                )
                snapshot[f"{model} by state"] = dict(self.env.cr.fetchall())
        return snapshot

    def _run_cron(self, cron, batch_kwargs, crash_at=None):
        """Run ``cron`` to the end like the scheduler; ``crash_at``: the batch number that crashes.
        Returns the number of batches that completed."""
        method = re.match(r"\s*model\.(\w+)\(\s*\)\s*$", cron.code or "")
        self.assertTrue(method, f"{cron.name}: the cron calls one model method")
        model_class = self.registry[cron.model_id.model]
        original = getattr(model_class, method.group(1))
        progress = []

        def method_with_batch(records, *args, **kwargs):
            return original(records, *args, **{**batch_kwargs, **kwargs})

        def notify(records, *, done, remaining, deactivate=False):
            progress.append(remaining)
            if crash_at is not None and len(progress) == crash_at:
                raise InjectedCrash(f"{cron.name}: crash injected in batch {crash_at}")

        batches = 0
        with (
            patch.object(model_class, method.group(1), method_with_batch),
            patch.object(self.registry["ir.cron"], "_notify_progress", notify),
        ):
            for _batch in range(MAX_BATCHES):
                count = len(progress)
                with self.env.cr.savepoint():
                    cron.ir_actions_server_id.with_user(cron.user_id).run()
                    self.env.flush_all()
                batches += 1
                # a cron that reports nothing or nothing remaining is done, as for the scheduler
                if len(progress) == count or not progress[-1]:
                    return batches
        self.fail(f"{cron.name} still has work after {MAX_BATCHES} batches")

    def test_every_cron_has_a_scenario(self):
        self.assertEqual(
            sorted(self._crons()),
            sorted(self.SCENARIOS),
            "every cron of the addon has a crash-and-resume scenario",
        )

    def test_crash_and_resume(self):
        for xmlid, cron in self._crons().items():
            scenario = self.SCENARIOS[xmlid]
            # each scenario is rolled back (closing() rolls the savepoint back) so crons stay independent
            with self.subTest(cron=xmlid), closing(self.env.cr.savepoint()):
                scenario["setup"](self)
                batch_kwargs = scenario.get("batch", {})
                start = self._snapshot()
                # the reference: an uninterrupted run, rolled back
                reference = self.env.cr.savepoint()
                batches = self._run_cron(cron, batch_kwargs)
                expected = self._snapshot()
                reference.close(rollback=True)
                self.env.invalidate_all()
                self.assertEqual(self._snapshot(), start, "the reference run was rolled back")
                if batches > 1:
                    # first batch done, second batch crashes and is rolled back, then a normal run
                    # (the server action reports the crash as a ValueError naming it)
                    with self.assertRaisesRegex(Exception, "crash injected in batch 2"):
                        self._run_cron(cron, batch_kwargs, crash_at=2)
                    self.env.invalidate_all()
                    self.assertNotEqual(
                        self._snapshot(), start, "the first batch did its work before the crash"
                    )
                    self._run_cron(cron, batch_kwargs)
                    self.assertEqual(self._snapshot(), expected, "resumed run ends like an uninterrupted one")
                else:
                    # nothing to resume: running it again changes nothing
                    self._run_cron(cron, batch_kwargs)
                    self.assertEqual(self._snapshot(), expected)
                    self._run_cron(cron, batch_kwargs)
                    self.assertEqual(self._snapshot(), expected, "running the cron again changes nothing")
                self.assertGreaterEqual(batches, scenario.get("min_batches", 1), "the scenario spans batches")
                scenario["check"](self)
            self.env.invalidate_all()
