"""Referral figures of 100,000 partners with 200,000 referrals: the referral count (computed when
read) in at most 10 s, one aggregate per prefetch batch; and the nightly store of the figures kept per
company (won referrals, referral revenue, advocate score: `_advocacy_store_all_figures`, the same
aggregate per batch of contacts and one UPDATE) in at most 60 s, with its figures checked.

Partners and referrals are generated with INSERT ... SELECT generate_series (the ORM would take far
longer to set up); the measured part reads the computed fields through the ORM. Rolled back at exit.
"""

from harness import bench_env, record, scale, timed

from odoo.tools import SQL

PARTNERS = scale(100_000)
REFERRALS = scale(200_000)
GOAL = 10.0
STORE_GOAL = 60.0


def main():
    with bench_env() as env:
        cr = env.cr
        company_id = env.company.id
        # a company every 5 partners, its 4 contacts follow it
        cr.execute(
            SQL(
                """
                INSERT INTO res_partner (name, active, type, is_company, autopost_bills, advocate_state,
                                         create_date, write_date)
                SELECT 'Bench partner ' || g, TRUE, 'contact', mod(g, 5) = 0, 'ask', 'active', now(), now()
                  FROM generate_series(0, %s - 1) g
             RETURNING id
                """,
                PARTNERS,
            )
        )
        ids = sorted(r[0] for r in cr.fetchall())
        first = ids[0]
        cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET parent_id = CASE WHEN mod(p.id - %(first)s, 5) = 0 THEN NULL
                                        ELSE p.id - (mod(p.id - %(first)s, 5)) END,
                       commercial_partner_id = p.id - (mod(p.id - %(first)s, 5))
                 WHERE p.id = ANY(%(ids)s)
                """,
                first=first,
                ids=ids,
            )
        )
        cr.execute(
            SQL(
                """
                INSERT INTO advocacy_referral (name, referrer_id, referrer_commercial_id, referred_email,
                                               channel, state, date, company_id, revenue, create_date,
                                               write_date)
                SELECT 'BENCH/' || g, p.id, p.commercial_partner_id, 'r' || g || '@bench.example', 'code',
                       (ARRAY['new', 'qualified', 'won', 'lost', 'rejected'])[1 + mod(g, 5)],
                       CURRENT_DATE - mod(g, 365), %(company)s,
                       CASE WHEN mod(g, 5) = 2 THEN 1000 + mod(g, 9000) ELSE 0 END, now(), now()
                  FROM generate_series(0, %(n)s - 1) g
                  JOIN res_partner p ON p.id = %(first)s + mod(g * 7919, %(partners)s)
                """,
                company=company_id,
                n=REFERRALS,
                first=first,
                partners=PARTNERS,
            )
        )
        cr.execute("ANALYZE res_partner")
        cr.execute("ANALYZE advocacy_referral")
        env.invalidate_all()
        partners = env["res.partner"].browse(ids)
        with timed() as store:
            env["res.partner"]._advocacy_store_all_figures()
        env.invalidate_all()
        with timed() as t:
            rows = partners.read(["referral_count", "referral_won_count", "referral_revenue"])
        won_total = sum(r["referral_won_count"] for r in rows if r["id"] in set(ids[::5]))
        total = sum(r["referral_count"] for r in rows)
        companies = partners.filtered(lambda p: p.commercial_partner_id == p)
        company_total = sum(companies.mapped("referral_count"))
        # every non-rejected referral counted once on the companies (contacts roll up)
        cr.execute(
            SQL(
                "SELECT count(*) FROM advocacy_referral WHERE name LIKE %s AND state != 'rejected'", "BENCH/%"
            )
        )
        expected = cr.fetchone()[0]
        assert company_total == expected, (company_total, expected)
        assert total >= expected
        cr.execute(
            SQL("SELECT count(*) FROM advocacy_referral WHERE name LIKE %s AND state = 'won'", "BENCH/%")
        )
        assert won_total == cr.fetchone()[0], "the stored won referrals of the companies add up"
        record(
            f"store the per-company figures of {PARTNERS} partners / {REFERRALS} referrals (nightly)",
            store.seconds,
            "s",
            f"<= {STORE_GOAL} s",
            store.seconds <= STORE_GOAL,
        )
        record(
            f"referral figures of {PARTNERS} partners / {REFERRALS} referrals",
            t.seconds,
            "s",
            f"<= {GOAL} s",
            t.seconds <= GOAL,
        )


if __name__ == "__main__":
    main()
