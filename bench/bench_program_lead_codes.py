"""Creating leads that carry referral codes costs at most 1.2x plain crm.lead creation.

10,000 leads are created in batches of 1,000 twice: plain, then each with the code of one of 500
advocates (resolved in one query per batch, referrals created set-based). Rolled back at exit.
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


def create_all(env, tag, codes=None, n=N):
    Lead = env["crm.lead"]
    with timed() as t:
        for start in progress(range(0, n, BATCH), total=(n + BATCH - 1) // BATCH, desc=tag):
            Lead.create(lead_vals(tag, start, min(BATCH, n - start), codes))
            env.flush_all()
            env.invalidate_all()
    return t.seconds


def main():
    with bench_env() as env:
        advocates = env["res.partner"].create(
            [
                {"name": f"Advocate {i}", "email": f"adv{i}@advocate{i}.example", "advocate_state": "active"}
                for i in range(ADVOCATES)
            ]
        )
        codes = advocates.mapped("referral_code")
        create_all(
            env, "Warmup", codes[:10], n=min(N, BATCH)
        )  # warm caches and the query plans of both paths
        plain = create_all(env, "Plain")
        coded = create_all(env, "Coded", codes)
        referrals = env["advocacy.referral"].search_count([("lead_id.name", "like", "Coded lead")])
        assert referrals == N, f"{referrals} referrals for {N} coded leads"
        ratio = coded / plain
        record(f"create {N} plain leads", plain, "s", "baseline", True)
        record(f"create {N} leads with referral codes", coded, "s", f"<= {GOAL}x plain", ratio <= GOAL)
        record("lead creation with codes / plain", ratio, "x", f"<= {GOAL}", ratio <= GOAL)


if __name__ == "__main__":
    main()
