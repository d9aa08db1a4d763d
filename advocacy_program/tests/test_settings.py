from odoo.exceptions import ValidationError
from odoo.tests import tagged
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
