"""Counts the records an upgrade must keep: every row of the addons' own models, and every record
they created with an XML id (demo data included).

    count_records.py ADDONS DBNAME          prints `name count` lines
    count_records.py --compare BEFORE AFTER exits 1 (and says which) if any count went down
"""

import os
import sys

import psycopg2
from psycopg2 import sql


def counts(addons, dbname):
    conn = psycopg2.connect(
        dbname=dbname, host=os.environ["PGHOST"], port=os.environ["PGPORT"], user=os.environ["PGUSER"]
    )
    with conn, conn.cursor() as cr:
        cr.execute(
            """SELECT m.model FROM ir_model_data d JOIN ir_model m ON m.id = d.res_id
                WHERE d.model = 'ir.model' AND d.module = ANY(%s) ORDER BY m.model""",
            (addons,),
        )
        models = [row[0] for row in cr.fetchall()]
        result = {}
        for model in models:
            table = model.replace(".", "_")
            cr.execute("SELECT to_regclass(%s)", (table,))
            if cr.fetchone()[0] is None:  # abstract or transient-less model without a table
                continue
            cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            result[f"table:{table}"] = cr.fetchone()[0]
        cr.execute(
            "SELECT module, count(*) FROM ir_model_data WHERE module = ANY(%s) GROUP BY module",
            (addons,),
        )
        for module, count in cr.fetchall():
            result[f"xmlids:{module}"] = count
    conn.close()
    return result


def compare(before_file, after_file):
    def load(path):
        with open(path, encoding="utf-8") as f:
            return {name: int(count) for name, count in (line.split() for line in f if line.strip())}

    before, after = load(before_file), load(after_file)
    lost = {name: (n, after.get(name, 0)) for name, n in before.items() if after.get(name, 0) < n}
    for name, (n, m) in sorted(lost.items()):
        print(f"lost records in {name}: {n} before the upgrade, {m} after")
    print(f"{len(before)} counts compared, {len(lost)} went down")
    return 1 if lost else 0


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    for name, count in sorted(counts(sys.argv[1].split(","), sys.argv[2]).items()):
        print(name, count)
