"""Route fuzz engine shared by the three advocacy addons.

Every route whose controller method is defined or overridden by the addon is found in the routing
map (so a new route is fuzzed without touching the tests) and hit with hypothesis-drawn URLs and
bodies: valid tokens/codes/ids and their mutations (one character changed, truncated, doubled),
unicode, very long strings, SQL and HTML injection, negative and huge ids; GET and POST, with and
without a valid CSRF token, logged out and as a portal user. Each answer must be below 500, the
addon's tables must keep their row counts (except what ``_fuzz_allowed_writes`` documents) and no
planted secret of another person may appear unless the request itself carried it.

Before the fuzz, the valid request of each route (the first seed of every argument, a valid CSRF
token) must succeed: 2xx, or the redirect to the login page of a route for logged-in users when
logged out; ``_fuzz_expected_status`` documents the other answers of a route, per session. The same
valid request with a NUL byte in a path argument must answer 404, with one in a field 400.

The draws are reproducible: derandomised (the same examples on every run) unless the environment
variable ``ADVOCACY_FUZZ_SEED`` gives a seed (an integer, or ``random`` for a fresh one, logged);
a failure shows hypothesis' falsifying example (every draw) and the seed to run it again.

A thin test file subclasses :class:`RouteFuzzCase` and sets ``addon``; it may override
``_fuzz_seeds`` (valid values per route argument name), ``_fuzz_secrets`` (strings of another
person that must never leak), ``_fuzz_allowed_writes`` and ``_fuzz_expected_status``.
"""

import inspect
import json
import logging
import os
import random
import re
from collections import Counter
from types import SimpleNamespace
from urllib.parse import quote, urlparse

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from odoo import http
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
SEED_ENV = "ADVOCACY_FUZZ_SEED"
SUCCESS = "2xx"  # what the valid request of a route answers, unless its thin file says otherwise


def fuzz_seed():
    """The seed asked for by ADVOCACY_FUZZ_SEED (``random``: a fresh one), or None: derandomised."""
    value = os.environ.get(SEED_ENV, "").strip()
    if not value:
        return None
    return random.SystemRandom().randrange(2**32) if value == "random" else int(value)


def reproduce_hint(fuzz_seed_value):
    if fuzz_seed_value is None:
        return f"route fuzz derandomised: every run draws these examples (set {SEED_ENV} to explore others)"
    return f"route fuzz seed {fuzz_seed_value}: {SEED_ENV}={fuzz_seed_value} draws these examples again"


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
    # pytest (make test-fast) collects the engine imported into a thin file: only the thin files test
    __test__ = False

    def __init_subclass__(cls, **kwargs):
        cls.__test__ = cls.addon is not None
        return super().__init_subclass__(**kwargs)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the share page's rate limit starts afresh (a database in use has submissions of the hour)
        cls.env["advocacy.share.attempt"].search([]).unlink()
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

    def _fuzz_expected_status(self, rule, method, login):
        """What the valid request of ``rule`` answers for ``login`` (None: logged out): ``SUCCESS``
        (a 2xx; for a route of logged-in users, auth="user", requested logged out: the redirect to
        /web/login), a status code, or ``(status, prefix of the redirect's path and query)``."""
        return SUCCESS

    # ------------------------------------------------------------------ engine
    def _csrf_token(self):
        """The CSRF token of this test's session, made by Odoo's own `Request.csrf_token` (the helper
        its forms render), so the fuzz follows Odoo's token format instead of re-implementing it."""
        return http.Request.csrf_token(SimpleNamespace(env=self.env, session=self.session))

    def _row_counts(self, tables):
        # what a commit would write, precommit hooks included (mails noted for the sending cron),
        # so a write queued before a request is not counted as that request's
        self.env.cr.flush()
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
        changed = {model for model in ctx["tables"] if before[model] != after[model]}
        if changed:
            params = {**body, **args}
            allowed = self._fuzz_allowed_writes(rule.rule, method, params, csrf_ok, bool(ctx["login"]))
            self.assertFalse(changed - allowed, f"{context}: unexpected writes in {changed - allowed}")
        text = response.text.lower()
        for secret in ctx["secrets"]:
            if secret not in request_text:
                self.assertNotIn(secret, text, f"{context}: another person's data in the response")
        return response

    def _methods(self, rule):
        return sorted(m for m in (rule.methods or {"GET", "POST"}) if m in ("GET", "POST")) or ["GET"]

    def _valid_request(self, rule, endpoint, seeds, nul_arg=None):
        """Path, path arguments and body of the valid request (first seed of every argument); with
        ``nul_arg``, that path argument carries a NUL byte."""
        args = {}

        def path_arg(match):
            converter, name = match.group(1), match.group(2)
            default = 1 if converter in INT_CONVERTERS else "x"
            args[name] = (seeds.get(name) or [default])[0]
            if name == nul_arg:
                args[name] = f"{args[name]}\x00"
            return quote(str(args[name]), safe="")

        path = ARG_RE.sub(path_arg, rule.rule)
        fields = inspect.signature(endpoint.func).parameters
        body = {name: str(seeds[name][0]) for name in fields if name in seeds and name not in args}
        return path, args, body

    def _assert_expected(self, ctx, rule, endpoint, method, response):
        """The valid request succeeded, or answered what the thin file documents for this session."""
        context = f"valid {method} {response.request.path_url[:200]} as {ctx['login'] or 'public'}"
        expected = self._fuzz_expected_status(rule.rule, method, ctx["login"])
        if expected == SUCCESS and endpoint.routing.get("auth") == "user" and not ctx["login"]:
            expected = (303, "/web/login")
        if expected == SUCCESS:
            self.assertTrue(
                200 <= response.status_code < 300, f"{context}: {response.status_code}, not a success"
            )
            return
        status, location = expected if isinstance(expected, tuple) else (expected, None)
        self.assertEqual(response.status_code, status, context)
        if location is not None:
            target = urlparse(response.headers.get("Location", ""))
            target = f"{target.path}?{target.query}" if target.query else target.path
            self.assertTrue(target.startswith(location), f"{context}: redirected to {target}, not {location}")

    def _baseline(self, ctx, rule, endpoint, seeds):
        """The valid request of each route (valid CSRF token on a POST) must get its expected answer,
        whatever hypothesis draws; with a NUL byte in a path argument it must answer 404, with one in
        a field 400 (unless the route already turns the valid request away)."""
        path, args, body = self._valid_request(rule, endpoint, seeds)
        for method in self._methods(rule):
            response = self._send(ctx, rule, endpoint, method, path, args, body, method == "POST")
            self._assert_expected(ctx, rule, endpoint, method, response)
            success = 200 <= response.status_code < 300
            for name in args:
                nul_path, nul_args, _body = self._valid_request(rule, endpoint, seeds, nul_arg=name)
                nul = self._send(ctx, rule, endpoint, method, nul_path, nul_args, body, method == "POST")
                self.assertEqual(nul.status_code, 404, f"{method} {nul_path}: a NUL in the path")
            for name in [*body, "extra"]:
                nul_body = {**body, name: f"{body.get(name, '')}\x00"}
                nul = self._send(ctx, rule, endpoint, method, path, args, nul_body, method == "POST")
                if success:
                    self.assertEqual(nul.status_code, 400, f"{method} {path}: a NUL in field {name}")

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
        draw_seed = fuzz_seed()
        _logger.info("%s (%s as %s)", reproduce_hint(draw_seed), self.addon, login or "public")

        @settings(
            max_examples=self.examples,
            deadline=None,
            database=None,
            derandomize=draw_seed is None,
            print_blob=False,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @given(data=st.data())
        def run(data):
            rule, endpoint = route
            method = data.draw(st.sampled_from(self._methods(rule)), label="method")
            path, args, body = self._build(data, rule, endpoint, seeds)
            csrf_ok = method == "POST" and data.draw(st.booleans(), label="csrf")
            self._send(ctx, rule, endpoint, method, path, args, body, csrf_ok)

        if draw_seed is not None:
            run = seed(draw_seed)(run)
        with mute_logger("odoo.http", "werkzeug", "odoo.addons.base.models.ir_http"):
            for route in routes:
                with self.subTest(route=route[0].rule):
                    self._baseline(ctx, *route, seeds)
                    try:
                        run()
                    except Exception as error:
                        # hypothesis notes the falsifying example (every draw); say how to get it again
                        error.add_note(reproduce_hint(draw_seed))
                        raise
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
