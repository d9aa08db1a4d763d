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
    """The runs of set-based actions an automation held back (a Python object: no RPC context holds
    one, so no caller can hold runs back)."""


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
        whole batch of answers the answer cron records (the same records, context and checks: the
        per-record runs are held back by ``ir.actions.server.run``, then run as one)."""
        if len(records) < 2 or not self._advocacy_set_based():
            return super()._process(records, domain_post)
        deferred = DeferredRuns()
        super(BaseAutomation, self.with_context(**{DEFERRED_RUNS: deferred}))._process(records, domain_post)
        by_action = {}
        for run in deferred:
            by_action.setdefault(run.id, []).append(run)
        for runs in by_action.values():
            context = {key: value for key, value in runs[0].env.context.items() if key != DEFERRED_RUNS}
            ids = [run.env.context["active_id"] for run in runs]
            try:
                runs[0].with_context(context, active_ids=ids, active_id=ids[0]).run()
            except Exception as e:
                self._add_postmortem(e)
                raise
