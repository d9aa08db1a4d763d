from odoo.tests import tagged

from .access_matrix import AccessMatrixCase

NONE = "----"
STAFF = "rwc-"  # Advocacy Users work their pipeline; only Managers delete
FULL = "rwcu"

# model -> role -> rights ("rwcu": read, write, create, unlink)
MODEL_ACCESS = {
    # the referred vs other customers wizard and its figures: program owners compare cohorts
    "advocacy.cohort.report": {
        "public": NONE,
        "portal": NONE,
        "user": NONE,
        "manager": FULL,
        "admin": FULL,
        "other_company": FULL,
    },
    "advocacy.cohort.report.line": {
        "public": NONE,
        "portal": NONE,
        "user": NONE,
        "manager": FULL,
        "admin": FULL,
        "other_company": FULL,
    },
    "advocacy.referral": {
        "public": NONE,
        "portal": NONE,
        "user": STAFF,
        "manager": FULL,
        "admin": FULL,
        "other_company": FULL,
    },
    # the won referrals' revenue in one currency (a report): read by whoever reads the referrals
    "advocacy.referral.revenue": {
        "public": NONE,
        "portal": NONE,
        "user": "r---",
        "manager": "r---",
        "admin": "r---",
        "other_company": "r---",
    },
    "advocacy.review": {
        "public": NONE,
        "portal": NONE,
        "user": STAFF,
        "manager": FULL,
        "admin": FULL,
        "other_company": FULL,
    },
    "advocacy.moment": {
        "public": NONE,
        "portal": NONE,
        "user": STAFF,
        "manager": FULL,
        "admin": FULL,
        "other_company": FULL,
    },
    # the catalogue: everyone in the program reads it, administrators set the ideas and their values
    "advocacy.activity.idea": {
        "public": NONE,
        "portal": NONE,
        "user": "r---",
        "manager": "r---",
        "admin": FULL,
        "other_company": "r---",
    },
    # campaigns and challenges: users read them, managers run them
    "advocacy.campaign": {
        "public": NONE,
        "portal": NONE,
        "user": "r---",
        "manager": FULL,
        "admin": FULL,
        "other_company": FULL,
    },
    "advocacy.challenge": {
        "public": NONE,
        "portal": NONE,
        "user": "r---",
        "manager": FULL,
        "admin": FULL,
        "other_company": FULL,
    },
    # participations: reps follow their advocates' (only managers verify: checked in the model); portal
    # users see their own on the portal page only (explicit fields), never the model
    "advocacy.participation": {
        "public": NONE,
        "portal": NONE,
        "user": STAFF,
        "manager": FULL,
        "admin": FULL,
        "other_company": FULL,
    },
    # the share page's rate-limit rows: only administrators look at (and purge) them
    "advocacy.share.attempt": {
        "public": NONE,
        "portal": NONE,
        "user": NONE,
        "manager": NONE,
        "admin": "r--u",
        "other_company": NONE,
    },
    # the events waiting for an advocate's daily digest: written by the mail dispatcher only
    "advocacy.notification": {
        "public": NONE,
        "portal": NONE,
        "user": NONE,
        "manager": NONE,
        "admin": "r--u",
        "other_company": NONE,
    },
}

# model -> role -> the fixture records the role reads (and writes/deletes where it has the right)
RECORD_ACCESS = {
    "advocacy.referral": {
        "public": "",
        "portal": "",
        "user": "ref_mine ref_am",
        "manager": "ref_mine ref_am ref_other_rep ref_portal",
        "admin": "ref_mine ref_am ref_other_rep ref_portal",
        "other_company": "ref_other_company",
    },
    # the referrals' rules, through the referral of each row (the fixture referrals are won)
    "advocacy.referral.revenue": {
        "public": "",
        "portal": "",
        "user": "rrev_mine rrev_am",
        "manager": "rrev_mine rrev_am rrev_other_rep rrev_portal",
        "admin": "rrev_mine rrev_am rrev_other_rep rrev_portal",
        "other_company": "rrev_other_company",
    },
    "advocacy.review": {
        "public": "",
        "portal": "",
        "user": "rev_mine rev_am rev_attendee",
        "manager": "rev_mine rev_am rev_attendee rev_other_rep",
        "admin": "rev_mine rev_am rev_attendee rev_other_rep",
        "other_company": "rev_other_company",
    },
    "advocacy.moment": {
        "public": "",
        "portal": "",
        "user": "mom_mine mom_am",
        "manager": "mom_mine mom_am mom_other_rep",
        "admin": "mom_mine mom_am mom_other_rep",
        "other_company": "mom_other_company",
    },
    "advocacy.share.attempt": {
        "public": "",
        "portal": "",
        "user": "",
        "manager": "",
        "admin": "attempt",
        "other_company": "",
    },
    "advocacy.notification": {
        "public": "",
        "portal": "",
        "user": "",
        "manager": "",
        "admin": "digest_line",
        "other_company": "",
    },
    "advocacy.campaign": {
        "public": "",
        "portal": "",
        "user": "camp_main",
        "manager": "camp_main",
        "admin": "camp_main",
        "other_company": "camp_other_company",
    },
    "advocacy.participation": {
        "public": "",
        "portal": "",
        "user": "part_mine part_campaign_owner",
        "manager": "part_mine part_campaign_owner part_other_rep part_portal",
        "admin": "part_mine part_campaign_owner part_other_rep part_portal",
        "other_company": "part_other_company",
    },
}


@tagged("post_install", "-at_install", "access_matrix")
class TestAccessMatrix(AccessMatrixCase):
    addon = "advocacy_program"
    MODEL_ACCESS = MODEL_ACCESS
    RECORD_ACCESS = RECORD_ACCESS

    @classmethod
    def _access_records(cls):
        Partner = cls.env["res.partner"]
        user, rep2 = cls.users["user"], cls.other_rep
        plain = Partner.create({"name": "Matrix Plain Co", "is_company": True})
        managed = Partner.create(
            {"name": "Matrix Managed Co", "is_company": True, "account_manager_id": user.id}
        )
        other_plain = Partner.create(
            {"name": "Matrix Foreign Co", "is_company": True, "company_id": cls.other_company.id}
        )
        portal_partner = cls.users["portal"].partner_id
        other_user = cls.users["other_company"]
        Referral = cls.env["advocacy.referral"]

        def referral(referrer, owner, company=None):
            return Referral.create(
                {
                    "referrer_id": referrer.id,
                    "referred_name": "Matrix Prospect",
                    "referred_email": f"prospect{referrer.id}.{owner.id}@matrix.example.com",
                    "user_id": owner.id,
                    "company_id": (company or cls.main_company).id,
                }
            )

        Review = cls.env["advocacy.review"]
        Moment = cls.env["advocacy.moment"]
        main, other = cls.main_company.id, cls.other_company.id
        referrals = {
            "mine": referral(plain, user),
            "am": referral(managed, rep2),
            "other_rep": referral(plain, rep2),
            "portal": referral(portal_partner, rep2),
            "other_company": referral(other_plain, other_user, cls.other_company),
        }
        won = Referral.concat(*referrals.values())
        won.action_set_won()
        won.flush_recordset()
        Revenue = cls.env["advocacy.referral.revenue"]
        return {
            **{f"ref_{key}": ref for key, ref in referrals.items()},
            # the report's row of a referral has the referral's id
            **{f"rrev_{key}": Revenue.browse(ref.id) for key, ref in referrals.items()},
            "rev_mine": Review.create({"partner_id": plain.id, "user_id": user.id, "company_id": main}),
            "rev_am": Review.create({"partner_id": managed.id, "user_id": rep2.id, "company_id": main}),
            "rev_attendee": Review.create(
                {
                    "partner_id": plain.id,
                    "user_id": rep2.id,
                    "internal_attendee_ids": [(6, 0, user.ids)],
                    "company_id": main,
                }
            ),
            "rev_other_rep": Review.create({"partner_id": plain.id, "user_id": rep2.id, "company_id": main}),
            "rev_other_company": Review.create(
                {"partner_id": other_plain.id, "user_id": other_user.id, "company_id": other}
            ),
            "mom_mine": Moment.create(
                {"partner_id": plain.id, "moment_type": "promoter", "user_id": user.id, "company_id": main}
            ),
            "mom_am": Moment.create(
                {"partner_id": managed.id, "moment_type": "promoter", "user_id": rep2.id, "company_id": main}
            ),
            "mom_other_rep": Moment.create(
                {"partner_id": plain.id, "moment_type": "renewal", "user_id": rep2.id, "company_id": main}
            ),
            "mom_other_company": Moment.create(
                {
                    "partner_id": other_plain.id,
                    "moment_type": "promoter",
                    "user_id": other_user.id,
                    "company_id": other,
                }
            ),
            "attempt": cls.env["advocacy.share.attempt"].create({"address": "192.0.2.7"}),
            "digest_line": cls.env["advocacy.notification"].create(
                {"partner_id": plain.id, "event": "welcome", "res_model": "res.partner", "res_id": plain.id}
            ),
            **cls._campaign_records(plain, managed, other_plain, rep2),
        }

    @classmethod
    def _campaign_records(cls, plain, managed, other_plain, rep2):
        user, other_user = cls.users["user"], cls.users["other_company"]
        Campaign, Challenge = cls.env["advocacy.campaign"], cls.env["advocacy.challenge"]
        dates = {"date_start": "2026-01-01", "date_end": "2026-06-30"}
        camp_main = Campaign.create({"name": "Matrix Campaign", "user_id": rep2.id, **dates})
        camp_owned = Campaign.create({"name": "Matrix Rep Campaign", "user_id": user.id, **dates})
        camp_other = Campaign.create(
            {"name": "Matrix Foreign", "user_id": other_user.id, "company_id": cls.other_company.id, **dates}
        )
        chal_main = Challenge.create({"name": "Matrix Challenge", "campaign_id": camp_main.id})
        chal_owned = Challenge.create({"name": "Matrix Rep Challenge", "campaign_id": camp_owned.id})
        chal_other = Challenge.create({"name": "Matrix Foreign Challenge", "campaign_id": camp_other.id})
        Participation = cls.env["advocacy.participation"]

        def participation(challenge, partner, owner):
            return Participation.create(
                {"challenge_id": challenge.id, "partner_id": partner.id, "user_id": owner.id}
            )

        records = {
            "camp_main": camp_main,
            "camp_other_company": camp_other,
            "part_mine": participation(chal_main, managed, rep2),
            "part_campaign_owner": participation(chal_owned, plain, rep2),
            "part_other_rep": participation(chal_main, plain, rep2),
            "part_portal": participation(chal_main, cls.users["portal"].partner_id, rep2),
            "part_other_company": participation(chal_other, other_plain, other_user),
        }
        return records
