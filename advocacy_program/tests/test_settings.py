from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import AdvocacyCommon


@tagged("post_install", "-at_install")
class TestSettings(AdvocacyCommon):
    def test_settings_store_parameters(self):
        settings = self.env["res.config.settings"].create(
            {"advocacy_attribution_window_days": 90, "advocacy_public_email_domains": "gmail.com, qq.com"}
        )
        settings.execute()
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("advocacy_program.attribution_window_days"), "90")
        self.assertEqual(params.get_param("advocacy_program.public_email_domains"), "gmail.com, qq.com")

    def test_negative_window_is_refused_and_writes_nothing(self):
        params = self.env["ir.config_parameter"].sudo()
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self.env["res.config.settings"].create({"advocacy_attribution_window_days": -1}).execute()
        self.assertEqual(params.get_param("advocacy_program.attribution_window_days"), "365")

    def test_bad_values_are_refused(self):
        for vals in (
            {"advocacy_ask_cooldown_days": -5},
            {"advocacy_moment_expiry_days": 0},
            {"advocacy_public_email_domains": "gmail.com, not a domain"},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.env["res.config.settings"].create(vals)

    def test_a_bad_stored_value_reads_as_the_default_and_is_logged(self):
        """A value typed by hand in the system parameters does not break the code that reads it."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("advocacy_program.ask_cooldown_days", "ninety")
        params.set_param("advocacy_program.notify_welcome", "maybe")
        Settings = self.env["advocacy.settings"]
        with self.assertLogs("odoo.addons.advocacy_program.models.settings", "WARNING") as logs:
            self.assertEqual(Settings._advocacy_setting("advocacy_program.ask_cooldown_days"), 90)
            self.assertIs(Settings._advocacy_setting("advocacy_program.notify_welcome"), True)
        self.assertEqual(len(logs.output), 2)
        self.assertIn("'ninety'", logs.output[0])
        # a moment is still asked, with the default cooldown, and the settings page opens
        moment = self.env["advocacy.moment"]._trigger(self.advocate, "promoter")
        self.assertEqual(moment.partner_id, self.advocate)
        self.assertEqual(Form(self.env["res.config.settings"]).advocacy_ask_cooldown_days, 90)

    def test_settings_form_round_trip(self):
        """What the administrator saves is what the settings page shows again and what the code reads,
        0 and "off" included."""
        saved = {
            "advocacy_attribution_window_days": 0,
            "advocacy_ask_cooldown_days": 7,
            "advocacy_moment_usage_orders": 0,
            "advocacy_moment_usage_amount": 2500,
            "advocacy_public_email_domains": "gmail.com, qq.com",
            "advocacy_invite_on_promoter": False,
            "advocacy_notify_welcome": False,
            "advocacy_notify_digest": True,
            "advocacy_moment_on_renewal": False,
        }
        form = Form(self.env["res.config.settings"])
        for name, value in saved.items():
            setattr(form, name, value)
        form.save().execute()
        reopened = Form(self.env["res.config.settings"])
        self.assertEqual({name: reopened[name] for name in saved}, saved)
        Settings = self.env["advocacy.settings"]
        self.assertEqual(Settings._advocacy_setting("advocacy_program.moment_usage_orders"), 0)
        self.assertEqual(Settings._advocacy_setting("advocacy_program.attribution_window_days"), 0)
        self.assertFalse(self.env["res.partner"]._advocacy_notify_enabled("welcome"))
        self.assertFalse(self.env["advocacy.moment"]._moment_enabled("renewal"))
        # turned on again: read back on
        form = Form(self.env["res.config.settings"])
        form.advocacy_notify_welcome = True
        form.advocacy_invite_on_promoter = True
        form.save().execute()
        self.assertTrue(self.env["res.partner"]._advocacy_notify_enabled("welcome"))
        self.assertTrue(Settings._advocacy_setting("advocacy_program.invite_on_promoter"))
