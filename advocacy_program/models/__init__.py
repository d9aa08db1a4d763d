# the mixin first: models below inherit it (and crm_lead imports referral)
from . import guarded_mixin  # isort: skip
from . import (
    activity_idea,
    campaign,
    challenge,
    crm_lead,
    ir_http,
    moment,
    moment_detection,
    notification,
    participation,
    referral,
    res_company,
    res_config_settings,
    res_partner,
    review,
    sale_order,
    settings,
    share_attempt,
)
