"""The benchmark harness: an Odoo environment on the benchmark database, timers, progress bars and
the results table.

Each `bench/bench_*.py` is run by `bench/run.sh` with the Odoo interpreter; the database
(`BENCH_DB`, every present addon installed without demo data) and the PostgreSQL cluster
(`PGHOST`/`PGPORT`/`PGUSER`) come from the environment that script sets up.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "out" / "results.jsonl"
BENCH_SCALE = float(os.environ.get("BENCH_SCALE", "1"))


def scale(n):
    """A data size scaled by BENCH_SCALE (at least 1), so a smoke run can use small data."""
    return max(1, int(n * BENCH_SCALE))


def _odoo_args():
    return [
        f"--addons-path={os.environ['BENCH_ADDONS_PATH']}",
        f"--db_host={os.environ['PGHOST']}",
        f"--db_port={os.environ['PGPORT']}",
        f"--db_user={os.environ['PGUSER']}",
        "--db_password=odoo",
    ]


_configured = False


def _configure():
    global _configured
    if not _configured:
        import odoo  # noqa: PLC0415

        odoo.tools.config.parse_config([*_odoo_args(), "--log-level=warn"])
        _configured = True


@contextlib.contextmanager
def bench_env(commit=False, context=None):
    """A superuser environment on the benchmark database; rolled back at exit unless commit=True
    (then the caller removes what it created)."""
    _configure()
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    registry = Registry(os.environ["BENCH_DB"])
    cr = registry.cursor()
    try:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, dict(context or {}))
        yield env
        if commit:
            cr.commit()
    finally:
        if not commit:
            cr.rollback()
        cr.close()


class _Timer:
    seconds = 0.0


@contextlib.contextmanager
def timed():
    timer = _Timer()
    start = time.perf_counter()
    try:
        yield timer
    finally:
        timer.seconds = time.perf_counter() - start


def record(name, value, unit, goal, ok):
    """One measured figure for the results table (bench/RESULTS.md)."""
    RESULTS.parent.mkdir(exist_ok=True)
    row = {
        "bench": Path(sys.argv[0]).stem,
        "name": name,
        "value": round(value, 4) if isinstance(value, float) else value,
        "unit": unit,
        "goal": goal,
        "ok": bool(ok),
        "scale": BENCH_SCALE,
        "at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    mark = "ok " if ok else "MISSED"
    print(f"[{mark}] {name}: {row['value']} {unit} (goal {goal})", flush=True)


def progress(iterable, total=None, desc=None):
    try:
        from tqdm import tqdm  # noqa: PLC0415
    except ImportError:
        return iterable
    return tqdm(iterable, total=total, desc=desc, file=sys.stderr, mininterval=0.5)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_odoo(workers=2, timeout=120):
    """Serves the benchmark database with Odoo in multi-worker mode on a free loopback port and yields
    its base URL; the server is stopped at exit."""
    port, gevent_port = _free_port(), _free_port()
    db = os.environ["BENCH_DB"]
    cmd = [
        sys.executable,
        str(BENCH_DIR.parent / "scripts" / "odoo_launcher.py"),
        *_odoo_args(),
        # -d without --db-filter: Odoo serves that database without listing the cluster's
        # databases (a connection to `postgres`) on every request
        "-d",
        db,
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--log-level=warn",
        "--limit-time-real=600",
    ]
    log = open(BENCH_DIR / "out" / "server.log", "w", encoding="utf-8")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/web/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"Odoo did not start (see {log.name})")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def write_table():
    """bench/RESULTS.md from the newest figure of every (bench, name)."""
    rows = {}
    if RESULTS.exists():
        for line in RESULTS.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rows[(row["bench"], row["name"])] = row
    # the table shows benchmarks that still exist, at full scale where one ran at full scale
    full_scale = {bench for (bench, _name), row in rows.items() if row["scale"] >= 1}
    rows = {
        key: row
        for key, row in rows.items()
        if (BENCH_DIR / f"{key[0]}.py").exists() and (row["scale"] >= 1 or key[0] not in full_scale)
    }
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.sh) on the machine that ran it; each row is the newest",
        "measurement of that figure. `scale` below 1 means a smoke run on reduced data.",
        "",
        "| benchmark | figure | measured | goal | met | scale | measured at |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (bench, name), row in sorted(rows.items()):
        lines.append(
            f"| {bench} | {name} | {row['value']} {row['unit']} | {row['goal']} | "
            f"{'yes' if row['ok'] else '**no**'} | {row['scale']} | {row['at']} |"
        )
    (BENCH_DIR / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--table"]:
    write_table()
