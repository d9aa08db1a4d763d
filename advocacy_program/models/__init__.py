from . import (
    crm_lead,
    moment,
    referral,
    res_config_settings,
    res_partner,
    review,
    sale_order,
    share_attempt,
)
