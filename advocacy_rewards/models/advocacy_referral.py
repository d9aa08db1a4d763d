from odoo import models


class AdvocacyReferral(models.Model):
    _inherit = "advocacy.referral"

    def _on_state_change(self, previous_states):
        """Issues the rewards of the triggers the referrals reached, and reverses, while still in their
        holding period, every reward of rejected referrals (duplicates, self-referrals) and the "won"
        rewards of referrals that are no longer won (lost, reopened). The referrers whose won referrals
        changed get their tier recomputed when the transaction commits."""
        res = super()._on_state_change(previous_states)
        Reward = self.env["advocacy.reward"]
        rejected = self.filtered(lambda r: r.state == "rejected")
        if rejected:
            Reward._reverse_for_sources(
                "advocacy.referral",
                rejected.ids,
                self.env._("The referral was rejected within the holding period."),
            )
        left_won = self.filtered(lambda r: r.state != "won" and previous_states.get(r.id) == "won")
        if left_won:
            Reward._reverse_for_sources(
                "advocacy.referral",
                left_won.ids,
                self.env._("The deal was lost or reopened within the holding period."),
                triggers=("referral_won",),
            )
        live = self - rejected
        if live:
            self.env["advocacy.reward.rule"]._evaluate_trigger(
                ("referral_submitted", "referral_qualified", "referral_won"), live
            )
        # won referrals count for the tiers of their advocates and of their companies (the rewards'
        # points queue their advocates too)
        won_changed = self.filtered(lambda r: (r.state == "won") != (previous_states.get(r.id) == "won"))
        referrers = won_changed.sudo().referrer_id
        self.env["advocacy.tier"]._recompute_tiers_at_commit(referrers | referrers.commercial_partner_id)
        return res

    def _on_revenue_change(self):
        """Orders confirmed: won rules may now apply (minimum deal, percentage). Every order cancelled:
        the won rewards still in their holding period are reversed; some of them: the rewards computed
        from the revenue shrink with it. The referrers get their tier
        recomputed when the transaction commits (referral revenue)."""
        res = super()._on_revenue_change()
        emptied = self.filtered(lambda r: r.state == "won" and r.revenue <= 0)
        if emptied:
            self.env["advocacy.reward"]._reverse_for_sources(
                "advocacy.referral",
                emptied.ids,
                self.env._("The referral's orders were cancelled within the holding period."),
                triggers=("referral_won",),
            )
        won = self.filtered(lambda r: r.state == "won" and r.revenue > 0)
        if won:
            self.env["advocacy.reward"]._follow_revenue(won)
            self.env["advocacy.reward.rule"]._evaluate_trigger(("referral_won",), won)
        # the referral revenue counts for the tiers
        referrers = self.sudo().referrer_id
        self.env["advocacy.tier"]._recompute_tiers_at_commit(referrers | referrers.commercial_partner_id)
        return res
