"""advocacy_program's rows of the security model (docs/SECURITY.md), checked field by field and
method by method as each role (engine: security_matrix.py)."""

from odoo.fields import Command
from odoo.tests import tagged

from .security_matrix import SecurityMatrixCase

# "READ/WRITE": the lowest role that may read / write the field on a record it reaches
USER = "user/user"  # the advocacy user's working fields (record rules decide which records)
DERIVED = "user/none"  # computed from others or moved by buttons: read by users, written by the service
CAMPAIGN = "user/manager"  # campaigns and challenges: users read, program owners run them
CATALOGUE = "user/admin"  # the activity ideas and their values: administrators set them
CONTACT = "employee/user"  # an advocate's classification: employees see it, advocacy users decide it

FIELD_ACCESS = {
    "advocacy.referral": {
        "campaign_id": USER,
        "channel": USER,
        "closed_date": DERIVED,
        "company_id": USER,
        "currency_id": DERIVED,
        "cycle_days": DERIVED,
        "date": USER,
        "expected_revenue": DERIVED,
        "lead_id": USER,
        "lead_ids": USER,
        "name": USER,
        "note": USER,
        "partner_id": USER,
        "qualified_date": DERIVED,
        "referred_company": USER,
        "referred_email": USER,
        "referred_name": USER,
        "referred_phone": USER,
        "referrer_commercial_id": DERIVED,
        "referrer_id": USER,
        "rejection_reason": USER,
        "rejection_type": DERIVED,
        "revenue": DERIVED,  # confirmed orders only
        "review_id": USER,
        "sale_order_count": DERIVED,
        "sale_order_ids": "user/manager",  # attributing orders moves money
        "state": DERIVED,  # the buttons and the CRM/sales events
        "user_id": USER,
        "won_date": DERIVED,
    },
    "advocacy.review": {
        "ask_answer": USER,
        "ask_type": USER,
        "cadence": USER,
        "company_id": USER,
        "customer_attendee_ids": USER,
        "date": USER,
        "health": USER,
        "internal_attendee_ids": USER,
        "name": USER,
        "next_review_date": USER,
        "next_steps": USER,
        "partner_id": USER,
        "referral_asked": USER,
        "referral_count": DERIVED,
        "referral_ids": USER,
        "review_type": USER,
        "state": USER,
        "user_id": USER,
        "value_delivered": USER,
    },
    "advocacy.moment": {
        "answer_date": USER,
        "company_id": USER,
        "date": USER,
        "moment_type": USER,
        "note": USER,
        "partner_id": USER,
        "source_ref": USER,
        "state": USER,
        "user_id": USER,
    },
    "advocacy.participation": {
        "accepted_date": DERIVED,
        "attachment_ids": USER,
        "campaign_id": DERIVED,
        "challenge_id": USER,
        "commercial_partner_id": DERIVED,
        "company_id": DERIVED,
        "currency_id": DERIVED,
        "deadline": DERIVED,
        "evidence_note": USER,
        "evidence_url": USER,
        "family": DERIVED,
        "idea_id": DERIVED,
        "is_testimonial": DERIVED,
        "partner_id": USER,
        "rejection_reason": USER,
        "state": DERIVED,  # the buttons; only managers verify
        "submitted_date": DERIVED,
        "user_id": USER,
        "value": DERIVED,
        "verified_by_id": DERIVED,
        "verified_date": DERIVED,
    },
    "advocacy.campaign": {
        "active": CAMPAIGN,
        "activity_count": DERIVED,
        "budget": CAMPAIGN,
        "challenge_count": DERIVED,
        "challenge_ids": CAMPAIGN,
        "color": CAMPAIGN,
        "company_id": CAMPAIGN,
        "currency_id": DERIVED,
        "date_end": CAMPAIGN,
        "date_start": CAMPAIGN,
        "description": CAMPAIGN,
        "goal": CAMPAIGN,
        "influenced_value": DERIVED,
        "invited_count": DERIVED,
        "lead_count": DERIVED,
        "lead_progress": DERIVED,
        "name": CAMPAIGN,
        "other_closed_count": DERIVED,
        "other_cycle_days": DERIVED,
        "other_deal_size": DERIVED,
        "other_win_rate": DERIVED,
        "participating_count": DERIVED,
        "participation_ids": DERIVED,  # participations belong to challenges (a related campaign)
        "recruit_progress": DERIVED,
        "recruited_count": DERIVED,
        "referral_closed_count": DERIVED,
        "referral_count": DERIVED,
        "referral_cycle_days": DERIVED,
        "referral_deal_size": DERIVED,
        "referral_ids": CAMPAIGN,
        "referral_win_rate": DERIVED,
        "revenue": DERIVED,
        "revenue_progress": DERIVED,
        "sponsor_id": CAMPAIGN,
        "state": CAMPAIGN,
        "target_lead_count": CAMPAIGN,
        "target_recruit_count": CAMPAIGN,
        "target_revenue": CAMPAIGN,
        "user_id": CAMPAIGN,
        "won_count": DERIVED,
    },
    "advocacy.challenge": {
        "action_items": CAMPAIGN,
        "active": CAMPAIGN,
        "campaign_id": CAMPAIGN,
        "company_id": DERIVED,
        "currency_id": DERIVED,
        "deadline": CAMPAIGN,
        "description": CAMPAIGN,
        "effort": CAMPAIGN,
        "eligibility_domain": CAMPAIGN,
        "eligible_count": DERIVED,
        "family": DERIVED,
        "idea_id": CAMPAIGN,
        "instructions": CAMPAIGN,
        "name": CAMPAIGN,
        "participation_count": DERIVED,
        "participation_ids": CAMPAIGN,
        "sequence": CAMPAIGN,
        "value": DERIVED,
        "verified_count": DERIVED,
    },
    "advocacy.activity.idea": {
        "active": CATALOGUE,
        "challenge_count": DERIVED,
        "challenge_ids": CATALOGUE,
        "company_id": CATALOGUE,
        "currency_id": DERIVED,
        "description": CATALOGUE,
        "effort": CATALOGUE,
        "family": CATALOGUE,
        "is_testimonial": CATALOGUE,
        "name": CATALOGUE,
        "sequence": CATALOGUE,
        "value": CATALOGUE,
    },
    # mails waiting for the sending cron or an advocate's daily digest: administrators look at them, the
    # dispatcher writes them
    "advocacy.notification": {
        "digest": "admin/none",
        "event": "admin/none",
        "partner_id": "admin/none",
        "res_id": "admin/none",
        "res_model": "admin/none",
    },
    # the share page's rate-limit rows: administrators look at them, nobody edits them
    "advocacy.share.attempt": {"address": "admin/none", "attempt_time": "admin/none"},
    # the fixture contact is the portal advocate's own
    "res.partner": {
        "account_manager_id": CONTACT,
        "advocacy_consent_date": "employee/none",  # recorded by the join page only
        "advocacy_currency_id": "portal/none",
        "advocacy_join_expiry": "none/none",  # the join link's secret: only Odoo's settings administrators
        "advocacy_join_token": "none/none",
        "advocacy_manager_id": "employee/none",  # who manages the advocate: derived from the account managers
        "advocacy_terms_accepted": "employee/none",
        "advocacy_do_not_ask": "employee/employee",  # consent: whoever hears it records it
        "advocacy_moment_count": DERIVED,
        "advocacy_notify_digest": "portal/employee",  # the advocate's choice: staff record it, the portal too
        "advocacy_renewal_date": CONTACT,
        "advocacy_participation_count": DERIVED,
        "advocacy_review_count": DERIVED,
        "advocacy_sponsor_partner_id": CONTACT,
        "advocacy_sponsor_user_id": CONTACT,
        "advocacy_has_referred": DERIVED,
        "advocate_score": DERIVED,
        "advocate_score_explanation": DERIVED,
        "advocate_since": CONTACT,
        "advocate_state": CONTACT,
        "is_advisory_council_member": CONTACT,
        "is_community_member": CONTACT,
        "journey_stage": CONTACT,
        "pyramid_level": CONTACT,
        "referral_code": "portal/user",  # the advocate reads their own code
        "referral_count": DERIVED,
        "referral_given_ids": USER,
        "referral_revenue": DERIVED,
        "referral_share_url": "portal/none",
        "referral_won_count": DERIVED,
    },
    # leads and orders: reps (advocacy users are salespeople) on their own pipeline
    "crm.lead": {
        "advocacy_campaign_id": USER,
        "referral_code": USER,  # open to every lead creator: web forms and integrations post codes
        "referral_id": USER,  # the user may work on the referral linked
        "referral_state": DERIVED,
        "referrer_id": USER,
    },
    "sale.order": {"referral_id": "user/manager"},  # attributing an order by hand moves money
    # the program's terms and suggested message, set in the settings
    "res.company": {
        "advocacy_share_message": "employee/admin",
        "advocacy_terms": "employee/admin",
        "advocacy_terms_version": "employee/admin",
    },
    # the won referrals' revenue in one currency (a report): read where the referral is read
    "advocacy.referral.revenue": {
        "campaign_id": DERIVED,
        "company_id": DERIVED,
        "currency_id": DERIVED,
        "referral_id": DERIVED,
        "referrer_id": DERIVED,
        "revenue": DERIVED,
        "state": DERIVED,
        "won_date": DERIVED,
    },
}

METHOD_ACCESS = {
    "advocacy.activity.idea.action_view_challenges": "user",
    "advocacy.campaign.action_cancel": "manager",
    "advocacy.campaign.action_done": "manager",
    "advocacy.campaign.action_export_xlsx": "user",
    "advocacy.campaign.action_reset_draft": "manager",
    "advocacy.campaign.action_start": "manager",
    "advocacy.campaign.action_view_challenges": "user",
    "advocacy.campaign.action_view_leads": "user",
    "advocacy.campaign.action_view_participations": "user",
    "advocacy.campaign.action_view_referrals": "user",
    "advocacy.campaign.action_view_verified": "user",
    "advocacy.campaign.action_view_won_referrals": "user",
    "advocacy.challenge.action_invite": "manager",
    "advocacy.challenge.action_view_eligible": "user",
    "advocacy.challenge.action_view_participations": "user",
    "advocacy.moment.action_accept": "user",
    "advocacy.moment.action_decline": "user",
    "advocacy.moment.action_new_referral": "user",
    "advocacy.participation.action_accept": "user",
    "advocacy.participation.action_reject": "manager",
    "advocacy.participation.action_reset_invited": "user",
    "advocacy.participation.action_submit": "user",
    "advocacy.participation.action_verify": "manager",
    "advocacy.referral.action_create_lead": "user",
    "advocacy.referral.action_qualify": "user",
    "advocacy.referral.action_reject": "user",
    "advocacy.referral.action_reset": "user",
    "advocacy.referral.action_set_lost": "user",
    "advocacy.referral.action_set_won": "user",
    "advocacy.referral.action_view_lead": "user",
    "advocacy.referral.action_view_sale_orders": "user",
    "advocacy.review.action_cancel": "user",
    "advocacy.review.action_done": "user",
    "advocacy.review.action_new_referral": "user",
    "advocacy.review.action_reset": "user",
    "advocacy.review.action_view_referrals": "user",
    "crm.lead.action_view_advocacy_referral": "user",
    "res.partner.action_advocacy_generate_code": "user",
    "res.partner.action_advocacy_invite_to_join": "user",
    "res.partner.action_advocacy_revoke_code": "user",
    "res.partner.action_view_advocacy_moments": "user",
    "res.partner.action_view_advocacy_participations": "user",
    "res.partner.action_view_advocacy_referrals": "user",
    "res.partner.action_view_advocacy_reviews": "user",
    "sale.order.action_view_advocacy_referral": "user",
}


@tagged("post_install", "-at_install", "security_matrix")
class TestProgramSecurityMatrix(SecurityMatrixCase):
    addon = "advocacy_program"
    FIELD_ACCESS = FIELD_ACCESS
    METHOD_ACCESS = METHOD_ACCESS

    @classmethod
    def _security_records(cls):
        env = cls.env
        user = cls.users["user"]
        advocate = cls._security_advocate()
        customer = env["res.partner"].create({"name": "Security Customer", "is_company": True})
        lead = env["crm.lead"].create(
            {
                "name": "Security deal",
                "type": "opportunity",
                "user_id": user.id,
                "partner_id": customer.id,
                "referral_code": advocate.referral_code,
                "email_from": "buyer@security-customer.io",
            }
        )
        product = env["product.product"].create({"name": "Security product", "list_price": 100.0})
        order = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": user.id,
                "opportunity_id": lead.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
            }
        )
        idea = env["advocacy.activity.idea"].search([], limit=1)
        campaign = env["advocacy.campaign"].create(
            {
                "name": "Security campaign",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "user_id": user.id,
            }
        )
        challenge = env["advocacy.challenge"].create(
            {"name": "Review us", "campaign_id": campaign.id, "idea_id": idea.id}
        )
        participation = env["advocacy.participation"].create(
            {"challenge_id": challenge.id, "partner_id": advocate.id, "evidence_note": "Posted it"}
        )
        review = env["advocacy.review"].create({"partner_id": customer.id, "user_id": user.id})
        moment = env["advocacy.moment"].create(
            {"partner_id": advocate.id, "moment_type": "promoter", "user_id": user.id}
        )
        attempt = env["advocacy.share.attempt"].create({"address": "203.0.113.7"})
        notification = env["advocacy.notification"].create(
            {"partner_id": advocate.id, "event": "welcome", "res_model": "res.partner", "res_id": advocate.id}
        )
        # a second referral of the user's pipeline, for the fields that link to one; won, for the report
        spare = env["advocacy.referral"].create(
            {"referrer_id": advocate.id, "referred_email": "spare@spare-prospect.io", "user_id": user.id}
        )
        spare.action_set_won()
        spare.flush_recordset()
        return {
            "advocacy.referral": lead.referral_id,
            "advocacy.review": review,
            "advocacy.moment": moment,
            "advocacy.participation": participation,
            "advocacy.campaign": campaign,
            "advocacy.challenge": challenge,
            "advocacy.activity.idea": idea,
            "advocacy.share.attempt": attempt,
            "advocacy.notification": notification,
            "res.partner": advocate,
            "crm.lead": lead,
            "sale.order": order,
            "res.company": env.company,
            "advocacy.referral.revenue": env["advocacy.referral.revenue"].browse(spare.id),
        }
