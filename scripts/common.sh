#!/usr/bin/env bash
# Shared helpers of the run/test/bench scripts: find Odoo, start a throwaway PostgreSQL cluster.
# Sourced, not executed.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDONS_ALL="advocacy_program,advocacy_nps,advocacy_rewards"

# The interpreter that can `import odoo`: ODOO_PYTHON, else python3.
find_odoo_python() {
    local py=${ODOO_PYTHON:-python3}
    if "$py" -c 'import odoo' >/dev/null 2>&1; then
        ODOO_PYTHON=$(command -v "$py")
        return 0
    fi
    return 1
}

# find_odoo_python, or stop with a message saying how to point at Odoo.
require_odoo_python() {
    find_odoo_python || { echo "ODOO 18 WAS NOT FOUND: set ODOO_PYTHON (see README.md)" >&2; exit 1; }
}

# The addons path of that Odoo (its own addons) followed by this repository.
odoo_addons_path() {
    "$ODOO_PYTHON" - <<'PY'
import os, odoo
root = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [os.path.join(root, "addons")]
top = os.path.join(os.path.dirname(root), "addons")
if os.path.isdir(top):
    paths.append(top)
print(",".join(paths))
PY
}

# Runs Odoo's command line with the interpreter found above.
odoo_bin() {
    "$ODOO_PYTHON" "$REPO_ROOT/scripts/odoo_launcher.py" "$@"
}

# odoo_until SECONDS LOG ARGS...: Odoo's command line with its output into LOG, stopped after SECONDS.
# A run still going then first logs the stacks of its threads (Odoo's SIGQUIT handler) and shows the
# end of LOG: a test that hangs fails the run and says where, instead of outliving the CI's limit.
# SHOW=regex: the lines of LOG matching it are printed as they come.
# DONE=regex, STRAYS=pattern: once LOG has a line matching DONE (the tests' result), Odoo must exit
# within a minute; if not, the processes whose command line matches STRAYS (the tours' browsers: a
# browser Odoo failed to close keeps Odoo's websocket thread, and so Odoo, alive) are stopped, then
# Odoo itself, and the run returns 125.
odoo_until() {
    local seconds=$1 log=$2; shift 2
    "$ODOO_PYTHON" "$REPO_ROOT/scripts/odoo_launcher.py" "$@" > "$log" 2>&1 &
    local pid=$! waited=0 follower= done_at=
    if [ -n "${SHOW:-}" ]; then
        (tail -n +1 -F --pid="$pid" "$log" 2>/dev/null | grep --line-buffered -E "$SHOW" || true) &
        follower=$!
    fi
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge "$seconds" ]; then
            kill -QUIT "$pid" 2>/dev/null || true; sleep 3
            echo "!! Odoo still ran after ${seconds}s: its threads' stacks and the end of its log"
            tail -n 250 "$log"
            _odoo_stop "$pid" $follower
            return 124
        fi
        if [ -n "${DONE:-}" ] && [ -z "$done_at" ] && [ $((waited % 10)) = 0 ] && grep -qE "$DONE" "$log"; then
            done_at=$waited
        fi
        if [ -n "$done_at" ] && [ $((waited - done_at)) -ge 60 ]; then
            echo "!! Odoo had not exited a minute after its tests ended: the stacks of its threads, then the"
            echo "!! processes it left running are stopped (${STRAYS:-none given}), then Odoo"
            kill -QUIT "$pid" 2>/dev/null || true; sleep 3
            sed -n '/# Thread:/,$p' "$log" | tail -n 120
            if [ -n "${STRAYS:-}" ]; then pkill -f -- "$STRAYS" || true; fi
            for _ in $(seq 15); do kill -0 "$pid" 2>/dev/null || break; sleep 2; done
            _odoo_stop "$pid" $follower
            return 125
        fi
        sleep 2; waited=$((waited + 2))
    done
    local rc=0
    wait "$pid" || rc=$?
    if [ -n "$follower" ]; then wait "$follower" || true; fi  # it ends with Odoo
    return $rc
}

_odoo_stop() {
    local pid=$1; shift
    kill -TERM "$pid" 2>/dev/null || true
    for _ in 1 2 3 4 5; do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" "$@" 2>/dev/null || true
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# PostgreSQL refuses to run as root: on a root shell the cluster belongs to the `postgres` account.
_as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
    echo "PostgreSQL server binaries (pg_ctl, initdb) not found: install PostgreSQL" >&2
    return 1
}

# start_cluster DIR: creates (once) and starts a PostgreSQL cluster in DIR on a free port of
# 127.0.0.1 with trust auth for the role `odoo`; exports PGHOST, PGPORT, PGUSER.
start_cluster() {
    local dir=$1 bin port
    bin=$(pg_bindir)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
    if [ ! -f "$dir/PG_VERSION" ]; then
        _as_pg "$bin/initdb" -D "$dir" -U odoo -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if _as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        port=$(sed -n 4p "$dir/postmaster.pid")
    else
        port=$(free_port)
        _as_pg "$bin/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null
    fi
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=odoo
}

stop_cluster() {
    local dir=$1 bin
    bin=$(pg_bindir)
    _as_pg "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
}

cluster_running() {
    local dir=$1 bin
    bin=$(pg_bindir)
    [ -f "$dir/PG_VERSION" ] && _as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

pg_psql() {
    local bin
    bin=$(pg_bindir)
    if [ -x "$bin/psql" ]; then "$bin/psql" "$@"; else psql "$@"; fi
}

# missing_modules DB MODULES: those of the comma-separated MODULES not installed in DB (all of them
# when DB does not exist), comma-separated.
missing_modules() {
    local db=$1 modules=$2 installed
    installed=$(pg_psql -d "$db" -v ON_ERROR_STOP=1 -tAc \
        "SELECT name FROM ir_module_module WHERE state = 'installed'" 2>/dev/null) || installed=
    echo "$modules" | tr ',' '\n' | grep -vxF -f <(echo "$installed") | paste -sd, - || true
}

# running_odoo_pid PIDFILE: prints the pid of PIDFILE when it is a live Odoo of these scripts.
running_odoo_pid() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [ -n "$pid" ] && ps -p "$pid" -o args= 2>/dev/null | grep -q "odoo_launcher.py" || return 1
    echo "$pid"
}

db_args() {
    echo "--db_host=$PGHOST --db_port=$PGPORT --db_user=$PGUSER --db_password=odoo"
}

# Requirements of the addons, into the Odoo interpreter (quiet, idempotent).
ensure_requirements() {
    local stamp="$REPO_ROOT/.local/requirements.stamp"
    mkdir -p "$REPO_ROOT/.local"
    if [ ! -f "$stamp" ] || [ "$REPO_ROOT/requirements.txt" -nt "$stamp" ] \
        || ! "$ODOO_PYTHON" -c 'import pytest, xlsxwriter, openpyxl' >/dev/null 2>&1; then
        "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check -r "$REPO_ROOT/requirements.txt"
        touch "$stamp"
    fi
}

# The tools of requirements-dev.txt (ruff, pylint-odoo, pre-commit; aiosmtpd for `make mail`) in the
# Odoo interpreter, on PATH.
ensure_dev_requirements() {
    local bindir
    bindir=$(dirname "$ODOO_PYTHON")
    if ! "$ODOO_PYTHON" -c 'import pylint_odoo, pre_commit, ruff, aiosmtpd' >/dev/null 2>&1; then
        "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check -r "$REPO_ROOT/requirements-dev.txt"
    fi
    PATH="$bindir:$PATH"
}

# ruff, ruff format and pylint-odoo (duplicate-code across the three addons included) over the tree.
run_lint() {
    ensure_dev_requirements && (cd "$REPO_ROOT" && pre-commit run --all-files)
}
