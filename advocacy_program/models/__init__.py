from . import (
    activity_idea,
    campaign,
    challenge,
    crm_lead,
    moment,
    participation,
    referral,
    res_config_settings,
    res_partner,
    review,
    sale_order,
    share_attempt,
)
