#!/usr/bin/env bash
# `make bench`: every benchmark of bench/ (or those named as arguments) against a benchmark database
# with the present addons installed without demo data, in a PostgreSQL cluster kept under
# .local/bench-pg; writes bench/RESULTS.md. BENCH_SCALE=0.01 runs them on reduced data.
source "$(dirname "$0")/../scripts/common.sh"
cd "$REPO_ROOT"
find_odoo_python || { echo "ODOO 18 WAS NOT FOUND: set ODOO_PYTHON (see README.md)" >&2; exit 1; }
ensure_requirements
if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq wrk >/dev/null 2>&1; }) || true
fi
addons=$(for a in advocacy_program advocacy_nps advocacy_rewards; do if [ -f "$a/__manifest__.py" ]; then echo "$a"; fi; done | paste -sd,)
start_cluster "$REPO_ROOT/.local/bench-pg"
export BENCH_DB=${BENCH_DB:-advocacy_bench}
export BENCH_ADDONS_PATH="$(odoo_addons_path),$REPO_ROOT"
mkdir -p bench/out
common=(--addons-path="$BENCH_ADDONS_PATH" $(db_args) -d "$BENCH_DB" --http-port="$(free_port)"
        --workers=0 --max-cron-threads=0 --stop-after-init --log-level=warn)
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'" | grep -q 1; then
    echo "== creating the benchmark database $BENCH_DB ($addons, no demo data)"
    odoo_bin "${common[@]}" -i "$addons" --without-demo=all
else
    echo "== updating $addons in $BENCH_DB"
    odoo_bin "${common[@]}" -i "$addons" -u "$addons" --without-demo=all
fi
if [ $# -gt 0 ]; then benches=("$@"); else benches=(bench/bench_*.py); fi
status=0
for bench in "${benches[@]}"; do
    [ -f "$bench" ] || continue
    echo "== $bench"
    (cd bench && "$ODOO_PYTHON" "$(basename "$bench")") || { echo "!! $bench failed"; status=1; }
done
"$ODOO_PYTHON" bench/harness.py --table
echo "== results: bench/RESULTS.md"
cat bench/RESULTS.md
exit $status
