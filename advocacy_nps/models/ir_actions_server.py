from odoo import models

from .base_automation import DEFERRED_RUNS, DeferredRuns


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"

    def run(self):
        # a run of the closed loop held back by its automation, to be run once for the whole batch
        deferred = self.env.context.get(DEFERRED_RUNS)
        if isinstance(deferred, DeferredRuns):
            deferred.extend(self)
            return False
        return super().run()
