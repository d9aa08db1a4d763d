"""Reward rules over 100,000 won referrals, and tier recomputation for 100,000 advocates.

- rule evaluation: two active "referral won" rules (fixed points, and a ladder of points with a cap per
  advocate and year) evaluated over 100,000 won referrals of 100,000 advocates: every reward inserted
  and its points posted to the ledger, in at most 60 s;
- a re-run that finds everything rewarded and creates nothing, in at most 10 s;
- tier recomputation (Bronze..Platinum on lifetime points, won referrals and referral revenue) of the
  100,000 advocates, the changes recorded in the tier history, in at most 20 s;
- the notes cron draining the 100,000 chatter notes of those changes through `_message_log_batch`, a
  batch a run as the scheduler runs it (information), against the same-run baseline of one raw INSERT
  of the same notes into mail_message (what the recomputation did before, rolled back).

The data is generated in SQL by copying one ORM-created template row (so every NOT NULL column has
a value), then everything is rolled back at exit.
"""

import time
from unittest.mock import patch

from harness import bench_env, record, scale, timed

from odoo.tools import SQL

N = scale(100_000)


def columns(env, table, skip):
    env.cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "ORDER BY ordinal_position",
            table,
        )
    )
    return [c for (c,) in env.cr.fetchall() if c not in skip]


def clone_rows(env, table, template_id, count, overrides):
    """Inserts `count` copies of row `template_id`, with `overrides` {column: SQL expression of g}."""
    cols = columns(env, table, {"id"})
    select = [overrides.get(c, SQL.identifier(c)) for c in cols]
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s, generate_series(1, %s) AS g "
            "WHERE %s.id = %s RETURNING id",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(c) for c in cols),
            SQL(", ").join(select),
            SQL.identifier(table),
            count,
            SQL.identifier(table),
            template_id,
        )
    )
    return [r[0] for r in env.cr.fetchall()]


def generate(env):
    template = env["res.partner"].create({"name": "Bench advocate template", "email": "t@bench-adv.example"})
    partner_over = {
        "name": SQL("'Bench Advocate ' || g"),
        "complete_name": SQL("'Bench Advocate ' || g"),
        "email": SQL("'advocate' || g || '@bench-adv.example'"),
        "referral_code": SQL("'BENCHADV' || g"),
    }
    advocates = clone_rows(env, "res_partner", template.id, N, partner_over)
    env.cr.execute(SQL("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", advocates))
    referral = env["advocacy.referral"].create(
        {
            "referrer_id": template.id,
            "referred_name": "Template prospect",
            "referred_company": "Template Prospect Inc",
            "referred_email": "buyer@template-prospect.example",
        }
    )
    env.flush_all()
    first = min(advocates)
    referral_over = {
        "name": SQL("'BREF' || g"),
        "referrer_id": SQL("%s + g - 1", first),
        "referred_name": SQL("'Prospect ' || g"),
        "referred_company": SQL("'Prospect Company ' || g"),
        "referred_email": SQL("'buyer' || g || '@prospect' || g || '.example'"),
        "state": SQL("'won'"),
        "date": SQL("CURRENT_DATE - (g %% 300)"),
        "qualified_date": SQL("CURRENT_DATE - (g %% 300)"),
        "won_date": SQL("CURRENT_DATE - (g %% 200)"),
        "closed_date": SQL("CURRENT_DATE - (g %% 200)"),
        "revenue": SQL("1000 + (g %% 50) * 500"),
        "lead_id": SQL("NULL"),
    }
    clone_rows(env, "advocacy_referral", referral.id, N, referral_over)
    env.invalidate_all()
    analyze(env)
    return advocates


def analyze(env):
    """Fresh planner statistics after a bulk load, what autovacuum gives a live database."""
    for table in ("res_partner", "advocacy_referral", "advocacy_reward", "advocacy_points_entry"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def main():
    with bench_env() as env:
        env = env(context={"tracking_disable": True})
        generate(env)
        Rule = env["advocacy.reward.rule"]
        rules = Rule.create(
            [
                {"name": "Bench: 500 points a won referral", "trigger": "referral_won", "amount_fixed": 500},
                {
                    "name": "Bench: ladder",
                    "trigger": "referral_won",
                    "amount_mode": "ladder",
                    "ladder_steps": "1:100, 3:200",
                    "cap_per_advocate": 1000,
                    "period": "year",
                },
            ]
        )
        env["advocacy.tier"].create(
            [
                {"name": "Bench Bronze", "sequence": 10, "basis": "points", "threshold": 1},
                {"name": "Bench Silver", "sequence": 20, "basis": "points", "threshold": 550},
                {"name": "Bench Gold", "sequence": 30, "basis": "referrals", "threshold": 2},
                {"name": "Bench Platinum", "sequence": 40, "basis": "revenue", "threshold": 20000},
            ]
        )
        env.flush_all()
        with timed() as t:
            created = rules._evaluate()
            env.flush_all()
        count = len(created)
        analyze(env)
        record(
            f"rule evaluation over {N:,} won referrals (2 rules, {count:,} rewards and ledger entries)",
            t.seconds,
            "s",
            "<= 60 s",
            t.seconds <= 60 and count == 2 * N,
        )
        env.invalidate_all()
        with timed() as t:
            again = rules._evaluate()
            env.flush_all()
        record(
            f"re-run over {N:,} rewarded referrals (creates {len(again)})",
            t.seconds,
            "s",
            "<= 10 s, creates nothing",
            t.seconds <= 10 and not again,
        )
        env.invalidate_all()
        record_history = HistoryTimer(env)
        with timed() as t, record_history:
            changed = env["advocacy.tier"]._recompute_tiers()
            env.flush_all()
        record(
            f"tier recomputation of {N:,} advocates ({changed:,} tier changes logged)",
            t.seconds,
            "s",
            "<= 20 s",
            t.seconds <= 20 and changed >= N,
        )
        record(
            f"of which recording the {changed:,} changes in the tier history (one INSERT)",
            record_history.seconds,
            "s",
            "information",
            True,
        )
        drain_notes(env, changed)


class HistoryTimer:
    """Times advocacy.tier.change._advocacy_record (recording the changes) inside the recomputation."""

    def __init__(self, env):
        self.model_class = type(env["advocacy.tier.change"])
        self.seconds = 0.0
        self.patch = None

    def __enter__(self):
        original = self.model_class._advocacy_record
        timer = self

        def timed_record(records, history, today):
            start = time.perf_counter()
            try:
                return original(records, history, today)
            finally:
                timer.seconds += time.perf_counter() - start

        self.patch = patch.object(self.model_class, "_advocacy_record", timed_record)
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()


def drain_notes(env, changed):
    """The notes cron to the end, a batch a run (each run's cache dropped, as each run of the scheduler
    has its own transaction); baseline: the removed single INSERT of the same notes, rolled back."""
    Change = env["advocacy.tier.change"]
    pending = Change.search([("noted", "=", False)])
    with env.cr.savepoint(flush=False) as savepoint:
        with timed() as base:
            env.cr.execute(
                SQL(
                    """
                    INSERT INTO mail_message (model, res_id, body, message_type, subtype_id, author_id, date,
                                              is_internal, create_uid, write_uid, create_date, write_date)
                    SELECT 'res.partner', c.partner_id, '<p>Advocate tier changed: ' || c.id || '</p>',
                           'notification', %(subtype)s, %(author)s, now() at time zone 'UTC', TRUE,
                           %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
                      FROM advocacy_tier_change c WHERE c.id = ANY(%(ids)s)
                    """,
                    subtype=env.ref("mail.mt_note").id,
                    author=env.user.partner_id.id,
                    uid=env.uid,
                    ids=pending.ids,
                )
            )
        savepoint.rollback()
    env.invalidate_all()
    with timed() as t:
        runs = 0
        while Change._cron_log_tier_notes():
            runs += 1
            env.flush_all()
            env.invalidate_all()
    noted = Change.search_count([("id", "in", pending.ids), ("noted", "=", True)])
    left = Change.search_count([("noted", "=", False)])
    record(
        f"notes cron: {noted:,} tier notes through _message_log_batch ({runs} runs of "
        f"{env['advocacy.tier'].TIER_NOTES_BATCH:,})",
        t.seconds,
        "s",
        "information",
        not left and Change.search_count([]) >= changed,
    )
    record(
        f"baseline: one raw INSERT of the same {len(pending):,} notes (removed path)",
        base.seconds,
        "s",
        "reference",
        True,
    )


if __name__ == "__main__":
    main()
