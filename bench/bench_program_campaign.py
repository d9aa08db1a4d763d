"""Campaign results at scale: a campaign with 200,000 participations in 50 challenges, 20,000 leads and
20,000 referrals, and the referral vs non-referral comparison over 200,000 opportunities of its
period, compute in at most 3 s together (one aggregate query per figure family, no per-record loop).
The XLSX export of a campaign with 2,000 participations and 1,000 referrals takes at most 5 s.

Data is generated with INSERT ... SELECT generate_series (the ORM would take far longer to set up);
the measured parts go through the ORM. Rolled back at exit.
"""

from harness import bench_env, progress, record, scale, timed

from odoo.tools import SQL

PARTICIPATIONS = scale(200_000)
CHALLENGES = 50
LEADS = scale(200_000)
CAMPAIGN_LEADS = scale(20_000)
GOAL_RESULTS = 3.0
GOAL_XLSX = 5.0


def _insert_partners(cr, count):
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, active, type, is_company, autopost_bills, advocate_state,
                                     create_date, write_date)
            SELECT 'Bench advocate ' || g, TRUE, 'contact', FALSE, 'ask', 'active', now(), now()
              FROM generate_series(0, %s - 1) g
         RETURNING id
            """,
            count,
        )
    )
    ids = sorted(r[0] for r in cr.fetchall())
    cr.execute(SQL("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", ids))
    return ids


def _populate(env, campaign, participations, leads, campaign_leads):
    cr = env.cr
    company_id = env.company.id
    per_challenge = max(participations // CHALLENGES, 1)
    partner_ids = _insert_partners(cr, per_challenge)
    idea = env.ref("advocacy_program.activity_idea_reference_call")
    challenges = env["advocacy.challenge"].create(
        [
            {"name": f"Bench challenge {i}", "campaign_id": campaign.id, "idea_id": idea.id}
            for i in range(CHALLENGES)
        ]
    )
    env.flush_all()
    for challenge in progress(challenges, total=len(challenges), desc="participations"):
        cr.execute(
            SQL(
                """
                INSERT INTO advocacy_participation (partner_id, commercial_partner_id, challenge_id,
                       campaign_id, idea_id, company_id, state, value, create_date, write_date)
                SELECT p, p, %(challenge)s, %(campaign)s, %(idea)s, %(company)s,
                       (ARRAY['invited', 'accepted', 'submitted', 'verified', 'rejected'])[1 + mod(p, 5)],
                       CASE WHEN mod(p, 5) = 3 THEN 1500 ELSE 0 END, now(), now()
                  FROM unnest(%(partners)s::int[]) p
                """,
                challenge=challenge.id,
                campaign=campaign.id,
                idea=idea.id,
                company=company_id,
                partners=partner_ids,
            )
        )
    referrer = partner_ids[0]
    # referrals of the campaign, one per campaign lead; then the period's opportunities
    cr.execute(
        SQL(
            """
            INSERT INTO advocacy_referral (name, referrer_id, referrer_commercial_id, referred_email, channel,
                   state, date, company_id, revenue, campaign_id, create_date, write_date)
            SELECT 'BENCHC/' || g, %(referrer)s, %(referrer)s, 'c' || g || '@bench.example', 'code',
                   (ARRAY['new', 'qualified', 'won', 'lost'])[1 + mod(g, 4)], CURRENT_DATE, %(company)s,
                   CASE WHEN mod(g, 4) = 2 THEN 5000 ELSE 0 END, %(campaign)s, now(), now()
              FROM generate_series(0, %(n)s - 1) g
         RETURNING id
            """,
            referrer=referrer,
            company=company_id,
            campaign=campaign.id,
            n=campaign_leads,
        )
    )
    referral_ids = sorted(r[0] for r in cr.fetchall())
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1).id
    open_stage = env["crm.stage"].search([("is_won", "=", False)], limit=1).id
    cr.execute(
        SQL(
            """
            INSERT INTO crm_lead (name, type, active, company_id, stage_id, probability, expected_revenue,
                   referral_id, advocacy_campaign_id, create_date, date_closed, write_date, date_open,
                   priority)
            SELECT 'Bench deal ' || g, 'opportunity', mod(g, 3) <> 1, %(company)s,
                   CASE WHEN mod(g, 3) = 0 THEN %(won)s ELSE %(open)s END,
                   CASE WHEN mod(g, 3) = 0 THEN 100 ELSE 0 END, 1000 + mod(g, 50) * 100,
                   (%(referrals)s::int[])[1 + g] , CASE WHEN g < %(campaign_leads)s THEN %(campaign)s END,
                   now() - interval '30 days', now() - interval '30 days' + (mod(g, 60) || ' days')::interval,
                   now(), now(), '0'
              FROM generate_series(0, %(n)s - 1) g
            """,
            company=company_id,
            won=won_stage,
            open=open_stage,
            referrals=referral_ids,
            campaign_leads=campaign_leads,
            campaign=campaign.id,
            n=leads,
        )
    )
    for table in ("advocacy_participation", "advocacy_referral", "crm_lead"):
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()


def main():
    with bench_env() as env:
        today = env.cr.now().date()
        Campaign = env["advocacy.campaign"]
        campaign = Campaign.create(
            {
                "name": "Bench campaign",
                "state": "running",
                "date_start": today.replace(day=1).replace(year=today.year - 1),
                "date_end": today,
                "target_recruit_count": 1000,
                "target_lead_count": 1000,
                "target_revenue": 1_000_000,
            }
        )
        _populate(env, campaign, PARTICIPATIONS, LEADS, CAMPAIGN_LEADS)
        campaign = Campaign.browse(campaign.id)
        with timed() as t:
            campaign.read(
                [
                    "invited_count",
                    "recruited_count",
                    "participating_count",
                    "activity_count",
                    "influenced_value",
                    "lead_count",
                    "won_count",
                    "revenue",
                    "referral_win_rate",
                    "other_win_rate",
                    "referral_cycle_days",
                    "other_cycle_days",
                    "referral_deal_size",
                    "other_deal_size",
                ]
            )
        print(
            f"results of {PARTICIPATIONS} participations, {LEADS} leads: {t.seconds:.2f} s "
            f"(activities {campaign.activity_count}, value {campaign.influenced_value:.0f}, "
            f"win rate {campaign.referral_win_rate:.1f}% vs {campaign.other_win_rate:.1f}%)"
        )
        env.cr.execute(
            SQL(
                "SELECT count(*) FROM advocacy_participation WHERE campaign_id = %s AND state = 'verified'",
                campaign.id,
            )
        )
        assert campaign.activity_count == env.cr.fetchone()[0], "the figure matches a direct count"
        record(
            f"campaign results ({PARTICIPATIONS} participations, {LEADS} opportunities)",
            round(t.seconds, 2),
            "s",
            f"<= {GOAL_RESULTS}",
            t.seconds <= GOAL_RESULTS,
        )

        small = Campaign.create(
            {"name": "Bench export", "date_start": campaign.date_start, "date_end": today}
        )
        _populate(env, small, scale(2_000), 0, scale(1_000))
        small = Campaign.browse(small.id)
        with timed() as t:
            content = small._advocacy_xlsx_content()
        print(f"XLSX export: {t.seconds:.2f} s, {len(content)} bytes")
        record(
            f"campaign XLSX export ({scale(2_000)} participations, {scale(1_000)} referrals)",
            round(t.seconds, 2),
            "s",
            f"<= {GOAL_XLSX}",
            t.seconds <= GOAL_XLSX,
        )


if __name__ == "__main__":
    main()
