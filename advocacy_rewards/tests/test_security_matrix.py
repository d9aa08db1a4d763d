"""advocacy_rewards' rows of the security model (docs/SECURITY.md), checked field by field and method
by method as each role (engine: advocacy_program/tests/security_matrix.py)."""

from odoo.addons.advocacy_program.tests.security_matrix import SecurityMatrixCase
from odoo.tests import tagged

# "READ/WRITE": the lowest role that may read / write the field on a record it reaches
DERIVED = "user/none"  # kept by a service (ledger, tiers, rules, buttons): read by the team, written by none
CONFIG = "user/admin"  # tiers, rules and the catalogue: the administrators configure them

FIELD_ACCESS = {
    "res.partner": {
        "advocacy_points_balance": DERIVED,  # the ledger's sum
        "advocacy_points_lifetime": DERIVED,
        "advocacy_reward_count": DERIVED,
        "advocacy_tier_grace_until": DERIVED,  # the tier recomputation
        "advocacy_tier_id": DERIVED,
        "advocacy_tier_since": DERIVED,
    },
    "advocacy.reward": {
        "amount": DERIVED,
        "approved_date": DERIVED,
        "approved_uid": DERIVED,
        "basis_revenue": DERIVED,
        "company_id": DERIVED,
        "currency_id": DERIVED,
        "date": DERIVED,
        "entry_ids": DERIVED,
        "fulfilled_date": DERIVED,
        "hold_until": DERIVED,
        "loyalty_card_id": DERIVED,
        "move_id": DERIVED,  # the settlement run (advocacy_reward_settlement.py)
        "move_line_id": DERIVED,
        "reversal_move_id": DERIVED,
        "sale_line_id": DERIVED,  # the gift's order line (settlement run)
        "sale_order_id": DERIVED,
        "note": "user/manager",
        "partner_id": DERIVED,
        "points": DERIVED,
        "referral_id": DERIVED,
        "reward_type": DERIVED,
        "rule_id": DERIVED,
        "source": DERIVED,
        "source_id": DERIVED,
        "source_model": DERIVED,
        "state": DERIVED,  # the buttons and the rules
        "trigger": DERIVED,
    },
    # append-only: managers post adjustments (create), nobody changes a line
    "advocacy.points.entry": {
        "company_id": DERIVED,
        "date": DERIVED,
        "kind": DERIVED,
        "name": DERIVED,
        "partner_id": DERIVED,
        "points": DERIVED,
        "redemption_id": DERIVED,
        "reward_id": DERIVED,
        "user_id": DERIVED,
    },
    # what was redeemed is fixed at creation; the state moves by the buttons
    "advocacy.redemption": {
        "company_id": DERIVED,
        "date": DERIVED,
        "entry_ids": DERIVED,
        "item_id": DERIVED,
        "name": "user/manager",
        "partner_id": DERIVED,
        "points": DERIVED,
        "quantity": DERIVED,
        "state": DERIVED,
    },
    "advocacy.catalog.item": {
        "active": CONFIG,
        "company_id": CONFIG,
        "description": CONFIG,
        "is_available": DERIVED,
        "is_stock_limited": CONFIG,
        "name": CONFIG,
        "points_cost": CONFIG,
        "product_id": CONFIG,
        "redemption_count": DERIVED,
        "redemption_ids": DERIVED,
        "sequence": CONFIG,
        "stock_qty": CONFIG,
    },
    "advocacy.tier": {
        "active": CONFIG,
        "basis": CONFIG,
        "benefits": CONFIG,
        "color": CONFIG,
        "company_id": CONFIG,
        "grace_days": CONFIG,
        "name": CONFIG,
        "partner_count": DERIVED,
        "points_multiplier": CONFIG,
        "sequence": CONFIG,
        "threshold": CONFIG,
    },
    # the tier history and its notes queue: the tier recomputation writes it, nobody else
    "advocacy.tier.change": {
        "date": DERIVED,
        "new_tier_id": DERIVED,
        "noted": DERIVED,
        "old_tier_id": DERIVED,
        "partner_id": DERIVED,
    },
    "advocacy.reward.rule": {
        "active": CONFIG,
        "amount_cap": CONFIG,
        "amount_fixed": CONFIG,
        "amount_mode": CONFIG,
        "amount_percent": CONFIG,
        "approval_threshold": CONFIG,
        "beneficiary": CONFIG,
        "budget": CONFIG,
        "budget_used": DERIVED,
        "cap_per_advocate": CONFIG,
        "catalog_item_id": CONFIG,
        "company_id": CONFIG,
        "country_ids": CONFIG,
        "coupon_points": CONFIG,
        "coupon_validity_days": CONFIG,
        "currency_id": DERIVED,
        "date_end": CONFIG,
        "date_start": CONFIG,
        "donation_partner_id": CONFIG,
        "holding_days": CONFIG,
        "ladder_steps": CONFIG,
        "loyalty_program_id": CONFIG,
        "min_deal_amount": CONFIG,
        "name": CONFIG,
        "partner_category_ids": CONFIG,
        "payback_contract_months": CONFIG,
        "payback_margin_percent": CONFIG,
        "payback_months": CONFIG,
        "payback_share_percent": CONFIG,
        "period": CONFIG,
        "points_per_currency": CONFIG,
        "product_category_ids": CONFIG,
        "reward_count": DERIVED,
        "reward_ids": DERIVED,  # rewards are issued by the rules, never attached by hand
        "reward_type": CONFIG,
        "sequence": CONFIG,
        "tier_ids": CONFIG,
        "trigger": CONFIG,
    },
    # the accounts and journals of the rewards' bills: read by employees, set in Odoo's settings
    # (base.group_system, no role of the table)
    "res.company": {
        "advocacy_reward_account_id": "employee/none",
        "advocacy_reward_bill_journal_id": "employee/none",
        "advocacy_reward_credit_journal_id": "employee/none",
    },
    # SQL reports: the leaderboard for the team, the ROI for the program owners
    "advocacy.leaderboard": {
        "company_id": DERIVED,
        "currency_id": DERIVED,
        "date": DERIVED,
        "partner_id": DERIVED,
        "points": DERIVED,
        "revenue": DERIVED,
        "tier_id": DERIVED,
        "won_count": DERIVED,
    },
    # the rewards' cost in one currency (the dashboard's money rewards): read where the reward is read
    "advocacy.reward.cost": {
        "amount": DERIVED,
        "company_id": DERIVED,
        "cost": DERIVED,
        "currency_id": DERIVED,
        "date": DERIVED,
        "partner_id": DERIVED,
        "points": DERIVED,
        "reward_id": DERIVED,
    },
    "advocacy.campaign.roi": {
        "campaign_id": "manager/none",
        "company_id": "manager/none",
        "currency_id": "manager/none",
        "referral_count": "manager/none",
        "revenue": "manager/none",
        "reward_amount": "manager/none",
        "reward_cost": "manager/none",
        "reward_points": "manager/none",
        "roi": "manager/none",
        "won_count": "manager/none",
    },
}

METHOD_ACCESS = {
    "advocacy.catalog.item.action_view_redemptions": "user",
    "advocacy.redemption.action_cancel": "manager",
    "advocacy.redemption.action_done": "manager",
    "advocacy.reward.action_approve": "manager",
    "advocacy.reward.action_mark_fulfilled": "manager",
    "advocacy.reward.action_open_source": "user",
    "advocacy.reward.action_payout_xlsx": "manager",
    "advocacy.reward.action_reject": "manager",
    "advocacy.reward.action_reverse": "manager",
    # an advocacy manager who also has Invoicing rights (no role of the table has both: none; the
    # roles with and without them are tested through JSON-RPC in test_settlement)
    "advocacy.reward.action_settle": "none",
    "advocacy.reward.rule.action_evaluate": "manager",
    "advocacy.reward.rule.action_view_rewards": "user",
    "advocacy.tier.action_view_partners": "user",
    "res.partner.action_recompute_advocacy_tier": "manager",
    "res.partner.action_view_advocacy_points": "user",
    "res.partner.action_view_advocacy_rewards": "user",
}


@tagged("post_install", "-at_install", "security_matrix")
class TestRewardsSecurityMatrix(SecurityMatrixCase):
    addon = "advocacy_rewards"
    FIELD_ACCESS = FIELD_ACCESS
    METHOD_ACCESS = METHOD_ACCESS

    @classmethod
    def _security_records(cls):
        env = cls.env
        user = cls.users["user"]
        advocate = cls._security_advocate()
        env["advocacy.points.entry"].create(
            {"name": "Welcome", "partner_id": advocate.id, "kind": "adjust", "points": 500}
        )
        tier = env["advocacy.tier"].create({"name": "Security Bronze", "threshold": 1})
        tier_change = (
            env["advocacy.tier.change"]
            ._advocacy_service()
            .create({"partner_id": advocate.id, "new_tier_id": tier.id})
        )
        rule = env["advocacy.reward.rule"].create(
            {
                "name": "Security rule",
                "trigger": "referral_submitted",
                "reward_type": "points",
                "amount_fixed": 300,
                "approval_threshold": 100,
            }
        )
        env["advocacy.referral"].create(
            {"referrer_id": advocate.id, "referred_email": "buyer@security-prospect.io", "user_id": user.id}
        )
        reward = env["advocacy.reward"].search([("rule_id", "=", rule.id)])
        item = env["advocacy.catalog.item"].create({"name": "Security pen", "points_cost": 10})
        redemption = env["advocacy.redemption"].create({"partner_id": advocate.id, "item_id": item.id})
        entry = env["advocacy.points.entry"].search([("partner_id", "=", advocate.id)], limit=1)
        env.flush_all()
        leaderboard = env["advocacy.leaderboard"].search([("partner_id", "=", advocate.id)], limit=1)
        roi = env["advocacy.campaign.roi"].search([("company_id", "=", env.company.id)], limit=1)
        return {
            "res.company": env.company,
            "res.partner": advocate,
            "advocacy.reward": reward,
            "advocacy.points.entry": entry,
            "advocacy.redemption": redemption,
            "advocacy.catalog.item": item,
            "advocacy.tier": tier,
            "advocacy.tier.change": tier_change,
            "advocacy.reward.rule": rule,
            "advocacy.leaderboard": leaderboard,
            "advocacy.campaign.roi": roi,
            "advocacy.reward.cost": env["advocacy.reward.cost"].browse(reward.id),
        }
