from . import (
    advocacy_catalog_item,
    advocacy_notification,
    advocacy_participation,
    advocacy_points_entry,
    advocacy_redemption,
    advocacy_referral,
    advocacy_reward,
    advocacy_reward_rule,
    advocacy_tier,
    res_config_settings,
    res_partner,
)
