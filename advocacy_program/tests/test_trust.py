"""The program's figures and records through the doors attackers and integrations use: JSON-RPC as
each role, XML-RPC as an integration, and Odoo's own merge wizards."""

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import AdvocacyCommon
from .rpc import RpcCase


@tagged("post_install", "-at_install")
class TestReferralFiguresCannotBeForged(RpcCase, AdvocacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an employee who may edit contacts, outside the advocacy program
        cls.employee = new_test_user(
            cls.env, login="adv_employee", groups="base.group_user,base.group_partner_manager"
        )
        cls.salesman = new_test_user(cls.env, login="adv_salesman", groups="sales_team.group_sale_salesman")
        cls.referral = cls._referral(cls, user_id=cls.rep.id)

    def test_rep_cannot_write_revenue_state_or_dates(self):
        for vals in ({"revenue": 1_000_000}, {"state": "won"}, {"won_date": "2026-01-01"}):
            with self.subTest(vals=vals):
                self.assertRefused(
                    self.call_kw("adv_rep", "advocacy.referral", "write", [self.referral.ids, vals])
                )
        self.assertEqual(self.referral.state, "new")
        self.assertEqual(self.referral.revenue, 0)
        # the rep's own door still works: the buttons
        self.assertEqual(
            self.call_kw("adv_rep", "advocacy.referral", "action_qualify", [self.referral.ids]), (True, None)
        )
        self.assertEqual(self.referral.state, "qualified")

    def test_manager_and_superuser_scripts_cannot_write_revenue_either(self):
        self.assertRefused(
            self.call_kw("adv_manager", "advocacy.referral", "write", [self.referral.ids, {"revenue": 5.0}])
        )
        with self.assertRaises(AccessError):
            self.referral.sudo().write({"revenue": 5.0})
        self.assertEqual(self.referral.revenue, 0)

    def test_referral_created_won_with_revenue_is_refused(self):
        message = self.assertXmlrpcFault(
            lambda: self.xmlrpc(
                "adv_rep",
                "advocacy.referral",
                "create",
                {
                    "referrer_id": self.advocate.id,
                    "referred_email": "x@xylo.io",
                    "state": "won",
                    "revenue": 9e6,
                },
            ),
            "cannot be set directly",
        )
        self.assertIn("Revenue", message)
        self.assertFalse(self.env["advocacy.referral"].search([("referred_email", "=", "x@xylo.io")]))

    def test_rep_cannot_attribute_an_order_by_hand(self):
        order = self._order(self.customer, 50_000.0, user_id=self.manager.id)
        self.assertRefused(
            self.call_kw("adv_rep", "sale.order", "write", [order.ids, {"referral_id": self.referral.id}])
        )
        self.assertFalse(order.referral_id)
        self.assertEqual(
            self.call_kw(
                "adv_manager", "sale.order", "write", [order.ids, {"referral_id": self.referral.id}]
            ),
            (True, None),
        )
        self.assertEqual(order.referral_id, self.referral)

    def test_participation_state_moves_by_buttons_only(self):
        campaign = self.env["advocacy.campaign"].create(
            {"name": "C", "date_start": "2026-01-01", "date_end": "2026-12-31", "state": "running"}
        )
        idea = self.env["advocacy.activity.idea"].search([], limit=1)
        challenge = self.env["advocacy.challenge"].create(
            {"name": "Review us", "campaign_id": campaign.id, "idea_id": idea.id}
        )
        participation = self.env["advocacy.participation"].create(
            {"challenge_id": challenge.id, "partner_id": self.advocate.id}
        )
        for login in ("adv_rep", "adv_manager"):
            with self.subTest(login=login):
                self.assertRefused(
                    self.call_kw(
                        login, "advocacy.participation", "write", [participation.ids, {"state": "verified"}]
                    )
                )
        self.assertEqual(participation.state, "invited")

    def test_plain_employee_cannot_change_advocacy_fields_but_records_do_not_ask(self):
        partner = self.advocate
        self.assertRefused(
            self.call_kw(
                "adv_employee", "res.partner", "write", [partner.ids, {"advocate_state": "champion"}]
            )
        )
        self.assertRefused(
            self.call_kw("adv_employee", "res.partner", "write", [partner.ids, {"referral_code": "MINE2026"}])
        )
        self.assertEqual(
            self.call_kw(
                "adv_employee", "res.partner", "write", [partner.ids, {"advocacy_do_not_ask": True}]
            ),
            (True, None),
        )
        self.assertTrue(partner.advocacy_do_not_ask)
        # unchanged values written back (an import of the whole contact, Odoo's merge) are fine
        self.assertEqual(
            self.call_kw("adv_employee", "res.partner", "write", [partner.ids, {"advocate_state": "active"}]),
            (True, None),
        )

    def test_plain_employee_reads_no_program_figures(self):
        for field in ("referral_revenue", "referral_count", "advocate_score"):
            with self.subTest(field=field):
                self.assertRefused(
                    self.call_kw("adv_employee", "res.partner", "read", [self.advocate.ids, [field]])
                )
        result, error = self.call_kw(
            "adv_rep", "res.partner", "read", [self.advocate.ids, ["referral_count"]]
        )
        self.assertIsNone(error)
        self.assertEqual(result[0]["referral_count"], 1)

    def test_salesman_without_advocacy_rights_posts_codes_but_cannot_pick_an_advocate(self):
        lead_id, error = self.call_kw(
            "adv_salesman",
            "crm.lead",
            "create",
            [{"name": "Web form", "referral_code": self.code, "email_from": "w@web-form.io"}],
        )
        self.assertIsNone(error)
        self.assertEqual(self.env["crm.lead"].browse(lead_id).referral_id.referrer_id, self.advocate)
        self.assertRefused(
            self.call_kw(
                "adv_salesman", "crm.lead", "create", [{"name": "Pick", "referrer_id": self.advocate.id}]
            )
        )
        self.assertRefused(
            self.call_kw("adv_salesman", "crm.lead", "write", [[lead_id], {"referral_id": self.referral.id}])
        )

    def test_contact_and_lead_forms_open_without_advocacy_rights(self):
        """Fields of the advocacy groups leave the forms of users outside them, which still open."""
        lead = self.env["crm.lead"].create(
            {
                "name": "Form deal",
                "user_id": self.salesman.id,
                "referral_code": self.code,
                "email_from": "f@form.io",
            }
        )
        for user in (self.employee, self.salesman):
            with self.subTest(user=user.login):
                form = Form(self.advocate.with_user(user))
                self.assertEqual(form.name, self.advocate.name)
        self.assertEqual(Form(lead.with_user(self.salesman)).name, "Form deal")

    def test_rep_cannot_link_a_lead_to_someone_elses_referral(self):
        theirs = self._referral(
            user_id=self.rep2.id,
            referred_email="t@theirs.io",
            referred_company="Theirs",
            referrer_id=self.customer.id,
        )
        lead = self.env["crm.lead"].create({"name": "Mine", "user_id": self.rep.id})
        self.assertRefused(
            self.call_kw("adv_rep", "crm.lead", "write", [lead.ids, {"referral_id": theirs.id}])
        )
        self.assertFalse(lead.referral_id)

    def test_portal_user_reaches_no_referral_and_no_button(self):
        self.assertRefused(
            self.call_kw(
                "adv_portal", "advocacy.referral", "search_read", [[]], {"fields": ["rejection_reason"]}
            )
        )
        self.assertRefused(
            self.call_kw("adv_portal", "advocacy.referral", "action_set_won", [self.referral.ids])
        )
        self.assertRefused(
            self.call_kw(
                "adv_portal",
                "res.partner",
                "action_view_advocacy_referrals",
                [self.portal_user.partner_id.ids],
            )
        )
        self.assertEqual(self.referral.state, "new")


@tagged("post_install", "-at_install")
class TestIntegrationDoors(RpcCase, AdvocacyCommon):
    """What a web-form or Zapier-like integration sends over XML-RPC."""

    def test_lead_with_code_but_no_email_or_phone_is_kept_and_attributed(self):
        lead_id = self.xmlrpc(
            "adv_rep",
            "crm.lead",
            "create",
            {"name": "Walk-in at the fair", "contact_name": "Jo", "referral_code": self.code},
        )
        lead = self.env["crm.lead"].browse(lead_id)
        self.assertEqual(lead.contact_name, "Jo", "the prospect is kept")
        self.assertEqual(lead.referral_id.referrer_id, self.advocate)
        self.assertEqual(lead.referral_id.lead_id, lead)
        self.assertEqual(lead.referral_id.referred_name, "Jo")

    def test_bare_referral_without_any_contact_is_refused(self):
        before = self.env["advocacy.referral"].search_count([])
        self.assertXmlrpcFault(
            lambda: self.xmlrpc("adv_rep", "advocacy.referral", "create", {"referrer_id": self.advocate.id}),
            "give at least one way to reach",
        )
        self.assertEqual(self.env["advocacy.referral"].search_count([]), before)

    def test_unknown_advocate_ids_get_a_clear_message(self):
        self.assertXmlrpcFault(
            lambda: self.xmlrpc("adv_rep", "crm.lead", "create", {"name": "X", "referrer_id": 999999}),
            "No contact has the id 999999",
        )
        self.assertXmlrpcFault(
            lambda: self.xmlrpc(
                "adv_rep", "advocacy.referral", "create", {"referrer_id": 999999, "referred_email": "a@b.io"}
            ),
            "No contact has the id 999999",
        )
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "X")]))

    def test_referral_submitted_by_a_portal_advocate_goes_to_their_account_manager(self):
        # the portal page creates the referral as the service, in the advocate's session
        referral = (
            self.env["advocacy.referral"]
            .with_user(self.portal_user)
            .sudo()
            .create(
                {
                    "referrer_id": self.portal_user.partner_id.id,
                    "referred_name": "Pat",
                    "referred_email": "pat@pat-corp.io",
                    "channel": "portal",
                }
            )
        )
        self.assertEqual(referral.user_id, self.rep, "the company's account manager, not the portal user")
        self.assertIn(referral, self.env["advocacy.referral"].with_user(self.rep).search([]))
