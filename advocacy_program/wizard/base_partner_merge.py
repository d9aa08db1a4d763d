from odoo import models

from ..models import service_guard
from ..models.res_partner import ADVOCATE_STATES, PYRAMID_LEVELS
from ..models.res_partner_journey import JOURNEY_RANK
from ..models.res_partner_referral_figures import MERGE_SKIP_FIGURES

# an opt-out is consent and always survives a merge; otherwise the most engaged status wins
STATE_RANK = {"opted_out": 99, "champion": 5, "active": 4, "paused": 3, "candidate": 2, "none": 1}
PYRAMID_RANK = {level: rank for rank, (level, _label) in enumerate(PYRAMID_LEVELS)}
assert set(STATE_RANK) == {state for state, _label in ADVOCATE_STATES}


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        """Keeps the advocacy identity of merged contacts. Odoo copies to the kept contact the last
        non-empty value of each field (its own first) while the merged-away contacts still exist,
        which a unique referral code cannot survive, and a plain "none" status would always win.
        The merged values are set on the kept contact first, the codes of the merged-away ones
        released, so Odoo's own copy changes none of them."""
        # the consent of the merged contacts is carried over by the join service's key
        dst = service_guard.as_service(dst_partner, service_guard.JOIN).with_context(tracking_disable=True)
        srcs = src_partners.sudo().with_context(tracking_disable=True)
        merged = self._advocacy_merged_values(dst, srcs)
        srcs.filtered("referral_code").write({"referral_code": False})
        dst.write(merged)
        # the stored referral figures are not copied over but recomputed from the moved referrals
        res = super()._update_values(src_partners, dst_partner.with_context(**{MERGE_SKIP_FIGURES: True}))
        commercial = (dst_partner | src_partners).sudo().commercial_partner_id
        (dst_partner | commercial).filtered(lambda p: p not in src_partners)._advocacy_store_figures()
        return res

    def _advocacy_merged_values(self, dst, srcs):
        partners = dst | srcs  # the kept contact first: its values win ties
        journeys = [p.journey_stage for p in partners if p.journey_stage]
        levels = [p.pyramid_level for p in partners if p.pyramid_level]
        since = [p.advocate_since for p in partners if p.advocate_since]
        return {
            "advocate_state": max(partners.mapped("advocate_state"), key=STATE_RANK.get),
            "journey_stage": max(journeys, key=JOURNEY_RANK.get) if journeys else False,
            "pyramid_level": max(levels, key=PYRAMID_RANK.get) if levels else False,
            "advocate_since": min(since) if since else False,
            "advocacy_do_not_ask": any(partners.mapped("advocacy_do_not_ask")),
            "is_community_member": any(partners.mapped("is_community_member")),
            "is_advisory_council_member": any(partners.mapped("is_advisory_council_member")),
            "account_manager_id": next(
                (p.account_manager_id.id for p in partners if p.account_manager_id), False
            ),
            "referral_code": next((p.referral_code for p in partners if p.referral_code), False),
            "advocacy_consent_date": next(
                (p.advocacy_consent_date for p in partners if p.advocacy_consent_date), False
            ),
            "advocacy_terms_accepted": next(
                (p.advocacy_terms_accepted for p in partners if p.advocacy_terms_accepted), False
            ),
        }
