# the mixin first: models below inherit it (and crm_lead imports referral)
from . import guarded_mixin  # isort: skip
from . import (
    activity_idea,
    advocacy_dashboard,
    campaign,
    challenge,
    crm_lead,
    ir_http,
    mail_activity_mixin,
    mail_thread,
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
    settings,
    share_attempt,
)

# isort: split
# the concerns of campaigns, leads and contacts, each in its file, after the files declaring their
# fields (and after review and moment, which res_partner_score_sources extends)
from . import (
    campaign_results,
    campaign_workbook,
    crm_lead_attribution,
    crm_lead_outcome,
    res_partner_engagement,
    res_partner_join,
    res_partner_journey,
    res_partner_notify,
    res_partner_referral,
    res_partner_score,
    res_partner_score_sources,
    res_partner_share,
)
