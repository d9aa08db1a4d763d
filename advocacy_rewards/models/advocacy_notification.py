"""The rewards events of the advocates' mails: they go through advocacy_program's dispatcher
(res.partner._advocacy_notify), which checks their switches, the opt-out and the digest choice."""

from odoo import api, models

# event -> (mail template xml id, advocate field of the source record, switched on by default)
REWARD_EVENTS = {
    "reward_earned": ("advocacy_rewards.mail_template_reward_earned", "partner_id", True),
    "reward_approved": ("advocacy_rewards.mail_template_reward_approved", "partner_id", True),
    "reward_paid": ("advocacy_rewards.mail_template_reward_paid", "partner_id", True),
    "tier_up": ("advocacy_rewards.mail_template_tier_up", "", True),
    "redemption_confirmed": ("advocacy_rewards.mail_template_redemption_confirmed", "partner_id", True),
}


class AdvocacyNotification(models.Model):
    _inherit = "advocacy.notification"

    @api.model
    def _selection_event(self):
        return [
            *super()._selection_event(),
            ("reward_earned", self.env._("Reward earned")),
            ("reward_approved", self.env._("Reward approved")),
            ("reward_paid", self.env._("Reward paid")),
            ("tier_up", self.env._("New tier reached")),
            ("redemption_confirmed", self.env._("Redemption confirmed")),
        ]
