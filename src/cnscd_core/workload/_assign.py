"""Proposing and applying an assignment of households to members within capacity.

The household arrays are the store's columns; the per-group work (a village or a commune at a
time) only touches the few members eligible there. See ``propose_assignment`` for the rules.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from cnscd_core.i18n import gettext as _
from cnscd_core.workload._records import (
    AssignmentPlan,
    AssignmentTotals,
    MemberLoad,
    Move,
    MoveReason,
    ServedBy,
    Unplaced,
)
from cnscd_core.workload._scope import (
    IntArray,
    PlanOutdatedError,
    Scope,
    check_capacity,
    default_capacity,
    load_scope,
    member_loads,
    resolve_preset,
    store_changed,
)

if TYPE_CHECKING:
    from cnscd_core.plugins import PluginHost
    from cnscd_core.store import Store
    from cnscd_core.units import UnitRegistry, UnitSet

__all__ = ["apply_assignment", "fill_least_loaded", "propose_assignment"]

# Reasons and tiers as small integers inside the arrays.
_UNASSIGNED, _MEMBER_LEFT, _OVERLOADED = 0, 1, 2
_REASONS: tuple[MoveReason, ...] = ("unassigned", "member_left", "overloaded")
_VILLAGE_TEAM, _COMMUNE_TEAM = 0, 1
_SERVED_BY: tuple[ServedBy, ...] = ("village_team", "commune_team")


def fill_least_loaded(loads: IntArray, capacity: int, count: int) -> IntArray:
    """How many of ``count`` households each member takes, least-loaded member first.

    Equals giving the households one at a time to the member with the fewest (ties: the first
    in ``loads``' order), never above ``capacity``; computed in closed form (water filling).
    The result sums to ``min(count, total room)``.
    """
    room = np.maximum(capacity - loads, 0)
    if count >= int(room.sum()):
        return room
    if count <= 0:
        return np.zeros_like(room)
    # The highest level every member can be raised to without using more than ``count``.
    low, high = int(loads.min()), capacity
    while high - low > 1:
        mid = (low + high) // 2
        if int(np.clip(mid - loads, 0, room).sum()) <= count:
            low = mid
        else:
            high = mid
    give = np.clip(low - loads, 0, room)
    rest = count - int(give.sum())
    # Members now at ``low`` with room left take one more each, in order, until none is left.
    next_in_line = np.flatnonzero((loads + give == low) & (give < room))
    give[next_in_line[:rest]] += 1
    return give


def propose_assignment(
    store: Store,
    unit_code: str,
    capacity: int | None = None,
    units: UnitRegistry | None = None,
    *,
    as_of: dt.date | None = None,
    host: PluginHost | None = None,
) -> AssignmentPlan:
    """Propose who should carry which household of the unit ``unit_code``; write nothing.

    The households that need a member are those with none, those whose member left (as of
    ``as_of``, default today), and the surplus of members above ``capacity`` (default: the
    households per member of the unit's team-rule preset, else 220). A member's load counts
    every household they carry, in any unit. Every other household stays where it is.

    The surplus of an overloaded member is, first, households outside the villages their
    teams serve, then the last ones in household order (unit, then code). Households needing
    a member go, a village at a time, to the active members of teams serving their own
    village (or, for a household registered at commune level, its commune); what is left,
    to the members of the commune's teams. Within a group, households with no (active)
    member come before the surplus, and each goes to the least-loaded eligible member (ties:
    the lowest member code), never above capacity. What finds no room is listed in
    ``unplaced`` and stays where it is. The plan depends only on the store's content.
    """
    scope = load_scope(store, unit_code, units, as_of)
    if capacity is None:
        capacity = default_capacity(resolve_preset(None, scope.code, scope.registry, host))
    cap = check_capacity(capacity)
    households = store.columns("households", units=scope.units)
    h_unit = households["unit"].astype(np.int64)
    h_commune = households["commune"].astype(np.int64)
    h_member = households["member"].astype(np.int64)
    n_members = len(scope.members)
    load = member_loads(h_member, n_members)

    in_scope = (h_unit >= 0) & scope.within[np.maximum(h_unit, 0)]
    has_member = h_member >= 0
    active = scope.member_active
    member_ok = (
        has_member & active[np.maximum(h_member, 0)] if n_members else np.zeros_like(has_member)
    )
    reason = np.full(len(h_unit), -1, dtype=np.int8)
    reason[in_scope & ~has_member] = _UNASSIGNED
    reason[in_scope & has_member & ~member_ok] = _MEMBER_LEFT

    surplus_rows = _surplus(scope, h_unit, h_member, in_scope & member_ok, load, cap)
    reason[surplus_rows] = _OVERLOADED
    leaving = (reason >= 0) & has_member
    removed = np.bincount(h_member[leaving], minlength=n_members)
    # Members who left take nothing; overloaded ones without movable surplus take nothing.
    room = np.where(active, np.maximum(cap - (load - removed), 0), 0).astype(np.int64)

    target = np.full(len(h_unit), -1, dtype=np.int64)
    served_by = np.full(len(h_unit), -1, dtype=np.int8)
    todo = np.flatnonzero(reason >= 0)
    left = _place(scope, todo, h_unit, reason, room, cap, target, served_by, _VILLAGE_TEAM)
    at_village = left[(h_commune[left] >= 0) & (h_commune[left] != h_unit[left])]
    _place(scope, at_village, h_commune, reason, room, cap, target, served_by, _COMMUNE_TEAM)

    moved = np.flatnonzero(target >= 0)
    unplaced = np.flatnonzero((reason >= 0) & (target < 0))
    codes = _household_codes(store, scope.units, h_unit, np.concatenate([moved, unplaced]))
    moves = tuple(
        Move(
            household=codes[int(row)],
            from_member=_code_or_none(scope, int(h_member[row])),
            to_member=scope.member_code(int(target[row])),
            reason=_REASONS[reason[row]],
            served_by=_SERVED_BY[served_by[row]],
        )
        for row in moved
    )
    left_over = tuple(
        Unplaced(
            household=codes[int(row)],
            unit=scope.units.code(int(h_unit[row])),
            member=_code_or_none(scope, int(h_member[row])),
            reason=_REASONS[reason[row]],
        )
        for row in unplaced
    )

    after = (
        load
        - np.bincount(h_member[moved][h_member[moved] >= 0], minlength=n_members)
        + np.bincount(target[moved], minlength=n_members)
    )
    concerned = _members_concerned(scope, h_member, target, in_scope)
    members = tuple(
        MemberLoad(
            member=scope.member_code(row),
            before=int(load[row]),
            after=int(after[row]),
            active=bool(active[row]),
        )
        for row in concerned
    )
    counted = active[concerned] if n_members else np.zeros(0, dtype=np.bool_)
    totals = AssignmentTotals(
        households=int(in_scope.sum()),
        unassigned=int((reason == _UNASSIGNED).sum()),
        member_left=int((reason == _MEMBER_LEFT).sum()),
        surplus=len(surplus_rows),
        moved=len(moves),
        unplaced=len(left_over),
        members=int(counted.sum()),
        members_overloaded_before=int((load[concerned][counted] > cap).sum()),
        members_overloaded_after=int((after[concerned][counted] > cap).sum()),
    )
    return AssignmentPlan(
        unit=scope.code,
        capacity=cap,
        moves=moves,
        unplaced=left_over,
        members=members,
        totals=totals,
    )


def _surplus(
    scope: Scope,
    h_unit: IntArray,
    h_member: IntArray,
    movable: Any,
    load: IntArray,
    cap: int,
) -> IntArray:
    """Rows of the households overloaded members give up: the excess over ``cap`` of each.

    Only ``movable`` rows (in the unit, with an active member) are candidates. A member gives
    up households outside the units their teams serve first, then the last in row order.
    """
    over = load > cap
    if not over.any():
        return np.zeros(0, dtype=np.int64)
    rows = np.flatnonzero(movable & over[np.maximum(h_member, 0)])
    if not len(rows):
        return rows
    member = h_member[rows]
    n_members = len(load)
    served = np.concatenate(
        [unit * n_members + rows_ for unit, rows_ in scope.unit_members.items()]
        if scope.unit_members
        else [np.zeros(0, dtype=np.int64)]
    )
    own = np.isin(h_unit[rows] * n_members + member, served)
    order = np.lexsort((-rows, own, member))
    rows, member = rows[order], member[order]
    starts = np.flatnonzero(np.r_[True, member[1:] != member[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    return np.sort(rows[rank < (load - cap)[member]])


def _place(
    scope: Scope,
    rows: IntArray,
    group_of: IntArray,
    reason: Any,
    room: IntArray,
    cap: int,
    target: IntArray,
    served_by: Any,
    tier: int,
) -> IntArray:
    """Give ``rows`` to members of teams serving their group (``group_of[row]``, a unit).

    Updates ``room``, ``target`` and ``served_by`` in place; returns the rows left over, in
    row order.
    """
    if not len(rows):
        return rows
    group = group_of[rows]
    order = np.lexsort((rows, reason[rows] == _OVERLOADED, group))
    rows, group = rows[order], group[order]
    bounds = np.flatnonzero(np.r_[True, group[1:] != group[:-1], True])
    left: list[IntArray] = []
    for start, end in itertools.pairwise(bounds.tolist()):
        eligible = scope.unit_members.get(int(group[start]))
        chunk = rows[start:end]
        if eligible is None:
            left.append(chunk)
            continue
        give = fill_least_loaded(cap - room[eligible], cap, len(chunk))
        placed = int(give.sum())
        target[chunk[:placed]] = np.repeat(eligible, give)
        served_by[chunk[:placed]] = tier
        room[eligible] -= give
        left.append(chunk[placed:])
    return np.sort(np.concatenate(left)) if left else rows[:0]


def _members_concerned(
    scope: Scope, h_member: IntArray, target: IntArray, in_scope: Any
) -> IntArray:
    """Rows of members of teams serving the unit, below it or above it (its commune or
    province), and of members holding or receiving its households."""
    rows: set[int] = set()
    for unit, members in scope.unit_members.items():
        if scope.within[unit] or scope.units.is_within(scope.index, unit):
            rows.update(int(r) for r in members)
    rows.update(int(r) for r in np.unique(h_member[in_scope & (h_member >= 0)]))
    rows.update(int(r) for r in np.unique(target[target >= 0]))
    return np.asarray(sorted(rows), dtype=np.int64)


def _code_or_none(scope: Scope, row: int) -> str | None:
    return scope.member_code(row) if row >= 0 else None


def _household_codes(
    store: Store, units: UnitSet, h_unit: IntArray, rows: IntArray
) -> dict[int, str]:
    """Codes of the households at ``rows`` of the household columns.

    The columns carry no codes (they hold no identifying data), so the records are read
    once, in the columns' row order (unit index, then code); nothing is read when ``rows`` is
    empty.
    """
    if not len(rows):
        return {}
    pairs = [(h.code, h.unit) for h in store.records("households")]
    index = [units.index(unit) if unit in units else -1 for _code, unit in pairs]
    order = sorted(range(len(pairs)), key=lambda i: (index[i], pairs[i][0]))
    if len(order) != len(h_unit) or not np.array_equal(
        np.fromiter((index[i] for i in order), dtype=np.int64, count=len(order)), h_unit
    ):
        raise store_changed()
    return {int(row): pairs[order[int(row)]][0] for row in rows}


def apply_assignment(
    store: Store, plan: AssignmentPlan, source: str = "cnscd assign", at: dt.datetime | None = None
) -> int:
    """Write the plan's moves in one transaction; return how many households changed.

    Each household's history records the change with ``source``. A household already with
    its new member is left alone, so applying a plan twice changes nothing the second time.
    Raises ``PlanOutdatedError`` (and writes nothing) when a household is gone or now has
    another member than the plan expected.
    """
    changed = 0
    with store.transaction():
        for move in plan.moves:
            record = store.get("households", move.household)
            if record is None:
                raise PlanOutdatedError(
                    _(
                        "the household {household} is no longer in the store; expected every "
                        "household of the plan: propose the assignment again"
                    ).format(household=move.household)
                )
            if record.member == move.to_member:
                continue
            if record.member != move.from_member:
                raise PlanOutdatedError(
                    _(
                        "the household {household} now has the member {found}; the plan "
                        "expected {expected}: propose the assignment again"
                    ).format(
                        household=move.household,
                        found=record.member or "-",
                        expected=move.from_member or "-",
                    )
                )
            outcome = store.put(
                "households", attrs.evolve(record, member=move.to_member), source, at
            )
            changed += outcome != "unchanged"
    return changed
