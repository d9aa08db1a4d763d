#!/usr/bin/env bash
# `make run`: a local PostgreSQL cluster under .local/ (kept between runs), a database with demo
# data and the three addons, served on http://localhost:8069 (HTTP_PORT to change it).
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
if ! find_odoo_python; then
    echo "ODOO 18 WAS NOT FOUND: set ODOO_PYTHON to an interpreter that can \`import odoo\` (see README.md)." >&2
    exit 1
fi
ensure_requirements
db=${DB:-advocacy}
port=${HTTP_PORT:-8069}
start_cluster "$REPO_ROOT/.local/pg"
addons_path="$(odoo_addons_path),$REPO_ROOT"
args=(--addons-path="$addons_path" $(db_args) -d "$db" --http-port="$port")
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    echo "Creating database '$db' with demo data (a few minutes the first time)..."
    odoo_bin "${args[@]}" -i "$ADDONS_ALL" --stop-after-init --log-level=warn
fi
cat <<MSG

  Customer Advocacy for Odoo is served on http://localhost:$port
  Log in as admin / admin (database '$db'). Ctrl-C stops it; \`make run\` again reuses the database.

MSG
exec "$ODOO_PYTHON" "$REPO_ROOT/scripts/odoo_launcher.py" "${args[@]}" --log-level=warn
