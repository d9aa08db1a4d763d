# the mixin first: models below inherit it (and crm_lead imports referral)
from . import guarded_mixin  # isort: skip
from . import (
    activity_idea,
    advocacy_dashboard,
    campaign,
    challenge,
    crm_lead,
    ir_http,
    moment,
    moment_detection,
    notification,
    participation,
    referral,
    referral_figures,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_referral_figures,
    review,
    sale_order,
    share_attempt,
)

# isort: split
# after review and moment, which it extends
from . import res_partner_score_sources
