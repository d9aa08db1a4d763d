from odoo import api, models
from odoo.tools import SQL

from .referral import OPEN_STATES


class CrmLead(models.Model):
    """The opportunity's outcome moves its referral; merging leads keeps one referral."""

    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    def _advocacy_is_won(self):
        """An opportunity won in the CRM (False for no lead)."""
        return bool(self) and self._advocacy_outcome() == "won"

    def _advocacy_outcome(self):
        self.ensure_one()
        if not self.active:
            return "lost"
        return "won" if self.stage_id.is_won else "open"

    def _advocacy_journey_try(self):
        """An opportunity: its customer tries us (journey stage)."""
        opportunities = self.sudo().filtered(lambda lead: lead.type == "opportunity" and lead.partner_id)
        opportunities.partner_id._advocacy_with_company()._advocacy_advance_journey("try")

    def _advocacy_sync_referrals(self, before):
        """Winning, losing or restoring the opportunity moves its referral."""
        moves = {}
        for lead in self.filtered("referral_id"):
            referral = lead.referral_id.sudo()
            old_outcome, old_type = before.get(lead.id, ("open", lead.type))
            outcome = lead._advocacy_outcome()
            target = None
            if referral.state == "rejected":
                continue
            if outcome != old_outcome:
                if outcome == "won" and referral.state != "won":
                    target = "won"
                elif outcome == "lost" and referral.state != "lost":
                    target = "lost"
                elif outcome == "open" and referral.state in ("won", "lost"):
                    target = "qualified" if lead.type == "opportunity" else "new"
            elif old_type == "lead" and lead.type == "opportunity" and referral.state == "new":
                target = "qualified"
            if target:
                moves.setdefault(target, self.env["advocacy.referral"].sudo())
                moves[target] |= referral
        for target, referrals in moves.items():
            referrals._advocacy_service().write({"state": target})

    def _merge_opportunity(self, user_id=False, team_id=False, auto_unlink=True, max_length=5):
        """Merging leads keeps one referral (the kept lead's, else the first of the merged ones by
        Odoo's merge order); the other open referrals are rejected as duplicates so they stop counting."""
        referrals = self._sort_by_confidence_level(reverse=True).sudo().referral_id
        head = super()._merge_opportunity(
            user_id=user_id, team_id=team_id, auto_unlink=auto_unlink, max_length=max_length
        )
        head._advocacy_merge_referrals(referrals)
        return head

    def _advocacy_merge_referrals(self, referrals):
        self.ensure_one()
        lead = self.sudo()
        kept = lead.referral_id or referrals[:1]
        if kept and lead.referral_id != kept:
            lead.write({"referral_id": kept.id})
        dropped = (referrals - kept).filtered(lambda r: r.state in OPEN_STATES)
        for referral in dropped:
            referral.rejection_reason = self.env._(
                "Duplicate: its lead was merged into %(lead)s, which keeps referral %(kept)s.",
                lead=lead.display_name,
                kept=kept.name,
            )
        dropped._advocacy_service().write({"state": "rejected", "rejection_type": "duplicate_lead"})

    @api.model
    def _advocacy_deals_sql(self, select, source, where):
        """The one definition of a deal of the referral-vs-other comparisons (a campaign's, the cohort
        report's): an opportunity ``l``, referred when its referral is not rejected, won in a won stage,
        lost when archived at probability 0, its cycle from creation to closing in days. ``select``,
        ``source`` (the FROM clause, ``l`` included) and ``where`` are the caller's."""
        return SQL(
            """SELECT %(select)s,
                      r.id IS NOT NULL AS referred,
                      l.active AND COALESCE(s.is_won, FALSE) AS won,
                      NOT l.active AND COALESCE(l.probability, 0) = 0 AS lost,
                      EXTRACT(EPOCH FROM (l.date_closed - l.create_date)) / 86400.0 AS cycle,
                      COALESCE(l.expected_revenue, 0) AS revenue
                 FROM %(source)s
            LEFT JOIN crm_stage s ON s.id = l.stage_id
            LEFT JOIN advocacy_referral r ON r.id = l.referral_id AND r.state != 'rejected'
                WHERE l.type = 'opportunity' AND %(where)s""",
            select=select,
            source=source,
            where=where,
        )
