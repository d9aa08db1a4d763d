"""NPS by month x segment over 1,000,000 answers: the ORM path (`_nps_breakdown`, a _read_group on
the band counts) against a hand-written SQL GROUP BY measured in the same run.
Goals: at most 1 s, and at most 3x the hand-written query."""

import statistics

from harness import bench_env, record, scale, timed

from odoo.tools import SQL

N_RESPONSES = scale(1_000_000)


def insert_responses(env, count, partners=2000, users=10):
    """`count` answers spread over two years, `partners` contacts and `users` salespeople, inserted
    in one SQL statement (the ORM would take minutes); returns the contact ids."""
    Partner = env["res.partner"]
    salespeople = env["res.users"].create(
        [{"name": f"Bench rep {i}", "login": f"bench_nps_rep_{i}"} for i in range(users)]
    )
    companies = Partner.create(
        [{"name": f"Bench account {i}", "is_company": True} for i in range(partners // 4)]
    )
    contacts = Partner.create(
        [
            {
                "name": f"Bench contact {i}",
                "email": f"bench.contact.{i}@example.com",
                "parent_id": companies[i % len(companies)].id,
            }
            for i in range(partners)
        ]
    )
    countries = env["res.country"].search([], limit=30).ids
    industries = env["res.partner.industry"].search([]).ids or [None]
    env.cr.execute(
        SQL(
            """
            INSERT INTO advocacy_nps_response
                (partner_id, commercial_partner_id, score, category, kind, touchpoint, role, channel, date,
                 followup_state, company_id, user_id, owner_id, country_id, industry_id,
                 create_uid, write_uid, create_date, write_date)
            SELECT c.partner_id, c.commercial_id, s.score,
                   CASE WHEN s.score >= 9 THEN 'promoter' WHEN s.score >= 7 THEN 'passive'
                        ELSE 'detractor' END,
                   CASE WHEN mod(g, 3) = 0 THEN 'transactional' ELSE 'relationship' END,
                   CASE WHEN mod(g, 3) = 0
                        THEN (ARRAY['purchase', 'onboarding', 'support', 'renewal'])[1 + mod(g, 4)] END,
                   (ARRAY['decision_maker', 'user', 'other'])[1 + mod(g, 3)],
                   (ARRAY['email', 'phone', 'review', 'survey'])[1 + mod(g, 4)],
                   CURRENT_DATE - (mod(g, 730)), 'none', %(company)s,
                   (%(users)s::int[])[1 + mod(g, %(n_users)s)], (%(users)s::int[])[1 + mod(g, %(n_users)s)],
                   (%(countries)s::int[])[1 + mod(g, %(n_countries)s)],
                   (%(industries)s::int[])[1 + mod(g, %(n_industries)s)],
                   1, 1, NOW(), NOW()
              FROM generate_series(1, %(count)s) g
              JOIN LATERAL (SELECT mod(hashint4(g)::bigint + 2147483648, 11) AS score) s ON TRUE
              JOIN LATERAL (SELECT (%(contacts)s::int[])[1 + mod(g, %(n_contacts)s)] AS partner_id,
                                   (%(commercials)s::int[])[1 + mod(g, %(n_contacts)s)] AS commercial_id
                           ) c ON TRUE
            """,
            company=env.company.id,
            users=salespeople.ids,
            n_users=len(salespeople),
            countries=countries,
            n_countries=len(countries),
            industries=industries,
            n_industries=len(industries),
            count=count,
            contacts=contacts.ids,
            commercials=[c.commercial_partner_id.id for c in contacts],
            n_contacts=len(contacts),
        )
    )
    env.cr.execute(SQL("ANALYZE advocacy_nps_response"))
    env["advocacy.nps.response"].invalidate_model()
    return contacts


def best_of(function, runs=5):
    times = []
    for _i in range(runs):
        with timed() as t:
            result = function()
        times.append(t.seconds)
    return statistics.median(times), result


def main():
    with bench_env() as env:
        with timed() as t:
            insert_responses(env, N_RESPONSES)
        print(f"inserted {N_RESPONSES} answers in {t.seconds:.1f} s", flush=True)
        Response = env["advocacy.nps.response"]

        def hand_sql():
            env.cr.execute(
                SQL(
                    """SELECT date_trunc('month', date), user_id, category, COUNT(*)
                         FROM advocacy_nps_response GROUP BY 1, 2, 3"""
                )
            )
            return env.cr.fetchall()

        def orm():
            return Response._nps_breakdown([], period="month", segment="user_id")

        hand_sql(), orm()  # warm the caches of both paths alike
        sql_seconds, sql_rows = best_of(hand_sql)
        orm_seconds, rows = best_of(orm)
        assert sum(r["count"] for r in rows) == N_RESPONSES
        assert sum(row[3] for row in sql_rows) == N_RESPONSES
        print(
            f"{len(rows)} month x salesperson cells; SQL {sql_seconds:.3f} s, ORM {orm_seconds:.3f} s",
            flush=True,
        )
        record(
            f"NPS by month x salesperson, {N_RESPONSES} answers",
            orm_seconds,
            "s",
            "<= 1 s",
            orm_seconds <= 1.0,
        )
        record("hand-written SQL GROUP BY, same data", sql_seconds, "s", "reference", True)
        ratio = orm_seconds / sql_seconds
        record("ORM / hand-written SQL", ratio, "x", "<= 3x", ratio <= 3.0)
        report_seconds, _groups = best_of(
            lambda: env["advocacy.nps.report"]._read_group(
                [], ["date:month", "country_id"], ["nps:avg", "__count"]
            )
        )
        record(
            f"pivot (NPS by month x country), {N_RESPONSES} answers",
            report_seconds,
            "s",
            "<= 1 s",
            report_seconds <= 1.0,
        )


if __name__ == "__main__":
    main()
