from . import (
    test_access_matrix,
    test_account_manager_tour,
    test_cron_resume,
    test_nps_controller,
    test_nps_import,
    test_nps_loop,
    test_nps_response,
    test_nps_survey,
    test_nps_wave,
    test_nps_xlsx,
    test_route_fuzz,
)
