"""The one-click NPS links under wrk on loopback: Odoo in multi-worker mode with a cron worker running,
as in production, sized as Odoo's deployment guide says (2 HTTP workers per CPU core, plus one).

A link of the email opens a landing page (GET, writes nothing: mail scanners fetch every link); its
script confirms the answer by POST to the same URL (the token in the URL is the credential). 2,000
sent invitations; every request takes a random invitation and a random score, so the POST load mixes
first answers, changed minds and repeated clicks. The POST appends the answer to the click log
(`advocacy.nps.click`: one INSERT, none for a repeated click; it never updates a row the answer cron
writes) and wakes the answer cron (`ir.cron._trigger`, at most one pending trigger), which records it
on the invitation, creates the response and runs the closed loop out of the request.

Phases: the landing GET and the POST with the endpoint alone (no cron worker: the answers wait), for
information; then a cron worker starts (threaded server without HTTP, woken by the triggers' NOTIFY,
like the cron worker of a multi-worker server), absorbs that backlog, and the GET and the POST are
measured again while it records the answers: goals >= 150 req/s, p95 <= 100 ms, 0 errors. Odoo's own
/web/health and /web/login under the same load are the baselines of this machine. The landing GET
load must record nothing. The time from a person's POST to the response row existing is measured at
two clicks a second on fresh invitations, during the POST burst and on a quiet server (goal p95 <= 10 s
for both)."""

import contextlib
import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from harness import BENCH_DIR, _odoo_args, bench_env, record, scale, serve_odoo

from odoo import fields

N_INVITATIONS = scale(2000)
N_PACED = 40  # the person-paced clicks of each click-to-response figure
PACE_SECONDS = 0.5
HTTP_WORKERS = 2 * (os.cpu_count() or 1) + 1  # Odoo's deployment guide: (#CPU * 2) + 1
DURATION = os.environ.get("BENCH_WRK_DURATION", "20s")
LUA = """
local paths = {}
for line in io.lines(os.getenv("NPS_PATHS")) do paths[#paths + 1] = line end
local method = os.getenv("NPS_METHOD")
local body = nil
if method == "POST" then
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  body = ""
end
math.randomseed(42)
request = function()
  return wrk.format(method, paths[math.random(#paths)] .. "/" .. math.random(0, 10), nil, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT {\\"requests\\": %d, \\"seconds\\": %f, "
    .. "\\"p50\\": %f, \\"p95\\": %f, \\"p99\\": %f, "
    .. "\\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def setup():
    with bench_env(commit=True) as env:
        Partner = env["res.partner"].with_context(tracking_disable=True)
        account = Partner.create({"name": "Click bench account", "is_company": True, "user_id": env.uid})
        contacts = Partner.create(
            [
                {"name": f"Click contact {i}", "email": f"click.{i}@example.com", "parent_id": account.id}
                for i in range(N_INVITATIONS + 2 * N_PACED)
            ]
        )
        wave = env["advocacy.nps.wave"].create({"name": "Click bench wave", "state": "running"})
        now = fields.Datetime.now()
        invitations = env["advocacy.nps.invitation"].create(
            [
                {
                    "wave_id": wave.id,
                    "partner_id": c.id,
                    "email": c.email,
                    "state": "sent",
                    "sent_date": now,
                    "expire_date": fields.Datetime.add(now, days=30),
                }
                for c in contacts
            ]
        )
        env["ir.cron.trigger"].search([]).unlink()  # a clean slate for the cron worker
        tokens = invitations.sudo().mapped("token")
        return (
            account.id,
            wave.id,
            tokens[:N_INVITATIONS],
            invitations.ids[N_INVITATIONS:],
            tokens[N_INVITATIONS:],
        )


def cleanup(account_id, wave_id):
    with bench_env(commit=True) as env:
        responses = env["advocacy.nps.response"].search([("wave_id", "=", wave_id)])
        env["mail.activity"].search(
            [("res_model", "=", "advocacy.nps.response"), ("res_id", "in", responses.ids)]
        ).unlink()
        env["advocacy.moment"].search([("partner_id.parent_id", "=", account_id)]).unlink()
        responses.unlink()
        env["advocacy.nps.wave"].browse(wave_id).unlink()
        env["res.partner"].search([("parent_id", "=", account_id)]).unlink()
        env["res.partner"].browse(account_id).unlink()


@contextlib.contextmanager
def cron_worker():
    """One cron worker on the benchmark database (Odoo's threaded server without HTTP), listening to
    the NOTIFY of `ir.cron._trigger` like the cron worker of a multi-worker server."""
    cmd = [
        sys.executable,
        str(BENCH_DIR.parent / "scripts" / "odoo_launcher.py"),
        *_odoo_args(),
        "-d",
        os.environ["BENCH_DB"],
        "--no-http",
        "--workers=0",
        "--max-cron-threads=1",
        "--log-level=warn",
    ]
    log = open(BENCH_DIR / "out" / "cron.log", "w", encoding="utf-8")
    with bench_env() as env:
        env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM ir_cron_progress")
        last_progress = env.cr.fetchone()[0]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        # a cron worker polls when notified, else once a minute: notify it until it ran a first job
        import odoo  # noqa: PLC0415 - configured by bench_env above

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the cron worker did not start (see {log.name})")
            with odoo.sql_db.db_connect("postgres").cursor() as cr:
                cr.execute("SELECT pg_notify('cron_trigger', %s)", [os.environ["BENCH_DB"]])
            time.sleep(1)
            with bench_env() as env:
                env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM ir_cron_progress")
                if env.cr.fetchone()[0] > last_progress:
                    break
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def run_wrk(wrk, script, url, env, duration, during=None):
    """wrk's figures, and what `during()` returned while wrk ran."""
    proc = subprocess.Popen(
        [wrk, "-t2", "-c8", f"-d{duration}", "--timeout", "5s", "-s", script, url],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        text=True,
    )
    meanwhile = during() if during else None
    out = proc.communicate()[0]
    print(out, flush=True)
    return json.loads(re.search(r"RESULT (\{.*\})", out).group(1)), meanwhile


def record_load(label, result, goals=True):
    rps = result["requests"] / result["seconds"]
    errors = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    if not goals:  # for information
        record(f"{label} throughput", rps, "req/s", "information", True)
        record(f"{label} p95 latency", result["p95"], "ms", "information", True)
        return
    record(f"{label} throughput", rps, "req/s", ">= 150 req/s", rps >= 150)
    record(f"{label} p95 latency", result["p95"], "ms", "<= 100 ms", result["p95"] <= 100)
    record(f"{label} errors (non-2xx, socket)", errors, "errors", "0", errors == 0)


def drain(wave_id, limit=300):
    """(answers pending now, seconds until the answer cron recorded them all, answers still pending)."""
    start = time.monotonic()
    with bench_env() as env:
        left = backlog(env, wave_id)
        while backlog(env, wave_id) and time.monotonic() - start < limit:
            time.sleep(0.2)
        return left, time.monotonic() - start, backlog(env, wave_id)


def baselines(wrk, url):
    """Odoo's own lightest pages under the same load, to read the figures against this machine."""
    figures = {}
    for path in ("/web/health", "/web/login"):
        out = subprocess.run(
            [wrk, "-t2", "-c8", "-d10s", "--timeout", "5s", url + path],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        match = re.search(r"Requests/sec:\s+([\d.]+)", out)
        figures[path] = float(match.group(1)) if match else 0.0
    return figures


def backlog(env, wave_id):
    env.cr.rollback()  # a fresh snapshot
    env.cr.execute(
        "SELECT count(DISTINCT c.invitation_id) FROM advocacy_nps_click c "
        "JOIN advocacy_nps_invitation i ON i.id = c.invitation_id WHERE i.wave_id = %s",
        [wave_id],
    )
    return env.cr.fetchone()[0]


def db_now():
    with bench_env() as env:
        env.cr.execute("SELECT now() at time zone 'UTC'")
        return env.cr.fetchone()[0]


def answers_recorded_during(start, seconds):
    """Answers per second the answer cron recorded in the batches it started within `seconds` from
    `start` (database time), from its progress rows."""
    with bench_env() as env:
        env.cr.execute(
            "SELECT COALESCE(SUM(p.done), 0) FROM ir_cron_progress p "
            "JOIN ir_model_data d ON d.res_id = p.cron_id AND d.model = 'ir.cron' "
            "WHERE d.module = 'advocacy_nps' AND d.name = 'ir_cron_nps_sync_answers' "
            "AND p.create_date >= %s AND p.create_date < %s + make_interval(secs => %s)",
            [start, start, seconds],
        )
        return env.cr.fetchone()[0] / seconds


def percentile(values, rank):
    values = sorted(values)
    return values[max(0, round(rank / 100 * len(values)) - 1)]


def paced_clicks(url, tokens, invitation_ids):
    """Person-paced confirmations on fresh invitations; seconds from each POST to its response row."""
    sent = {}

    def click():
        for token, invitation_id in zip(tokens, invitation_ids, strict=True):
            request = urllib.request.Request(
                f"{url}/nps/{token}/{random.Random(invitation_id).randint(0, 10)}",
                data=b"",
            )
            sent[invitation_id] = time.monotonic()
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200
            time.sleep(PACE_SECONDS)

    clicker = threading.Thread(target=click)
    clicker.start()
    seen = {}
    deadline = time.monotonic() + len(tokens) * PACE_SECONDS + 120
    with bench_env() as env:
        while len(seen) < len(invitation_ids) and time.monotonic() < deadline:
            env.cr.rollback()
            env.cr.execute(
                "SELECT invitation_id FROM advocacy_nps_response WHERE invitation_id = ANY(%s)",
                [list(invitation_ids)],
            )
            now = time.monotonic()
            for (invitation_id,) in env.cr.fetchall():
                if invitation_id not in seen and invitation_id in sent:
                    seen[invitation_id] = now - sent[invitation_id]
            time.sleep(0.05)
    clicker.join()
    return [seen.get(i, float("inf")) for i in invitation_ids]


def measure(wrk, script, url, wave_id, paced):
    """The loads and timings, in order; `paced` holds the two sets of fresh invitations."""
    get = {"NPS_PATHS": script + ".paths", "NPS_METHOD": "GET"}
    post = {**get, "NPS_METHOD": "POST"}
    run_wrk(wrk, script, url, get, "3s")  # warm the workers (registry, templates)
    figures = {}
    # the endpoint alone, no cron worker: the answers wait for it
    figures["alone GET"], _none = run_wrk(wrk, script, url, get, DURATION)
    with bench_env() as env:
        figures["recorded by GET"] = env["advocacy.nps.invitation"].search_count(
            [("wave_id", "=", wave_id), ("state", "=", "answered")]
        ) + backlog(env, wave_id)
    figures["alone POST"], _none = run_wrk(wrk, script, url, post, DURATION)
    with cron_worker():
        figures["waiting backlog"] = drain(wave_id)
        # as in production: the cron worker records the answers while the load goes on
        figures["GET"], _none = run_wrk(wrk, script, url, get, DURATION)
        during = functools.partial(paced_clicks, url, *paced[1])
        started = db_now()
        figures["POST"], figures["latencies under load"] = run_wrk(
            wrk, script, url, post, DURATION, during=during
        )
        figures["cron rate under load"] = answers_recorded_during(started, figures["POST"]["seconds"])
        figures["burst backlog"] = drain(wave_id)
        figures["baselines"] = baselines(wrk, url)
        figures["latencies"] = paced_clicks(url, *paced[0])
    return figures


def main():
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    account_id, wave_id, tokens, paced_ids, paced_tokens = setup()
    paced = [
        (paced_tokens[:N_PACED], paced_ids[:N_PACED]),
        (paced_tokens[N_PACED:], paced_ids[N_PACED:]),
    ]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            script = os.path.join(tmp, "nps.lua")
            paths = [f"/nps/{token}" for token in tokens]
            random.Random(1).shuffle(paths)
            with open(script + ".paths", "w", encoding="utf-8") as f:
                f.write("\n".join(paths) + "\n")
            with open(script, "w", encoding="utf-8") as f:
                f.write(LUA)
            with serve_odoo(workers=HTTP_WORKERS) as url:
                figures = measure(wrk, script, url, wave_id, paced)
        report(figures)
        print(f"server logs in {BENCH_DIR / 'out'} (server.log, cron.log)", flush=True)
    finally:
        cleanup(account_id, wave_id)


def report(figures):
    record_load("one-click answer (POST), cron worker running", figures["POST"])
    record_load("one-click landing page (GET), cron worker running", figures["GET"])
    record_load("one-click answer (POST) alone, no cron worker", figures["alone POST"], goals=False)
    record_load("one-click landing page (GET) alone, no cron worker", figures["alone GET"], goals=False)
    for path, value in figures["baselines"].items():
        record(f"baseline: Odoo's own {path}, same load", value, "req/s", "information", True)
    recorded = figures["recorded by GET"]
    record("answers recorded by the landing GET load", recorded, "answers", "0", recorded == 0)
    p95 = percentile(figures["latencies"], 95)
    record("click-to-response p95 (a person's pace, cron worker)", p95, "s", "<= 10 s", p95 <= 10)
    record("click-to-response median", percentile(figures["latencies"], 50), "s", "information", True)
    loaded = percentile(figures["latencies under load"], 95)
    record("click-to-response p95 during the POST burst", loaded, "s", "<= 10 s", loaded <= 10)
    rate = figures["cron rate under load"]
    record(
        "answers recorded per second by the answer cron during the POST burst",
        rate,
        "answers/s",
        "information",
        True,
    )
    for label, key in (
        ("left by the POST burst", "burst backlog"),
        ("of the no-cron phase", "waiting backlog"),
    ):
        left, seconds, remaining = figures[key]
        record(f"answer backlog {label}", left, "answers", "information", True)
        record(f"answer backlog {label}: absorbed in", seconds, "s", "information", remaining == 0)


if __name__ == "__main__":
    main()
