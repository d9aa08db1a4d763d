#!/usr/bin/env bash
# `make stop`: stops what `make run` left running (after a kill -9, a closed terminal...): its Odoo,
# found by the pid file it writes, then its PostgreSQL cluster. Harmless when nothing runs.
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
pgdir=${PG_DIR:-$REPO_ROOT/.local/pg}
pidfile="$(dirname "$pgdir")/odoo.pid"  # next to the cluster: .local/odoo.pid
stopped=
if pid=$(running_odoo_pid "$pidfile"); then
    echo "Stopping Odoo (pid $pid)..."
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    # still there after 30 s: a second signal makes Odoo stop at once
    kill -0 "$pid" 2>/dev/null && kill -INT "$pid" 2>/dev/null && sleep 2
    stopped=1
fi
rm -f "$pidfile"
if cluster_running "$pgdir"; then
    echo "Stopping the PostgreSQL cluster ($pgdir)..."
    stop_cluster "$pgdir"
    stopped=1
fi
if cluster_running "$pgdir"; then
    echo "The PostgreSQL cluster of $pgdir is still running." >&2
    exit 1
fi
[ -n "$stopped" ] || echo "Nothing of \`make run\` was running."
