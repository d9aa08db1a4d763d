from datetime import timedelta

import requests

from odoo import fields
from odoo.modules.migration import load_script
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import NpsClickCase, click, confirm_form


@tagged("post_install", "-at_install")
class TestNpsOneClick(NpsClickCase):
    """The one-click links of the email as mail scanners and people use them: a GET or HEAD shows a
    page and writes nothing; the page confirms the answer by POST once a person sees it."""

    def test_scanners_get_and_head_leave_no_trace(self):
        self.env["ir.cron.trigger"].search([("cron_id", "=", self.answer_cron.id)]).unlink()
        before = self._traces()
        scanner = requests.Session()  # a link checker: no cookie, no script run
        for score in (10, 0, 9):
            url = self.base_url() + self.links[score]
            for response in (scanner.get(url, timeout=12), scanner.head(url, timeout=12)):
                with self.subTest(score=score, method=response.request.method):
                    self.assertEqual(response.status_code, 200)
        self._sync()
        self.assertEqual(self._traces(), before, "no answer, response, activity, moment or wake-up")
        self.assertEqual(self.invitation.state, "sent")
        page = scanner.get(self.base_url() + self.links[9], timeout=12)
        self.assertIn('data-nps-state="pending"', page.text, "selected, not recorded")
        self.assertIn("Confirm my answer: 9", page.text, "a button for browsers without script")
        self.assertNotIn("Thank you", page.text)

    def test_one_click_of_a_person_records_the_answer_in_the_browser(self):
        # Chromium opens the link as a mail client would, with no cookie; the page's script confirms in
        # place (a fetch of this document), without leaving the page
        self.browser_js(
            self.links[9],
            "performance.getEntriesByType('resource').some((entry) => entry.initiatorType === 'fetch')"
            " ? console.log('test successful') : console.error('the page was left to confirm')",
            ready="!!document.querySelector('#nps_answer[data-nps-state=recorded]')",
        )
        self._sync()
        self.assertEqual((self.invitation.state, self.invitation.score), ("answered", 9))
        response = self.invitation.response_id
        self.assertEqual((response.score, response.category, response.channel), (9, "promoter", "email"))
        self.assertEqual(self.env["advocacy.moment"].search_count([("partner_id", "=", self.ann.id)]), 1)

    def test_confirmation_records_and_wakes_the_answer_cron_once(self):
        self.env["ir.cron.trigger"].search([("cron_id", "=", self.answer_cron.id)]).unlink()
        # a person's browser, without cookie: the page sets none, its form posts the token's own URL
        person = requests.Session()
        landing = person.get(self.base_url() + self.links[6], timeout=12)
        action = confirm_form(landing)
        self.assertEqual(action, self.links[6])
        done = person.post(self.base_url() + action, data={"confirm": "1"}, timeout=12)
        self.assertEqual(done.status_code, 200)
        self.assertIn('data-nps-state="recorded"', done.text)
        self.assertIn("Thank you", done.text)
        self.assertIn("What went wrong", done.text, "the detractor's follow-up question")
        self.assertEqual(self._clicks(), 1, "the answer waits for the answer cron, appended")
        self.assertEqual(self._triggers(), 1, "the answer cron is asked to run now")
        # before the cron ran, the link shows the answer as recorded, and a repeated click adds nothing
        again = person.get(self.base_url() + self.links[6], timeout=12)
        self.assertIn('data-nps-state="recorded"', again.text)
        self.assertIsNone(confirm_form(again))
        person.post(self.base_url() + action, data={"confirm": "1"}, timeout=12)
        self.assertEqual(self._clicks(), 1, "re-confirming the same score records nothing new")
        # a second click before the cron ran: the pending trigger serves it too
        _landing, page = click(self, self.links[8])
        self.assertIn("Thank you", page.text)
        self.assertNotIn("What went wrong", page.text, "a passive's question now")
        self.assertEqual(self._triggers(), 1, "no flood of triggers")
        self.env.invalidate_all()
        self.assertEqual(self.invitation.state, "sent", "nothing written on the invitation by the page")
        self._sync()
        self.assertEqual((self.invitation.state, self.invitation.score), ("answered", 8), "the latest click")
        self.assertEqual(self.invitation.response_id.score, 8)
        self.assertEqual(self._clicks(), 0, "the clicks recorded are consumed")
        # the page of an answer already recorded says so and posts nothing
        landing, _page = click(self, self.links[8])
        self.assertIn('data-nps-state="recorded"', landing.text)
        self.assertIsNone(confirm_form(landing))

    def test_a_batch_that_recorded_answers_asks_for_one_more_run(self):
        # the run deletes the trigger it started from when it ends, even if a click made during the
        # batch (not in its snapshot) relied on it: a batch that did work asks for another run
        Trigger = self.env["ir.cron.trigger"]
        click(self, self.links[7])
        Trigger.search([("cron_id", "=", self.answer_cron.id)]).unlink()  # consumed by the run below
        self._sync()
        self.assertEqual(self.invitation.response_id.score, 7)
        self.assertEqual(self._triggers(), 1, "one more run")
        Trigger.search([("cron_id", "=", self.answer_cron.id)]).unlink()
        self._sync()
        self.assertEqual(self._triggers(), 0, "an empty run asks for nothing")

    def test_only_the_tokens_holder_can_confirm(self):
        """The token is the credential of the POST (as of the RFC 8058 unsubscription): a site forging a
        confirmation without it gets the link error page and records nothing."""
        before = self._traces()
        token = self.invitation.sudo().token
        forged = token[:-1] + ("A" if token[-1] != "A" else "B")
        for path in (f"/nps/{forged}/10", f"/nps/{token[:30]}/10", "/nps/x/10"):
            with self.subTest(path=path):
                self.assertEqual(self.url_open(path, data={"confirm": "1"}).status_code, 404)
        self.assertEqual(self._traces(), before)

    def test_a_changed_mind_updates_the_response_and_closes_the_follow_up(self):
        click(self, self.links[3])
        self._sync()
        response = self.invitation.response_id
        self.assertEqual((response.category, response.followup_state), ("detractor", "todo"))
        answered_on = self.invitation.answered_date
        _landing, page = click(self, self.links[9])
        self.assertIn('data-nps-state="recorded"', page.text)
        self._sync()
        self.assertEqual(self.invitation.response_id, response, "the same response, changed")
        self.assertEqual((response.score, response.category), (9, "promoter"))
        self.assertNotEqual(response.followup_state, "todo", "the detractor's follow-up is closed")
        self.assertEqual(self.invitation.answered_date, answered_on, "answered when first clicked")

    def test_follow_up_answer_and_consent_before_and_after_the_cron(self):
        click(self, self.links[2])
        token = self.invitation.sudo().token
        page = self.url_open(f"/nps/{token}/feedback", data={"answer": "Slow support", "consent": "on"})
        self.assertEqual(page.status_code, 200)
        self.assertIn("Your answer was saved", page.text)
        self.assertEqual(self._clicks(), 2, "a score and a follow-up answer, appended")
        # the landing page before the cron ran shows the answer given
        self.assertIn("Slow support", self.url_open(self.links[2]).text)
        self._sync()
        self.assertEqual(
            (self.invitation.score, self.invitation.followup_answer, self.invitation.consent),
            (2, "Slow support", True),
        )
        response = self.invitation.response_id
        self.assertEqual(
            (response.score, response.followup_answer, response.consent), (2, "Slow support", True)
        )
        self.url_open(f"/nps/{token}/feedback", data={"answer": "Slow support", "consent": "on"})
        self.assertEqual(self._clicks(), 0, "the same follow-up again records nothing new")

    def test_waiting_clicks_follow_their_invitation_through_a_merge(self):
        click(self, self.links[9])
        self.assertEqual(self._clicks(), 1)
        kept = self.env["res.partner"].create(
            {"name": "Ann Click (new)", "email": "ann.click@acme.example", "parent_id": self.ann.parent_id.id}
        )
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_model="res.partner", active_ids=(self.ann | kept).ids)
            .create({})
        )
        wizard.dst_partner_id = kept
        wizard.action_merge()
        self.assertFalse(self.ann.exists())
        self._sync()
        self.assertEqual(self.invitation.partner_id, kept)
        response = self.invitation.response_id
        self.assertEqual((response.partner_id, response.score), (kept, 9), "the answer is not lost")

    def test_waiting_clicks_go_with_a_deleted_contact(self):
        click(self, self.links[2])
        invitation_id = self.invitation.id
        self.ann.unlink()  # no answer recorded yet: its invitations (and their clicks) go with it
        self.env.cr.execute(
            "SELECT count(*) FROM advocacy_nps_click WHERE invitation_id = %s", [invitation_id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self._sync()  # nothing left to record, nothing fails
        self.assertEqual(self.url_open(self.links[2]).status_code, 404)
        self.assertFalse(self.env["advocacy.nps.response"].search([("invitation_id", "=", invitation_id)]))

    def test_confirmation_through_the_wave_statistics(self):
        click(self, self.links[10])
        self._sync()
        self.assertEqual((self.wave.answered_count, self.wave.response_count, self.wave.nps), (1, 1, 100.0))


@tagged("post_install", "-at_install")
class TestNpsLinkErrors(NpsClickCase):
    """Links that cannot be answered get an explanatory 404 page, never anyone's data."""

    def _forged(self):
        return self.token[:-1] + ("A" if self.token[-1] != "A" else "B")

    def _assert_invalid_page(self, response):
        self.assertEqual(response.status_code, 404)
        self.assertIn("This survey link is not valid", response.text)
        self.assertIn("has expired or is not valid", response.text)
        self.assertNotIn("Clickworks", response.text, "nothing tells a guesser the token was close")
        self.assertNotIn("Ann Click", response.text)

    def test_unknown_forged_and_mistyped_tokens_get_the_same_page(self):
        before = self._traces()
        paths = [
            f"/nps/{self._forged()}/9",
            "/nps/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ/9",
            f"/nps/{self.token[:20]}/9",
            f"/nps/{self._forged()}/unsubscribe",
        ]
        for path in paths:
            with self.subTest(path=path):
                self._assert_invalid_page(self.url_open(path))
        page = self.url_open(f"/nps/{self._forged()}/9")
        for path in (f"/nps/{self._forged()}/9", f"/nps/{self._forged()}/feedback"):
            with self.subTest(post=path):
                self._assert_invalid_page(self.url_open(path, data={"answer": "x"}))
        self.assertEqual(self._traces(), before)
        self.assertNotIn("Traceback", page.text)

    def test_expired_link_says_the_survey_is_over(self):
        self.assertTrue(confirm_form(self.url_open(self.links[9])))  # the page was opened in time
        self.invitation.expire_date = fields.Datetime.now() - timedelta(minutes=1)
        before = self._traces()
        for method in ("GET", "HEAD", "POST"):
            with self.subTest(method=method):
                if method == "POST":
                    page = self.url_open(self.links[9], data={"confirm": "1"})
                else:
                    page = self.url_open(self.links[9], head=method == "HEAD")
                self.assertEqual(page.status_code, 404)
        page = self.url_open(self.links[9])
        self.assertIn("This survey has closed", page.text)
        self.assertIn("This survey link has expired", page.text)
        self.assertIn("Clickworks Ltd", page.text, "the company that sent the email its holder received")
        self.assertNotIn("ann.click", page.text)
        self.assertEqual(self._traces(), before)
        # the expiry cron's state says the same
        self.invitation.state = "expired"
        self.assertIn("This survey has closed", self.url_open(self.links[3]).text)

    def test_error_page_speaks_the_visitors_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        view = self.env.ref("advocacy_nps.nps_link_error_page")
        view.update_field_translations(
            "arch_db", {"fr_FR": {"This survey link is not valid": "Ce lien de sondage est invalide"}}
        )
        self.env.flush_all()
        # a visitor without session: the page follows their browser's language
        visitor = requests.Session()
        page = visitor.get(
            self.base_url() + f"/nps/{self._forged()}/9",
            headers={"Accept-Language": "fr-FR,fr;q=0.9"},
            timeout=12,
        )
        self.assertEqual(page.status_code, 404)
        self.assertIn("Ce lien de sondage est invalide", page.text)


@tagged("post_install", "-at_install")
class TestNpsClickUpgrade(NpsClickCase):
    """An answer flagged on its invitation by 18.0.1.0.0 (`sync_needed`) and not yet turned into its
    response when the database is upgraded: the upgrade makes it a click, the answer cron records it."""

    def test_an_answer_pending_at_the_upgrade_gets_its_response(self):
        cr = self.env.cr
        # the invitation as 18.0.1.0.0 left it: answered on the page, the response not made yet
        cr.execute("ALTER TABLE advocacy_nps_invitation ADD COLUMN IF NOT EXISTS sync_needed boolean")
        cr.execute(
            """UPDATE advocacy_nps_invitation
                  SET state = 'answered', score = 4, answered_date = '2026-11-30 09:00:00',
                      followup_answer = 'Too slow', consent = TRUE, sync_needed = TRUE
                WHERE id = %s""",
            [self.invitation.id],
        )
        self.env.invalidate_all()
        self.env["ir.cron.trigger"].search([("cron_id", "=", self.answer_cron.id)]).unlink()
        script = load_script(
            file_path("advocacy_nps/migrations/18.0.1.1.0/post-migrate.py"), "advocacy_nps_click_upgrade"
        )
        script.migrate(cr, "18.0.1.0.0")
        self.assertEqual(self._triggers(), 1, "the answer cron runs right after the upgrade")
        self._sync()
        response = self.invitation.response_id
        self.assertEqual(
            (response.score, response.followup_answer, response.consent, response.category),
            (4, "Too slow", True, "detractor"),
        )
        self.assertEqual(response.date, fields.Date.to_date("2026-11-30"), "the day it was answered")
        self.assertEqual(
            (self.invitation.state, self.invitation.score, str(self.invitation.answered_date)),
            ("answered", 4, "2026-11-30 09:00:00"),
        )
        self.assertEqual(self._clicks(), 0)


@tagged("post_install", "-at_install")
class TestNpsClickOtherCompany(NpsClickCase):
    """The one-click page of a wave sent by a company the public user does not belong to: shown and
    recorded as any other (the page's company is set only where the public user may see it)."""

    def test_a_click_on_another_companys_link_is_recorded(self):
        other = self.env["res.company"].create({"name": "Far Away Surveys"})
        self.wave.company_id = other
        self.assertNotIn(other, self.env.ref("base.public_user").company_ids)
        landing, confirmed = click(self, self.links[9])
        self.assertIn("Far Away Surveys", landing.text, "the company that sent the email")
        self.assertIn("Far Away Surveys", confirmed.text)
        self._sync()
        self.assertEqual((self.invitation.state, self.invitation.score), ("answered", 9))
        self.assertEqual(self.invitation.response_id.company_id, other)
