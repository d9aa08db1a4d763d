"""One-click answers are logged as clicks (advocacy.nps.click) since 18.0.1.1.0, no longer flagged on
their invitation (`sync_needed`, dropped by Odoo once this upgrade ends). An answer flagged and not yet
turned into its response becomes a click of its own score: the answer cron finds nothing to change on
the invitation and creates or updates its response (follow-up answer and consent included)."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not column_exists(cr, "advocacy_nps_invitation", "sync_needed"):
        return
    cr.execute(
        SQL(
            """INSERT INTO advocacy_nps_click (invitation_id, kind, score, click_date)
               SELECT id, 'score', score, COALESCE(answered_date, now() AT TIME ZONE 'UTC')
                 FROM advocacy_nps_invitation
                WHERE sync_needed AND score >= 0
             ORDER BY id"""
        )
    )
    if cr.rowcount:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.ref("advocacy_nps.ir_cron_nps_sync_answers")._trigger()
