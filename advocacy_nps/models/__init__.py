from . import (
    crm_lead,
    csat_response,
    nps_invitation,
    nps_money_report,
    nps_reason,
    nps_report,
    nps_response,
    nps_wave,
    res_config_settings,
    res_partner,
    survey_survey,
    survey_user_input,
)
