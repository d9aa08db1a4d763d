"""The API doors of real clients, for tests: JSON-RPC ``/web/dataset/call_kw`` in a logged-in session
(what the web client and JavaScript integrations use) and XML-RPC ``/xmlrpc/2/object`` (what Python's
xmlrpc.client, Zapier-like tools and web-form integrations use), as users made by ``new_test_user``."""

import json
import xmlrpc.client

from odoo.tests import HttpCase
from odoo.tools import mute_logger


def rpc_password(login):
    """The password ``new_test_user`` gives: the login, padded to eight characters."""
    return login + "x" * (8 - len(login))


def post_call_kw(case, model, method, args=(), kwargs=None):
    """The one JSON-RPC request of the tests: ``model.method(*args, **kwargs)`` posted to
    ``/web/dataset/call_kw`` as the web client does, in the HttpCase ``case``'s current session (log in
    first with ``case.authenticate``). Returns the response's body: ``{"result": ...}`` or
    ``{"error": {"message", "data": {"name", "message", ...}}}``."""
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs or {}},
    }
    # an expected refusal is logged as a warning by the HTTP layer
    with mute_logger("odoo.http"):
        response = case.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
    case.assertEqual(response.status_code, 200, response.text[:500])
    return response.json()


def open_dashboard(case, dashboard):
    """The Dashboards app opening ``dashboard`` in ``case``'s session (log in first): the document it
    shows (``get_readonly_dashboard``'s snapshot). Fails the test on a refusal."""
    body = post_call_kw(case, "spreadsheet.dashboard", "get_readonly_dashboard", [dashboard.ids])
    case.assertNotIn("error", body, body.get("error"))
    return body["result"]["snapshot"]


def second_currency(env, main):
    """Activates a currency other than ``main`` and returns it, with the only rates of the test: one
    unit of ``main`` is worth 0.5 of it from 2025-01-01, 0.8 from 2025-06-01 (shared rates)."""
    eur, usd = env.ref("base.EUR"), env.ref("base.USD")
    other = eur if main != eur else usd
    other.active = True
    Rate = env["res.currency.rate"]
    Rate.search([("currency_id", "in", (main | other).ids)]).unlink()
    Rate.create(
        [
            {"currency_id": main.id, "name": "2020-01-01", "rate": 1.0, "company_id": False},
            {"currency_id": other.id, "name": "2025-01-01", "rate": 0.5, "company_id": False},
            {"currency_id": other.id, "name": "2025-06-01", "rate": 0.8, "company_id": False},
        ]
    )
    return other


class RpcCase(HttpCase):
    def call_kw(self, login, model, method, args=(), kwargs=None):
        """``(result, error)`` of ``model.method(*args, **kwargs)`` called by ``login`` through JSON-RPC;
        ``error`` is the dict the client receives (``name``, ``message``) or None."""
        self.authenticate(login, login)
        body = post_call_kw(self, model, method, args, kwargs)
        if "error" in body:
            return None, body["error"]["data"]
        return body["result"], None

    def assertRefused(self, outcome, error_name="odoo.exceptions.AccessError", contains=None):
        """The JSON-RPC call failed with ``error_name`` (and a message containing ``contains``)."""
        result, error = outcome
        self.assertIsNotNone(error, f"the call was accepted and returned {result!r}")
        self.assertEqual(error["name"], error_name, error["message"])
        if contains:
            self.assertIn(contains, error["message"])
        return error["message"]

    def xmlrpc(self, login, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` through XML-RPC as ``login``; a refusal raises
        ``xmlrpc.client.Fault`` whose ``faultString`` is what the client shows."""
        db = self.env.cr.dbname
        password = rpc_password(login)
        uid = self.xmlrpc_common.authenticate(db, login, password, {})
        self.assertTrue(uid, f"{login} logs in over XML-RPC")
        return self.xmlrpc_object.execute_kw(db, uid, password, model, method, list(args), kwargs)

    def assertXmlrpcFault(self, call, contains):
        """``call()`` raises an XML-RPC fault whose message contains ``contains`` and no traceback."""
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call()
        message = caught.exception.faultString
        self.assertIn(contains, message)
        self.assertNotIn("Traceback", message)
        self.assertNotIn("psycopg2", message)
        self.assertNotIn("_fkey", message)
        return message
