from . import (
    advocacy_dashboard,
    base_automation,
    crm_lead,
    csat_response,
    ir_actions_server,
    nps_click,
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
# the concerns of the NPS answer and of the contact, each in its file, after the one declaring the fields
from . import (
    nps_response_analytics,
    nps_response_demo,
    nps_response_loop,
    res_partner_nps_figures,
    res_partner_nps_last,
)

# isort: split
# after res_partner: Odoo creates each model's table, then its views, in this order, and the money
# reports read the contacts' stored NPS band
from . import nps_money_report
