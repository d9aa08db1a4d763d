from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import NpsCommon


@tagged("post_install", "-at_install")
class TestNpsSettings(NpsCommon):
    """The NPS settings as an administrator saves them, then what the program does with them."""

    def _save_settings(self, **values):
        form = Form(self.env["res.config.settings"])
        for name, value in values.items():
            setattr(form, name, value)
        form.save().execute()
        return Form(self.env["res.config.settings"])  # the settings page opened again

    def test_zero_reminder_days_means_no_reminder(self):
        reopened = self._save_settings(advocacy_nps_reminder_days=0)
        self.assertEqual(reopened.advocacy_nps_reminder_days, 0, "0 is kept, not turned back into 5")
        wave = self._wave()
        self.assertEqual(wave.reminder_days, 0)
        wave.action_launch()
        self.Invitation._cron_send()
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            self.Invitation._cron_send()
        self.assertFalse(wave.invitation_ids.filtered("reminder_date"), "nobody is reminded")

    def test_zero_throttling_means_a_contact_may_be_asked_again(self):
        reopened = self._save_settings(advocacy_nps_throttle_days=0)
        self.assertEqual(reopened.advocacy_nps_throttle_days, 0, "0 is kept, not turned back into 90")
        self._answers(self.ann, [8], channel="phone", date=fields.Date.today())
        wave = self._wave()
        wave.action_launch()
        self.assertEqual(
            wave.invitation_ids.partner_id, self.contacts, "Ann answered today and is asked again"
        )

    def test_other_values_are_kept_and_used(self):
        reopened = self._save_settings(advocacy_nps_throttle_days=30, advocacy_nps_reminder_days=2)
        self.assertEqual((reopened.advocacy_nps_throttle_days, reopened.advocacy_nps_reminder_days), (30, 2))
        self.assertEqual(self._wave().reminder_days, 2)
        self._answers(self.ann, [8], channel="phone", date=fields.Date.today())
        wave = self._wave()
        wave.action_launch()
        self.assertEqual(wave.invitation_ids.partner_id, self.bob | self.gil, "Ann is throttled for 30 days")

    def test_negative_values_are_refused(self):
        form = Form(self.env["res.config.settings"])
        form.advocacy_nps_throttle_days = -1
        with self.assertRaises(ValidationError):
            form.save()
        form = Form(self.env["res.config.settings"])
        form.advocacy_nps_token_validity_days = 0
        with self.assertRaises(ValidationError):
            form.save()
