import re
from datetime import datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsWave(NpsCommon):
    def _mails(self, invitations):
        return self.env["mail.mail"].search(
            [("model", "=", "advocacy.nps.invitation"), ("res_id", "in", invitations.ids)]
        )

    def test_launch_queues_one_invitation_per_contact(self):
        wave = self._wave()
        wave.action_launch()
        self.assertEqual(wave.state, "running")
        self.assertEqual(wave.invitation_ids.partner_id, self.contacts)
        self.assertEqual(set(wave.invitation_ids.mapped("state")), {"queued"})
        self.assertEqual(wave.invitation_ids.filtered(lambda i: i.partner_id == self.bob).role, "user")
        tokens = wave.invitation_ids.sudo().mapped("token")
        self.assertEqual(len(set(tokens)), 3)
        self.assertTrue(all(len(t) == 43 for t in tokens), "256-bit url-safe tokens")
        # launching again (new contacts only) adds nothing
        wave.action_launch()
        self.assertEqual(len(wave.invitation_ids), 3)

    def test_role_filters_the_audience(self):
        wave = self._wave(role="decision_maker")
        wave.action_launch()
        self.assertEqual(wave.invitation_ids.partner_id, self.ann)

    def test_invalid_audience_is_refused(self):
        with self.assertRaises(ValidationError):
            self._wave(audience_domain="[('no_such_field', '=', 1)]")

    def test_throttling_across_channels(self):
        self.env["ir.config_parameter"].sudo().set_param("advocacy_nps.throttle_days", "90")
        # Ann answered by phone a month ago; Bob was invited by another wave last week
        self._answers(self.ann, [8], channel="phone", date=fields.Date.today() - timedelta(days=30))
        earlier = self._wave(audience_domain=str([("id", "=", self.bob.id)]))
        earlier.action_launch()
        wave = self._wave()
        wave.action_launch()
        self.assertEqual(wave.invitation_ids.partner_id, self.gil)
        self.assertIn("2 contacts skipped", wave.message_ids[0].body)
        # after the throttling period everybody is asked again
        with freeze_time(fields.Datetime.now() + timedelta(days=91)):
            later = self._wave()
            later.action_launch()
            self.assertEqual(later.invitation_ids.partner_id, self.contacts)

    def test_blacklisted_contacts_are_not_mailed(self):
        self.env["mail.blacklist"]._add("bob@acme.example")
        wave = self._wave()
        wave.action_launch()
        bob = wave.invitation_ids.filtered(lambda i: i.partner_id == self.bob)
        self.assertEqual(bob.state, "cancel")
        self.Invitation._cron_send()
        self.assertFalse(self._mails(bob))
        self.assertEqual(len(self._mails(wave.invitation_ids)), 2)

    def test_cron_sends_eleven_links_once(self):
        wave = self._wave()
        wave.action_launch()
        self.Invitation._cron_send()
        invitations = wave.invitation_ids
        self.assertEqual(set(invitations.mapped("state")), {"sent"})
        mails = self._mails(invitations)
        self.assertEqual(len(mails), 3)
        ann = invitations.filtered(lambda i: i.partner_id == self.ann)
        body = self._mails(ann).body_html
        links = re.findall(r'href="([^"]+/nps/[^"/]+/(\d+))"', body)
        self.assertEqual([int(score) for _url, score in links], list(range(11)))
        self.assertIn(ann.sudo().token, links[0][0])
        self.assertIn("/unsubscribe", body)
        self.assertIn("List-Unsubscribe", self._mails(ann).headers)
        self.assertTrue(ann.expire_date > ann.sent_date)
        # a second run (say after a crash and restart) mails nobody twice
        self.Invitation._cron_send()
        self.assertEqual(len(self._mails(invitations)), 3)
        self.assertEqual(wave.sent_count, 3)
        self.assertEqual(wave.progress, 100.0)

    def test_one_reminder_after_n_days_to_those_who_did_not_answer(self):
        wave = self._wave(reminder_days=5)
        wave.action_launch()
        self.Invitation._cron_send()
        ann = wave.invitation_ids.filtered(lambda i: i.partner_id == self.ann)
        ann._nps_record_score(9)
        self.Invitation._cron_sync_answers()
        self.Invitation._cron_send()
        self.assertEqual(len(self._mails(wave.invitation_ids)), 3, "no reminder before 5 days")
        with freeze_time(fields.Datetime.now() + timedelta(days=5, hours=1)):
            self.Invitation._cron_send()
            self.Invitation._cron_send()
        mails = self._mails(wave.invitation_ids)
        self.assertEqual(len(mails), 5, "one reminder each to Bob and Gil, none to Ann who answered")
        self.assertFalse(ann.reminder_date)
        self.assertEqual(len(mails.filtered(lambda m: m.subject.startswith("Reminder"))), 2)
        self.assertAlmostEqual(wave.response_rate, 100 / 3, places=1)

    def test_clicks_become_one_response_in_the_answer_cron(self):
        wave = self._wave(kind="transactional", touchpoint="support")
        wave.action_launch()
        self.Invitation._cron_send()
        ann = wave.invitation_ids.filtered(lambda i: i.partner_id == self.ann)
        self.assertTrue(ann._nps_record_score(4))
        self.assertTrue(ann._nps_record_score(6), "a changed mind before the cron ran")
        self.assertFalse(ann._nps_record_score(6), "the same click again writes nothing")
        clicks = self.env["advocacy.nps.click"].sudo().search([("invitation_id", "=", ann.id)])
        self.assertEqual(clicks.mapped("score"), [4, 6])
        self.assertEqual((ann.state, ann.score), ("sent", -1), "the answer cron records the clicks")
        self.assertFalse(ann.response_id, "the response comes with the answer cron")
        self.assertEqual(self.env.ref("advocacy_nps.ir_cron_nps_sync_answers").interval_type, "minutes")
        self.Invitation._cron_sync_answers()
        self.assertEqual((ann.state, ann.score), ("answered", 6), "the latest click wins")
        self.assertFalse(clicks.exists(), "the clicks recorded are consumed")
        response = ann.response_id
        self.assertEqual(
            (response.score, response.channel, response.kind, response.touchpoint),
            (6, "email", "transactional", "support"),
        )
        self.assertEqual(response.role, "decision_maker")
        ann._nps_record_score(9)
        self.Invitation._cron_sync_answers()
        self.Invitation._cron_sync_answers()
        self.assertEqual(self.Response.search([("invitation_id", "=", ann.id)]), response)
        self.assertEqual(response.category, "promoter")
        self.assertEqual(wave.nps, 100.0)

    def test_expired_invitations(self):
        self.env["ir.config_parameter"].sudo().set_param("advocacy_nps.token_validity_days", "10")
        wave = self._wave()
        wave.action_launch()
        self.Invitation._cron_send()
        with freeze_time(fields.Datetime.now() + timedelta(days=11)):
            self.Invitation._cron_expire()
        self.assertEqual(set(wave.invitation_ids.mapped("state")), {"expired"})

    @freeze_time("2026-11-23 06:00:00")
    def test_autopilot_drips_on_business_day_mornings_in_the_contact_tz(self):
        wave = self._wave(is_autopilot=True, cadence_months="3")
        wave.action_launch()
        invitations = wave.invitation_ids
        self.assertEqual(invitations.partner_id, self.contacts)
        for invitation in invitations:
            tz = pytz.timezone(invitation.partner_id.tz or self.manager.tz or "UTC")
            local = pytz.utc.localize(invitation.scheduled_date).astimezone(tz)
            self.assertLess(local.weekday(), 5)
            self.assertTrue(9 <= local.hour < 12, f"{invitation.partner_id.name} at {local}")
        # spread over the quarter, not sent at once
        dates = sorted(invitations.mapped("scheduled_date"))
        self.assertGreater(dates[-1] - dates[0], timedelta(days=40))
        # the daily run schedules nobody twice within the cadence
        self.Wave._cron_autopilot()
        self.assertEqual(len(wave.invitation_ids), 3)
        # only the due invitations are mailed
        self.Invitation._cron_send()
        self.assertEqual(
            invitations.filtered(lambda i: i.state == "sent"),
            invitations.filtered(lambda i: i.scheduled_date <= datetime(2026, 11, 23, 6)),
        )
