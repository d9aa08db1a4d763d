from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import NpsCommon
from .test_nps_api_input import call_kw

NPS_PARTNER_FIELDS = [
    "nps_role",
    "nps_response_ids",
    "nps_response_count",
    "nps_latest_score",
    "nps_latest_category",
    "nps_latest_date",
    "nps_trend",
    "nps_company_score",
    "nps_company_previous",
    "nps_company_count",
    "nps_company_trend",
]
SIBLING_ADDONS = {"advocacy_program", "advocacy_rewards"}
NPS_LEAD_FIELDS = ["nps_latest_score", "nps_latest_category", "nps_latest_date", "nps_company_score"]


@tagged("post_install", "-at_install")
class TestNpsFieldsOutsideTheProgram(HttpCase):
    """Employees outside the advocacy program do not read a contact's NPS, and their contact and
    lead forms still open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, login="nps_plain_employee", groups="base.group_user")
        cls.salesman = new_test_user(
            cls.env, login="nps_plain_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.advocacy_user = new_test_user(
            cls.env, login="nps_privacy_rep", groups="advocacy_program.group_advocacy_user"
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Private Pat", "email": "pat@private.example", "user_id": cls.advocacy_user.id}
        )
        cls.env["advocacy.nps.response"].create({"partner_id": cls.contact.id, "score": 2})
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Pat's deal", "partner_id": cls.contact.id, "user_id": cls.salesman.id}
        )

    def _refused(self, model, method, args, kwargs=None):
        result, error = call_kw(self, model, method, args, kwargs)
        self.assertIsNone(result)
        self.assertEqual(error["data"]["name"], "odoo.exceptions.AccessError", error["data"]["message"])

    def _form_opens_without_nps(self, model, record, nps_fields, read=True):
        views, error = call_kw(self, model, "get_views", [], {"views": [[False, "form"]]})
        self.assertIsNone(error)
        arch = etree.fromstring(views["views"]["form"]["arch"])
        fields = views["models"][model]["fields"]
        for name in nps_fields:
            self.assertFalse(arch.xpath(f"//field[@name='{name}']"), f"{name} is not in the form")
            self.assertNotIn(name, fields)
        if not read:
            return
        # what the web client then reads to show the form. Left out: the fields the sibling addons add,
        # whose counts refuse employees outside the program (their own issue, reported to their owners)
        shown = [name for name in fields if self.env[model]._fields[name]._module not in SIBLING_ADDONS]
        data, error = call_kw(
            self, model, "web_read", [[record.id]], {"specification": {name: {} for name in shown}}
        )
        self.assertIsNone(error)
        self.assertEqual(data[0]["id"], record.id)

    def test_plain_employee_reads_no_nps_of_a_contact(self):
        self.authenticate("nps_plain_employee", "nps_plain_employee")
        for name in NPS_PARTNER_FIELDS:
            with self.subTest(field=name):
                self._refused("res.partner", "read", [[self.contact.id], [name]])
        for domain in (
            [("nps_response_ids.category", "=", "detractor")],
            [("nps_role", "=", "decision_maker")],
        ):
            with self.subTest(domain=domain):
                self._refused("res.partner", "search_read", [domain], {"fields": ["name"]})
        described, _error = call_kw(self, "res.partner", "fields_get", [], {"attributes": ["string"]})
        self.assertFalse(set(NPS_PARTNER_FIELDS) & set(described))
        # the form leaves them out (reading it needs more than a bare employee, Odoo's accounting
        # figures included: the salesman below opens it)
        self._form_opens_without_nps("res.partner", self.contact, NPS_PARTNER_FIELDS, read=False)

    def test_salesman_outside_the_program_reads_no_nps_on_a_lead(self):
        self.authenticate("nps_plain_salesman", "nps_plain_salesman")
        for name in NPS_LEAD_FIELDS:
            with self.subTest(field=name):
                self._refused("crm.lead", "read", [[self.lead.id], [name]])
        self._form_opens_without_nps("crm.lead", self.lead, NPS_LEAD_FIELDS)
        self._form_opens_without_nps("res.partner", self.contact, NPS_PARTNER_FIELDS)

    def test_advocacy_user_still_reads_it(self):
        self.authenticate("nps_privacy_rep", "nps_privacy_rep")
        data, error = call_kw(
            self, "res.partner", "read", [[self.contact.id], ["nps_latest_score", "nps_latest_category"]]
        )
        self.assertIsNone(error)
        self.assertEqual((data[0]["nps_latest_score"], data[0]["nps_latest_category"]), (2, "detractor"))
        views, _error = call_kw(self, "res.partner", "get_views", [], {"views": [[False, "form"]]})
        self.assertIn("nps_latest_score", views["models"]["res.partner"]["fields"])


@tagged("post_install", "-at_install")
class TestNpsPartnerFigures(NpsCommon):
    """The contact's NPS figures count what the reader may see: their companies, their rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.shared = cls.env["res.partner"].create(
            {"name": "Shared Sam", "email": "sam@shared.example", "company_id": False, "user_id": cls.rep.id}
        )
        cls.env["advocacy.nps.response"].create(
            [
                {"partner_id": cls.shared.id, "score": 2, "company_id": cls.company_a.id},
                {"partner_id": cls.shared.id, "score": 3, "company_id": cls.company_a.id},
            ]
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="nps_manager_b",
            groups="advocacy_program.group_advocacy_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.manager_ab = new_test_user(
            cls.env,
            login="nps_manager_ab",
            groups="advocacy_program.group_advocacy_manager",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, (cls.company_a | cls.company_b).ids)],
        )

    def _figures(self, partner):
        return (
            partner.nps_response_count,
            partner.nps_latest_score,
            partner.nps_latest_category,
            partner.nps_company_count,
            partner.nps_company_score,
        )

    def test_another_company_does_not_see_the_answers_of_a_shared_contact(self):
        self.assertEqual(self._figures(self.shared.with_user(self.manager_b)), (0, 0, False, 0, 0.0))
        self.assertEqual(self._figures(self.shared.with_user(self.manager)), (2, 3, "detractor", 2, -100.0))

    def test_the_companies_selected_in_the_switcher_count(self):
        both = self.shared.with_user(self.manager_ab).with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        )
        self.assertEqual(self._figures(both)[:3], (2, 3, "detractor"))
        only_b = both.with_context(allowed_company_ids=self.company_b.ids)
        self.assertEqual(self._figures(only_b)[:3], (0, 0, False), "computed again, not read from cache")

    def test_reps_count_the_answers_their_rules_let_them_read(self):
        self.assertEqual(self._figures(self.shared.with_user(self.rep))[:3], (2, 3, "detractor"))
        self.assertEqual(self._figures(self.shared.with_user(self.other_rep)), (0, 0, False, 0, 0.0))


@tagged("post_install", "-at_install")
class TestNpsContactDeletion(NpsCommon):
    """A contact's NPS history is kept: deleting them is refused (archive instead); merging contacts
    moves the answers to the kept contact."""

    def test_contact_with_answers_cannot_be_deleted(self):
        answers = self._answers(self.ann, [9, 4])
        with self.assertRaises(UserError) as refused:
            self.ann.unlink()
        self.assertIn("Ann Acme cannot be deleted", str(refused.exception))
        self.assertIn("Archive the contact instead", str(refused.exception))
        self.assertEqual(answers.exists(), answers)
        self.ann.action_archive()
        self.assertFalse(self.ann.active)
        self.assertEqual(answers.exists(), answers, "archiving keeps the history")

    def test_contact_with_csat_answers_cannot_be_deleted(self):
        self.env["advocacy.csat.response"].create(
            {"partner_id": self.bob.id, "touchpoint": "software", "rating": "neutral"}
        )
        with self.assertRaises(UserError):
            self.bob.unlink()
        self.assertTrue(self.bob.exists())

    def test_contact_only_invited_can_be_deleted(self):
        wave = self._wave(audience_domain=str([("id", "=", self.gil.id)]))
        wave.action_launch()
        invitation = wave.invitation_ids
        self.assertTrue(invitation)
        self.gil.unlink()
        self.assertFalse(invitation.exists(), "an invitation without answer goes with its contact")

    def test_merging_contacts_moves_their_answers(self):
        dup = self.env["res.partner"].create(
            {"name": "Ann Acme (old)", "email": "ann@acme.example", "parent_id": self.acme.id}
        )
        kept_answers = self._answers(self.ann, [9])
        dup_answers = self._answers(dup, [3, 10])
        # both were invited by the same wave: Odoo's merge keeps one invitation per wave and cycle
        wave = self._wave(audience_domain=str([("id", "in", (self.ann | dup).ids)]))
        self.Invitation.create([{"wave_id": wave.id, "partner_id": partner.id} for partner in self.ann | dup])
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_model="res.partner", active_ids=(self.ann | dup).ids)
            .create({})
        )
        wizard.dst_partner_id = self.ann
        wizard.action_merge()
        self.assertFalse(dup.exists())
        answers = self.Response.search([("partner_id", "=", self.ann.id)])
        self.assertEqual(answers, kept_answers | dup_answers, "no answer lost")
        self.ann.invalidate_recordset()
        self.assertEqual(self.ann.nps_response_count, 3)
        self.assertEqual(wave.invitation_ids.partner_id, self.ann)
