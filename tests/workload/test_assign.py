"""Assignment: the rules (capacity, own village first, fewest moves) hold for any ward."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.catalog import ProvinceProfile, TeamRulePreset, Text
from cnscd_core.errors import CnscdError, UnknownUnitError
from cnscd_core.field import Household
from cnscd_core.plugins import PluginHost, hookimpl
from cnscd_core.store import SQLiteStore
from cnscd_core.units import UnitRegistry
from cnscd_core.workload import (
    AssignmentPlan,
    PlanOutdatedError,
    apply_assignment,
    fill_least_loaded,
    preset_for_unit,
    propose_assignment,
)

from .conftest import (
    AS_OF,
    COMMUNE,
    OTHER_COMMUNE,
    SON_LA_COMMUNE,
    Scenario,
    household,
    member,
    scenario_store,
    scenarios,
    team,
)

MakeStore = Callable[..., SQLiteStore]


def _propose(store: SQLiteStore, registry: UnitRegistry, capacity: int) -> AssignmentPlan:
    return propose_assignment(store, COMMUNE, capacity, units=registry, as_of=AS_OF)


def _after(scenario: Scenario, plan: AssignmentPlan) -> dict[str, str | None]:
    """Each household's member once the plan is applied."""
    members = {h.code: h.member for h in scenario.households}
    members.update({m.household: m.to_member for m in plan.moves})
    return members


def _served(scenario: Scenario) -> dict[str, set[str]]:
    """Unit code -> active members of teams serving it."""
    units = {t.code: t.unit for t in scenario.teams}
    out: dict[str, set[str]] = {}
    for m in scenario.members:
        if m.left is None:
            for code in m.teams:
                out.setdefault(units[code], set()).add(m.code)
    return out


# -- water filling ------------------------------------------------------------------------


@given(
    loads=st.lists(st.integers(0, 12), min_size=1, max_size=8),
    capacity=st.integers(1, 12),
    count=st.integers(0, 60),
)
def test_fill_least_loaded_equals_one_at_a_time(
    loads: list[int], capacity: int, count: int
) -> None:
    loads = [min(x, capacity) for x in loads]
    current = list(loads)
    for _ in range(count):
        open_ = [i for i, x in enumerate(current) if x < capacity]
        if not open_:
            break
        pick = min(open_, key=lambda i: (current[i], i))
        current[pick] += 1
    give = fill_least_loaded(np.asarray(loads, dtype=np.int64), capacity, count)
    assert give.tolist() == [c - x for c, x in zip(current, loads, strict=True)]


# -- properties over random wards -----------------------------------------------------------


@given(data=st.data())
def test_plan_keeps_the_rules(
    data: st.DataObject, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    scenario = data.draw(scenarios(quarters))
    cap = scenario.capacity
    folder, store = scenario_store(scenario, registry)
    with folder, store:
        plan = _propose(store, registry, cap)
    active = {m.code for m in scenario.members if m.left is None}
    before = Counter(h.member for h in scenario.households if h.member)
    after_members = _after(scenario, plan)
    after = Counter(m for m in after_members.values() if m)
    in_scope = {h.code for h in scenario.households if h.unit != OTHER_COMMUNE}
    out_of_scope = Counter(
        h.member for h in scenario.households if h.unit == OTHER_COMMUNE and h.member
    )
    unplaced = {u.household: u for u in plan.unplaced}
    moved = {m.household: m for m in plan.moves}
    served = _served(scenario)
    unit_of = {h.code: h.unit for h in scenario.households}

    # Every household of the ward ends with an active member, or is listed as unplaced.
    for code in in_scope:
        assert after_members[code] in active or code in unplaced
    assert set(moved) <= in_scope and set(unplaced) <= in_scope and not set(moved) & set(unplaced)
    # Unplaced households stay where they are.
    for code, entry in unplaced.items():
        assert entry.member == after_members[code]
    # Households of active members within capacity do not move.
    original = {h.code: h.member for h in scenario.households}
    for code in moved:
        owner = original[code]
        assert owner is None or owner not in active or before[owner] > cap
    # Moves only go to active members of teams serving the village (or the ward), within
    # capacity; a member above capacity afterwards is accounted for by unplaced households
    # and households outside the ward.
    for code, move in moved.items():
        assert move.to_member in active and after[move.to_member] <= cap
        unit = unit_of[code]
        if move.served_by == "village_team":
            assert move.to_member in served.get(unit, set())
        else:
            assert unit != COMMUNE and move.to_member in served.get(COMMUNE, set())
            # ...and only once every member of the village's own teams is full.
            assert all(after[m] >= cap for m in served.get(unit, set()))
    for code in active:
        if after[code] > cap:
            kept_unplaced = sum(1 for u in plan.unplaced if u.member == code)
            assert after[code] - kept_unplaced <= max(cap, out_of_scope[code])
    # Fewest moves: no more than the households that needed a member.
    totals = plan.totals
    assert (
        totals.moved == len(plan.moves) <= totals.unassigned + totals.member_left + totals.surplus
    )
    assert totals.moved + totals.unplaced == totals.unassigned + totals.member_left + totals.surplus
    assert totals.households == len(in_scope)
    for load in plan.members:
        assert (load.before, load.after) == (before[load.member], after[load.member])


@given(data=st.data())
def test_plan_is_deterministic(
    data: st.DataObject, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    scenario = data.draw(scenarios(quarters))
    folder, store = scenario_store(scenario, registry)
    other_folder, other = scenario_store(scenario, registry, shuffle=True)
    with folder, store, other_folder, other:
        first = _propose(store, registry, scenario.capacity)
        assert _propose(store, registry, scenario.capacity) == first
        # The same records written in another order give the same plan.
        assert _propose(other, registry, scenario.capacity) == first


@given(data=st.data())
def test_applying_twice_is_a_no_op(
    data: st.DataObject, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    scenario = data.draw(scenarios(quarters))
    folder, store = scenario_store(scenario, registry)
    with folder, store:
        plan = _propose(store, registry, scenario.capacity)
        assert apply_assignment(store, plan, source="test") == len(plan.moves)
        assert apply_assignment(store, plan, source="test") == 0
        again = _propose(store, registry, scenario.capacity)
        assert again.moves == ()
        assert {u.household for u in again.unplaced} == {u.household for u in plan.unplaced}
        for move in plan.moves:
            stored = store.get("households", move.household)
            assert stored is not None and stored.member == move.to_member


# -- examples -------------------------------------------------------------------------------


def test_a_ward_example(
    make_store: MakeStore, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    q1, q2 = quarters[:2]
    store = make_store(
        [team("T-W", COMMUNE, "commune"), team("T-1", q1)],
        [
            member("M1", "T-W"),
            member("M2", "T-1"),
            member("M3", "T-1"),
            member("M4", "T-1", left=AS_OF),
        ],
        [
            *(household(f"H{n:02d}", q1, "M2") for n in range(6)),
            household("H06", q1),
            household("H07", q1, "M4"),
            *(household(f"H{n:02d}", q2) for n in range(8, 12)),
        ],
    )
    plan = _propose(store, registry, 3)
    moves = [(m.household, m.from_member, m.to_member, m.reason, m.served_by) for m in plan.moves]
    assert moves == [
        # M2's surplus is their last three households (H03-H05); M3 takes what fits in
        # quarter 1, households with no (active) member first, then the surplus in order.
        ("H03", "M2", "M3", "overloaded", "village_team"),
        ("H06", None, "M3", "unassigned", "village_team"),
        ("H07", "M4", "M3", "member_left", "village_team"),
        # Quarter 2 has no team: the ward team's member takes what fits.
        ("H08", None, "M1", "unassigned", "commune_team"),
        ("H09", None, "M1", "unassigned", "commune_team"),
        ("H10", None, "M1", "unassigned", "commune_team"),
    ]
    assert [(u.household, u.member, u.reason) for u in plan.unplaced] == [
        ("H04", "M2", "overloaded"),
        ("H05", "M2", "overloaded"),
        ("H11", None, "unassigned"),
    ]
    loads = {m.member: (m.before, m.after, m.active) for m in plan.members}
    assert loads == {
        "M1": (0, 3, True),
        "M2": (6, 5, True),
        "M3": (0, 3, True),
        "M4": (1, 0, False),
    }
    assert plan.totals.members_overloaded_before == plan.totals.members_overloaded_after == 1


def test_surplus_outside_the_members_village_moves_first(
    make_store: MakeStore, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    q1, q2 = quarters[:2]
    store = make_store(
        [team("T-1", q1), team("T-2", q2)],
        [member("M1", "T-1"), member("M2", "T-2")],
        [household("A1", q1, "M1"), household("A2", q1, "M1"), household("B1", q2, "M1")],
    )
    plan = _propose(store, registry, 2)
    assert [(m.household, m.to_member) for m in plan.moves] == [("B1", "M2")]


def test_nothing_to_do_reads_no_household_record(
    make_store: MakeStore,
    registry: UnitRegistry,
    quarters: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = make_store(
        [team("T-1", quarters[0])], [member("M1", "T-1")], [household("H1", quarters[0], "M1")]
    )
    real = store.records

    def records(kind: str) -> Any:
        assert kind != "households", "household records read although nothing moves"
        return real(kind)

    monkeypatch.setattr(store, "records", records)
    plan = _propose(store, registry, 5)
    assert plan.empty and not plan.unplaced and plan.totals.households == 1


def test_a_village_scope_counts_loads_in_every_unit(
    make_store: MakeStore, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    q1, q2 = quarters[:2]
    store = make_store(
        [team("T-1", q1)],
        [member("M1", "T-1"), member("M2", "T-1")],
        [household("A", q2, "M1"), household("B", q2, "M1"), household("C", q1)],
    )
    plan = propose_assignment(store, q1, 2, units=registry, as_of=AS_OF)
    assert [(m.household, m.to_member) for m in plan.moves] == [("C", "M2")]
    assert plan.totals.households == 1


def test_default_capacity_comes_from_the_province_preset(
    make_store: MakeStore,
    registry: UnitRegistry,
    quarters: tuple[str, ...],
    cnscd_host: PluginHost,
    cnscd_register_plugin: Callable[..., str],
) -> None:
    store = make_store([team("T-1", quarters[0])], [member("M1", "T-1")])
    plan = propose_assignment(store, COMMUNE, units=registry, host=cnscd_host)
    assert plan.capacity == 220  # national: no households_per_member, so the default

    class Province:
        @hookimpl
        def cnscd_register_team_rules(self, registry: Any) -> None:
            registry.add_team_rules(
                TeamRulePreset(
                    code="test-150",
                    name=Text(vi="Thử", en="Test"),
                    source="a test",
                    households_per_member=150,
                )
            )

        @hookimpl
        def cnscd_register_province_profiles(self, registry: Any) -> None:
            registry.add_province_profile(
                ProvinceProfile(
                    code="test-hcm",
                    name=Text(vi="Thử", en="Test"),
                    province="79",
                    team_rules="test-150",
                )
            )

    cnscd_register_plugin(Province(), name="test-hcm")
    assert preset_for_unit(quarters[0], registry, cnscd_host).code == "test-150"
    assert preset_for_unit(SON_LA_COMMUNE, registry, cnscd_host).code == "national"
    assert propose_assignment(store, COMMUNE, units=registry, host=cnscd_host).capacity == 150
    # An explicit capacity wins.
    assert propose_assignment(store, COMMUNE, 30, units=registry, host=cnscd_host).capacity == 30


def test_bad_input(make_store: MakeStore, registry: UnitRegistry) -> None:
    store = make_store()
    with pytest.raises(UnknownUnitError):
        propose_assignment(store, "99999", 5, units=registry)
    with pytest.raises(CnscdError, match=r"found 0|tìm thấy 0"):
        propose_assignment(store, COMMUNE, 0, units=registry)


def test_an_outdated_plan_writes_nothing(
    make_store: MakeStore, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    q1 = quarters[0]
    store = make_store(
        [team("T-1", q1)],
        [member("M1", "T-1"), member("M2", "T-1")],
        [household("H1", q1), household("H2", q1)],
    )
    plan = _propose(store, registry, 5)
    with store.transaction():
        store.put(
            "households", Household(code="H2", head_name="X", size=2, unit=q1, member="M1"), "test"
        )
    with pytest.raises(PlanOutdatedError, match="H2"):
        apply_assignment(store, plan)
    h1 = store.get("households", "H1")
    assert h1 is not None and h1.member is None  # the whole plan was rolled back


def test_history_records_the_change(
    make_store: MakeStore, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    store = make_store(
        [team("T-1", quarters[0])], [member("M1", "T-1")], [household("H1", quarters[0])]
    )
    plan = _propose(store, registry, 5)
    assert apply_assignment(store, plan, source="cnscd assign --unit 25747") == 1
    change = store.history("households", "H1")[-1]
    assert change.source == "cnscd assign --unit 25747"
    assert change.changes == {"member": (None, "M1")}
