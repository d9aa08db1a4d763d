#!/usr/bin/env bash
# `make run`: a local PostgreSQL cluster under .local/ (its data kept between runs), a database with
# demo data, the three addons and the Sales app, served on http://localhost:8069 (HTTP_PORT to change
# it). Ctrl-C stops Odoo, then the cluster; `make stop` stops what a killed run left behind.
#
#   HTTP_PORT=8070    another port            DB=name        another database of the same cluster
#   MAIL_SINK=1       outgoing mail to `make mail` on 127.0.0.1:MAIL_PORT (default 1025)
#   SMTP_SERVER, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_SSL=1   outgoing mail to that SMTP server
#   PG_DIR=dir        the cluster's directory (default .local/pg)
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
if ! find_odoo_python; then
    echo "ODOO 18 WAS NOT FOUND: set ODOO_PYTHON to an interpreter that can \`import odoo\` (see README.md)." >&2
    exit 1
fi
db=${DB:-advocacy}
port=${HTTP_PORT:-8069}
pgdir=${PG_DIR:-$REPO_ROOT/.local/pg}
pidfile="$(dirname "$pgdir")/odoo.pid"  # next to the cluster: .local/odoo.pid
if pid=$(running_odoo_pid "$pidfile"); then
    echo "make run is already serving (Odoo pid $pid): stop it with Ctrl-C in its terminal, or \`make stop\`." >&2
    exit 1
fi
ensure_requirements

odoo_pid=
cluster_started=
# Ctrl-C (or TERM, HUP): stop Odoo (it runs in its own process group, so it gets the signal once, from
# here), then the cluster. A second Ctrl-C while Odoo shuts down makes it stop at once.
shutdown() {
    trap 'kill -INT "$odoo_pid" 2>/dev/null || true' INT
    trap '' TERM HUP
    if [ -n "$odoo_pid" ] && kill -0 "$odoo_pid" 2>/dev/null; then
        echo "Stopping Odoo..."
        kill -INT "$odoo_pid" 2>/dev/null || true
        # `wait` returns early when a signal comes in: wait again until Odoo is gone
        while kill -0 "$odoo_pid" 2>/dev/null; do wait "$odoo_pid" 2>/dev/null || true; done
    fi
    if [ -n "$cluster_started" ]; then
        echo "Stopping the PostgreSQL cluster ($pgdir)..."
        stop_cluster "$pgdir"
    fi
}
trap shutdown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

cluster_started=1
start_cluster "$pgdir"
addons_path="$(odoo_addons_path),$REPO_ROOT"
args=(--addons-path="$addons_path" $(db_args) -d "$db" --http-port="$port")
# the three addons and the Sales app; a database of an older `make run` gets what it lacks (`-i` of
# an installed module would load its demo data again)
missing=$(missing_modules "$db" "$ADDONS_ALL,sale_management")
if [ -n "$missing" ]; then
    echo "Installing $missing into database '$db' (a few minutes the first time)..."
    odoo_bin "${args[@]}" -i "$missing" --stop-after-init --log-level=warn
fi

# outgoing mail: Odoo's own --smtp options (an Outgoing Mail Server set in Settings takes precedence)
if [ "${MAIL_SINK:-}" = 1 ]; then
    SMTP_SERVER=127.0.0.1 SMTP_PORT=${MAIL_PORT:-1025}
fi
mail_args=()
[ -n "${SMTP_SERVER:-}" ] && mail_args+=(--smtp="$SMTP_SERVER")
[ -n "${SMTP_PORT:-}" ] && mail_args+=(--smtp-port="$SMTP_PORT")
[ -n "${SMTP_USER:-}" ] && mail_args+=(--smtp-user="$SMTP_USER")
[ -n "${SMTP_PASSWORD:-}" ] && mail_args+=(--smtp-password="$SMTP_PASSWORD")
[ "${SMTP_SSL:-}" = 1 ] && mail_args+=(--smtp-ssl)
mail_to="${SMTP_SERVER:-localhost}:${SMTP_PORT:-25}"
[ "${MAIL_SINK:-}" = 1 ] && mail_to="$mail_to (make mail)"

cat <<MSG

  Customer Advocacy for Odoo is served on http://localhost:$port
  Log in as admin / admin (database '$db'); outgoing mail goes to $mail_to.
  Ctrl-C stops Odoo and the database cluster; \`make run\` again reuses the database.

MSG
ADVOCACY_OWN_PROCESS_GROUP=1 "$ODOO_PYTHON" "$REPO_ROOT/scripts/odoo_launcher.py" "${args[@]}" \
    "${mail_args[@]}" --pidfile="$pidfile" --log-level=warn &
odoo_pid=$!
wait "$odoo_pid"
