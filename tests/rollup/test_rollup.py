"""Roll-up invariants: parents sum their children, ratios from summed parts, periods."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnscd_core.field import Household, Member, Resident, Team, Visit
from cnscd_core.plugins import PluginHost
from cnscd_core.rollup import NoDataError, Period, PeriodError, Report, build_report, sum_up
from cnscd_core.store import open_store
from cnscd_core.units import Level, UnitRegistry

COMMUNES = ("03856", "03754")  # Xã Bắc Yên, Xã Chiềng La (Sơn La)
SKILLS = ("online_public_services", "online_shopping", "online_payment", "cyber_safety",
          "local_digital_platforms")  # fmt: skip
Q3 = Period.parse("2026-Q3")


def test_periods() -> None:
    assert Period.parse("2026-09") == Period(dt.date(2026, 9, 1), dt.date(2026, 9, 30), "month")
    q = Period.parse("2026-Q3")
    assert (q.start, q.end, q.label) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026-Q3")
    assert Period.parse("2026q1").label == "2026-Q1"
    assert Period.parse("2024").end == dt.date(2024, 12, 31)
    assert Period.parse("2026-Q1").previous().label == "2025-Q4"
    assert Period.parse("2024-02").end.day == 29
    for bad in ("2026-13", "Q3", "2026-Q5", ""):
        with pytest.raises(PeriodError):
            Period.parse(bad)


def test_sum_up_adds_children_to_parents() -> None:
    # 0 province; 1, 2 communes; 3, 4 villages of 1; 5 village of 2
    parents = np.array([-1, 0, 0, 1, 1, 2], dtype=np.int32)
    levels = np.array([1, 3, 3, 4, 4, 4], dtype=np.int8)
    own = np.array([0, 1, 0, 2, 3, 4], dtype=np.float64)
    assert list(sum_up(own, parents, levels)) == [10, 6, 4, 2, 3, 4]


@st.composite
def field_data(draw: st.DrawFn) -> dict[str, Any]:
    """A small random two-commune dataset with villages, teams, members, households, visits."""
    villages = [(c, n) for c in COMMUNES for n in range(draw(st.integers(1, 3)))]
    teams, members, households, residents, visits = [], [], [], [], []
    for v, (commune, n) in enumerate(villages):
        code = f"{commune}.{n + 1:03d}"
        if draw(st.booleans()):
            teams.append(Team(f"T{v}", f"Tổ {v}", "village", code))
            for m in range(draw(st.integers(1, 4))):
                left = draw(st.sampled_from([None, dt.date(2026, 8, 1), dt.date(2026, 12, 1)]))
                members.append(Member(f"M{v}-{m}", "Thành Viên", teams=(f"T{v}",), left=left))
        for h in range(draw(st.integers(0, 6))):
            mine = [m.code for m in members if m.teams == (f"T{v}",)]
            member = draw(st.sampled_from([None, *mine]))
            key = f"H{v}-{h}"
            households.append(
                Household(key, "Chủ Hộ", draw(st.integers(1, 8)), code, member=member)
            )
            if draw(st.booleans()):
                levels = {s: draw(st.integers(0, 4)) for s in SKILLS}
                residents.append(Resident(f"R{v}-{h}", key, skill_levels=levels))
            if member and draw(st.booleans()):
                day = draw(st.dates(dt.date(2026, 6, 1), dt.date(2026, 10, 31)))
                skill = draw(st.sampled_from(SKILLS))
                visits.append(
                    Visit(
                        Visit.natural_key(day, member, key, "door_to_door", skill, None),
                        day,
                        member,
                        "door_to_door",
                        household=key,
                        skill=skill,
                        outcome=draw(st.integers(0, 4)),
                        persons=draw(st.integers(1, 3)),
                    )
                )
    return {
        "villages": villages,
        "teams": teams,
        "members": members,
        "households": households,
        "residents": residents,
        "visits": visits,
    }


def write_store(path: Path, data: dict[str, Any]) -> Any:
    store = open_store(path)
    with store.transaction():
        for commune, n in data["villages"]:
            store.put_village(f"{commune}.{n + 1:03d}", f"Bản {n + 1}", "bản", commune, None)
        for kind in ("teams", "members", "households", "residents", "visits"):
            for record in data[kind]:
                store.put(kind, record, "test")
    return store


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=field_data())
def test_parents_equal_the_sum_of_children(
    tmp_path_factory: Any, data: dict[str, Any], cnscd_host: PluginHost
) -> None:
    store = write_store(tmp_path_factory.mktemp("s") / "s.sqlite", data)
    if not data["households"] and not data["teams"]:
        with pytest.raises(NoDataError):
            build_report(store, "14", Q3, host=cnscd_host, findings=False)
        return
    report = build_report(store, "14", Q3, host=cnscd_host, findings=False)
    indicators = {i.code: i for i in cnscd_host.indicators}
    for _depth, node in report.root.walk():
        if not node.children:
            continue
        for code, value in node.indicators.items():
            definition = indicators[code]
            parts = [c.indicators[code] for c in node.children if code in c.indicators]
            if definition.denominator:
                assert value.numerator == sum(p.numerator or 0 for p in parts)
                assert value.denominator == sum(p.denominator or 0 for p in parts)
                expected = value.numerator / value.denominator if value.denominator else None
                assert value.value == expected  # recomputed, never averaged
            else:
                assert value.value == sum(p.value or 0 for p in parts), code
    top = report.root.indicators
    assert top["households"].value == len(data["households"])
    end = Q3.end
    active = [m for m in data["members"] if m.left is None or m.left > end]
    assert top["members"].value == len(active)
    in_q3 = [v for v in data["visits"] if Q3.start <= v.date <= end]
    assert top["visits"].value == len(in_q3)
    assert top["persons_guided"].value == sum(v.persons for v in in_q3)
    # all five from resident records is exact: one person with every skill at level >= 3
    exact = {r.household for r in data["residents"] if all(r.skill_levels[s] >= 3 for s in SKILLS)}
    assert top["households_all_five"].value >= len(exact)
    assert Report.from_json(report.as_json()).as_json() == report.as_json()


def test_unknown_unit_and_empty_store(tmp_path: Path, cnscd_host: PluginHost) -> None:
    from cnscd_core.errors import UnknownUnitError

    store = open_store(tmp_path / "s.sqlite")
    with pytest.raises(UnknownUnitError):
        build_report(store, "99999", Q3, host=cnscd_host)
    with pytest.raises(NoDataError, match="14"):
        build_report(store, "14", Q3, host=cnscd_host)


def test_upper_bound_note_and_same_person_rule(tmp_path: Path, cnscd_host: PluginHost) -> None:
    store = open_store(tmp_path / "s.sqlite")
    day = dt.date(2026, 8, 1)
    with store.transaction():
        store.put_village("03856.001", "Bản Một", "bản", "03856", None)
        store.put("teams", Team("T1", "Tổ 1", "village", "03856.001"), "t")
        store.put("members", Member("M1", "A B", teams=("T1",)), "t")
        # H1: five skills split over two residents -> not all five
        store.put("households", Household("H1", "X", 3, "03856.001", member="M1"), "t")
        store.put("residents", Resident("R1", "H1", skill_levels=dict.fromkeys(SKILLS[:3], 3)), "t")
        store.put("residents", Resident("R2", "H1", skill_levels=dict.fromkeys(SKILLS[3:], 4)), "t")
        # H2: household-level visit records for all five -> counted, as an upper bound
        store.put("households", Household("H2", "Y", 2, "03856.001", member="M1"), "t")
        for skill in SKILLS:
            store.put(
                "visits",
                Visit(
                    Visit.natural_key(day, "M1", "H2", "door_to_door", skill, None),
                    day,
                    "M1",
                    "door_to_door",
                    household="H2",
                    skill=skill,
                    outcome=3,
                ),
                "t",
            )
    report = build_report(store, "03856", Q3, host=cnscd_host, findings=False)
    top = report.root.indicators
    assert top["households_all_five"].value == 1
    assert top["households_skill_1"].value == 2 and top["households_skill_5"].value == 2
    assert any("upper bound" in n or "cận trên" in n for n in report.notes)
    assert top["households_all_five_rate"].value == 0.5
    before = build_report(store, "03856", Period.parse("2026-Q2"), host=cnscd_host, findings=False)
    assert before.root.indicators["households_skill_5"].value == 1  # visits came later
    village = report.root.children
    assert [c.code for c in village] == ["03856.001"] and village[0].level == Level.VILLAGE.label


def test_village_counts(tmp_path: Path, cnscd_host: PluginHost) -> None:
    units = UnitRegistry.load()
    store = open_store(tmp_path / "s.sqlite")
    with store.transaction():
        for n in (1, 2, 3):
            store.put_village(f"03856.00{n}", f"Bản {n}", "bản", "03856", None)
        store.put("teams", Team("T1", "Tổ 1", "village", "03856.001"), "t")
        store.put(
            "teams", Team("T2", "Tổ 2", "village", "03856.002", dissolved=dt.date(2026, 8, 1)), "t"
        )
        store.put("teams", Team("TX", "Tổ xã", "commune", "03856"), "t")
    report = build_report(store, "03856", Q3, host=cnscd_host, findings=False)
    top = report.root.indicators
    assert top["villages"].value == 3 and top["villages_with_team"].value == 1
    assert top["teams"].value == 2
    assert round(top["villages_with_team_rate"].value or 0, 4) == round(1 / 3, 4)
    del units
