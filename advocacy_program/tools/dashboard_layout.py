"""The Advocacy dashboard's o-spreadsheet document (Odoo 18 `spreadsheet_dashboard`), laid out from
sections that each installed advocacy addon contributes (`spreadsheet.dashboard.
_advocacy_dashboard_sections()`): no addon imports another, the document only names models of the
addons that gave a section.

A section is a plain dict (see `section()`): its pivots by local name, its scorecards (key figures this
period against the previous one), its charts and its tables (the first groups of one of its pivots).
`document(sections)` numbers the pivots, stacks the scorecards on top and the sections below in the order
of their ``sequence``, and returns the JSON-ready document. Framework-free: tested by
tests/test_advocacy_program_dashboard_layout.py."""

PERIOD = "a1d0c0de-0000-4000-8000-000000000001"
ROW_HEIGHT = 23  # o-spreadsheet's default row height, in pixels
CHART_HEIGHT = 300
CHART_ROWS = 14  # rows a chart covers, with a small gap below
SCORECARD_WIDTH = 240
SCORECARDS_PER_LINE = 4
FORMATS = {"integer": "1", "count": "2", "ratio": "3", "score": "4"}
STYLES = {"title": "1", "header": "2"}
# the document's own words; the model passes them translated to the reader's language
TEXTS = {
    "title": "Customer advocacy",
    "kpi": "KPI",
    "current": "Current",
    "previous": "Previous",
    "name": "Name",
    "period": "Period",
    "since": "since last period",
}


def matching(chain, offset=0):
    return {PERIOD: {"chain": chain, "type": "date", "offset": offset}} if chain else {}


def pivot(label, model, measures, chain=None, offset=0, domain=None, rows=(), sort=None):
    """A pivot of ``model``; ``rows``: field names, or (field, granularity) for dates."""
    return {
        "type": "ODOO",
        "name": label,
        "model": model,
        "domain": domain or [],
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "columns": [],
        "rows": [
            {"fieldName": r[0], "granularity": r[1]} if isinstance(r, tuple) else {"fieldName": r}
            for r in rows
        ],
        "sortedColumn": {"groupId": [[], []], "measure": sort, "order": "desc"} if sort else None,
        "fieldMatching": matching(chain, offset),
    }


def chart(key, title, model, kind, group_by, measure, chain=None, domain=None):
    """An Odoo graph of ``measure`` per ``group_by`` (``kind``: bar, line or pie)."""
    return {
        "key": key,
        "title": title,
        "model": model,
        "kind": kind,
        "group_by": group_by,
        "measure": measure,
        "chain": chain,
        "domain": domain or [],
    }


def table(title, pivot_name, group, columns, count):
    """The ``count`` first groups of a pivot; ``columns``: (header, measure, format key)."""
    return {"title": title, "pivot": pivot_name, "group": group, "columns": columns, "count": count}


def scorecard(label, current, previous, measure):
    """A key figure: ``measure`` of the pivots named ``current`` and ``previous``."""
    return {"label": label, "current": current, "previous": previous, "measure": measure}


def section(key, sequence, title, pivots=None, scorecards=(), charts=(), tables=(), kpis=()):
    """``kpis``: figures of the Data sheet with no scorecard (same shape as scorecards)."""
    return {
        "key": key,
        "sequence": sequence,
        "title": title,
        "pivots": dict(pivots or {}),
        "scorecards": list(scorecards),
        "charts": list(charts),
        "tables": list(tables),
        "kpis": list(kpis),
    }


def number_pivots(sections):
    """{(section key, local name): id} and {id: pivot definition}, ids from 1 in section order."""
    ids, pivots = {}, {}
    for sec in sections:
        for name, definition in sec["pivots"].items():
            pid = str(len(pivots) + 1)
            ids[sec["key"], name] = pid
            pivots[pid] = {**definition, "id": pid, "formulaId": pid}
    return ids, pivots


def chart_figure(spec, y, prefix="advocacy-chart-"):
    return {
        "id": prefix + spec["key"],
        "x": 0,
        "y": y,
        "width": 1000,
        "height": CHART_HEIGHT,
        "tag": "chart",
        "data": {
            "title": {"text": spec["title"], "bold": True, "color": "#434343"},
            "background": "#FFFFFF",
            "legendPosition": "none",
            "metaData": {
                "groupBy": [spec["group_by"]],
                "measure": spec["measure"],
                "order": None,
                "resModel": spec["model"],
                "mode": spec["kind"],
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": spec["domain"],
                "groupBy": [spec["group_by"]],
                "orderBy": [],
            },
            "type": f"odoo_{spec['kind']}",
            "verticalAxisPosition": "left",
            "stacked": False,
            "fieldMatching": matching(spec["chain"]),
        },
    }


def scorecard_figure(index, label, data_row, texts):
    line, column = divmod(index, SCORECARDS_PER_LINE)
    return {
        "id": f"advocacy-kpi-{index + 1}",
        "x": column * (SCORECARD_WIDTH + 10),
        "y": 40 + line * 110,
        "width": SCORECARD_WIDTH,
        "height": 100,
        "tag": "chart",
        "data": {
            "type": "scorecard",
            "title": {"text": label, "bold": True, "color": "#434343"},
            "background": "#EFF6FF",
            "keyValue": f"Data!D{data_row}",
            "baseline": f"Data!E{data_row}",
            "baselineMode": "percentage",
            "baselineDescr": texts["since"],
            "baselineColorUp": "#00A04A",
            "baselineColorDown": "#DC6965",
            "humanize": False,
        },
    }


def data_sheet(sections, ids, texts):
    """KPI | current | previous | current (shown) | previous (shown); returns (sheet, {label: row})."""
    cells = {
        "A1": {"content": text_cell(texts["kpi"])},
        "B1": {"content": text_cell(texts["current"])},
        "C1": {"content": text_cell(texts["previous"])},
    }
    rows = {}
    for sec in sections:
        for kpi in [*sec["scorecards"], *sec["kpis"]]:
            row = len(rows) + 2
            rows[kpi["label"]] = row
            current = ids[sec["key"], kpi["current"]]
            previous = ids[sec["key"], kpi["previous"]]
            cells[f"A{row}"] = {"content": text_cell(kpi["label"])}
            cells[f"B{row}"] = {"content": f'=PIVOT.VALUE({current},"{kpi["measure"]}")'}
            cells[f"C{row}"] = {"content": f'=PIVOT.VALUE({previous},"{kpi["measure"]}")'}
            cells[f"D{row}"] = {"content": f"=FORMAT.LARGE.NUMBER(B{row})"}
            cells[f"E{row}"] = {"content": f"=FORMAT.LARGE.NUMBER(C{row})"}
    return sheet("advocacy-data", "Data", cells, {}, [], {}, cols=5, rows=len(rows) + 2), rows


def text_cell(text):
    """A cell showing ``text`` (the client's ``_t`` translates it once more if it can)."""
    return '=_t("%s")' % text.replace('"', '""')


def write_table(grid, spec, pivot_id, top, texts):
    """Writes a table into ``grid`` (cells, styles, formats) from row ``top``; returns its last row."""
    cells, styles, formats = grid
    cells[f"A{top}"] = {"content": text_cell(spec["title"])}
    styles[f"A{top}"] = int(STYLES["header"])
    cells[f"A{top + 1}"] = {"content": text_cell(texts["name"])}
    letters = "BCDEFG"
    for letter, (header, _measure, _fmt) in zip(letters, spec["columns"], strict=False):
        cells[f"{letter}{top + 1}"] = {"content": text_cell(header)}
        styles[f"{letter}{top + 1}"] = int(STYLES["header"])
    group = spec["group"]
    for i in range(1, spec["count"] + 1):
        row = top + 1 + i
        cells[f"A{row}"] = {"content": f'=PIVOT.HEADER({pivot_id},"#{group}",{i})'}
        for letter, (_header, measure, _fmt) in zip(letters, spec["columns"], strict=False):
            cells[f"{letter}{row}"] = {"content": f'=PIVOT.VALUE({pivot_id},"{measure}","#{group}",{i})'}
    last = top + 1 + spec["count"]
    for letter, (_header, _measure, fmt) in zip(letters, spec["columns"], strict=False):
        formats[f"{letter}{top + 2}:{letter}{last}"] = int(FORMATS[fmt])
    return last


def dashboard_sheet(sections, ids, kpi_rows, texts):
    cells, styles, formats = {"A1": {"content": text_cell(texts["title"])}}, {"A1": int(STYLES["title"])}, {}
    labels = [kpi["label"] for sec in sections for kpi in sec["scorecards"]]
    figures = [scorecard_figure(i, label, kpi_rows[label], texts) for i, label in enumerate(labels)]
    lines = -(-len(labels) // SCORECARDS_PER_LINE)
    row = 2 + lines * 5  # 1-based row where the next block starts
    for sec in sections:
        cells[f"A{row}"] = {"content": text_cell(sec["title"])}
        styles[f"A{row}"] = int(STYLES["title"])
        row += 1
        for spec in sec["charts"]:
            figures.append(chart_figure(spec, (row - 1) * ROW_HEIGHT))
            row += CHART_ROWS
        for spec in sec["tables"]:
            pivot_id = ids[sec["key"], spec["pivot"]]
            row = write_table((cells, styles, formats), spec, pivot_id, row, texts) + 2
    return sheet("advocacy-dashboard", "Dashboard", cells, styles, figures, formats, rows=row + 1)


def sheet(sid, name, cells, styles, figures, formats, cols=8, rows=80):
    return {
        "id": sid,
        "name": name,
        "colNumber": cols,
        "rowNumber": max(rows, 10),
        "rows": {},
        "cols": {"0": {"size": 260}} if name == "Dashboard" else {"0": {"size": 160}},
        "merges": [],
        "cells": cells,
        "styles": styles,
        "formats": formats,
        "borders": {},
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": name != "Dashboard",
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }


def document(sections, texts=None):
    """The dashboard document of ``sections`` (each from `section()`), sorted by their sequence;
    ``texts``: the words of TEXTS in the reader's language."""
    texts = {**TEXTS, **(texts or {})}
    ordered = sorted(sections, key=lambda sec: (sec["sequence"], sec["key"]))
    ids, pivots = number_pivots(ordered)
    data, kpi_rows = data_sheet(ordered, ids, texts)
    return {
        "version": 21,
        "sheets": [dashboard_sheet(ordered, ids, kpi_rows, texts), data],
        "styles": {
            STYLES["title"]: {"textColor": "#01666b", "bold": True, "fontSize": 16},
            STYLES["header"]: {"textColor": "#434343", "bold": True, "fontSize": 11},
        },
        "formats": {
            FORMATS["integer"]: "#,##0",
            FORMATS["count"]: "0",
            FORMATS["ratio"]: "0.00",
            FORMATS["score"]: "0.0",
        },
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": pivots,
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": [
            {
                "id": PERIOD,
                "type": "date",
                "label": texts["period"],
                "defaultValue": "last_year",
                "rangeType": "relative",
            }
        ],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


def models_of(doc):
    """Every model the document reads (pivots and Odoo charts)."""
    names = {p["model"] for p in doc["pivots"].values()}
    for sh in doc["sheets"]:
        for figure in sh["figures"]:
            meta = figure["data"].get("metaData")
            if meta:
                names.add(meta["resModel"])
    return names
