"""Route fuzz engine shared by the three advocacy addons.

Every route whose controller method is defined or overridden by the addon is found in the routing
map (so a new route is fuzzed without touching the tests) and hit with hypothesis-drawn URLs and
bodies: valid tokens/codes/ids and their mutations (one character changed, truncated, doubled),
unicode, very long strings, SQL and HTML injection, negative and huge ids; GET and POST, with and
without a valid CSRF token, logged out and as a portal user. Each answer must be below 500, the
addon's tables must keep their row counts (except what ``_fuzz_allowed_writes`` documents) and no
planted secret of another person may appear unless the request itself carried it.

A thin test file subclasses :class:`RouteFuzzCase` and sets ``addon``; it may override
``_fuzz_seeds`` (valid values per route argument name), ``_fuzz_secrets`` (strings of another
person that must never leak) and ``_fuzz_allowed_writes``.
"""

import hashlib
import hmac
import inspect
import json
import logging
import re
import time
from collections import Counter
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, new_test_user
from odoo.tools import SQL, mute_logger

from .access_matrix import addon_models

ARG_RE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
INT_CONVERTERS = {"int", "model", "models"}
INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE res_partner; --",
    "%' OR 1=1 --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "${7*7}",
    "../../etc/passwd",
    "%s%s%s%(x)s",
    "null",
    "",
    " ",
]
_logger = logging.getLogger(__name__)
EXAMPLES = 15  # per route and session kind; each example sends one request


def _mutations(value):
    """Near misses of a valid value: one character changed, truncated, doubled, re-cased."""
    value = str(value)
    if not value:
        return st.just(value)
    return st.one_of(
        st.just(value),
        st.integers(0, len(value) - 1).flatmap(
            lambda i: st.characters(codec="utf-8").map(lambda c: value[:i] + c + value[i + 1 :])
        ),
        st.integers(0, len(value) - 1).map(lambda i: value[:i]),
        st.just(value + value),
        st.just(value.swapcase()),
        st.just(value + "'"),
    )


def fuzz_strings(seeds=()):
    """Strings for a path segment or a form field."""
    options = [
        st.sampled_from(INJECTIONS),
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
        st.integers(500, 3000).map(lambda n: "A" * n),
    ]
    if seeds:
        # the valid values themselves, often, and their near misses
        options.append(st.sampled_from([str(seed) for seed in seeds]))
        options.extend(_mutations(seed) for seed in seeds)
    return st.one_of(*options)


def fuzz_ints(seeds=()):
    options = [
        st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, -(2**63)]),
        st.integers(-(10**12), 10**12),
    ]
    if seeds:
        options.append(st.sampled_from([int(seed) for seed in seeds]))
    return st.one_of(*options)


def addon_routes(env, addon):
    """(rule, endpoint) of every route served by a controller method the addon defines or overrides."""
    prefix = f"odoo.addons.{addon}."
    routes = []
    for rule in env["ir.http"].routing_map().iter_rules():
        endpoint = rule.endpoint
        controller = getattr(endpoint.func, "__self__", None)
        name = endpoint.func.__name__
        if controller is None:
            continue
        if any(
            klass.__module__.startswith(prefix) and name in vars(klass) for klass in type(controller).mro()
        ):
            routes.append((rule, endpoint))
    return sorted(routes, key=lambda route: route[0].rule)


class RouteFuzzCase(HttpCase):
    # Odoo collects only the test methods a class defines itself; the engine's come from here
    allow_inherited_tests_method = True
    addon = None
    examples = EXAMPLES

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fuzz_portal = new_test_user(
            cls.env, login="fuzz_portal", groups="base.group_portal", email="fuzz.portal@example.com"
        )
        cls.fuzz_secret = "ZQXSECRET7731"
        cls.victim = cls.env["res.partner"].create(
            {
                "name": f"Victor Victim {cls.fuzz_secret}",
                "email": f"{cls.fuzz_secret.lower()}@victim.example.com",
                "phone": "+1 555 0199 7731",
            }
        )

    # ------------------------------------------------------------------ hooks of the thin test file
    def _fuzz_seeds(self):
        """{route argument or form field name: [valid values]} used for near-miss mutations."""
        return {}

    def _fuzz_secrets(self):
        """Strings of another person that no response may show unless the request carried them."""
        return [self.fuzz_secret, self.victim.email]

    def _fuzz_allowed_writes(self, rule, method, params, csrf_ok, logged_in):
        """Models of the addon whose row count a request may change (documented per addon)."""
        return set()

    # ------------------------------------------------------------------ engine
    def _csrf_token(self):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        max_ts = int(time.time() + 365 * 24 * 3600)
        digest = hmac.new(secret.encode("ascii"), f"{self.session.sid}{max_ts}".encode(), hashlib.sha1)
        return f"{digest.hexdigest()}o{max_ts}"

    def _row_counts(self, tables):
        self.env.flush_all()
        counts = {}
        for model, table in tables.items():
            self.env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
            counts[model] = self.env.cr.fetchone()[0]
        return counts

    def _build(self, data, rule, endpoint, seeds):
        values = {}

        def path_arg(match):
            converter, name = match.group(1), match.group(2)
            if converter in INT_CONVERTERS:
                value = data.draw(fuzz_ints(seeds.get(name, ())), label=name)
            else:
                value = data.draw(fuzz_strings(seeds.get(name, ())), label=name)
            values[name] = value
            return quote(str(value), safe="") or "x"

        path = ARG_RE.sub(path_arg, rule.rule)
        fields = [
            name
            for name, parameter in inspect.signature(endpoint.func).parameters.items()
            if parameter.kind is parameter.POSITIONAL_OR_KEYWORD and name not in values
        ]
        keys = (
            st.one_of(st.sampled_from(fields), st.text(min_size=1, max_size=12))
            if fields
            else st.text(min_size=1, max_size=12)
        )
        body = data.draw(
            st.dictionaries(
                keys,
                st.one_of(
                    fuzz_strings(), st.sampled_from([str(v) for vs in seeds.values() for v in vs] or [""])
                ),
                max_size=6,
            ),
            label="body",
        )
        return path, values, body

    def _send(self, ctx, rule, endpoint, method, path, args, body, csrf_ok):
        """Send one request and check it: no 5xx, no unexpected write, no other person's data."""
        if endpoint.routing.get("type", "http") == "json":
            method, csrf_ok = "POST", False
            before = self._row_counts(ctx["tables"])
            payload = json.dumps({"jsonrpc": "2.0", "method": "call", "params": body, "id": 1})
            response = self.url_open(path, data=payload, headers={"Content-Type": "application/json"})
        else:
            if csrf_ok:
                body = dict(body, csrf_token=ctx["csrf"])
            before = self._row_counts(ctx["tables"])
            if method == "POST":
                response = self.url_open(path, data=body or {"_": ""}, allow_redirects=False)
            else:
                query = "&".join(
                    f"{quote(str(k), safe='')}={quote(str(v), safe='')}" for k, v in body.items()
                )
                response = self.url_open(f"{path}?{query}", allow_redirects=False)
        after = self._row_counts(ctx["tables"])
        request_text = (path + " " + json.dumps(args, default=str) + " " + json.dumps(body)).lower()
        context = f"{method} {path[:200]} as {ctx['login'] or 'public'}"
        ctx["statuses"][rule.rule, method, csrf_ok, response.status_code] += 1
        self.assertLess(response.status_code, 500, f"{context}: server error")
        if csrf_ok:
            self.assertNotIn("invalid CSRF token", response.text, f"{context}: the fuzz reaches the handler")
        allowed = self._fuzz_allowed_writes(rule.rule, method, {**body, **args}, csrf_ok, bool(ctx["login"]))
        changed = {model for model in ctx["tables"] if before[model] != after[model]}
        self.assertFalse(changed - allowed, f"{context}: unexpected writes in {changed - allowed}")
        text = response.text.lower()
        for secret in ctx["secrets"]:
            if secret not in request_text:
                self.assertNotIn(secret, text, f"{context}: another person's data in the response")
        return response

    def _methods(self, rule):
        return sorted(m for m in (rule.methods or {"GET", "POST"}) if m in ("GET", "POST")) or ["GET"]

    def _baseline(self, ctx, rule, endpoint, seeds):
        """The valid request of each route (first seed of every argument, valid CSRF token), so the
        happy path is always exercised, whatever hypothesis draws."""
        args = {}

        def path_arg(match):
            converter, name = match.group(1), match.group(2)
            default = 1 if converter in INT_CONVERTERS else "x"
            args[name] = (seeds.get(name) or [default])[0]
            return quote(str(args[name]), safe="")

        path = ARG_RE.sub(path_arg, rule.rule)
        fields = inspect.signature(endpoint.func).parameters
        body = {name: str(seeds[name][0]) for name in fields if name in seeds and name not in args}
        for method in self._methods(rule):
            self._send(ctx, rule, endpoint, method, path, args, body, method == "POST")

    def _fuzz(self, login):
        self.authenticate(login, login)
        routes = addon_routes(self.env, self.addon)
        self.assertTrue(routes, f"{self.addon} serves routes")
        tables = {model: self.env[model]._table for model in addon_models(self.env, self.addon)}
        seeds = self._fuzz_seeds()
        ctx = {
            "login": login,
            "tables": {model: table for model, table in tables.items() if self.env[model]._auto},
            "secrets": [secret.lower() for secret in self._fuzz_secrets() if secret],
            "csrf": self._csrf_token(),
            "statuses": Counter(),
        }

        @settings(
            max_examples=self.examples,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @given(data=st.data())
        def run(data):
            rule, endpoint = route
            method = data.draw(st.sampled_from(self._methods(rule)), label="method")
            path, args, body = self._build(data, rule, endpoint, seeds)
            csrf_ok = method == "POST" and data.draw(st.booleans(), label="csrf")
            self._send(ctx, rule, endpoint, method, path, args, body, csrf_ok)

        with mute_logger("odoo.http", "werkzeug", "odoo.addons.base.models.ir_http"):
            for route in routes:
                with self.subTest(route=route[0].rule):
                    self._baseline(ctx, *route, seeds)
                    run()
        _logger.info(
            "route fuzz of %s as %s (route, method, valid CSRF, status: requests): %s",
            self.addon,
            login or "public",
            sorted(ctx["statuses"].items()),
        )

    def test_fuzz_logged_out(self):
        self._fuzz(None)

    def test_fuzz_portal_user(self):
        self._fuzz("fuzz_portal")
