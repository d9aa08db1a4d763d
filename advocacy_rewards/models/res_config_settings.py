from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advocacy_points_expiry_months = fields.Integer(
        "Points expiry (months)",
        config_parameter="advocacy_rewards.expiry_months",
        help="Unspent points expire this many months after they were earned, oldest first (0: never).",
    )
    advocacy_point_value = fields.Float(
        "Value of a point",
        config_parameter="advocacy_rewards.point_value",
        help="What one point costs the company, in its currency (for the campaign ROI).",
    )
    advocacy_reward_account_id = fields.Many2one(
        related="company_id.advocacy_reward_account_id", readonly=False
    )
    advocacy_reward_bill_journal_id = fields.Many2one(
        related="company_id.advocacy_reward_bill_journal_id", readonly=False
    )
    advocacy_reward_credit_journal_id = fields.Many2one(
        related="company_id.advocacy_reward_credit_journal_id", readonly=False
    )

    # mails to advocates about their rewards (switches read by advocacy_program's settings, defaults in
    # advocacy_notification.REWARD_EVENTS)
    advocacy_notify_reward_earned = fields.Boolean(
        string="Reward earned mail", help="Mail the advocate when a reward rule rewards them."
    )
    advocacy_notify_reward_approved = fields.Boolean(
        string="Reward approved mail", help="Mail the advocate when their reward is approved."
    )
    advocacy_notify_reward_paid = fields.Boolean(
        string="Reward paid mail", help="Mail the advocate when their reward is paid or delivered."
    )
    advocacy_notify_tier_up = fields.Boolean(
        string="Tier up mail", help="Mail the advocate who reaches a higher tier."
    )
    advocacy_notify_redemption_confirmed = fields.Boolean(
        string="Redemption confirmed mail", help="Mail the advocate who spends points on a catalogue item."
    )
