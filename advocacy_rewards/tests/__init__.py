from . import (
    test_concurrency,
    test_ledger,
    test_portal,
    test_redemption,
    test_reward_rules,
    test_tiers,
)
