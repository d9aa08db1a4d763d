"""NPS and money over 1,000,000 answers and 500,000 posted customer invoices and credit notes: the
report models' read_group (revenue by latest band with the revenue-weighted NPS; NPS, its margin and
the revenue-weighted NPS per month) against hand-written SQL of the same figures in the same run.
Goals: each at most 2 s, and at most 3x the hand-written SQL."""

import statistics

from harness import bench_env, record, scale, timed

from odoo.tools import SQL

N_RESPONSES = scale(1_000_000)
N_INVOICES = scale(500_000)
N_ACCOUNTS = scale(20_000)
SEED = 42  # hashint4 of the row number: the same data every run


def insert_accounts(env, count):
    """`count` customer companies in one INSERT (their own commercial entity)."""
    env.cr.execute(
        SQL(
            """INSERT INTO res_partner (name, complete_name, is_company, active, type, advocate_state,
                                        autopost_bills,
                                        company_id, create_uid, write_uid, create_date, write_date)
               SELECT 'Bench money account ' || g, 'Bench money account ' || g, TRUE, TRUE, 'contact',
                      'none', 'ask',
                      NULL, 1, 1, NOW(), NOW()
                 FROM generate_series(1, %s) g
            RETURNING id""",
            count,
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(SQL("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", ids))
    return ids


def insert_responses(env, accounts, count):
    env.cr.execute(
        SQL(
            """INSERT INTO advocacy_nps_response
                   (partner_id, commercial_partner_id, score, category, kind, role, channel, date,
                    followup_state, company_id, create_uid, write_uid, create_date, write_date)
               SELECT a.id, a.id, s.score,
                      CASE WHEN s.score >= 9 THEN 'promoter' WHEN s.score >= 7 THEN 'passive'
                           ELSE 'detractor' END,
                      'relationship', (ARRAY['decision_maker', 'user', 'other'])[1 + mod(g, 3)], 'email',
                      CURRENT_DATE - mod(hashint4(g + %(seed)s)::bigint + 2147483648, 730)::int, 'none',
                      %(company)s, 1, 1, NOW(), NOW()
                 FROM generate_series(1, %(count)s) g
                 JOIN LATERAL (SELECT mod(hashint4(g)::bigint + 2147483648, 11)::int AS score) s ON TRUE
                 JOIN LATERAL (SELECT (%(accounts)s::int[])[1 + mod(g * 7, %(n)s)] AS id) a ON TRUE""",
            seed=SEED,
            company=env.company.id,
            count=count,
            accounts=accounts,
            n=len(accounts),
        )
    )


def insert_invoices(env, accounts, count):
    """`count` posted moves over two years: nine invoices for one credit note, in company currency."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    ) or env["account.journal"].create({"name": "Bench sales", "code": "BSAL", "type": "sale"})
    env.cr.execute(
        SQL(
            """INSERT INTO account_move
                   (name, state, move_type, journal_id, company_id, currency_id, date, invoice_date,
                    partner_id, commercial_partner_id, amount_untaxed, amount_untaxed_signed, amount_total,
                    amount_total_signed, auto_post, create_uid, write_uid, create_date, write_date)
               SELECT 'BENCH/' || g, 'posted', t.move_type, %(journal)s, %(company)s, %(currency)s,
                      d.day, d.day, a.id, a.id, v.amount, t.sign * v.amount, v.amount * 1.15,
                      t.sign * v.amount * 1.15, 'no',
                      1, 1, NOW(), NOW()
                 FROM generate_series(1, %(count)s) g
                 JOIN LATERAL (SELECT (%(accounts)s::int[])[1 + mod(g * 13, %(n)s)] AS id) a ON TRUE
                 JOIN LATERAL (SELECT CASE WHEN mod(g, 10) = 0 THEN 'out_refund' ELSE 'out_invoice' END
                                      AS move_type,
                                      CASE WHEN mod(g, 10) = 0 THEN -1 ELSE 1 END AS sign) t ON TRUE
                 JOIN LATERAL (SELECT (100 + mod(hashint4(g + %(seed)s)::bigint + 2147483648, 9900))::numeric
                                      AS amount) v ON TRUE
                 JOIN LATERAL (SELECT CURRENT_DATE - mod(g, 730) AS day) d ON TRUE""",
            journal=journal.id,
            company=company.id,
            currency=company.currency_id.id,
            count=count,
            accounts=accounts,
            n=len(accounts),
            seed=SEED,
        )
    )


def best_of(function, runs=5):
    times = []
    for _i in range(runs):
        with timed() as t:
            result = function()
        times.append(t.seconds)
    return statistics.median(times), result


def hand_revenue_by_band(env):
    env.cr.execute(
        SQL(
            """WITH latest AS (
                   SELECT DISTINCT ON (commercial_partner_id) commercial_partner_id AS account_id, category
                     FROM advocacy_nps_response WHERE company_id = %(company)s
                 ORDER BY commercial_partner_id, date DESC, id DESC),
               revenue AS (
                   SELECT commercial_partner_id AS account_id, SUM(amount_untaxed_signed) AS revenue
                     FROM account_move
                    WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
                      AND company_id = %(company)s AND invoice_date > CURRENT_DATE - INTERVAL '12 months'
                 GROUP BY 1)
               SELECT l.category, SUM(COALESCE(r.revenue, 0)), COUNT(*)
                 FROM latest l FULL JOIN revenue r ON r.account_id = l.account_id
             GROUP BY 1""",
            company=env.company.id,
        )
    )
    return env.cr.fetchall()


def hand_nps_by_month(env):
    env.cr.execute(
        SQL(
            """WITH revenue AS (
                   SELECT commercial_partner_id AS account_id,
                          GREATEST(SUM(amount_untaxed_signed), 0) AS revenue
                     FROM account_move
                    WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
                      AND company_id = %(company)s AND invoice_date > CURRENT_DATE - INTERVAL '12 months'
                 GROUP BY 1)
               SELECT date_trunc('month', r.date), COUNT(*),
                      100.0 * (COUNT(*) FILTER (WHERE category = 'promoter')
                               - COUNT(*) FILTER (WHERE category = 'detractor')) / COUNT(*),
                      100.0 * (SUM(COALESCE(v.revenue, 0)) FILTER (WHERE category = 'promoter')
                               - SUM(COALESCE(v.revenue, 0)) FILTER (WHERE category = 'detractor'))
                            / NULLIF(SUM(COALESCE(v.revenue, 0)), 0)
                 FROM advocacy_nps_response r LEFT JOIN revenue v ON v.account_id = r.commercial_partner_id
                WHERE r.company_id = %(company)s
             GROUP BY 1""",
            company=env.company.id,
        )
    )
    return env.cr.fetchall()


def main():
    with bench_env() as env:
        with timed() as t:
            accounts = insert_accounts(env, N_ACCOUNTS)
            insert_responses(env, accounts, N_RESPONSES)
            # what the answers' service does after answers arrive: the accounts' stored latest answer
            env["res.partner"]._nps_refresh_last(accounts)
            insert_invoices(env, accounts, N_INVOICES)
            env.cr.execute(SQL("ANALYZE res_partner; ANALYZE advocacy_nps_response; ANALYZE account_move"))
            env.invalidate_all()
        print(
            f"inserted {N_ACCOUNTS} accounts, {N_RESPONSES} answers, {N_INVOICES} invoices "
            f"in {t.seconds:.1f} s",
            flush=True,
        )
        Accounts = env["advocacy.nps.account.report"]
        Answers = env["advocacy.nps.revenue.report"]

        def report_by_band():
            return Accounts.read_group(
                [],
                ["revenue:sum", "account_count:sum", "weighted_nps", "nps_margin"],
                ["category"],
                lazy=False,
            )

        def report_by_month():
            return Answers.read_group(
                [], ["nps", "weighted_nps", "nps_margin", "response_count:sum"], ["date:month"], lazy=False
            )

        for cases in (
            ("revenue and revenue-weighted NPS by latest band", report_by_band, hand_revenue_by_band),
            ("NPS, margin and revenue-weighted NPS by month", report_by_month, hand_nps_by_month),
        ):
            label, report, hand = cases
            hand(env), report()  # warm the caches of both paths alike
            sql_seconds, _sql_rows = best_of(lambda hand=hand: hand(env))
            orm_seconds, groups = best_of(report)
            print(
                f"{label}: {len(groups)} groups; SQL {sql_seconds:.3f} s, report {orm_seconds:.3f} s",
                flush=True,
            )
            record(
                f"{label}, {N_RESPONSES} answers x {N_INVOICES} invoices",
                orm_seconds,
                "s",
                "<= 2 s",
                orm_seconds <= 2.0,
            )
            record(f"hand-written SQL ({label}), same data", sql_seconds, "s", "reference", True)
            ratio = orm_seconds / sql_seconds
            record(f"report / hand-written SQL ({label})", ratio, "x", "<= 3x", ratio <= 3.0)
        # the two paths agree on the revenue per band
        hand_total = sum(float(row[1]) for row in hand_revenue_by_band(env))
        report_total = sum(group["revenue"] for group in report_by_band())
        assert abs(hand_total - report_total) < 1, (hand_total, report_total)


if __name__ == "__main__":
    main()
