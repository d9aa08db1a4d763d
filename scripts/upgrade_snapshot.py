"""What an upgrade (-u) must keep, taken before and after it and compared.

For the addons' own tables: the id of every row and a digest of every row's values (write_date and
write_uid aside: -u rewrites XML data records). For the columns the addons add to other tables
(res.partner, crm.lead, sale.order ...): a digest of (id, value). For their many2many tables: the
number of links. The settings' config parameters. For their XML ids (demo data included): the names.

    upgrade_snapshot.py ADDONS DBNAME > snapshot.json
    upgrade_snapshot.py --compare BEFORE AFTER   exits 1, saying what, if a record was lost or changed
"""

import json
import os
import sys

import psycopg2
from psycopg2 import sql

SKIPPED_COLUMNS = {"write_date", "write_uid"}


def _connect(dbname):
    return psycopg2.connect(
        dbname=dbname, host=os.environ["PGHOST"], port=os.environ["PGPORT"], user=os.environ["PGUSER"]
    )


def _columns(cr, table):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = %s ORDER BY column_name""",
        (table,),
    )
    return [row[0] for row in cr.fetchall() if row[0] not in SKIPPED_COLUMNS]


def _digest(cr, table, columns):
    """md5 over the rows (id order) of the given columns, computed by PostgreSQL."""
    row = sql.SQL("ROW({})::text").format(sql.SQL(", ").join(map(sql.Identifier, ["id", *columns])))
    cr.execute(
        sql.SQL("SELECT md5(coalesce(string_agg({row}, E'\\n' ORDER BY id), '')) FROM {table}").format(
            row=row, table=sql.Identifier(table)
        )
    )
    return cr.fetchone()[0]


def _is_table(cr, table):
    """A real table (not a reporting SQL view)."""
    cr.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", (table,))
    row = cr.fetchone()
    return bool(row) and row[0] in ("r", "p")


def snapshot(addons, dbname):
    conn = _connect(dbname)
    result = {"tables": {}, "columns": {}, "relations": {}, "settings": {}, "xmlids": []}
    with conn, conn.cursor() as cr:
        # the addons' own persistent models: no other module declares them, not transient
        cr.execute(
            """SELECT m.model FROM ir_model m JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
                WHERE NOT m.transient
                GROUP BY m.model HAVING bool_and(d.module = ANY(%s))
                ORDER BY m.model""",
            (addons,),
        )
        own_tables = [model.replace(".", "_") for (model,) in cr.fetchall()]
        own_tables = [table for table in own_tables if _is_table(cr, table)]
        for table in own_tables:
            cr.execute(sql.SQL("SELECT array_agg(id ORDER BY id) FROM {}").format(sql.Identifier(table)))
            result["tables"][table] = {
                "ids": cr.fetchone()[0] or [],
                "digest": _digest(cr, table, [c for c in _columns(cr, table) if c != "id"]),
            }
        cr.execute("SELECT replace(model, '.', '_') FROM ir_model WHERE transient")
        transient_tables = {row[0] for row in cr.fetchall()}
        # stored fields the addons add to the tables of other modules, and their many2many tables
        cr.execute(
            """SELECT f.model, f.name, f.ttype, f.relation_table FROM ir_model_data d
                 JOIN ir_model_fields f ON f.id = d.res_id
                WHERE d.model = 'ir.model.fields' AND d.module = ANY(%s) AND f.store
                ORDER BY f.model, f.name""",
            (addons,),
        )
        for model, name, ttype, relation_table in cr.fetchall():
            table = model.replace(".", "_")
            if ttype == "many2many" and relation_table and _is_table(cr, relation_table):
                cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(relation_table)))
                result["relations"][relation_table] = cr.fetchone()[0]
            elif (
                table not in own_tables
                and table not in transient_tables
                and ttype != "one2many"
                and _is_table(cr, table)
            ):
                if name in _columns(cr, table):
                    result["columns"][f"{table}.{name}"] = _digest(cr, table, [name])
        # the settings the admin chose (config parameters named after the addons)
        cr.execute(
            "SELECT key, value FROM ir_config_parameter WHERE split_part(key, '.', 1) = ANY(%s)",
            (addons,),
        )
        result["settings"] = dict(cr.fetchall())
        cr.execute(
            """SELECT module || '.' || name FROM ir_model_data WHERE module = ANY(%s)
                ORDER BY module, name""",
            (addons,),
        )
        result["xmlids"] = [row[0] for row in cr.fetchall()]
    conn.close()
    return result


def compare(before, after):
    """The differences an upgrade must not make, as sentences."""
    problems = []
    for table, kept in before["tables"].items():
        now = after["tables"].get(table, {"ids": [], "digest": None})
        lost = sorted(set(kept["ids"]) - set(now["ids"]))
        if lost:
            problems.append(f"{table}: {len(lost)} records lost (ids {lost[:10]})")
        elif kept["ids"] == now["ids"] and kept["digest"] != now["digest"]:
            problems.append(f"{table}: values changed by the upgrade")
    for column, digest in before["columns"].items():
        if after["columns"].get(column) != digest:
            problems.append(f"{column}: values changed by the upgrade")
    for relation, count in before["relations"].items():
        if after["relations"].get(relation, 0) < count:
            problems.append(f"{relation}: {count} links before, {after['relations'].get(relation, 0)} after")
    for key, value in before["settings"].items():
        if after["settings"].get(key) != value:
            problems.append(f"setting {key}: {value!r} before, {after['settings'].get(key)!r} after")
    missing = sorted(set(before["xmlids"]) - set(after["xmlids"]))
    if missing:
        problems.append(f"{len(missing)} XML ids lost: {missing[:10]}")
    return problems


def main(argv):
    if argv[1] == "--compare":
        with open(argv[2], encoding="utf-8") as f1, open(argv[3], encoding="utf-8") as f2:
            before, after = json.load(f1), json.load(f2)
        problems = compare(before, after)
        for problem in problems:
            print(problem)
        records = sum(len(t["ids"]) for t in before["tables"].values())
        print(
            f"{records} records of {len(before['tables'])} tables, {len(before['columns'])} added columns, "
            f"{len(before['relations'])} many2many tables, {len(before['settings'])} settings and "
            f"{len(before['xmlids'])} XML ids compared: {len(problems)} differences"
        )
        return 1 if problems else 0
    json.dump(snapshot(argv[1].split(","), argv[2]), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
