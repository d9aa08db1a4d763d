from . import (
    advocacy_dashboard,
    crm_lead,
    csat_response,
    nps_invitation,
    nps_reason,
    nps_report,
    nps_response,
    nps_wave,
    res_config_settings,
    res_partner,
    survey_survey,
    survey_user_input,
)

# isort: split
# after res_partner: Odoo creates each model's table, then its views, in this order, and the money
# reports read the contacts' stored NPS band
from . import nps_money_report
