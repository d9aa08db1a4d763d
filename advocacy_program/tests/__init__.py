from . import (
    test_attribution,
    test_moment,
    test_partner,
    test_referral,
    test_review,
    test_security,
    test_settings,
    test_share_page,
    test_tour,
)
from . import test_access_matrix, test_cron_resume, test_route_fuzz
