from odoo import models
from odoo.tools import SQL

from ..models.res_partner import MERGE_SKIP_DERIVED

# which of two rewards for one source a merged advocate keeps: the furthest along, then the kept contact's
STATE_RANK = {"fulfilled": 4, "approved": 3, "pending": 2, "rejected": 1, "reversed": 0}


class MergePartnerAutomatic(models.TransientModel):
    """Odoo's contact merge keeps the advocates' books: rewards both contacts hold for one source become
    one, and the kept contact's balance, lifetime points and tier are rebuilt from its merged ledger."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        # a rule rewards an advocate once per source (UNIQUE): settle the pairs before Odoo moves the rows
        self._advocacy_merge_rewards(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _update_values(self, src_partners, dst_partner):
        # the derived figures are not copied from one contact to the other, they are rebuilt from the ledger
        # and the referrals, which now all belong to the kept contact
        res = super()._update_values(src_partners, dst_partner.with_context(**{MERGE_SKIP_DERIVED: True}))
        self.env["advocacy.points.entry"]._recompute_partner_totals(dst_partner.ids)
        self.env["advocacy.tier"]._recompute_tiers(partner_ids=dst_partner.ids)
        return res

    def _advocacy_merge_rewards(self, src_partners, dst_partner):
        """Of the rewards the merged contacts hold for the same (rule, source), the one furthest along is
        kept (the kept contact's on a tie); the others are reversed (their points taken back by a reversal
        entry, their coupon voided), their ledger lines are re-attached to the kept reward, so the ledger
        still sums to what the kept reward is worth, and they are deleted."""
        rewards = (
            self.env["advocacy.reward"]
            .sudo()
            .search([("partner_id", "in", (src_partners | dst_partner).ids)])
        )
        by_source = {}
        for reward in rewards:
            key = (reward.rule_id.id, reward.source_model, reward.source_id)
            by_source[key] = by_source.get(key, reward.browse()) | reward
        for same_source in by_source.values():
            if len(same_source) < 2:
                continue
            kept = max(same_source, key=lambda r: (STATE_RANK[r.state], r.partner_id == dst_partner, -r.id))
            duplicates = same_source - kept
            states = dict(kept._fields["state"]._description_selection(self.env))
            notes = [
                self.env._(
                    "Merged with the reward %(contact)s held for the same source (%(state)s): its points "
                    "were taken back and its ledger lines attached to this reward.",
                    contact=duplicate.partner_id.display_name,
                    state=states[duplicate.state],
                )
                for duplicate in duplicates
            ]
            duplicates._reverse(
                self.env._("Contacts merged into %(contact)s.", contact=dst_partner.display_name)
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE advocacy_points_entry SET reward_id = %s WHERE reward_id IN %s",
                    kept.id,
                    tuple(duplicates.ids),
                )
            )
            self.env["advocacy.points.entry"].invalidate_model(["reward_id"])
            for note in notes:
                kept.message_post(body=note)
            duplicates.unlink()
