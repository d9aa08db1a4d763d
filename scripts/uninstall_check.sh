#!/usr/bin/env bash
# Uninstalls ADDON from a copy of DB the way an administrator does (Apps > Uninstall, that is
# ir.module.module.button_immediate_uninstall) and fails when Odoo logs an error or critical line, or
# when the addon is not uninstalled afterwards. The copy is dropped at the end; DB is left untouched.
#
#   bash scripts/uninstall_check.sh DB ADDON        (PostgreSQL settings in PGHOST/PGPORT/PGUSER)
source "$(dirname "$0")/common.sh"
db=$1
addon=$2
copy="${db}_uninstall_check"
find_odoo_python || { echo "ODOO 18 WAS NOT FOUND: set ODOO_PYTHON" >&2; exit 1; }
log=$(mktemp "${TMPDIR:-/tmp}/uninstall-check.XXXXXX")
export PGOPTIONS="--client-min-messages=warning"
psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$copy\"" -c "CREATE DATABASE \"$copy\" TEMPLATE \"$db\""
odoo_bin shell --addons-path="$(odoo_addons_path),$REPO_ROOT" $(db_args) -d "$copy" --no-http \
    --log-level=info > "$log" 2>&1 <<PY || true
module = env["ir.module.module"].search([("name", "=", "$addon")])
module.button_immediate_uninstall()
print("UNINSTALL-CHECK state:", env["ir.module.module"].search([("name", "=", "$addon")]).state)
PY
psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$copy\""
status=0
if grep -E " (ERROR|CRITICAL) " "$log"; then
    echo "!! uninstalling $addon logged the errors above"
    status=1
fi
if ! grep -q "UNINSTALL-CHECK state: uninstalled" "$log"; then
    echo "!! $addon is not uninstalled:"; tail -20 "$log"
    status=1
fi
rm -f "$log"
exit $status
