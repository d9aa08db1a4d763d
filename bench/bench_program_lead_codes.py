"""Creating leads that carry referral codes costs at most 1.2x plain crm.lead creation.

10,000 plain leads and 10,000 leads each carrying the code of one of 500 advocates are created in
alternating batches of 1,000 (codes resolved in one query per batch, referrals created set-based).
Each batch ends as a commit would (the ORM flushed, the commit's hooks run: the mails telling the
advocates their referral was received are queued then). Rolled back at exit.
"""

from harness import bench_env, progress, record, scale, timed

N = scale(10_000)
BATCH = 1_000
ADVOCATES = max(1, scale(500))
GOAL = 1.2


def lead_vals(tag, start, count, codes=None):
    return [
        {
            "name": f"{tag} lead {i}",
            "type": "lead",
            "contact_name": f"Prospect {i}",
            "partner_name": f"{tag} Prospect Company {i}",
            "email_from": f"prospect{i}@{tag.lower()}-company{i}.example",
            "expected_revenue": 1000 + i,
            **({"referral_code": codes[i % len(codes)]} if codes else {}),
        }
        for i in range(start, start + count)
    ]


def create_batch(env, tag, start, count, codes=None):
    vals = lead_vals(tag, start, count, codes)
    with timed() as t:
        env["crm.lead"].create(vals)
        env.cr.flush()  # what a commit runs: the ORM's writes, then the advocates' mails are queued
    env.invalidate_all()
    return t.seconds


def create_interleaved(env, codes):
    """Plain and coded batches alternate, so that a machine shared with other work and a table that
    grows during the run weigh on both sides alike."""
    plain = coded = 0.0
    starts = range(0, N, BATCH)
    for index, start in enumerate(progress(starts, total=len(starts), desc="plain+coded")):
        count = min(BATCH, N - start)
        pair = [("Plain", None), ("Coded", codes)]
        if index % 2:
            pair.reverse()
        for tag, batch_codes in pair:
            seconds = create_batch(env, tag, start, count, batch_codes)
            if batch_codes:
                coded += seconds
            else:
                plain += seconds
    return plain, coded


def main():
    with bench_env() as env:
        advocates = env["res.partner"].create(
            [
                {"name": f"Advocate {i}", "email": f"adv{i}@advocate{i}.example", "advocate_state": "active"}
                for i in range(ADVOCATES)
            ]
        )
        codes = advocates.mapped("referral_code")
        create_batch(env, "Warmup", 0, min(N, BATCH), codes[:10])  # warm caches and query plans
        create_batch(env, "Warmup plain", 0, min(N, BATCH))
        plain, coded = create_interleaved(env, codes)
        referrals = env["advocacy.referral"].search_count([("lead_id.name", "like", "Coded lead")])
        assert referrals == N, f"{referrals} referrals for {N} coded leads"
        ratio = coded / plain
        record(f"create {N} plain leads", plain, "s", "baseline", True)
        record(f"create {N} leads with referral codes", coded, "s", f"<= {GOAL}x plain", ratio <= GOAL)
        record("lead creation with codes / plain", ratio, "x", f"<= {GOAL}", ratio <= GOAL)


if __name__ == "__main__":
    main()
