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
