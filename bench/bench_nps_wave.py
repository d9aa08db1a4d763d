"""A survey wave to 10,000 contacts: queueing every invitation (audience, throttling against the
invitations and answers of 90 days, blacklist, 256-bit tokens) in at most 60 s; then the sending cron's
throughput (rendered emails per second), for information."""

from harness import bench_env, progress, record, scale, timed

N_CONTACTS = scale(10_000)


def main():
    with bench_env() as env:
        Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
        tag = env["res.partner.category"].create({"name": "Bench NPS audience"})
        batch = 1000
        for start in progress(range(0, N_CONTACTS, batch), total=-(-N_CONTACTS // batch), desc="contacts"):
            Partner.create(
                [
                    {
                        "name": f"Wave contact {i}",
                        "email": f"wave.contact.{i}@example.com",
                        "category_id": [(4, tag.id)],
                        "tz": "Europe/Brussels",
                    }
                    for i in range(start, min(start + batch, N_CONTACTS))
                ]
            )
        # a few contacts already answered or are blacklisted: the wave must skip them
        env["mail.blacklist"]._add("wave.contact.1@example.com")
        wave = env["advocacy.nps.wave"].create(
            {"name": "Bench wave", "audience_domain": str([("category_id", "in", [tag.id])])}
        )
        env.flush_all()
        with timed() as t:
            wave.action_launch()
            env.flush_all()
        queued = env["advocacy.nps.invitation"].search_count([("wave_id", "=", wave.id)])
        assert queued == N_CONTACTS, queued
        print(f"{queued} invitations queued in {t.seconds:.2f} s", flush=True)
        record(f"wave to {N_CONTACTS} contacts queued", t.seconds, "s", "<= 60 s", t.seconds <= 60)

        Invitation = env["advocacy.nps.invitation"]
        with timed() as t:
            Invitation._cron_send(batch_size=500)
            env.flush_all()
        sent = Invitation.search_count([("wave_id", "=", wave.id), ("state", "=", "sent")])
        rate = sent / t.seconds if t.seconds else 0
        print(f"one cron batch mailed {sent} invitations in {t.seconds:.2f} s", flush=True)
        record("sending cron throughput (emails rendered and queued)", rate, "mails/s", "information", True)


if __name__ == "__main__":
    main()
