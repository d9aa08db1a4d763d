"""The NPS Excel report of 100,000 answers (summary, trend, seven breakdowns, CSAT, every answer, charts):
at most 20 s and at most 200 MB of peak memory growth (resident set size of this process)."""

import io
import resource

from bench_nps_analytics import insert_responses
from harness import bench_env, record, scale, timed

from odoo.tools import SQL

N_RESPONSES = scale(100_000)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    with bench_env() as env:
        insert_responses(env, N_RESPONSES, partners=1000, users=8)
        env.cr.execute(
            SQL(
                "UPDATE advocacy_nps_response SET comment = %s WHERE mod(id, 3) = 0",
                "A comment of ordinary length about the service we received.",
            )
        )
        wizard = env["advocacy.nps.xlsx.export"].create({"date_from": "2000-01-01", "date_to": "2100-01-01"})
        env.flush_all()
        before = peak_rss_mb()
        with timed() as t:
            content = wizard._generate_xlsx()
        growth = peak_rss_mb() - before
        print(
            f"{len(content) / 1e6:.1f} MB workbook in {t.seconds:.2f} s, peak RSS +{growth:.0f} MB",
            flush=True,
        )
        import openpyxl  # noqa: PLC0415

        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        rows = workbook["Responses"].max_row - 1
        assert rows == N_RESPONSES, rows
        record(f"XLSX report of {N_RESPONSES} answers", t.seconds, "s", "<= 20 s", t.seconds <= 20)
        record("XLSX report peak memory growth", growth, "MB", "<= 200 MB", growth <= 200)


if __name__ == "__main__":
    main()
