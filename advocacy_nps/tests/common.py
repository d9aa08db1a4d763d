import re
from urllib.parse import urlparse

from odoo.tests import HttpCase, TransactionCase, new_test_user


class NpsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context={**cls.env.context, "tracking_disable": True})
        cls.company = cls.env.company
        cls.rep = new_test_user(
            cls.env,
            login="nps_rep",
            name="Rita Rep",
            email="rita@example.com",
            groups="advocacy_program.group_advocacy_user",
        )
        cls.other_rep = new_test_user(
            cls.env,
            login="nps_rep2",
            name="Olaf Rep",
            email="olaf@example.com",
            groups="advocacy_program.group_advocacy_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="nps_manager",
            name="Mona Manager",
            email="mona@example.com",
            groups="advocacy_program.group_advocacy_manager",
        )
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Corp", "is_company": True, "user_id": cls.rep.id})
        cls.ann = Partner.create(
            {
                "name": "Ann Acme",
                "email": "ann@acme.example",
                "parent_id": cls.acme.id,
                "nps_role": "decision_maker",
                "tz": "Europe/Brussels",
            }
        )
        cls.bob = Partner.create(
            {"name": "Bob Acme", "email": "bob@acme.example", "parent_id": cls.acme.id, "nps_role": "user"}
        )
        cls.globex = Partner.create({"name": "Globex", "is_company": True, "user_id": cls.other_rep.id})
        cls.gil = Partner.create(
            {
                "name": "Gil Globex",
                "email": "gil@globex.example",
                "parent_id": cls.globex.id,
                "nps_role": "user",
                "tz": "America/New_York",
            }
        )
        cls.contacts = cls.ann | cls.bob | cls.gil
        cls.Response = cls.env["advocacy.nps.response"]
        cls.Wave = cls.env["advocacy.nps.wave"]
        cls.Invitation = cls.env["advocacy.nps.invitation"]

    @classmethod
    def _wave(cls, **values):
        return cls.Wave.create(
            {
                "name": "Test wave",
                "audience_domain": str([("id", "in", cls.contacts.ids)]),
                "user_id": cls.manager.id,
                **values,
            }
        )

    def _answers(self, partner, scores, **values):
        return self.Response.create([{"partner_id": partner.id, "score": s, **values} for s in scores])


CONFIRM_FORM_RE = re.compile(r'<form id="nps_confirm" method="post" action="([^"]+)">')


def confirm_form(page):
    """The action of the "Confirm my answer" form of a one-click landing page, or None."""
    match = CONFIRM_FORM_RE.search(page.text)
    return match and match.group(1)


def click(case, path):
    """What a person's browser does with a one-click link of the email: the GET shows the landing
    page, whose script (or button) posts its confirmation form. Returns (landing, confirmed) pages."""
    landing = case.url_open(path)
    case.assertEqual(landing.status_code, 200, path)
    action = confirm_form(landing)
    if not action:
        return landing, landing  # already recorded: the page says so and posts nothing
    confirmed = case.url_open(action, data={"confirm": "1"})
    case.assertEqual(confirmed.status_code, 200, action)
    return landing, confirmed


class NpsClickCase(HttpCase):
    """A contact invited by a sent wave, with the eleven links of their email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="nps_click_rep", name="Rita Rep", groups="advocacy_program.group_advocacy_user"
        )
        cls.env.company.name = "Clickworks Ltd"
        account = cls.env["res.partner"].create(
            {"name": "Acme Click", "is_company": True, "user_id": cls.rep.id}
        )
        cls.ann = cls.env["res.partner"].create(
            {"name": "Ann Click", "email": "ann.click@acme.example", "parent_id": account.id}
        )
        cls.wave = cls.env["advocacy.nps.wave"].create(
            {"name": "Click wave", "audience_domain": str([("id", "=", cls.ann.id)])}
        )
        cls.wave.action_launch()
        cls.env["advocacy.nps.invitation"]._cron_send()
        cls.invitation = cls.wave.invitation_ids
        mail = cls.env["mail.mail"].search(
            [("model", "=", "advocacy.nps.invitation"), ("res_id", "=", cls.invitation.id)]
        )
        cls.links = {
            int(score): urlparse(url).path
            for url, score in re.findall(r'href="([^"]+/nps/[^"/]+/(\d+))"', mail.body_html)
        }
        cls.token = cls.invitation.sudo().token
        cls.answer_cron = cls.env.ref("advocacy_nps.ir_cron_nps_sync_answers")

    def _clicks(self):
        """The answers given on the page and not yet recorded by the answer cron."""
        return (
            self.env["advocacy.nps.click"].sudo().search_count([("invitation_id", "=", self.invitation.id)])
        )

    def _triggers(self):
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.answer_cron.id)])

    def _traces(self):
        """Everything a recorded answer leaves behind, as a user would notice it."""
        self.env.invalidate_all()
        invitation = self.invitation
        return {
            "invitation": (invitation.state, invitation.score, invitation.answered_date),
            "clicks": self._clicks(),
            "responses": self.env["advocacy.nps.response"].search_count([("partner_id", "=", self.ann.id)]),
            "activities": self.env["mail.activity"].search_count(
                [("res_model", "=", "advocacy.nps.response"), ("user_id", "=", self.rep.id)]
            ),
            "moments": self.env["advocacy.moment"].search_count([("partner_id", "=", self.ann.id)]),
            "wave": (self.wave.answered_count, self.wave.response_count, self.wave.nps),
            "answer cron triggers": self._triggers(),
        }

    def _sync(self):
        self.env["advocacy.nps.invitation"]._cron_sync_answers()
        self.env.invalidate_all()
