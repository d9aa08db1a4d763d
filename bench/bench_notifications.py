"""The advocates' mails of a busy day are queued in at most 60 s: 10,000 advocates each get one event (a
referral received), 20% of them chose the daily digest; the dispatcher queues one mail per event for the
others (rendered from the editable template, in the advocate's language) and the digest cron one mail per
digest advocate. Baseline in the same run: a plain `mail.mail` create of the same number of mails.

Advocates and referrals are generated with INSERT ... SELECT generate_series; rolled back at exit.
"""

from harness import bench_env, record, scale, timed

from odoo.tools import SQL

ADVOCATES = scale(10_000)
DIGEST_EVERY = 5  # one advocate in five chose the digest
BATCH = 1000  # events arrive in batches (an import, a day of the CRM)
GOAL = 60.0


def _generate(env):
    cr = env.cr
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, email, lang, active, type, is_company, autopost_bills,
                                     advocate_state, advocacy_notify_digest, create_date, write_date)
            SELECT 'Bench advocate ' || g, 'advocate' || g || '@bench.example', 'en_US', TRUE, 'contact',
                   FALSE, 'ask', 'active', mod(g, %s) = 0, now(), now()
              FROM generate_series(0, %s - 1) g
         RETURNING id
            """,
            DIGEST_EVERY,
            ADVOCATES,
        )
    )
    ids = sorted(r[0] for r in cr.fetchall())
    cr.execute(SQL("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", ids))
    cr.execute(
        SQL(
            """
            INSERT INTO advocacy_referral (name, referrer_id, referrer_commercial_id, referred_name,
                                           referred_email, channel, state, date, company_id, create_date,
                                           write_date)
            SELECT 'BENCHMAIL/' || p.id, p.id, p.id, 'Prospect ' || p.id, 'p' || p.id || '@prospect.example',
                   'code', 'new', CURRENT_DATE, %s, now(), now()
              FROM res_partner p WHERE p.id = ANY(%s)
         RETURNING id
            """,
            env.company.id,
            ids,
        )
    )
    referral_ids = sorted(r[0] for r in cr.fetchall())
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE advocacy_referral")
    env.invalidate_all()
    return ids, referral_ids


def main():
    with bench_env() as env:
        env.company.email = "advocacy@bench.example"
        partner_ids, referral_ids = _generate(env)
        Partner = env["res.partner"]
        Mail = env["mail.mail"].sudo()
        before = Mail.search_count([])
        with timed() as t:
            for start in range(0, len(referral_ids), BATCH):
                referrals = env["advocacy.referral"].browse(referral_ids[start : start + BATCH])
                Partner._advocacy_notify("referral_received", referrals)
                # each batch's transaction commits (its pre-commit hooks note the events)
                env.cr.flush()
            Notification = env["advocacy.notification"]
            # the sending cron, woken by the events, makes the mails; then the day's digest
            while Notification._cron_send_mails():
                pass
            while Notification._cron_send_digest():
                pass
            env.flush_all()
        queued = Mail.search_count([]) - before
        digest = len(partner_ids[::DIGEST_EVERY])
        expected = len(referral_ids)  # one mail per event, or its advocate's digest (one event each)
        record(
            f"{len(partner_ids)} advocates' mails of a day queued ({queued} mails, {digest} digests)",
            t.seconds,
            "s",
            f"<= {GOAL:.0f} s",
            t.seconds <= GOAL and queued == expected,
        )
        # baseline: the same number of mails created plainly, without templates nor digest
        with timed() as base:
            for start in range(0, queued, BATCH):
                Mail.create(
                    [
                        {
                            "subject": "We received your referral",
                            "body_html": "<p>Thank you for your referral.</p>",
                            "recipient_ids": [(4, pid)],
                            "model": "res.partner",
                            "res_id": pid,
                            "auto_delete": True,
                        }
                        for pid in partner_ids[start : start + BATCH]
                    ]
                )
            env.flush_all()
        record(
            f"baseline: plain mail.mail create of {queued} mails",
            base.seconds,
            "s",
            "information",
            True,
        )


if __name__ == "__main__":
    main()
