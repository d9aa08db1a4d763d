from odoo import api, models
from odoo.tools import SQL

from .res_partner import NPS_LAST_FIELDS


class ResPartner(models.Model):
    """The contact's stored latest answer (band, score, date), kept by the answers' service."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _nps_last_query(self, partner_ids):
        """SQL of (partner id, band, score, date) of the latest answer of each partner of the SQL set
        ``partner_ids``: its own answers for a contact, any of its contacts' for a commercial entity."""
        return SQL(
            """SELECT t.id, last.category, last.score, last.date
                 FROM res_partner t
            LEFT JOIN LATERAL (
                   SELECT r.id, r.category, r.score, r.date FROM advocacy_nps_response r
                    WHERE t.commercial_partner_id IS DISTINCT FROM t.id AND r.partner_id = t.id
                UNION ALL
                   SELECT r.id, r.category, r.score, r.date FROM advocacy_nps_response r
                    WHERE t.commercial_partner_id = t.id AND r.commercial_partner_id = t.id
                 ORDER BY date DESC, id DESC LIMIT 1
                  ) last ON TRUE
                WHERE t.id IN (%s)""",
            partner_ids,
        )

    def _compute_nps_last(self):
        # on install (column created) and for new contacts; afterwards the answers' service keeps them
        found = {}
        ids = [pid for pid in self.ids if pid]
        if ids:
            self.env["advocacy.nps.response"].flush_model(["partner_id", "commercial_partner_id", "date"])
            self.env.cr.execute(self._nps_last_query(SQL("SELECT unnest(%s::int[])", ids)))
            found = {pid: (band, score, date) for pid, band, score, date in self.env.cr.fetchall()}
        for partner in self:
            band, score, date = found.get(partner.id) or (False, 0, False)
            partner.nps_last_band = band or False
            partner.nps_last_score = score or 0
            partner.nps_last_date = date or False

    @api.model
    def _nps_refresh_last(self, partner_ids):
        """The answers' service: brings the stored latest answer of ``partner_ids`` and of their
        commercial entities up to date in one UPDATE (only the rows that change are written)."""
        partner_ids = [pid for pid in set(partner_ids) if pid]
        if not partner_ids:
            return
        self.env["advocacy.nps.response"].flush_model(
            ["partner_id", "commercial_partner_id", "date", "score", "category"]
        )
        self.flush_model(["commercial_partner_id", "parent_id"])
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner p
                      SET nps_last_band = l.category, nps_last_score = COALESCE(l.score, 0),
                          nps_last_date = l.date
                     FROM (%s) AS l (id, category, score, date)
                    WHERE p.id = l.id
                      AND (p.nps_last_band, COALESCE(p.nps_last_score, 0), p.nps_last_date)
                          IS DISTINCT FROM (l.category, COALESCE(l.score, 0), l.date)""",
                self._nps_last_query(
                    SQL(
                        "SELECT id FROM res_partner WHERE id = ANY(%(ids)s) "
                        "UNION SELECT commercial_partner_id FROM res_partner WHERE id = ANY(%(ids)s)",
                        ids=partner_ids,
                    )
                ),
            )
        )
        self.invalidate_model(list(NPS_LAST_FIELDS))
