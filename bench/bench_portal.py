"""The advocate's portal page (/my/advocacy) of an advocate with 1,000 referrals and 5,000 ledger
lines renders in at most 300 ms (p95 of sequential requests, Odoo in multi-worker mode on loopback),
and their challenges page too. Odoo's own portal home (/my) under the same session is the baseline of
this machine.

The advocate (a portal user), their referrals in every state and their ledger lines are inserted in
SQL (the ORM would take minutes to set up) and committed, the pages requested over HTTP as the
advocate logged in, then everything the bench created is deleted."""

import http.cookiejar
import re
import statistics
import time
import urllib.parse
import urllib.request

from harness import bench_env, record, scale, serve_odoo

from odoo.tools import SQL

REFERRALS = scale(1000)
LEDGER_LINES = scale(5000)
CHALLENGES = 20
REQUESTS = 40
GOAL_MS = 300
LOGIN = "bench_portal_advocate"


def setup():
    with bench_env(commit=True) as env:
        cleanup_env(env)
        user = (
            env["res.users"]
            .with_context(no_reset_password=True, tracking_disable=True)
            .create(
                {
                    "name": "Bench Portal Advocate",
                    "login": LOGIN,
                    "password": LOGIN,
                    "email": "bench.portal@bench.example",
                    "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
                }
            )
        )
        partner = user.partner_id
        partner._advocacy_accept_join()
        cr, company = env.cr, env.company.id
        cr.execute(
            SQL(
                """
                INSERT INTO advocacy_referral (name, referrer_id, referrer_commercial_id, referred_name,
                                               referred_company, referred_email, channel, state, date,
                                               company_id, revenue, create_date, write_date)
                SELECT 'BENCHPORTAL/' || g, %(partner)s, %(partner)s, 'Friend ' || g, 'Company ' || g,
                       'f' || g || '@bench-portal.example', 'portal',
                       (ARRAY['new', 'qualified', 'won', 'lost', 'rejected'])[1 + mod(g, 5)],
                       CURRENT_DATE - mod(g, 700), %(company)s,
                       CASE WHEN mod(g, 5) = 2 THEN 1000 + mod(g, 9000) ELSE 0 END, now(), now()
                  FROM generate_series(0, %(n)s - 1) g
                """,
                partner=partner.id,
                company=company,
                n=REFERRALS,
            )
        )
        cr.execute(
            SQL(
                """
                INSERT INTO advocacy_points_entry (name, partner_id, company_id, kind, points, date,
                                                   create_date, write_date)
                SELECT 'Bench points ' || g, %(partner)s, %(company)s,
                       CASE WHEN mod(g, 10) = 0 THEN 'redeem' ELSE 'earn' END,
                       CASE WHEN mod(g, 10) = 0 THEN -20 ELSE 50 END,
                       CURRENT_DATE - mod(g, 700), now(), now()
                  FROM generate_series(0, %(n)s - 1) g
                """,
                partner=partner.id,
                company=company,
                n=LEDGER_LINES,
            )
        )
        campaign = env["advocacy.campaign"].create(
            {"name": "Bench portal campaign", "date_start": "2026-01-01", "date_end": "2030-12-31"}
        )
        campaign.action_start()
        challenges = env["advocacy.challenge"].create(
            [{"name": f"Bench challenge {n}", "campaign_id": campaign.id} for n in range(CHALLENGES)]
        )
        env["advocacy.participation"].create(
            [{"challenge_id": c.id, "partner_id": partner.id} for c in challenges]
        )
        cr.execute("ANALYZE advocacy_referral")
        cr.execute("ANALYZE advocacy_points_entry")
        return partner.id


def cleanup_env(env):
    cr = env.cr
    cr.execute(SQL("SELECT id, partner_id FROM res_users WHERE login = %s", LOGIN))
    row = cr.fetchone()
    if row:
        user_id, partner_id = row
        cr.execute(SQL("DELETE FROM advocacy_points_entry WHERE partner_id = %s", partner_id))
        cr.execute(SQL("DELETE FROM advocacy_referral WHERE referrer_id = %s", partner_id))
        cr.execute(SQL("DELETE FROM advocacy_participation WHERE partner_id = %s", partner_id))
        env["res.users"].browse(user_id).unlink()
        env["res.partner"].browse(partner_id).unlink()
    env["advocacy.campaign"].search([("name", "=", "Bench portal campaign")]).unlink()


def login(url):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{url}/web/login") as response:
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode()).group(1)
    data = urllib.parse.urlencode({"login": LOGIN, "password": LOGIN, "csrf_token": csrf}).encode()
    with opener.open(f"{url}/web/login", data=data) as response:
        response.read()
    return opener


def measure(opener, url, path, marker):
    for _warm in range(3):
        with opener.open(f"{url}{path}") as response:
            body = response.read().decode()
            assert marker in body, f"{path} did not render as the advocate ({marker!r} missing)"
    timings = []
    for _n in range(REQUESTS):
        start = time.perf_counter()
        with opener.open(f"{url}{path}") as response:
            response.read()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main():
    setup()
    try:
        with serve_odoo(workers=2) as url:
            opener = login(url)
            home = measure(opener, url, "/my", "o_portal_my_home")
            page = measure(opener, url, "/my/advocacy", "o_advocacy_referral_pager")
            challenges = measure(opener, url, "/my/advocacy/challenges", "Bench challenge")
    finally:
        with bench_env(commit=True) as env:
            cleanup_env(env)
    label = f"{REFERRALS} referrals, {LEDGER_LINES} ledger lines"
    record("/my home (baseline) p50", home[0], "ms", "-", True)
    record("/my home (baseline) p95", home[1], "ms", "-", True)
    record(f"/my/advocacy p50 ({label})", page[0], "ms", f"<= {GOAL_MS} ms", page[0] <= GOAL_MS)
    record(f"/my/advocacy p95 ({label})", page[1], "ms", f"<= {GOAL_MS} ms", page[1] <= GOAL_MS)
    record(
        f"/my/advocacy/challenges p95 ({CHALLENGES} open)",
        challenges[1],
        "ms",
        f"<= {GOAL_MS} ms",
        challenges[1] <= GOAL_MS,
    )


if __name__ == "__main__":
    main()
