from odoo import Command
from odoo.tests import new_test_user

from .common import AdvocacyCommon


class AdvocacyCampaignCommon(AdvocacyCommon):
    """A running campaign, two catalogue ideas and four eligible advocates of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.partner_id.write(
            {"advocate_state": "active", "email": "portal@campaign-test.example"}
        )
        cls.idea_call = cls.env.ref("advocacy_program.activity_idea_reference_call")
        cls.idea_call.value = 1500.0
        cls.idea_review = cls.env.ref("advocacy_program.activity_idea_g2_review")
        cls.idea_review.value = 300.0
        Partner = cls.env["res.partner"]
        cls.advocates = Partner.create(
            [
                {
                    "name": f"Campaign Advocate {index}",
                    "email": f"advocate{index}@campaign-test.example",
                    "advocate_state": "active",
                    "account_manager_id": cls.rep.id,
                }
                for index in range(1, 5)
            ]
        )
        cls.a1, cls.a2, cls.a3, cls.a4 = cls.advocates
        cls.campaign = cls.env["advocacy.campaign"].create(
            {
                "name": "Reference Drive",
                "goal": "leads",
                "state": "running",
                "user_id": cls.manager.id,
                "date_start": "2026-01-01",
                "date_end": "2026-03-31",
                "budget": 10000.0,
                "target_recruit_count": 6,
                "target_lead_count": 4,
                "target_revenue": 20000.0,
            }
        )
        domain = "[('email', '=like', '%@campaign-test.example')]"
        cls.challenge_call = cls.env["advocacy.challenge"].create(
            {
                "name": "Take a reference call",
                "campaign_id": cls.campaign.id,
                "idea_id": cls.idea_call.id,
                "eligibility_domain": domain,
            }
        )
        cls.challenge_review = cls.env["advocacy.challenge"].create(
            {
                "name": "Review us on G2",
                "campaign_id": cls.campaign.id,
                "idea_id": cls.idea_review.id,
                "eligibility_domain": domain,
            }
        )
        cls.other_company = cls.env["res.company"].create({"name": "Advocacy Other Co"})
        cls.env.user.company_ids = [Command.link(cls.other_company.id)]
        cls.user_no_rights = new_test_user(cls.env, login="adv_campaign_nobody", groups="base.group_user")

    def _participation(self, challenge, partner, state="invited"):
        participation = self.env["advocacy.participation"].create(
            {"challenge_id": challenge.id, "partner_id": partner.id}
        )
        if state in ("accepted", "submitted", "verified"):
            participation.action_accept()
        if state in ("submitted", "verified"):
            participation.evidence_note = "Done, see the notes of the call."
            participation.action_submit()
        if state == "verified":
            participation.with_user(self.manager).action_verify()
        if state == "rejected":
            participation.rejection_reason = "Not a prospect."
            participation.with_user(self.manager).action_reject()
        return participation
