from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class AdvocacyShareAttempt(models.Model):
    """One submission of the public share form, kept in the database so that every worker of every
    server shares the same per-address rate limit."""

    _name = "advocacy.share.attempt"
    _description = "Share Page Submission"
    _order = "id desc"
    _log_access = False

    address = fields.Char(required=True, index=True)
    attempt_time = fields.Datetime(string="Time", required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _check_and_record(self, address, limit=5, minutes=60):
        """Record one attempt from ``address`` and tell whether it is allowed (at most ``limit``
        per ``minutes``). The per-address advisory lock serialises concurrent submissions."""
        since = fields.Datetime.now() - timedelta(minutes=minutes)
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", "advocacy_share:" + address))
        count = self.sudo().search_count([("address", "=", address), ("attempt_time", ">=", since)])
        self.sudo().create({"address": address})
        return count < limit

    @api.autovacuum
    def _gc_attempts(self):
        self.sudo().search([("attempt_time", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
