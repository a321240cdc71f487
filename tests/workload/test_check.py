"""The workload check: team rules of the province's preset, members' loads, unassigned homes."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.catalog import ProvinceProfile, Text
from cnscd_core.errors import CnscdError, UnknownUnitError
from cnscd_core.i18n import set_language
from cnscd_core.plugins import PluginHost, hookimpl
from cnscd_core.serialization import default_converter
from cnscd_core.store import SQLiteStore
from cnscd_core.units import UnitRegistry
from cnscd_core.workload import (
    FINDING_CODES,
    WorkloadReport,
    check_workload,
    propose_assignment,
)
from cnscd_core.workload._scope import member_loads

from .conftest import (
    AS_OF,
    COMMUNE,
    SON_LA_COMMUNE,
    household,
    member,
    scenario_store,
    scenarios,
    team,
)

MakeStore = Callable[..., SQLiteStore]


def _codes(report: WorkloadReport) -> list[tuple[str, str]]:
    return [(f.code, f.subject) for f in report.findings]


def test_a_ward_against_the_national_preset(
    make_store: MakeStore, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    q1, q2, q3, q4 = quarters
    store = make_store(
        [
            team("T-W", COMMUNE, "commune", leader="W1"),
            team("T-1", q1, leader="A1"),
            team("T-2", q2),  # no leader
            team("T-3", q3, leader="C1"),  # its leader left
        ],
        [
            *(member(f"W{n}", "T-W") for n in range(1, 5)),
            *(member(f"A{n}", "T-1") for n in range(1, 11)),  # ten: too many
            member("B1", "T-2"),
            member("B2", "T-2"),  # two: too few
            member("C1", "T-3", left=AS_OF),
            *(member(f"C{n}", "T-3") for n in range(2, 6)),
        ],
        [
            *(household(f"H{n:02d}", q1, "A1") for n in range(5)),  # A1 carries 5
            *(household(f"H{n:02d}", q1, f"A{n - 3}") for n in range(5, 12)),  # A2..A8 one each
            household("H12", q2),
            household("H13", q2, "C1"),  # its member left
            *(household(f"H{n:02d}", q3, f"C{n - 12}") for n in range(14, 18)),  # C2..C5
            *(household(f"H{n:02d}", q4, f"W{n - 17}") for n in range(18, 22)),  # W1..W4
        ],
    )
    report = check_workload(store, COMMUNE, "national", registry, capacity=4, as_of=AS_OF)
    assert report.preset == "national" and report.capacity == 4
    assert _codes(report) == [
        ("village_without_team", q4),
        ("team_too_small", "T-2"),
        ("team_too_large", "T-1"),
        ("team_without_leader", "T-2"),
        ("team_without_leader", "T-3"),
        ("member_overloaded", "A1"),
        ("member_idle", "A10"),
        ("member_idle", "A9"),
        ("member_idle", "B1"),
        ("member_idle", "B2"),
        ("household_unassigned", q2),
    ]
    by_code = {f.code: f for f in report.findings}
    assert by_code["village_without_team"].severity == "warning"  # national sets no number
    assert by_code["team_too_small"].value == 2 and by_code["team_too_small"].limit == 4
    assert by_code["team_too_large"].value == 10 and by_code["team_too_large"].limit == 9
    assert by_code["member_overloaded"].value == 5 and by_code["member_overloaded"].unit == q1
    assert by_code["household_unassigned"].value == 2
    summary = report.summary
    assert (summary.teams_checked, summary.villages_checked) == (4, 4)
    assert (summary.households, summary.households_unassigned) == (22, 2)
    assert (summary.members_overloaded, summary.members_idle) == (1, 4)
    assert summary.members_checked == 4 + 10 + 2 + 4
    assert not report.ok


def test_presets_by_level_and_province(
    make_store: MakeStore, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    q1 = quarters[0]
    store = make_store(
        [team("T-W", COMMUNE, "commune", leader="W01"), team("T-1", q1, leader="A1")],
        [
            *(member(f"W{n:02d}", "T-W") for n in range(1, 12)),  # 11 in the ward team
            *(member(f"A{n}", "T-1") for n in range(1, 7)),  # 6 in the quarter team
        ],
    )
    tuyen_quang = check_workload(store, COMMUNE, "tuyen-quang-2025", registry, as_of=AS_OF)
    large = {(f.subject, f.limit) for f in tuyen_quang.findings if f.code == "team_too_large"}
    assert large == {("T-W", 10), ("T-1", 5)}
    # Bình Dương plan 6037: at least one team in every quarter, an error when missing.
    binh_duong = check_workload(store, COMMUNE, "binh-duong-6037", registry, as_of=AS_OF)
    assert binh_duong.capacity == 220
    missing = [f for f in binh_duong.findings if f.code == "village_without_team"]
    assert {f.subject for f in missing} == set(quarters[1:])
    assert {f.severity for f in missing} == {"error"}


def test_the_province_profile_chooses_the_preset(
    make_store: MakeStore,
    registry: UnitRegistry,
    hamlets: tuple[str, ...],
    cnscd_host: PluginHost,
    cnscd_register_plugin: Callable[..., str],
) -> None:
    store = make_store([team("T-1", hamlets[0], leader="A1")], [member("A1", "T-1")])
    assert check_workload(store, SON_LA_COMMUNE, units=registry, host=cnscd_host).preset == (
        "national"
    )

    class SonLa:
        @hookimpl
        def cnscd_register_province_profiles(self, registry: Any) -> None:
            registry.add_province_profile(
                ProvinceProfile(
                    code="test-son-la",
                    name=Text(vi="Thử", en="Test"),
                    province="14",
                    team_rules="btttt-793",
                )
            )

    cnscd_register_plugin(SonLa(), name="test-son-la")
    report = check_workload(store, hamlets[0], units=registry, host=cnscd_host, as_of=AS_OF)
    assert report.preset == "btttt-793"
    assert ("team_too_small", "T-1") in _codes(report)  # 793: leader plus at least 2
    # A preset named by the caller wins over the profile.
    named = check_workload(store, hamlets[0], "national", registry, host=cnscd_host)
    assert named.preset == "national"


def test_a_clean_unit_has_no_finding(
    make_store: MakeStore, registry: UnitRegistry, hamlets: tuple[str, ...]
) -> None:
    store = make_store(
        [team("T-1", hamlets[0]), team("T-2", hamlets[1], leader="B1")],
        [
            member("A1", "T-1", position="leader"),  # the leader by position
            *(member(f"A{n}", "T-1") for n in range(2, 5)),
            *(member(f"B{n}", "T-2") for n in range(1, 5)),
        ],
        [
            *(household(f"H{n}", hamlets[0], f"A{n}") for n in range(1, 5)),
            *(household(f"K{n}", hamlets[1], f"B{n}") for n in range(1, 5)),
        ],
    )
    report = check_workload(store, SON_LA_COMMUNE, "national", registry, as_of=AS_OF)
    assert report.ok and report.findings == ()
    assert report.summary.teams_checked == 2 and report.summary.households == 8


def test_bad_input(make_store: MakeStore, registry: UnitRegistry) -> None:
    store = make_store()
    with pytest.raises(UnknownUnitError, match="99999"):
        check_workload(store, "99999", "national", registry)
    with pytest.raises(CnscdError, match="no-such-preset"):
        check_workload(store, COMMUNE, "no-such-preset", registry)
    with pytest.raises(CnscdError, match="-3"):
        check_workload(store, COMMUNE, "national", registry, capacity=-3)


def test_messages_follow_the_language_and_hold_no_personal_data(
    make_store: MakeStore, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    store = make_store(
        [team("T-1", quarters[0])],
        [member("M1", "T-1")],
        [household("H1", quarters[0], "M1"), household("H2", quarters[0], "M1")],
    )
    set_language("en")
    report = check_workload(store, COMMUNE, "national", registry, capacity=1, as_of=AS_OF)
    messages = {f.code: f.message for f in report.findings}
    assert messages["member_overloaded"] == (
        "the member M1 carries 2 households; expected at most 1"
    )
    plan = propose_assignment(store, COMMUNE, 1, units=registry, as_of=AS_OF)
    text = json.dumps(default_converter().unstructure([report, plan]), ensure_ascii=False)
    for personal in ("Nguyễn", "Trần", "0912345678", "0987654321"):
        assert personal not in text


@given(data=st.data())
def test_the_summary_adds_up(
    data: st.DataObject, registry: UnitRegistry, quarters: tuple[str, ...]
) -> None:
    scenario = data.draw(scenarios(quarters))
    folder, store = scenario_store(scenario, registry)
    with folder, store:
        report = check_workload(
            store, COMMUNE, "national", registry, capacity=scenario.capacity, as_of=AS_OF
        )
        plan = propose_assignment(store, COMMUNE, scenario.capacity, units=registry, as_of=AS_OF)
        # Loads from the households' member column equal the members' households column.
        members = store.columns("members", units=registry.current)
        households = store.columns("households", units=registry.current)
        assert (
            member_loads(households["member"].astype(np.int64), len(members)).tolist()
            == members["households"].tolist()
        )
    found = Counter(f.code for f in report.findings)
    summary = report.summary
    assert summary.villages_without_team == found["village_without_team"]
    assert summary.teams_under_size == found["team_too_small"]
    assert summary.teams_over_size == found["team_too_large"]
    assert summary.teams_without_leader == found["team_without_leader"]
    assert summary.members_overloaded == found["member_overloaded"]
    assert summary.members_idle == found["member_idle"]
    unassigned = sum(f.value or 0 for f in report.findings if f.code == "household_unassigned")
    assert summary.households_unassigned == unassigned
    # The check and the plan agree on what needs a member.
    assert unassigned == plan.totals.unassigned + plan.totals.member_left
    assert summary.households == plan.totals.households
    # Findings come in the documented order.
    order = [FINDING_CODES.index(f.code) for f in report.findings]
    assert order == sorted(order)
    assert report.ok == (not report.findings)
