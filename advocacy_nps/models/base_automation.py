from odoo import models

# the closed loop's server actions (data/base_automation_data.xml), as shipped: each handles a recordset
SET_BASED_CODE = frozenset(
    {
        "records._nps_action_detractor()",
        "records._nps_action_passive()",
        "records._nps_action_promoter()",
    }
)
DEFERRED_RUNS = "advocacy_nps_deferred_runs"


class DeferredRuns(list):
    """The runs of set-based actions their automations held back, to run once for all their records
    (a Python object: no RPC context holds one, so no caller can hold runs back). `band_changes`: the
    (band, score) each answer had before a batch's writes, whose old loops close once too."""

    # Odoo reuses an environment whose context compares equal: two lists of runs must never (two
    # empty lists are equal, and the runs held back for one batch would go into another's)
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    def __init__(self):
        super().__init__()
        self.band_changes = {}

    def run(self):
        """Runs each held-back action once, on every record it was held back for, with the context
        of its first run and the records already processed by each automation in any of them."""
        by_action = {}
        for run in self:
            by_action.setdefault(run.id, []).append(run)
        self.clear()
        for runs in by_action.values():
            context = {key: value for key, value in runs[0].env.context.items() if key != DEFERRED_RUNS}
            done = {}
            for run in runs:
                for automation, records in run.env.context.get("__action_done", {}).items():
                    done[automation] = done.get(automation, records.browse()) | records
            ids = list(dict.fromkeys(run.env.context["active_id"] for run in runs))
            action = runs[0].with_context(context, __action_done=done, active_ids=ids, active_id=ids[0])
            try:
                action.run()
            except Exception as e:
                action.base_automation_id._add_postmortem(e)
                raise


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    def _advocacy_set_based(self):
        """The automation's actions are the closed loop's, unchanged: they handle a recordset."""
        actions = self.sudo().action_server_ids
        return bool(actions) and all(
            action.state == "code" and (action.code or "").strip() in SET_BASED_CODE for action in actions
        )

    def _process(self, records, domain_post=None):
        """Odoo runs an automation's actions once per record; the closed loop's run once for the
        whole batch of answers (the same records, context and checks: the per-record runs are held
        back by ``ir.actions.server.run``, then run as one), at the end of this call or of the batch
        that holds them (`advocacy.nps.response._nps_batched_loop`). Other actions run as Odoo runs them."""
        batch = self.env.context.get(DEFERRED_RUNS)
        if not self._advocacy_set_based():
            if batch is not None:
                self = self.with_context(**{DEFERRED_RUNS: None})
            return super()._process(records, domain_post)
        if isinstance(batch, DeferredRuns) or len(records) < 2:
            return super()._process(records, domain_post)
        deferred = DeferredRuns()
        super(BaseAutomation, self.with_context(**{DEFERRED_RUNS: deferred}))._process(records, domain_post)
        deferred.run()
