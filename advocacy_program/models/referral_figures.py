"""The referral service keeps its referrers' stored figures (models/res_partner_referral_figures.py):
after a referral is created, won, lost, cancelled, rejected or reset, after its revenue changes, after
it moves to another referrer or company, and after it is deleted."""

from odoo import models

# the referral fields the figures read besides the state and revenue (those have their own hooks)
MOVING_FIELDS = ("referrer_id", "company_id")
# set while a state change runs: its revenue recomputation does not store the figures a second time
IN_STATE_CHANGE = "advocacy_program_figures_in_state_change"


class AdvocacyReferral(models.Model):
    _inherit = "advocacy.referral"

    def _advocacy_referrers(self):
        """The contacts whose figures these referrals make up: referrers and their companies."""
        referrals = self.sudo()
        return referrals.referrer_id | referrals.referrer_commercial_id

    def _on_state_change(self, previous_states):
        res = super(AdvocacyReferral, self.with_context(**{IN_STATE_CHANGE: True}))._on_state_change(
            previous_states
        )
        self._advocacy_referrers()._advocacy_store_figures()
        return res

    def _on_revenue_change(self):
        res = super()._on_revenue_change()
        if not self.env.context.get(IN_STATE_CHANGE):
            self._advocacy_referrers()._advocacy_store_figures()
        return res

    def write(self, vals):
        if not any(name in vals for name in MOVING_FIELDS):
            return super().write(vals)
        before = self._advocacy_referrers()
        res = super().write(vals)
        (before | self._advocacy_referrers())._advocacy_store_figures()
        return res

    def unlink(self):
        referrers = self._advocacy_referrers()
        res = super().unlink()
        referrers._advocacy_store_figures()
        return res
