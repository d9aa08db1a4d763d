"""advocacy_nps' rows of the security model (docs/SECURITY.md), checked field by field and method by
method as each role (engine: advocacy_program/tests/security_matrix.py), and the answers customers gave
themselves, which staff cannot rewrite."""

from odoo.addons.advocacy_program.tests.rpc import RpcCase
from odoo.addons.advocacy_program.tests.security_matrix import SecurityMatrixCase
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

# "READ/WRITE": the lowest role that may read / write the field on a record it reaches
USER = "user/user"  # the account manager's answers and follow-ups (record rules: their customers)
DERIVED = "user/none"  # computed from others, or recorded by the survey itself
WAVE = "user/manager"  # waves, invitations and reasons: program owners run them
SURVEY = "user/user"  # Odoo Survey's own rights decide who configures surveys (none of these roles)

FIELD_ACCESS = {
    "advocacy.nps.response": {
        "category": DERIVED,
        "channel": USER,
        "comment": USER,
        "commercial_partner_id": DERIVED,
        "company_id": USER,
        "consent": USER,
        "country_id": USER,
        "date": USER,
        "followup_answer": USER,
        "followup_deadline": USER,
        "followup_question": DERIVED,
        "followup_state": USER,
        "import_key": USER,
        "industry_id": USER,
        "invitation_id": USER,
        "kind": USER,
        "owner_id": USER,
        "partner_id": USER,
        "reason_ids": USER,
        "resolution": USER,
        "resurvey_date": USER,
        "resurvey_invitation_id": USER,
        "role": USER,
        "score": USER,  # an answer typed by staff (phone); one the customer gave is theirs (test below)
        "tag_ids": USER,
        "team_id": USER,
        "touchpoint": USER,
        "user_id": USER,
        "wave_id": USER,
    },
    "advocacy.csat.response": {
        "comment": USER,
        "commercial_partner_id": DERIVED,
        "company_id": USER,
        "csat_value": DERIVED,
        "date": USER,
        "partner_id": USER,
        "rating": USER,
        "touchpoint": USER,
        "user_id": USER,
    },
    "advocacy.nps.wave": {
        "answered_count": DERIVED,
        "audience_domain": WAVE,
        "cadence_months": WAVE,
        "company_id": WAVE,
        "invitation_count": DERIVED,
        "invitation_ids": WAVE,
        "is_autopilot": WAVE,
        "kind": WAVE,
        "name": WAVE,
        "nps": DERIVED,
        "nps_margin": DERIVED,
        "progress": DERIVED,
        "queued_count": DERIVED,
        "reminder_days": WAVE,
        "response_count": DERIVED,
        "response_ids": WAVE,
        "response_rate": DERIVED,
        "role": WAVE,
        "sent_count": DERIVED,
        "state": WAVE,
        "template_id": WAVE,
        "touchpoint": WAVE,
        "user_id": WAVE,
    },
    "advocacy.nps.invitation": {
        "answered_date": DERIVED,
        "company_id": DERIVED,
        "consent": DERIVED,
        "cycle": WAVE,
        "email": WAVE,
        "exclusion_reason": WAVE,
        "expire_date": DERIVED,
        "followup_answer": DERIVED,
        "partner_id": WAVE,
        "reminder_date": DERIVED,
        "response_id": DERIVED,
        "role": WAVE,
        "scheduled_date": WAVE,
        "score": DERIVED,
        "sent_date": DERIVED,
        "state": WAVE,
        "token": "none/none",  # the link's secret: only Odoo's settings administrators
        "wave_id": WAVE,
    },
    # answers given on the one-click page, waiting for the answer cron: the page's service writes them,
    # Odoo's settings administrators read them (none of these roles)
    "advocacy.nps.click": dict.fromkeys(
        ("click_date", "consent", "followup_answer", "invitation_id", "kind", "score"), "none/none"
    ),
    "advocacy.nps.reason": {
        "active": WAVE,
        "category": WAVE,
        "color": WAVE,
        "name": WAVE,
        "sequence": WAVE,
    },
    # the NPS analysis (SQL view): reps read their customers' rows
    "advocacy.nps.report": dict.fromkeys(
        (
            "category",
            "channel",
            "commercial_partner_id",
            "company_id",
            "country_id",
            "date",
            "detractor_count",
            "detractor_rate",
            "industry_id",
            "kind",
            "nps",
            "owner_id",
            "partner_id",
            "passive_count",
            "promoter_count",
            "promoter_rate",
            "response_count",
            "role",
            "score",
            "team_id",
            "touchpoint",
            "user_id",
            "wave_id",
        ),
        DERIVED,
    ),
    # NPS and money (SQL views): reps read their customers' rows, each company its own
    "advocacy.nps.revenue.report": dict.fromkeys(
        (
            "account_revenue",
            "category",
            "commercial_partner_id",
            "company_id",
            "country_id",
            "currency_id",
            "date",
            "detractor_count",
            "detractor_revenue",
            "industry_id",
            "kind",
            "nps",
            "nps_margin",
            "nps_significant",
            "nps_vs_rest",
            "owner_id",
            "partner_id",
            "passive_count",
            "passive_revenue",
            "promoter_count",
            "promoter_revenue",
            "response_count",
            "role",
            "team_id",
            "touchpoint",
            "user_id",
            "weighted_nps",
        ),
        DERIVED,
    ),
    "advocacy.nps.account.report": dict.fromkeys(
        (
            "account_count",
            "account_manager_id",
            "category",
            "commercial_partner_id",
            "company_id",
            "country_id",
            "currency_id",
            "date",
            "detractor_count",
            "detractor_revenue",
            "industry_id",
            "invoice_count",
            "is_surveyed",
            "nps",
            "nps_margin",
            "nps_significant",
            "nps_vs_rest",
            "passive_count",
            "passive_revenue",
            "promoter_count",
            "promoter_revenue",
            "revenue",
            "score",
            "user_id",
            "weighted_nps",
        ),
        DERIVED,
    ),
    # NPS on contacts and leads: the advocacy team only
    "res.partner": {
        "nps_company_count": DERIVED,
        "nps_company_previous": DERIVED,
        "nps_company_score": DERIVED,
        "nps_company_trend": DERIVED,
        "nps_latest_category": DERIVED,
        "nps_latest_date": DERIVED,
        "nps_last_band": DERIVED,
        "nps_last_date": DERIVED,
        "nps_last_score": DERIVED,
        "nps_latest_score": DERIVED,
        "nps_response_count": DERIVED,
        "nps_response_ids": USER,
        "nps_role": USER,
        "nps_trend": DERIVED,
    },
    "crm.lead": {
        "nps_company_score": DERIVED,
        "nps_latest_category": DERIVED,
        "nps_latest_date": DERIVED,
        "nps_latest_score": DERIVED,
    },
    "survey.survey": {
        "is_nps": SURVEY,
        "nps_comment_question_id": SURVEY,
        "nps_kind": SURVEY,
        "nps_question_id": SURVEY,
        "nps_touchpoint": SURVEY,
    },
    "survey.user_input": {"nps_response_id": SURVEY},
}

METHOD_ACCESS = {
    "advocacy.nps.response.action_close_followup": "user",
    "advocacy.nps.response.action_start_followup": "user",
    "advocacy.nps.wave.action_cancel": "manager",
    "advocacy.nps.wave.action_done": "manager",
    "advocacy.nps.wave.action_draft": "manager",
    "advocacy.nps.wave.action_launch": "manager",
    "advocacy.nps.wave.action_view_invitations": "user",
    "advocacy.nps.wave.action_view_responses": "user",
    "res.partner.action_nps_ask_referral": "user",
    "res.partner.action_view_nps_responses": "user",
}


@tagged("post_install", "-at_install", "security_matrix")
class TestNpsSecurityMatrix(SecurityMatrixCase):
    addon = "advocacy_nps"
    FIELD_ACCESS = FIELD_ACCESS
    METHOD_ACCESS = METHOD_ACCESS

    @classmethod
    def _security_records(cls):
        env = cls.env
        user = cls.users["user"]
        contact = cls.users["portal"].partner_id
        contact.write({"account_manager_id": user.id, "user_id": user.id, "email": "sec.portal@example.com"})
        csat = env["advocacy.csat.response"].create(
            {"partner_id": contact.id, "touchpoint": "software", "rating": "satisfied"}
        )
        # the wave first: an answer would throttle the contact
        wave = env["advocacy.nps.wave"].create(
            {"name": "Security wave", "audience_domain": str([("id", "=", contact.id)])}
        )
        wave.action_launch()
        response = env["advocacy.nps.response"].create(
            {"partner_id": contact.id, "score": 4, "channel": "phone", "comment": "Slow support"}
        )
        lead = env["crm.lead"].create({"name": "Security deal", "user_id": user.id, "partner_id": contact.id})
        env.flush_all()
        survey = env["survey.survey"].create({"title": "Security survey"})
        invitation = env["advocacy.nps.invitation"].search([("wave_id", "=", wave.id)], limit=1)
        invitation._nps_record_score(8)
        return {
            "advocacy.nps.click": env["advocacy.nps.click"]
            .sudo()
            .search([("invitation_id", "=", invitation.id)]),
            "advocacy.nps.response": response,
            "advocacy.csat.response": csat,
            "advocacy.nps.wave": wave,
            "advocacy.nps.invitation": invitation,
            "advocacy.nps.reason": env["advocacy.nps.reason"].search([], limit=1),
            "advocacy.nps.report": env["advocacy.nps.report"].search(
                [("partner_id", "=", contact.id)], limit=1
            ),
            "advocacy.nps.revenue.report": env["advocacy.nps.revenue.report"].search(
                [("partner_id", "=", contact.id)], limit=1
            ),
            "advocacy.nps.account.report": env["advocacy.nps.account.report"].search(
                [("commercial_partner_id", "=", contact.commercial_partner_id.id)], limit=1
            ),
            "res.partner": contact,
            "crm.lead": lead,
            "survey.survey": survey,
            "survey.user_input": env["survey.user_input"].create({"survey_id": survey.id}),
        }


@tagged("post_install", "-at_install")
class TestCustomersOwnAnswers(RpcCase):
    """An answer the customer gave (one click, an Odoo survey, an imported export) is theirs: an account
    manager inflating their customers' NPS by RPC is refused; answers staff typed stay correctable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(cls.env, login="nps_own_rep", groups="advocacy_program.group_advocacy_user")
        cls.manager = new_test_user(
            cls.env, login="nps_own_manager", groups="advocacy_program.group_advocacy_manager"
        )
        contact = cls.env["res.partner"].create(
            {"name": "Carla Customer", "email": "carla@carla.example", "account_manager_id": cls.rep.id}
        )
        wave = cls.env["advocacy.nps.wave"].create(
            {"name": "Own answers", "audience_domain": str([("id", "=", contact.id)])}
        )
        wave.action_launch()  # before the answers, which would throttle the contact
        cls.invitation = cls.env["advocacy.nps.invitation"].search([("wave_id", "=", wave.id)])
        Response = cls.env["advocacy.nps.response"]
        cls.clicked = Response.create({"partner_id": contact.id, "score": 3, "channel": "email"})
        cls.by_phone = Response.create({"partner_id": contact.id, "score": 3, "channel": "phone"})

    def test_staff_cannot_rewrite_a_customers_answer(self):
        for login in ("nps_own_rep", "nps_own_manager"):
            for vals in ({"score": 10}, {"comment": "Great!"}, {"channel": "phone"}):
                with self.subTest(login=login, vals=vals):
                    self.assertRefused(
                        self.call_kw(login, "advocacy.nps.response", "write", [self.clicked.ids, vals])
                    )
        self.assertEqual(self.clicked.score, 3)
        self.assertEqual(self.clicked.category, "detractor")
        # the follow-up is the staff's work
        self.assertEqual(
            self.call_kw(
                "nps_own_rep", "advocacy.nps.response", "write", [self.clicked.ids, {"resolution": "Called"}]
            ),
            (True, None),
        )

    def test_an_answer_typed_by_staff_stays_correctable(self):
        self.assertEqual(
            self.call_kw("nps_own_rep", "advocacy.nps.response", "write", [self.by_phone.ids, {"score": 7}]),
            (True, None),
        )
        self.assertEqual(self.by_phone.category, "passive")

    def test_nobody_answers_in_the_customers_place_through_the_invitation(self):
        self.assertEqual(len(self.invitation), 1)
        for vals in ({"score": 10, "state": "answered"}, {"followup_answer": "Love it"}):
            with self.subTest(vals=vals):
                self.assertRefused(
                    self.call_kw(
                        "nps_own_manager", "advocacy.nps.invitation", "write", [self.invitation.ids, vals]
                    )
                )
        self.assertRefused(
            self.call_kw(
                "nps_own_manager",
                "advocacy.nps.invitation",
                "create",
                [
                    {
                        "wave_id": self.invitation.wave_id.id,
                        "partner_id": self.invitation.partner_id.id,
                        "cycle": 7,
                        "score": 10,
                    }
                ],
            )
        )
        self.assertEqual(self.invitation.score, -1)

    def test_nobody_answers_in_the_customers_place_through_a_click(self):
        """The answers waiting for the answer cron are the survey page's only: no role creates, changes
        or deletes one, nor does code running as superuser outside the page's service."""
        self.invitation._nps_record_score(9)
        Click = self.env["advocacy.nps.click"]
        waiting = Click.sudo().search([("invitation_id", "=", self.invitation.id)])
        self.assertEqual(waiting.mapped("score"), [9])
        for login in ("nps_own_rep", "nps_own_manager"):
            for method, args in (
                ("create", [{"invitation_id": self.invitation.id, "kind": "score", "score": 10}]),
                ("write", [waiting.ids, {"score": 10}]),
                ("unlink", [waiting.ids]),
                ("search_read", [[("invitation_id", "=", self.invitation.id)]]),
            ):
                with self.subTest(login=login, method=method):
                    self.assertRefused(self.call_kw(login, "advocacy.nps.click", method, args))
        with self.assertRaises(AccessError):
            Click.sudo().create({"invitation_id": self.invitation.id, "kind": "score", "score": 10})
        with self.assertRaises(AccessError):
            waiting.sudo().write({"score": 10})
        with self.assertRaises(AccessError):
            waiting.sudo().unlink()
        self.assertEqual(waiting.sudo().read(["score"])[0]["score"], 9)
