from odoo import api, fields, models
from odoo.addons.advocacy_program.tools.settings import Setting, setting_table

# the rewards settings (read with advocacy.settings' `_advocacy_setting`, stored by advocacy_program's
# settings form); the switches of the rewards mails come from REWARD_EVENTS
REWARD_SETTINGS = setting_table(
    Setting("advocacy_rewards.expiry_months", "int", 0, "advocacy_points_expiry_months", 0),
    Setting("advocacy_rewards.point_value", "float", 0.0, "advocacy_point_value"),
)


class AdvocacySettings(models.AbstractModel):
    _inherit = "advocacy.settings"

    @api.model
    def _advocacy_settings_table(self):
        return {**super()._advocacy_settings_table(), **REWARD_SETTINGS}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    advocacy_points_expiry_months = fields.Integer(
        "Points expiry (months)",
        help="Unspent points expire this many months after they were earned, oldest first (0: never).",
    )
    advocacy_point_value = fields.Float(
        "Value of a point",
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

    # mails to advocates about their rewards (rows of advocacy.settings' table made from
    # advocacy_notification.REWARD_EVENTS, which holds their defaults)
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
