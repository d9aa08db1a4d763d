from . import (
    test_access_matrix,
    test_attribution,
    test_cron_resume,
    test_moment,
    test_partner,
    test_referral,
    test_review,
    test_route_fuzz,
    test_security,
    test_settings,
    test_share_page,
    test_tour,
)
