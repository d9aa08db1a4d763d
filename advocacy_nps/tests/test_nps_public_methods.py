from odoo.tests import HttpCase, new_test_user, tagged

from .test_nps_api_input import call_kw


@tagged("post_install", "-at_install")
class TestNpsPublicMethods(HttpCase):
    """Every button of advocacy_nps is a public method any logged-in user can call by RPC: each checks
    the caller's rights first, so a portal user or an employee outside the program gets an
    AccessError and nothing changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="nps_rpc_portal", groups="base.group_portal")
        cls.employee = new_test_user(
            cls.env, login="nps_rpc_employee", groups="sales_team.group_sale_salesman"
        )
        cls.rep = new_test_user(cls.env, login="nps_rpc_rep", groups="advocacy_program.group_advocacy_user")
        cls.other_rep = new_test_user(
            cls.env, login="nps_rpc_rep2", groups="advocacy_program.group_advocacy_user"
        )
        customer = cls.env["res.partner"].create(
            {"name": "Rpc Customer", "email": "rpc@customer.example", "user_id": cls.rep.id}
        )
        cls.customer = customer
        cls.wave = cls.env["advocacy.nps.wave"].create(
            {"name": "Rpc wave", "audience_domain": str([("id", "=", customer.id)])}
        )
        cls.cancelled = cls.env["advocacy.nps.wave"].create({"name": "Cancelled wave", "state": "cancel"})
        cls.answer = cls.env["advocacy.nps.response"].create({"partner_id": customer.id, "score": 2})
        cls.export = cls.env["advocacy.nps.xlsx.export"].create({})
        # settings an administrator opened with throttling off, never saved
        cls.settings = cls.env["res.config.settings"].create({"advocacy_nps_throttle_days": 0})

    def _state(self):
        self.env.invalidate_all()
        return {
            "wave": (self.wave.state, len(self.wave.invitation_ids)),
            "cancelled wave": self.cancelled.state,
            "follow-up": (self.answer.followup_state, len(self.answer.activity_ids)),
            "export": bool(self.export.file),
            "throttling": self.env["ir.config_parameter"].sudo().get_param("advocacy_nps.throttle_days"),
        }

    def _refused(self, model, method, ids):
        result, error = call_kw(self, model, method, [ids])
        self.assertIsNone(result, f"{model}.{method}")
        self.assertEqual(error["data"]["name"], "odoo.exceptions.AccessError", f"{model}.{method}")

    def _calls(self):
        return [
            ("advocacy.nps.wave", "action_launch", self.wave.ids),
            ("advocacy.nps.wave", "action_done", self.wave.ids),
            ("advocacy.nps.wave", "action_cancel", self.wave.ids),
            ("advocacy.nps.wave", "action_draft", self.cancelled.ids),
            ("advocacy.nps.wave", "action_view_invitations", self.wave.ids),
            ("advocacy.nps.wave", "action_view_responses", self.wave.ids),
            ("advocacy.nps.response", "action_start_followup", self.answer.ids),
            ("advocacy.nps.response", "action_close_followup", self.answer.ids),
            ("res.partner", "action_view_nps_responses", self.customer.ids),
            ("advocacy.nps.xlsx.export", "action_export", self.export.ids),
            ("res.config.settings", "set_values", self.settings.ids),
        ]

    def test_portal_user_calls_nothing(self):
        before = self._state()
        self.authenticate("nps_rpc_portal", "nps_rpc_portal")
        for model, method, ids in self._calls():
            with self.subTest(method=f"{model}.{method}"):
                self._refused(model, method, ids)
        self.assertEqual(self._state(), before)

    def test_employee_outside_the_program_calls_nothing(self):
        before = self._state()
        self.authenticate("nps_rpc_employee", "nps_rpc_employee")
        for model, method, ids in self._calls():
            with self.subTest(method=f"{model}.{method}"):
                self._refused(model, method, ids)
        self.assertEqual(self._state(), before)

    def test_reps_follow_up_their_customers_but_do_not_run_waves(self):
        before = self._state()
        self.authenticate("nps_rpc_rep2", "nps_rpc_rep2")
        for method in ("action_start_followup", "action_close_followup"):
            self._refused("advocacy.nps.response", method, self.answer.ids)  # another rep's customer
        self.authenticate("nps_rpc_rep", "nps_rpc_rep")
        for method in ("action_launch", "action_done", "action_cancel"):
            self._refused("advocacy.nps.wave", method, self.wave.ids)
        self._refused("advocacy.nps.wave", "action_draft", self.cancelled.ids)
        self._refused("res.config.settings", "set_values", self.settings.ids)
        self.assertEqual(self._state(), before)
        # their own customer's follow-up, and what they may read, work
        _result, error = call_kw(self, "advocacy.nps.response", "action_close_followup", [self.answer.ids])
        self.assertIsNone(error)
        action, error = call_kw(self, "res.partner", "action_view_nps_responses", [self.customer.ids])
        self.assertIsNone(error)
        self.assertEqual(action["res_model"], "advocacy.nps.response")
        self.assertEqual(self._state()["follow-up"], ("done", 0))
