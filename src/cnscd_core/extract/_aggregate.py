"""Count tables by area (and month) with margins, small cells suppressed.

Every table is published with its margins: a ``total`` category for each area (and month),
and a row for each commune and province adding up the areas below it. Those margins are
exactly what a reader could use to work a suppressed cell out again, so each of them is a
group for secondary suppression (``suppress_cells``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from cnscd_core.extract._suppress import Suppression, suppress_cells
from cnscd_core.extract._tables import Table

__all__ = ["NO_VILLAGE", "TOTAL", "UNKNOWN", "AreaIndex", "Breakdown", "UnitLevel", "aggregate"]

UnitLevel = Literal["commune", "village"]

#: The category of the row total.
TOTAL = "total"
#: Code (and category) of what the data does not say: a unit missing from the lists.
UNKNOWN = "unknown"
#: Village code of records registered at the commune itself (village-level tables).
NO_VILLAGE = "none"


@attrs.frozen
class Area:
    """A row of an aggregate table: a province, a commune or a village, and its parents."""

    level: str
    province_code: str
    province_name: str
    commune_code: str = ""
    commune_name: str = ""
    village_code: str = ""
    village_name: str = ""
    parent: int = -1

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """Province first, then its communes, each followed by its villages."""
        return (self.province_code, self.commune_code, self.village_code)


class AreaIndex:
    """The areas rows are counted in: communes (or villages) of a ``UnitSet`` and parents.

    ``finest(units)`` maps unit indices (as in the store's columns, ``-1`` unknown) to area
    ids at the finest level asked for; ``parent`` climbs one level.
    """

    def __init__(self, units: Any, unit_level: UnitLevel = "commune") -> None:
        from cnscd_core.units import Level

        self.units = units
        self.unit_level: UnitLevel = unit_level
        self.areas: list[Area] = []
        self._ids: dict[tuple[str, str, str], int] = {}
        self._commune_of = units.ancestor_at(Level.COMMUNE)
        self._province_of = units.ancestor_at(Level.PROVINCE)
        self._village = int(Level.VILLAGE)

    @property
    def depth(self) -> int:
        """Levels of areas: 2 (province, commune) or 3 (and village)."""
        return 3 if self.unit_level == "village" else 2

    def _area(self, area: Area) -> int:
        key = area.sort_key
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self.areas)
            self.areas.append(area)
        return found

    def _province(self, idx: int) -> int:
        if idx < 0:
            return self._area(Area("province", UNKNOWN, ""))
        return self._area(Area("province", self.units.code(idx), self.units.name(idx)))

    def _commune(self, unit_idx: int) -> int:
        commune = int(self._commune_of[unit_idx]) if unit_idx >= 0 else -1
        if commune < 0:
            parent = self._province(-1)
            return self._area(Area("commune", UNKNOWN, "", UNKNOWN, "", parent=parent))
        province = int(self._province_of[commune])
        parent = self._province(province)
        prov = self.areas[parent]
        return self._area(
            Area(
                "commune",
                prov.province_code,
                prov.province_name,
                self.units.code(commune),
                self.units.name(commune),
                parent=parent,
            )
        )

    def _finest_one(self, unit_idx: int) -> int:
        commune_id = self._commune(unit_idx)
        if self.unit_level == "commune":
            return commune_id
        commune = self.areas[commune_id]
        is_village = unit_idx >= 0 and int(self.units.level(unit_idx)) == self._village
        code = self.units.code(unit_idx) if is_village else NO_VILLAGE
        name = self.units.name(unit_idx) if is_village else ""
        return self._area(
            attrs.evolve(
                commune, level="village", village_code=code, village_name=name, parent=commune_id
            )
        )

    def finest(self, unit_indices: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
        """Area ids at the finest level of every unit index (``-1``: unknown unit)."""
        values = np.asarray(unit_indices, dtype=np.int64)
        if len(values) == 0:
            return np.zeros(0, dtype=np.int64)
        unique, inverse = np.unique(values, return_inverse=True)
        ids = np.fromiter(
            (self._finest_one(int(u)) for u in unique), dtype=np.int64, count=len(unique)
        )
        return ids[inverse.reshape(-1)]

    def parent(self, area_ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The parent area of every area id."""
        parents = np.fromiter((a.parent for a in self.areas), dtype=np.int64, count=len(self.areas))
        return parents[area_ids] if len(area_ids) else area_ids

    def columns(self) -> tuple[str, ...]:
        """Area columns of a table at this level."""
        base = ("area_level", "province_code", "province_name", "commune_code", "commune_name")
        return (*base, "village_code", "village_name") if self.unit_level == "village" else base

    def values(self, area_id: int) -> tuple[str, ...]:
        """The area columns of one row."""
        area = self.areas[area_id]
        base = (
            area.level,
            area.province_code,
            area.province_name,
            area.commune_code,
            area.commune_name,
        )
        if self.unit_level == "village":
            return (*base, area.village_code, area.village_name)
        return base


def _labels(values: Sequence[str], base: Sequence[str]) -> tuple[list[str], npt.NDArray[np.int64]]:
    """Category labels (``base`` first, then others seen, sorted) and each value's id."""
    labels = list(dict.fromkeys(base))
    labels += sorted(set(values) - set(labels))
    index = {label: i for i, label in enumerate(labels)}
    return labels, np.fromiter((index[v] for v in values), dtype=np.int64, count=len(values))


def _tally(
    keys: npt.NDArray[np.int64], contributors: npt.NDArray[np.int64]
) -> dict[tuple[int, int, int], tuple[int, int]]:
    """Records and distinct contributors of each distinct key row (area, period, category)."""
    if len(keys) == 0:
        return {}
    # One integer per row (mixed radix) and per (row key, contributor): 1-D uniques are fast.
    radix = keys.max(axis=0) + 1
    flat = (keys[:, 0] * radix[1] + keys[:, 1]) * radix[2] + keys[:, 2]
    unique, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    shift = int(contributors.max()) - int(contributors.min()) + 1
    pairs = np.unique(inverse * shift + (contributors - contributors.min()))
    distinct = np.bincount(pairs // shift, minlength=len(unique))
    area, rest = np.divmod(unique, radix[1] * radix[2])
    period, category = np.divmod(rest, radix[2])
    return {
        (int(a), int(p), int(c)): (int(n), int(d))
        for a, p, c, n, d in zip(area, period, category, counts, distinct, strict=True)
    }


@attrs.frozen
class Breakdown:
    """One count table of a population: its file name, category column and each record's
    category (``base_labels`` are listed first and always, also when nobody is in them)."""

    name: str
    category: str
    values: Sequence[str]
    base_labels: Sequence[str] = ()


Cell = tuple[int, int, int, int]
"""(breakdown, area, period, category); the shared total is breakdown -1, category 0."""


def _tallies(
    levels: Sequence[npt.NDArray[np.int64]],
    period: npt.NDArray[np.int64],
    contributors: npt.NDArray[np.int64],
    breakdowns: Sequence[Breakdown],
) -> tuple[dict[Cell, tuple[int, int]], list[list[str]]]:
    """Records and contributors of every non-empty cell, and each breakdown's labels."""
    tallies: dict[Cell, tuple[int, int]] = {}
    zeros = np.zeros(len(contributors), dtype=np.int64)
    for level_ids in levels:
        keys = np.stack([level_ids, period, zeros], axis=1)
        for (a, p, _c), found in _tally(keys, contributors).items():
            tallies[(-1, a, p, 0)] = found
    labels: list[list[str]] = []
    for b, breakdown in enumerate(breakdowns):
        names, category = _labels(breakdown.values, breakdown.base_labels)
        labels.append(names)
        for level_ids in levels:
            keys = np.stack([level_ids, period, category], axis=1)
            for (a, p, c), found in _tally(keys, contributors).items():
                tallies[(b, a, p, c)] = found
    return tallies, labels


def _groups(
    present: Sequence[int],
    children: dict[int, list[int]],
    periods: int,
    labels: Sequence[Sequence[str]],
    index: dict[Cell, int],
) -> list[list[int]]:
    """The published additive relations: each row and its total; each area and its parts."""
    groups: list[list[int]] = []
    for a in present:
        for p in range(periods):
            total = index[(-1, a, p, 0)]
            for b, names in enumerate(labels):
                groups.append([total, *(index[(b, a, p, c)] for c in range(len(names)))])
            parts = children.get(a)
            if not parts:
                continue
            groups.append([total, *(index[(-1, k, p, 0)] for k in parts)])
            for b, names in enumerate(labels):
                for c in range(len(names)):
                    groups.append([index[(b, a, p, c)], *(index[(b, k, p, c)] for k in parts)])
    return groups


def aggregate(
    areas: AreaIndex,
    area_ids: npt.NDArray[np.int64],
    contributors: npt.NDArray[np.int64],
    breakdowns: Sequence[Breakdown],
    threshold: int,
    periods: Sequence[str] | None = None,
) -> list[Table]:
    """Count tables of one population by area (every level), period and a category each.

    ``area_ids`` are finest-level ids from ``areas``; ``contributors`` an integer per record
    naming whose data it is (a household, a member): a cell needs ``threshold`` records
    *and* ``threshold`` contributors, so five visits to one household do not make a
    publishable cell. ``periods`` (``"2025-03"``) adds a ``period`` column. Every area,
    period and category is listed, also when it counts 0 (a zero is a small cell too).

    The tables share their ``total`` cells (the same households, whatever they are broken
    down by), so suppression is decided for all of them at once: a total hidden in one
    table is hidden in the others.
    """
    contributors = np.asarray(contributors, dtype=np.int64)
    if periods is not None:
        period_labels, period = _labels(periods, ())
    else:
        period_labels, period = [""], np.zeros(len(contributors), dtype=np.int64)
    levels = [np.asarray(area_ids, dtype=np.int64)]
    for _ in range(areas.depth - 1):
        levels.append(areas.parent(levels[-1]))
    present = sorted(
        {int(a) for level_ids in levels for a in np.unique(level_ids)},
        key=lambda a: areas.areas[a].sort_key,
    )
    children: dict[int, list[int]] = {}
    for a in present:
        if areas.areas[a].parent >= 0:
            children.setdefault(areas.areas[a].parent, []).append(a)

    tallies, labels = _tallies(levels, period, contributors, breakdowns)
    spans = [(a, p) for a in present for p in range(len(period_labels))]
    cells: list[Cell] = [(-1, a, p, 0) for a, p in spans]
    for b, names in enumerate(labels):
        cells += [(b, a, p, c) for a, p in spans for c in range(len(names))]
    index = {cell: i for i, cell in enumerate(cells)}
    counts = [tallies.get(cell, (0, 0))[0] for cell in cells]
    helpers = [tallies.get(cell, (0, 0))[1] for cell in cells]
    groups = _groups(present, children, len(period_labels), labels, index)
    state = suppress_cells(counts, groups, threshold, helpers)

    tables = []
    for b, breakdown in enumerate(breakdowns):
        out: dict[str, list[Any]] = {column: [] for column in areas.columns()}
        if periods is not None:
            out["period"] = []
        out[breakdown.category] = []
        out["count"] = []
        out["suppressed"] = []
        shown: list[Suppression] = []
        for a, p in spans:
            area_values = areas.values(a)
            for cell in [*((b, a, p, c) for c in range(len(labels[b]))), (-1, a, p, 0)]:
                i = index[cell]
                for column, value in zip(areas.columns(), area_values, strict=True):
                    out[column].append(value)
                if periods is not None:
                    out["period"].append(period_labels[p])
                out[breakdown.category].append(labels[b][cell[3]] if cell[0] >= 0 else TOTAL)
                out["count"].append(None if state[i] else counts[i])
                out["suppressed"].append(bool(state[i]))
                shown.append(state[i])
        tables.append(
            Table(
                name=breakdown.name,
                kind="aggregate",
                columns=out,
                primary_suppressed=shown.count("primary"),
                secondary_suppressed=shown.count("secondary"),
            )
        )
    return tables
