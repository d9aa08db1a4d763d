"""The moments found in the data by the daily cron: onboarding done (N days after the first confirmed
order), heavy usage (N confirmed orders, or an amount, within D days) and renewal (N days before the
renewal date kept on the customer). The promoter and good-review moments fire from their own events."""

from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

DETECTION_BATCH = 500
# a customer whose first order is older than this past its onboarding delay is not asked any more (the
# cron catches up on missed days, not on years of history when the feature is switched on)
ONBOARDING_CATCH_UP_DAYS = 30


class AdvocacyMoment(models.Model):
    _inherit = "advocacy.moment"

    def _askable_sql(self, moment_type, again_after):
        """Contact ``p`` may be asked a `moment_type` moment today: active, not do-not-ask nor opted out,
        no moment within the ask cooldown and none of this kind since `again_after`."""
        today = fields.Date.context_today(self)
        return SQL(
            """p.active AND p.advocacy_do_not_ask IS NOT TRUE AND p.advocate_state != 'opted_out'
               AND NOT EXISTS (SELECT 1 FROM advocacy_moment m
                                WHERE m.partner_id = p.id
                                  AND (m.date > %s OR (m.moment_type = %s AND m.date > %s)))""",
            today
            - timedelta(
                days=self.env["advocacy.settings"]._advocacy_setting("advocacy_program.ask_cooldown_days")
            ),
            moment_type,
            again_after,
        )

    def _detect_onboarding(self):
        days = self.env["advocacy.settings"]._advocacy_setting("advocacy_program.moment_onboarding_days")
        now = fields.Datetime.now()
        return SQL(
            """SELECT so.partner_id FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                WHERE so.state = 'sale' AND %s
             GROUP BY so.partner_id
               HAVING MIN(so.date_order) <= %s AND MIN(so.date_order) > %s""",
            self._askable_sql("onboarding_done", fields.Date.to_date("1900-01-01")),
            now - timedelta(days=days),
            now - timedelta(days=days + ONBOARDING_CATCH_UP_DAYS),
        )

    def _detect_high_usage(self):
        orders = self.env["advocacy.settings"]._advocacy_setting("advocacy_program.moment_usage_orders")
        amount = self.env["advocacy.settings"]._advocacy_setting("advocacy_program.moment_usage_amount")
        days = self.env["advocacy.settings"]._advocacy_setting("advocacy_program.moment_usage_days")
        if not orders and not amount:
            return None
        today = fields.Date.context_today(self)
        return SQL(
            """SELECT so.partner_id FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                WHERE so.state = 'sale' AND so.date_order >= %s AND %s
             GROUP BY so.partner_id
               HAVING (%s > 0 AND COUNT(*) >= %s)
                   OR (%s > 0 AND SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) >= %s)""",
            datetime.combine(today - timedelta(days=days), time.min),
            self._askable_sql("high_usage", today - timedelta(days=days)),
            orders,
            orders,
            amount,
            amount,
        )

    def _detect_renewal(self):
        days = self.env["advocacy.settings"]._advocacy_setting("advocacy_program.moment_renewal_days")
        today = fields.Date.context_today(self)
        return SQL(
            """SELECT p.id FROM res_partner p
                WHERE p.advocacy_renewal_date BETWEEN %s AND %s AND %s""",
            today,
            today + timedelta(days=days),
            self._askable_sql("renewal", today - timedelta(days=days + 1)),
        )

    @api.model
    def _cron_detect_moments(self, batch_size=DETECTION_BATCH):
        """Create the moments the data shows today, a batch of contacts per call: the contacts asked are
        no longer found by the next call (cooldown), so the cron runs again until none remain."""
        self.env.flush_all()
        candidates = {}  # partner id -> moment type: one moment per contact and run (cooldown)
        detectors = {
            "onboarding_done": self._detect_onboarding,
            "high_usage": self._detect_high_usage,
            "renewal": self._detect_renewal,
        }
        for moment_type, detector in detectors.items():
            query = self._moment_enabled(moment_type) and detector()
            if query:
                self.env.cr.execute(SQL("%s ORDER BY 1", query))
                for (pid,) in self.env.cr.fetchall():
                    candidates.setdefault(pid, moment_type)
        batch = list(candidates)[:batch_size]
        Partner = self.env["res.partner"].sudo()
        for moment_type in detectors:
            ids = [pid for pid in batch if candidates[pid] == moment_type]
            if ids:
                self._trigger(Partner.browse(ids), moment_type)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(candidates) - len(batch))
        return len(batch)
