"""What both the check and the assignment read: the unit, its teams and members, the preset.

Teams and members are few (a province has thousands), so they are read as records; households
are many and are only ever read as the store's numpy columns.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _

if TYPE_CHECKING:
    from cnscd_core.catalog import TeamRulePreset
    from cnscd_core.field import Member, Team
    from cnscd_core.plugins import PluginHost
    from cnscd_core.store import Store
    from cnscd_core.units import Level, UnitRegistry, UnitSet

__all__ = [
    "DEFAULT_CAPACITY",
    "DEFAULT_PRESET",
    "BoolArray",
    "IntArray",
    "PlanOutdatedError",
    "Scope",
    "check_capacity",
    "default_capacity",
    "load_scope",
    "member_loads",
    "preset_for_unit",
    "resolve_preset",
    "store_changed",
]

#: Households one member supports when the preset says nothing (Bình Dương plan 6037: ~220).
DEFAULT_CAPACITY = 220
#: The preset of a unit whose province has no profile registered by a plugin.
DEFAULT_PRESET = "national"

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class PlanOutdatedError(CnscdError):
    """The store changed since the plan was made (or while it was read); propose it again."""


@attrs.frozen
class Scope:
    """A unit and the teams and members that matter for it, as of one day.

    ``members`` are sorted by code, so member ``i`` is row ``i`` of the store's member columns
    (the row households' ``member`` column points to). ``within[u]`` says whether unit index
    ``u`` is the unit itself or lies below it. ``unit_members[u]`` are the rows of the active
    members of active teams serving unit ``u`` (``team.unit``), sorted.
    """

    registry: UnitRegistry
    units: UnitSet
    index: int
    code: str
    level: Level
    within: BoolArray
    teams: tuple[Team, ...]
    team_index: dict[str, int]
    team_active: tuple[bool, ...]
    team_unit: tuple[int, ...]
    members: tuple[Member, ...]
    member_active: BoolArray
    member_row: dict[str, int]
    team_members: dict[str, tuple[int, ...]]
    unit_members: dict[int, IntArray]
    as_of: dt.date

    def member_code(self, row: int) -> str:
        """The code of the member at ``row``."""
        return self.members[row].code

    def in_scope_teams(self) -> list[int]:
        """Indices (into ``teams``) of the active teams serving the unit or a unit below it."""
        return [
            i
            for i, (active, unit) in enumerate(zip(self.team_active, self.team_unit, strict=True))
            if active and unit >= 0 and self.within[unit]
        ]


def _active(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Whether something started on or before ``day`` and had not ended by then."""
    return (start is None or start <= day) and (end is None or end > day)


def _registry(store: Store, units: UnitRegistry | None) -> UnitRegistry:
    from cnscd_core.units import default_registry

    registry = units if units is not None else default_registry()
    load_villages = getattr(store, "load_villages_into", None)
    if load_villages is not None:  # villages the store's imports added
        load_villages(registry)
    return registry


def load_scope(
    store: Store,
    unit_code: str,
    units: UnitRegistry | None = None,
    as_of: dt.date | None = None,
) -> Scope:
    """Read the unit ``unit_code`` (2025 units), its teams and members from ``store``.

    Raises ``UnknownUnitError`` for a code that is not a 2025 unit.
    """
    from cnscd_core.units import Level

    day = as_of or dt.date.today()
    registry = _registry(store, units)
    unit_set = registry.current
    index = unit_set.index(unit_code)
    level = unit_set.level(index)
    within = np.asarray(unit_set.ancestor_at(level) == index, dtype=np.bool_)

    teams = tuple(store.records("teams"))
    team_active = tuple(_active(t.established, t.dissolved, day) for t in teams)
    team_unit = tuple(unit_set.index(t.unit) if t.unit in unit_set else -1 for t in teams)
    members = tuple(store.records("members"))
    member_active = np.fromiter(
        (_active(m.joined, m.left, day) for m in members), dtype=np.bool_, count=len(members)
    )
    member_row = {m.code: i for i, m in enumerate(members)}

    by_team: dict[str, list[int]] = {t.code: [] for t in teams}
    for row, member in enumerate(members):
        if not member_active[row]:
            continue
        for team in dict.fromkeys(member.teams):
            if team in by_team:
                by_team[team].append(row)
    by_unit: dict[int, set[int]] = {}
    for team, active, unit in zip(teams, team_active, team_unit, strict=True):
        if active and unit >= 0:
            by_unit.setdefault(unit, set()).update(by_team[team.code])
    return Scope(
        registry=registry,
        units=unit_set,
        index=index,
        code=unit_set.code(index),
        level=Level(level),
        within=within,
        teams=teams,
        team_index={t.code: i for i, t in enumerate(teams)},
        team_active=team_active,
        team_unit=team_unit,
        members=members,
        member_active=member_active,
        member_row=member_row,
        team_members={code: tuple(rows) for code, rows in by_team.items()},
        unit_members={
            unit: np.asarray(sorted(rows), dtype=np.int64) for unit, rows in by_unit.items() if rows
        },
        as_of=day,
    )


def preset_for_unit(
    unit_code: str, units: UnitRegistry | None = None, host: PluginHost | None = None
) -> TeamRulePreset:
    """The team-rule preset of the province of ``unit_code``.

    That is the preset named by the province profile a plugin registered for the unit's 2025
    province, else ``national``.
    """
    from cnscd_core.units import Level, default_registry

    unit_set = (units or default_registry()).current
    index = unit_set.index(unit_code)
    province = int(unit_set.ancestor_at(Level.PROVINCE)[index])
    host = host if host is not None else _host()
    name = DEFAULT_PRESET
    if province >= 0:
        code = unit_set.code(province)
        for profile in host.province_profiles:
            if profile.province == code:
                name = profile.team_rules
                break
    return _preset_named(name, host)


def resolve_preset(
    preset: TeamRulePreset | str | None,
    unit_code: str,
    units: UnitRegistry | None = None,
    host: PluginHost | None = None,
) -> TeamRulePreset:
    """``preset`` itself, the registered preset it names, or the preset of the unit's province."""
    from cnscd_core.catalog import TeamRulePreset

    if isinstance(preset, TeamRulePreset):
        return preset
    if preset is None:
        return preset_for_unit(unit_code, units, host)
    return _preset_named(preset, host if host is not None else _host())


def _preset_named(name: str, host: PluginHost) -> TeamRulePreset:
    try:
        return host.team_rules.get(name)
    except KeyError as exc:
        raise CnscdError(str(exc.args[0])) from None


def _host() -> PluginHost:
    from cnscd_core.plugins import load_plugins

    return load_plugins()


def default_capacity(preset: TeamRulePreset) -> int:
    """Households per member: the preset's ``households_per_member``, else 220."""
    return preset.households_per_member or DEFAULT_CAPACITY


def check_capacity(capacity: Any) -> int:
    """Return ``capacity`` when it is a whole number above 0; raise ``CnscdError`` otherwise."""
    if isinstance(capacity, bool) or not isinstance(capacity, int | np.integer) or capacity < 1:
        raise CnscdError(
            _("capacity: found {value!r}; expected a whole number of households above 0").format(
                value=capacity
            )
        )
    return int(capacity)


def member_loads(h_member: IntArray, n_members: int) -> IntArray:
    """Households each member carries, in every unit, from the households' ``member`` column.

    The same numbers as the members' ``households`` column, without reading the households a
    second time. Raises ``PlanOutdatedError`` when a household points past the members read
    (a member was added while the store was read).
    """
    if len(h_member) and int(h_member.max()) >= n_members:
        raise store_changed()
    return np.bincount(h_member[h_member >= 0], minlength=n_members).astype(np.int64)


def store_changed() -> PlanOutdatedError:
    """The error for a store that changed while it was read."""
    return PlanOutdatedError(
        _("the store changed while it was read; expected no other writer: run the command again")
    )
