from odoo.tests import tagged

from ..tools import attribution
from .route_fuzz import RouteFuzzCase

SUBMIT_ROUTE = "/advocacy/r/<string:code>/submit"
XLSX_ROUTE = "/advocacy/campaign/<int:campaign_id>/xlsx"


@tagged("post_install", "-at_install", "route_fuzz")
class TestRouteFuzz(RouteFuzzCase):
    addon = "advocacy_program"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = cls.env["res.partner"].create(
            {"name": "Fuzz Advocate", "email": "fuzz.advocate@example.com", "advocate_state": "active"}
        )
        cls.victim.advocate_state = "active"

    def _fuzz_seeds(self):
        return {
            "code": [self.advocate.referral_code, self.victim.referral_code],
            "email": ["paula@initech.com"],
            "name": ["Paula Prospect"],
        }

    def _fuzz_secrets(self):
        return [*super()._fuzz_secrets(), self.victim.referral_code]

    def _fuzz_allowed_writes(self, rule, method, params, csrf_ok, logged_in):
        # the share form is the one public write: a rate-limit row per accepted submission, and
        # the referral of the lead when the posted code is a live advocate's code
        if rule != SUBMIT_ROUTE or method != "POST" or not csrf_ok:
            return set()
        allowed = {"advocacy.share.attempt"}
        code = attribution.normalize_code(params.get("code"))
        if code and self.env["res.partner"].sudo().search_count([("referral_code", "=", code)]):
            allowed.add("advocacy.referral")
        return allowed

    def _fuzz_expected_status(self, rule, method, login):
        # campaigns are internal: a portal user gets Not Found (the export is tested in test_campaign_xlsx)
        if rule == XLSX_ROUTE and login:
            return 404
        return super()._fuzz_expected_status(rule, method, login)
