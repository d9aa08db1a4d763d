from . import (
    test_access_matrix,
    test_admin_tour,
    test_challenges,
    test_concurrency,
    test_cron_resume,
    test_derived_fields,
    test_ledger,
    test_portal,
    test_redemption,
    test_reward_rules,
    test_route_fuzz,
    test_tiers,
)
