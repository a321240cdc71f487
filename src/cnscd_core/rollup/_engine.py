"""The roll-up engine: every indicator for every unit, from villages up to the nation.

Everything works on columns grouped by integer unit indices; nothing loops over households
in Python. Counts are summed up the hierarchy; ratios are recomputed at each level from the
summed numerator and denominator, never averaged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from cnscd_core.errors import CnscdError, UnknownUnitError
from cnscd_core.i18n import gettext as _
from cnscd_core.rollup._period import Period
from cnscd_core.rollup._report import IndicatorValue, Report, UnitReport
from cnscd_core.units import REFORM_DATE, Level

__all__ = [
    "NoDataError",
    "Rollup",
    "build_report",
    "compute",
    "indicator_values",
    "rollup_totals",
    "sum_up",
]

IntArray = npt.NDArray[np.int64]
DEFAULT_CAPACITY = 220
NATIONAL_SKILLS = 5


class NoDataError(CnscdError):
    """The store holds nothing for the unit in the period."""


def sum_up(
    own: npt.NDArray[Any], parents: npt.NDArray[np.int32], levels: npt.NDArray[np.int8]
) -> npt.NDArray[np.float64]:
    """Totals per unit: each unit's own value plus everything below it.

    Works bottom-up one level at a time (villages, communes, districts, provinces), so it
    costs a few passes over the unit arrays, whatever the number of rows below them.
    """
    total = np.asarray(own, dtype=np.float64).copy()
    for level in (Level.VILLAGE, Level.COMMUNE, Level.DISTRICT):
        idx = np.flatnonzero((levels == level) & (parents >= 0))
        if idx.size:
            np.add.at(total, parents[idx], total[idx])
    return total


def _count_by_unit(
    unit: npt.NDArray[np.int32], n_units: int, weights: npt.NDArray[Any] | None = None
) -> npt.NDArray[np.float64]:
    keep = unit >= 0
    return np.bincount(
        unit[keep], weights=None if weights is None else weights[keep], minlength=n_units
    ).astype(np.float64)


def _sorted_sums(
    unit: npt.NDArray[np.int32], n_units: int, columns: Mapping[str, npt.NDArray[Any]]
) -> dict[str, npt.NDArray[np.float64]]:
    """Per-unit sums of columns whose rows are sorted by ``unit`` (one contiguous pass each)."""
    out: dict[str, npt.NDArray[np.float64]] = {}
    valid = unit >= 0
    start = int(np.argmax(valid)) if valid.any() else unit.size
    unit = unit[start:]
    if unit.size == 0:
        return {name: np.zeros(n_units) for name in columns}
    boundaries = np.flatnonzero(np.diff(unit)) + 1
    offsets = np.concatenate(([0], boundaries))
    present = unit[offsets]
    for name, column in columns.items():
        sums = np.add.reduceat(column[start:], offsets, dtype=np.int64)
        full = np.zeros(n_units)
        full[present] = sums
        out[name] = full
    return out


def rollup_totals(
    parents: npt.NDArray[np.int32],
    levels: npt.NDArray[np.int8],
    *,
    household_unit: npt.NDArray[np.int32],
    household_columns: Mapping[str, npt.NDArray[Any]],
    other_counts: Mapping[str, npt.NDArray[np.float64]] = {},
) -> dict[str, npt.NDArray[np.float64]]:
    """Totals of every count indicator for every unit.

    ``household_unit`` must be sorted (households grouped by unit, as the store and the
    synthetic population keep them); ``household_columns`` are per-household 0/1 (or small
    integer) columns summed per unit in one contiguous pass; ``other_counts`` are per-unit
    counts already made (teams, members, visits...). Adds ``households``.
    """
    n_units = parents.shape[0]
    own = _sorted_sums(household_unit, n_units, household_columns)
    valid = household_unit[household_unit >= 0]
    own["households"] = np.bincount(valid, minlength=n_units).astype(np.float64)
    own.update(other_counts)
    return {name: sum_up(values, parents, levels) for name, values in own.items()}


def indicator_values(
    totals: Mapping[str, npt.NDArray[np.float64]], indicators: Any, idx: int
) -> dict[str, IndicatorValue]:
    """Indicator values of unit ``idx``: counts as totals, ratios from summed parts."""
    out: dict[str, IndicatorValue] = {}
    for indicator in indicators:
        if indicator.numerator and indicator.denominator:
            if indicator.numerator not in totals or indicator.denominator not in totals:
                continue
            num = float(totals[indicator.numerator][idx])
            den = float(totals[indicator.denominator][idx])
            out[indicator.code] = IndicatorValue(num / den if den else None, num, den)
        elif indicator.code in totals:
            out[indicator.code] = IndicatorValue(float(totals[indicator.code][idx]))
    return out


@attrs.frozen
class Rollup:
    """Totals of every count indicator for every unit of a unit set, for one period."""

    units: Any
    period: Period
    totals: dict[str, npt.NDArray[np.float64]]
    notes: tuple[str, ...] = ()
    upper_bound: bool = False


def _skill_numbers(host: Any) -> dict[str, tuple[int, int]]:
    """skill code -> (national number 1-5, alone level)."""
    out: dict[str, tuple[int, int]] = {}
    for skill in host.skills:
        if skill.number is not None and 1 <= skill.number <= NATIONAL_SKILLS:
            out[skill.code] = (skill.number, skill.alone_level)
    return out


def _app_skills(host: Any) -> dict[str, tuple[str, ...]]:
    return {app.code: tuple(app.skills) for app in host.apps}


def _household_skills(
    store: Any, unit_set: Any, n_households: int, end: dt.date, host: Any
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], bool]:
    """Per household: skill k reached alone (H x 5), all five, and whether any is an upper bound.

    A household counts for skill k when a record up to ``end`` shows someone in it reached the
    skill's "does it alone" milestone. "All five" must be one person where the records name
    residents; where only the household is named, the figure is an upper bound.
    """
    levels = store.columns("skill_levels", units=unit_set)
    ok = np.zeros((n_households, NATIONAL_SKILLS), dtype=bool)
    all_five = np.zeros(n_households, dtype=bool)
    if len(levels) == 0:
        return ok, all_five, False
    numbers = _skill_numbers(host)
    labels = levels.categories["skill"]
    number_of = np.array([numbers.get(c, (0, 0))[0] for c in labels] + [0], dtype=np.int16)
    alone_of = np.array([numbers.get(c, (0, 99))[1] for c in labels] + [99], dtype=np.int16)
    skill = levels["skill"].astype(np.int64)
    skill = np.where(skill >= 0, skill, len(labels))
    dated = levels["date"]
    in_time = np.isnat(dated) | (dated <= np.datetime64(end))
    reached = in_time & (levels["level"] >= alone_of[skill]) & (number_of[skill] > 0)
    house = levels["household"]
    keep = reached & (house >= 0)
    ok[house[keep], number_of[skill[keep]] - 1] = True
    resident = levels["resident"]
    person_rows = keep & (resident >= 0)
    n_residents = int(resident.max()) + 1 if resident.size else 0
    person_ok = np.zeros((max(n_residents, 1), NATIONAL_SKILLS), dtype=bool)
    person_ok[resident[person_rows], number_of[skill[person_rows]] - 1] = True
    person_all = person_ok.all(axis=1)
    resident_house = np.full(max(n_residents, 1), -1, dtype=np.int64)
    resident_house[resident[resident >= 0]] = house[resident >= 0]
    exact = np.zeros(n_households, dtype=bool)
    has_person = person_all & (resident_house >= 0)
    exact[resident_house[has_person]] = True
    household_level = np.zeros(n_households, dtype=bool)
    hh_rows = in_time & (resident < 0) & (house >= 0)
    household_level[house[hh_rows]] = True
    upper = ok.all(axis=1)
    all_five = np.where(household_level, upper | exact, exact)
    used_upper = bool((household_level & upper & ~exact).any())
    return ok, all_five, used_upper


def compute(
    store: Any,
    period: Period,
    *,
    host: Any | None = None,
    units: Any | None = None,
    capacity: int | None = None,
) -> Rollup:
    """Compute every core count indicator for every unit of the store's units in ``period``."""
    if host is None:
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
    unit_set = units if units is not None else store.unit_registry().current
    n_units = len(unit_set)
    end = np.datetime64(period.end)
    start = np.datetime64(period.start)
    capacity = capacity or DEFAULT_CAPACITY

    houses = store.columns("households", units=unit_set)
    members = store.columns("members", units=unit_set)
    teams = store.columns("teams", units=unit_set)
    visits = store.columns("visits", units=unit_set)

    active_member = (
        (np.isnat(members["joined"]) | (members["joined"] <= end))
        & (np.isnat(members["left"]) | (members["left"] > end))
        if len(members)
        else np.zeros(0, dtype=bool)
    )
    member_of_house = houses["member"] if len(houses) else np.zeros(0, dtype=np.int32)
    assigned = (
        (member_of_house >= 0) & active_member[np.maximum(member_of_house, 0)]
        if len(active_member)
        else np.zeros(len(houses), dtype=bool)
    )
    load = np.bincount(member_of_house[assigned], minlength=len(members))
    overloaded = active_member & (load > capacity) if len(members) else active_member

    skills_ok, all_five, upper = _household_skills(store, unit_set, len(houses), period.end, host)
    household_columns: dict[str, npt.NDArray[Any]] = {
        "households_assigned": assigned.astype(np.int8),
        "households_all_five": all_five.astype(np.int8),
    }
    for k in range(NATIONAL_SKILLS):
        household_columns[f"households_skill_{k + 1}"] = skills_ok[:, k].astype(np.int8)

    team_active = np.zeros(0, dtype=bool)
    if len(teams):
        team_active = (np.isnat(teams["established"]) | (teams["established"] <= end)) & (
            np.isnat(teams["dissolved"]) | (teams["dissolved"] > end)
        )
    levels = unit_set.levels
    villages = (levels == Level.VILLAGE).astype(np.float64)
    village_teams = np.zeros(n_units)
    if len(teams):
        labels = teams.categories["level"]
        village_code = labels.index("village") if "village" in labels else -2
        at_village = team_active & (teams["level"] == village_code) & (teams["unit"] >= 0)
        village_teams = _count_by_unit(teams["unit"][at_village], n_units)
    villages_with_team = ((village_teams > 0) & (levels == Level.VILLAGE)).astype(np.float64)

    in_period = (
        (visits["date"] >= start) & (visits["date"] <= end)
        if len(visits)
        else (np.zeros(0, dtype=bool))
    )
    visit_unit = np.full(len(visits), -1, dtype=np.int32)
    if len(visits):
        house_unit = houses["unit"]
        from_house = visits["household"] >= 0
        visit_unit[from_house] = house_unit[visits["household"][from_house]]
        by_member = ~from_house & (visits["member"] >= 0)
        visit_unit[by_member] = members["unit"][visits["member"][by_member]]
    other = {
        "teams": _count_by_unit(teams["unit"][team_active], n_units) if len(teams)
        else np.zeros(n_units),
        "members": _count_by_unit(members["unit"][active_member], n_units) if len(members)
        else np.zeros(n_units),
        "members_overloaded": _count_by_unit(members["unit"][overloaded], n_units)
        if len(members) else np.zeros(n_units),
        "villages": villages,
        "villages_with_team": villages_with_team,
        "visits": _count_by_unit(visit_unit[in_period], n_units),
        "persons_guided": _count_by_unit(
            visit_unit[in_period], n_units, visits["persons"][in_period].astype(np.float64)
        ) if len(visits) else np.zeros(n_units),
    }  # fmt: skip
    house_unit = houses["unit"] if len(houses) else np.zeros(0, dtype=np.int32)
    totals = rollup_totals(
        unit_set.parent_indices,
        levels,
        household_unit=house_unit,
        household_columns=household_columns,
        other_counts=other,
    )
    notes: list[str] = []
    if upper:
        notes.append(
            _(
                "Some households have skill records only at household level: their 'all five "
                "skills' figure is an upper bound (the five skills may belong to different people)."
            )
        )
    if period.start < REFORM_DATE:
        notes.append(
            _(
                "The period starts before 1 July 2025: its figures are shown on the 2025 "
                "administrative units (legacy units converted)."
            )
        )
    return Rollup(unit_set, period, totals, tuple(notes), upper)


def _unit_report(rollup: Rollup, idx: int, indicators: Any, depth_limit: int) -> UnitReport:
    units = rollup.units
    children: tuple[UnitReport, ...] = ()
    if depth_limit > 0:
        children = tuple(
            _unit_report(rollup, child, indicators, depth_limit - 1)
            for child in units.child_indices(idx)
        )
    return UnitReport(
        code=units.code(idx),
        name=units.name(idx),
        level=units.level(idx).label,
        indicators=indicator_values(rollup.totals, indicators, idx),
        children=children,
    )


def build_report(
    store: Any,
    unit_code: str,
    period: Period | str,
    *,
    host: Any | None = None,
    units: Any | None = None,
    capacity: int | None = None,
    findings: bool = True,
) -> Report:
    """The report of ``unit_code`` for ``period``: its indicators and its children's, down to
    villages, with validation findings and notes.

    Raises ``UnknownUnitError`` for an unknown unit and ``NoDataError`` when the store holds no
    household, team or member under the unit.
    """
    if host is None:
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
    if isinstance(period, str):
        period = Period.parse(period)
    unit_set = units if units is not None else store.unit_registry().current
    if unit_code not in unit_set:
        raise UnknownUnitError(
            _(
                "unknown unit code {code!r}; expected a 2025 province, commune or village code"
            ).format(code=unit_code)
        )
    if capacity is None:
        capacity = _capacity_for(unit_code, host, store.unit_registry())
    rollup = compute(store, period, host=host, units=unit_set, capacity=capacity)
    idx = unit_set.index(unit_code)
    present = (
        rollup.totals["households"][idx]
        + rollup.totals["teams"][idx]
        + (rollup.totals["members"][idx])
    )
    if present == 0:
        raise NoDataError(
            _(
                "the store holds no team, member or household under {name} ({code}) at the end "
                "of {period}; import its spreadsheets first"
            ).format(name=unit_set.name(idx), code=unit_code, period=period.label)
        )
    root = _unit_report(rollup, idx, list(host.indicators), depth_limit=4)
    found: tuple[Any, ...] = ()
    if findings:
        found = tuple(_findings(store, unit_code, period, host, unit_set))
    return Report(root=root, period=period, findings=found, notes=rollup.notes)


def _capacity_for(unit_code: str, host: Any, registry: Any) -> int:
    try:
        from cnscd_core.workload import default_capacity, preset_for_unit

        preset = preset_for_unit(unit_code, units=registry, host=host)
        return int(default_capacity(preset))
    except (ImportError, CnscdError, KeyError, TypeError):
        return DEFAULT_CAPACITY


def _findings(store: Any, unit_code: str, period: Period, host: Any, unit_set: Any) -> list[Any]:
    from cnscd_core.validation import run_checks

    return list(run_checks(store, unit_code, period, host=host, units=unit_set))
