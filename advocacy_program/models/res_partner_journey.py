from odoo import models

from .res_partner import JOURNEY_STAGES

JOURNEY_RANK = {stage: rank for rank, (stage, _label) in enumerate(JOURNEY_STAGES)}


class ResPartner(models.Model):
    """The customer journey stage, moved forward by CRM and sales events."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _advocacy_advance_journey(self, stage):
        """The journey service: move the contacts of self that stand before `stage` to it, in one write
        (never backwards)."""
        partners = self.sudo().filtered(
            lambda p: p.id and JOURNEY_RANK.get(p.journey_stage, -1) < JOURNEY_RANK[stage]
        )
        if partners:
            partners.write({"journey_stage": stage})
        return partners

    def _advocacy_with_company(self):
        """The contacts of self and their companies (a company's journey is its contacts')."""
        partners = self.sudo()
        return partners | partners.commercial_partner_id
