import xmlrpc.client

from odoo.addons.advocacy_program.tests.rpc import post_call_kw
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged
from odoo.tools import mute_logger


def call_kw(case, model, method, args, kwargs=None):
    """A JSON-RPC call of the web client or an API client: (result, error) of the response."""
    body = post_call_kw(case, model, method, args, kwargs)
    return body.get("result"), body.get("error")


@tagged("post_install", "-at_install")
class TestNpsApiInput(HttpCase):
    """Answers sent by API clients: a bad score or an unknown choice is refused with a clear
    message naming the value, never stored as something else, never answered with a traceback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="nps_api_manager",
            name="Api Manager",
            groups="advocacy_program.group_advocacy_manager",
        )
        cls.contact = cls.env["res.partner"].create({"name": "Api Contact", "email": "api@contact.example"})

    def _count(self, model="advocacy.nps.response"):
        return self.env[model].search_count([("partner_id", "=", self.contact.id)])

    def _xmlrpc(self, model, method, args):
        return self.xmlrpc_object.execute_kw(
            get_db_name(), self.manager.id, "nps_api_manager", model, method, args, {}
        )

    def _assert_xmlrpc_refused(self, model, method, args, message):
        with mute_logger("odoo.http"), self.assertRaises(xmlrpc.client.Fault) as caught:
            self._xmlrpc(model, method, args)
        fault = caught.exception.faultString
        self.assertIn(message, fault)
        self.assertNotIn("Traceback", fault)

    def test_bad_scores_by_xmlrpc(self):
        # XML-RPC clients send a null as False
        cases = [
            ({}, "The NPS score is empty"),
            ({"score": False}, "The NPS score is empty"),
            ({"score": ""}, "The NPS score is empty"),
            ({"score": 7.6}, "7.6 is not a valid NPS score"),
            ({"score": "abc"}, "'abc' is not a valid NPS score"),
            ({"score": 11}, "11 is not a valid NPS score"),
            ({"score": -1}, "-1 is not a valid NPS score"),
            ({"score": True}, "True is not a valid NPS score"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                self._assert_xmlrpc_refused(
                    "advocacy.nps.response", "create", [{"partner_id": self.contact.id, **values}], message
                )
        self.assertEqual(self._count(), 0, "nothing was written")
        self.assertFalse(
            self.env["mail.activity"]
            .search([("res_model", "=", "advocacy.nps.response")])
            .filtered(lambda a: a.res_name and "Api Contact" in a.res_name),
            "no detractor call-back for a score nobody gave",
        )

    def test_bad_scores_by_jsonrpc(self):
        self.authenticate("nps_api_manager", "nps_api_manager")
        for value, message in [
            (None, "The NPS score is empty"),
            ("", "The NPS score is empty"),
            (7.6, "7.6 is not a valid NPS score"),
            ("abc", "'abc' is not a valid NPS score"),
        ]:
            with self.subTest(score=value):
                result, error = call_kw(
                    self, "advocacy.nps.response", "create", [{"partner_id": self.contact.id, "score": value}]
                )
                self.assertIsNone(result)
                self.assertEqual(error["data"]["name"], "odoo.exceptions.ValidationError")
                self.assertIn(message, error["data"]["message"])
        self.assertEqual(self._count(), 0)

    def test_whole_numbers_are_taken_as_given(self):
        ids = [
            self._xmlrpc("advocacy.nps.response", "create", [{"partner_id": self.contact.id, "score": score}])
            for score in (0, 7, 10.0, "9")
        ]
        answers = self.env["advocacy.nps.response"].browse(ids)
        self.assertEqual(answers.mapped("score"), [0, 7, 10, 9])
        self.assertEqual(answers.mapped("category"), ["detractor", "passive", "promoter", "promoter"])

    def test_bad_score_on_write_keeps_the_answer(self):
        answer = self.env["advocacy.nps.response"].create({"partner_id": self.contact.id, "score": 8})
        self._assert_xmlrpc_refused(
            "advocacy.nps.response",
            "write",
            [[answer.id], {"score": "abc"}],
            "'abc' is not a valid NPS score",
        )
        self.authenticate("nps_api_manager", "nps_api_manager")
        _result, error = call_kw(self, "advocacy.nps.response", "write", [[answer.id], {"score": None}])
        self.assertIn("The NPS score is empty", error["data"]["message"])
        answer.invalidate_recordset()
        self.assertEqual((answer.score, answer.category), (8, "passive"))

    def test_unknown_choices_are_refused_clearly(self):
        for field, value, label in [
            ("channel", "fax", "Channel"),
            ("kind", "weekly", "Kind"),
            ("touchpoint", "sauna", "Touchpoint"),
            ("role", "ceo", "Respondent Role"),
        ]:
            with self.subTest(field=field):
                self._assert_xmlrpc_refused(
                    "advocacy.nps.response",
                    "create",
                    [{"partner_id": self.contact.id, "score": 9, field: value}],
                    f"'{value}' is not a valid {label}; use one of:",
                )
        self.assertEqual(self._count(), 0)
        self.authenticate("nps_api_manager", "nps_api_manager")
        _result, error = call_kw(
            self,
            "advocacy.nps.response",
            "create",
            [{"partner_id": self.contact.id, "score": 9, "channel": "fax"}],
        )
        self.assertEqual(error["data"]["name"], "odoo.exceptions.ValidationError")
        self.assertIn(
            "'fax' is not a valid Channel; use one of: email, portal, phone", error["data"]["message"]
        )
        self.assertEqual(self._count(), 0)

    def test_csat_unknown_rating_or_touchpoint(self):
        for values, message in [
            ({"touchpoint": "software", "rating": "great"}, "'great' is not a valid Rating"),
            ({"touchpoint": "sauna", "rating": "satisfied"}, "'sauna' is not a valid Touchpoint"),
        ]:
            with self.subTest(values=values):
                self._assert_xmlrpc_refused(
                    "advocacy.csat.response", "create", [{"partner_id": self.contact.id, **values}], message
                )
        self.assertEqual(self._count("advocacy.csat.response"), 0)
