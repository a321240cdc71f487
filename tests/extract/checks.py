"""Reading an extract back: its CSV tables, and the invariants of its aggregate tables."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from pathlib import Path

Row = dict[str, str]


def read_tables(path: Path) -> dict[str, list[Row]]:
    """Every CSV table of the ZIP at ``path``, by file name."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
            for name in archive.namelist()
            if name.endswith(".csv")
        }


def aggregates(tables: dict[str, list[Row]]) -> dict[str, list[Row]]:
    return {name: rows for name, rows in tables.items() if name.startswith("aggregates/")}


def category_column(rows: list[Row]) -> str:
    columns = list(rows[0])
    return columns[columns.index("count") - 1]


def _area(row: Row) -> tuple[str, ...]:
    return (
        row["area_level"],
        row["province_code"],
        row["commune_code"],
        row.get("village_code", ""),
    )


def _parent(row: Row) -> tuple[str, ...] | None:
    level = row["area_level"]
    if level == "village":
        return ("commune", row["province_code"], row["commune_code"], "")
    if level == "commune":
        return ("province", row["province_code"], "", "")
    return None


def groups(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """The additive relations a table publishes: (total cell, the cells adding up to it)."""
    if not rows:
        return []
    category = category_column(rows)
    period = rows[0].get("period")
    by_row: dict[tuple[object, ...], list[Row]] = defaultdict(list)
    children: dict[tuple[object, ...], list[Row]] = defaultdict(list)
    cells: dict[tuple[object, ...], Row] = {}
    for row in rows:
        when = row.get("period", "") if period is not None else ""
        by_row[(_area(row), when)].append(row)
        cells[(_area(row), when, row[category])] = row
        parent = _parent(row)
        if parent is not None:
            children[(parent, when, row[category])].append(row)
    out = []
    for members in by_row.values():
        [total] = [r for r in members if r[category] == "total"]
        out.append((total, [r for r in members if r[category] != "total"]))
    for key, parts in children.items():
        out.append((cells[key], parts))
    return out


def suppressed(row: Row) -> bool:
    assert row["suppressed"] in ("true", "false")
    return row["suppressed"] == "true"
