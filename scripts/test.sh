#!/usr/bin/env bash
# `make test`: the plain pytest suite, then every addon installed on a fresh database of a throwaway
# PostgreSQL cluster with its Odoo tests (TransactionCase, HttpCase, tours), an upgrade that must keep
# every record, an install without demo data and the linters. Ends with one line `N passed, N failed`.
#
#   PURE_ONLY=1      only the framework-free pytest suite (no Odoo needed)
#   ADDONS=a,b       the addons to install and test (default: all three)
#   TEST_TAGS=...    Odoo --test-tags (default: every test of ADDONS, '-standard' ones included)
#   QUICK=1          skip the upgrade, the no-demo install, the make run check and the lint (inner loop)
#   KEEP=1           keep the cluster afterwards and print where it is
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

passed=0
failed=0
summary() { echo "$passed passed, $failed failed"; }

# --- the framework-free suite -------------------------------------------------------------
pure_python=python3
if find_odoo_python; then
    ensure_requirements
    pure_python=$ODOO_PYTHON
elif [ "${PURE_ONLY:-}" != 1 ]; then
    cat <<MSG
ODOO 18 WAS NOT FOUND: neither \$ODOO_PYTHON (${ODOO_PYTHON:-unset}) nor python3 can \`import odoo\`.
THE ODOO TEST SUITES CANNOT RUN. Point ODOO_PYTHON at the interpreter of an Odoo 18 installation
(see README.md), or run \`PURE_ONLY=1 make test\` for the framework-free suite alone.
MSG
    echo "0 passed, 1 failed"
    exit 1
fi
workdir=$(mktemp -d "${TMPDIR:-/tmp}/advocacy-test.XXXXXX")
chmod 755 "$workdir"
echo "== pytest (framework-free logic)"
"$pure_python" -m pytest -q -p no:cacheprovider -p no:odoo --junitxml="$workdir/pytest.xml" tests/ || true
if [ -f "$workdir/pytest.xml" ]; then
    read -r p f < <("$pure_python" - "$workdir/pytest.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
# a skipped test did not pass: it counts as a failure
print(tests - bad - skipped, bad + skipped)
PY
)
    passed=$((passed + p)); failed=$((failed + f))
else
    failed=$((failed + 1))
fi
if [ "${PURE_ONLY:-}" = 1 ]; then
    rm -rf "$workdir"
    summary
    [ "$failed" = 0 ]
    exit
fi

# --- the Odoo suites ------------------------------------------------------------------------
addons=${ADDONS:-$ADDONS_ALL}
tags=${TEST_TAGS:-$(echo "$addons" | sed 's/\([^,]*\)/*\/\1/g')}
pgdir="$workdir/pg"
start_cluster "$pgdir"
cleanup() { if [ "${KEEP:-}" = 1 ]; then echo "kept: cluster $pgdir on port $PGPORT"; else stop_cluster "$pgdir"; rm -rf "$workdir"; fi; }
trap cleanup EXIT
addons_path="$(odoo_addons_path),$REPO_ROOT"
# a filestore of this run's own: runs at the same time (or a kept database) never share attachments
common=(--addons-path="$addons_path" $(db_args) --http-port="$(free_port)" --workers=0
        --max-cron-threads=0 --stop-after-init --no-database-list --data-dir="$workdir/data")

# Odoo tests: the result line of the run, or one failure when the run died before reporting.
run_odoo_tests() {
    local log=$1; shift
    # the notable lines as they come (line-buffered: a run stopped midway still shows them); the
    # tours' browsers keep their profiles in this run's own temporary directory, so that any of their
    # processes left behind by Odoo is found and stopped (it must not outlive the run)
    mkdir -p "$workdir/tmp"
    local rc=0
    TMPDIR="$workdir/tmp" STRAYS="$workdir/tmp/" DONE="tests when loading database" \
        SHOW=" (ERROR|CRITICAL|WARNING) |FAIL:|ERROR:|odoo.tests.result|post-tests in|at_install" \
        odoo_until "${ODOO_TEST_DEADLINE:-2700}" "$log" "${common[@]}" "$@" || rc=$?
    pkill -f -- "$workdir/tmp/" 2>/dev/null || true
    if [ "$rc" = 125 ]; then
        echo "!! Odoo did not exit after its tests: a browser it started was left running (a test's defect)"
        failed=$((failed + 1))
    fi
    local line
    line=$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$log" | tail -1 || true)
    if [ -z "$line" ]; then
        echo "!! the Odoo run did not report its tests (see above)"
        failed=$((failed + 1))
        return
    fi
    read -r f e n < <(echo "$line" | sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/')
    # a skipped test (say, a tour without Chromium) did not run: it counts as a failure
    local skipped
    skipped=$(grep -cE " INFO [^ ]+ [^ ]+: skipped " "$log" || true)
    if [ "$skipped" != 0 ]; then
        echo "!! $skipped test(s) skipped:"; grep -E " INFO [^ ]+ [^ ]+: skipped " "$log" | head
    fi
    passed=$((passed + n - f - e - skipped)); failed=$((failed + f + e + skipped))
    # an error logged outside any test (a broken view, a failed install) fails the run too
    if grep -qE "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$log" && [ "$((f + e))" = 0 ]; then
        echo "!! errors were logged outside the tests"
        grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$log" | head -20
        failed=$((failed + 1))
    fi
}

# `make run` as a terminal runs it (a process group of its own, SIGINT not ignored) on the no-demo
# database, which it completes with the Sales app (about 30 s); then Ctrl-C: SIGINT to that group.
run_stops_on_ctrl_c() {
    local port log=$workdir/run.log job odoo_pid
    port=$(free_port)
    PG_DIR="$pgdir" DB=advocacy_nodemo HTTP_PORT=$port python3 -c '
import os, signal, sys
os.setpgid(0, 0)
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' bash "$REPO_ROOT/scripts/run.sh" > "$log" 2>&1 &
    job=$!
    if ! wait_for_url "http://127.0.0.1:$port/web/login" 300 "$job"; then
        echo "make run did not serve /web/login"; tail -20 "$log"; kill -TERM "$job" 2>/dev/null; return 1
    fi
    odoo_pid=$(cat "$(dirname "$pgdir")/odoo.pid")  # run.sh keeps it next to the cluster
    kill -INT -- "-$job"
    for _ in $(seq 120); do kill -0 "$job" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$job" 2>/dev/null; then echo "make run still runs 60 s after Ctrl-C"; kill -TERM "$job"; return 1; fi
    if kill -0 "$odoo_pid" 2>/dev/null; then echo "Odoo (pid $odoo_pid) still runs"; return 1; fi
    if cluster_running "$pgdir"; then echo "the PostgreSQL cluster still runs"; tail -5 "$log"; return 1; fi
    echo "served, then Ctrl-C stopped Odoo and the cluster"
}

# wait_for_url URL SECONDS PID: true once URL answers 200, false after SECONDS or when PID is gone.
wait_for_url() {
    python3 - "$@" <<'PY'
import os, sys, time, urllib.request
url, seconds, pid = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
deadline = time.time() + seconds
while time.time() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        if urllib.request.urlopen(url, timeout=5).status == 200:
            sys.exit(0)
    except OSError:
        pass
    time.sleep(1)
sys.exit(1)
PY
}

# One check outside the test runner: a named assertion counted like a test.
check() {
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok: $name"; else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

echo "== Odoo: install $addons with demo data and run their tests ($tags)"
run_odoo_tests "$workdir/test.log" -d advocacy_test -i "$addons" --test-tags "$tags" --log-level=test

if [ "${QUICK:-}" != 1 ]; then
    echo "== Odoo: upgrade (-u) keeps every record and value"
    snapshot() { "$ODOO_PYTHON" "$REPO_ROOT/scripts/upgrade_snapshot.py" "$@"; }
    upgrade_keeps_records() {
        snapshot "$addons" advocacy_test > "$workdir/before.json" || return 1
        odoo_until 900 "$workdir/upgrade.log" "${common[@]}" -d advocacy_test -u "$addons" || { tail -30 "$workdir/upgrade.log"; return 1; }
        if grep -qE " (ERROR|CRITICAL) " "$workdir/upgrade.log"; then grep -E " (ERROR|CRITICAL) " "$workdir/upgrade.log" | head; return 1; fi
        snapshot "$addons" advocacy_test > "$workdir/after.json" || return 1
        snapshot --compare "$workdir/before.json" "$workdir/after.json"
    }
    check "upgrade of a demo database keeps every record and value" upgrade_keeps_records
    case ",$addons," in *,advocacy_rewards,*) check "uninstalling advocacy_rewards logs no error" bash scripts/uninstall_check.sh advocacy_test advocacy_rewards;; esac

    echo "== Odoo: install without demo data"
    install_without_demo() {
        odoo_until 900 "$workdir/nodemo.log" "${common[@]}" -d advocacy_nodemo -i "$addons" --without-demo=all || { tail -30 "$workdir/nodemo.log"; return 1; }
        ! grep -E " (ERROR|CRITICAL) " "$workdir/nodemo.log"
    }
    check "install on a fresh database without demo data" install_without_demo

    echo "== make run: Ctrl-C stops Odoo, then its PostgreSQL cluster"
    check "make run stops Odoo and its cluster on Ctrl-C" run_stops_on_ctrl_c
    [ "${KEEP:-}" = 1 ] && start_cluster "$pgdir"  # the check stopped it

    echo "== lint: ruff, ruff format, pylint-odoo (duplicate code across the addons included)"
    check "ruff and pylint-odoo are clean" run_lint
fi

summary
[ "$failed" = 0 ]
