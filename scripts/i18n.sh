#!/usr/bin/env bash
# Regenerates ADDON/i18n/ADDON.pot from a fresh install, and merges it into ADDON/i18n/zh_CN.po
# (msgmerge keeps existing translations; new strings arrive untranslated and must be translated).
#   bash scripts/i18n.sh advocacy_program [advocacy_nps ...]
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
find_odoo_python || { echo "ODOO 18 WAS NOT FOUND (ODOO_PYTHON)" >&2; exit 1; }
workdir=$(mktemp -d "${TMPDIR:-/tmp}/advocacy-i18n.XXXXXX"); chmod 755 "$workdir"
start_cluster "$workdir/pg"
trap 'stop_cluster "$workdir/pg"; rm -rf "$workdir"' EXIT
addons_path="$(odoo_addons_path),$REPO_ROOT"
modules=$(IFS=,; echo "$*")
odoo_bin --addons-path="$addons_path" $(db_args) -d i18n --http-port="$(free_port)" --workers=0 \
    --max-cron-threads=0 -i "$modules" --without-demo=all --stop-after-init --log-level=warn
for addon in "$@"; do
    mkdir -p "$addon/i18n"
    odoo_bin --addons-path="$addons_path" $(db_args) -d i18n --http-port="$(free_port)" \
        --i18n-export="$addon/i18n/$addon.pot" --modules="$addon" --stop-after-init --log-level=warn
    if [ -f "$addon/i18n/zh_CN.po" ]; then
        msgmerge --quiet --no-fuzzy-matching --update --backup=none "$addon/i18n/zh_CN.po" "$addon/i18n/$addon.pot"
    else
        msginit --no-translator --locale=zh_CN --input="$addon/i18n/$addon.pot" --output-file="$addon/i18n/zh_CN.po"
    fi
    untranslated=$(msgattrib --untranslated --no-obsolete "$addon/i18n/zh_CN.po" | grep -c '^msgid ' || true)
    echo "$addon: $(grep -c '^msgid ' "$addon/i18n/$addon.pot") strings in the .pot, $untranslated untranslated in zh_CN.po"
done
