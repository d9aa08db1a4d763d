#!/usr/bin/env bash
# `make test-fast`: the addons' Odoo tests through pytest-odoo on a database where the addons are
# already installed (nothing is installed or reinstalled): seconds for one file.
#
#   T=advocacy_nps/tests/test_nps_wave.py   test files, folders or pytest node ids (default: every
#                    addon's tests/); e.g. T='advocacy_nps/tests/test_nps_wave.py::TestWave'
#   DB=name          the database (default: advocacy, the one `make run` keeps under .local/pg)
#   PGPORT=port      use the cluster already running on that port of 127.0.0.1 (e.g. the one
#                    `KEEP=1 make test` keeps, with DB=advocacy_test) instead of .local/pg
#   U=addons         update these addons first (-u), after changing fields, views or data files
#   PYTEST_ARGS=...  more pytest options (-x, -k EXPR, -v)
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
if ! find_odoo_python; then
    echo "ODOO 18 WAS NOT FOUND: set ODOO_PYTHON to an interpreter that can \`import odoo\` (see README.md)." >&2
    exit 1
fi
ensure_requirements
db=${DB:-advocacy}
pgdir=${PG_DIR:-$REPO_ROOT/.local/pg}
started=
if [ -n "${PGPORT:-}" ]; then
    export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-odoo}
elif cluster_running "$pgdir"; then
    start_cluster "$pgdir"  # already running (`make run` serving): use it, leave it running
else
    if [ ! -f "$pgdir/PG_VERSION" ]; then
        echo "No database cluster in $pgdir: run \`make run\` once (or \`KEEP=1 make test\`, then PGPORT=... DB=advocacy_test)." >&2
        exit 1
    fi
    start_cluster "$pgdir"
    started=1
fi
workdir=$(mktemp -d "${TMPDIR:-/tmp}/advocacy-test-fast.XXXXXX")
cleanup() { [ -n "$started" ] && stop_cluster "$pgdir"; rm -rf "$workdir"; }
trap cleanup EXIT

missing=$(missing_modules "$db" "$ADDONS_ALL")
if [ -n "$missing" ]; then
    echo "Database '$db' (port $PGPORT) lacks $missing: run \`make run\` once, or point DB/PGPORT at a database with the addons." >&2
    exit 1
fi
addons_path="$(odoo_addons_path),$REPO_ROOT"
if [ -n "${U:-}" ]; then
    echo "== update $U in '$db'"
    odoo_bin --addons-path="$addons_path" $(db_args) -d "$db" -u "$U" --stop-after-init --no-http \
        --log-level=warn
fi
# pytest-odoo reads the database and the addons path from an Odoo configuration file
cat > "$workdir/odoo.conf" <<CONF
[options]
addons_path = $addons_path
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = odoo
db_name = $db
max_cron_threads = 0
CONF
# shellcheck disable=SC2086  # T and PYTEST_ARGS are lists of words
PYTHONPATH="$REPO_ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}" "$ODOO_PYTHON" -m pytest -p no:cacheprovider \
    -p pytest_advocacy -W ignore::DeprecationWarning --odoo-config="$workdir/odoo.conf" \
    --odoo-database="$db" --odoo-http ${PYTEST_ARGS:-} \
    ${T:-advocacy_program/tests advocacy_nps/tests advocacy_rewards/tests}
