"""The seven core rules, one example each (found and not found), through ``check_unit``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from cnscd_core.errors import UnknownUnitError
from cnscd_core.field import Training
from cnscd_core.i18n import set_language
from cnscd_core.plugins import PluginHost
from cnscd_core.rollup import Finding, Period, PeriodError
from cnscd_core.store import SQLiteStore
from cnscd_core.validation import check_unit, default_period, run_checks
from cnscd_core.validation.default_rules import CORE_RULES

from .helpers import (
    BEFORE_PERIOD,
    HOUSE_PHONE,
    IN_PERIOD,
    PERIOD,
    PERSON,
    PHONE,
    SON_LA_WARD,
    VILLAGES,
    WARD,
    full_team,
    household,
    member,
    team,
    visit,
)

MakeStore = Callable[..., SQLiteStore]
CORE_CODES = [
    "village_without_team",
    "team_size",
    "team_without_leader",
    "member_overloaded",
    "household_unassigned",
    "member_untrained",
    "team_without_visits",
]


def of(findings: list[Finding] | tuple[Finding, ...], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def clean_hamlet(make_store: MakeStore) -> SQLiteStore:
    """Hamlet 1 of the Sơn La ward: a full, trained team that visited its households."""
    hamlet = VILLAGES[SON_LA_WARD][0]
    t, members = full_team("T-1", hamlet)
    homes = [household(f"H{n}", hamlet, m.code) for n, m in enumerate(members)]
    return make_store([t], members, homes, [visit(members[0].code, "H0")])


def test_the_default_plugin_registers_the_seven_rules(host: PluginHost) -> None:
    assert host.validation_rules.names() == CORE_CODES
    assert [r.code for r in CORE_RULES] == CORE_CODES
    assert {host.validation_rules.owner_of(c) for c in CORE_CODES} == {"default_rules"}
    for rule in host.validation_rules:
        assert rule.name.vi and rule.name.en and rule.description is not None


def test_a_clean_hamlet_has_no_finding(make_store: MakeStore, host: PluginHost) -> None:
    store = clean_hamlet(make_store)
    report = check_unit(store, VILLAGES[SON_LA_WARD][0], PERIOD, host=host)
    assert report.findings == () and report.ok
    assert report.rules == tuple(CORE_CODES) and report.unchecked == ()
    assert report.period == Period.parse(PERIOD) and report.as_of == dt.date(2026, 9, 30)


def test_village_without_team(make_store: MakeStore, host: PluginHost, bd_host: PluginHost) -> None:
    quarters = VILLAGES[WARD]
    teams, members = [], []
    for n, quarter in enumerate(quarters[:3]):
        t, ms = full_team(f"T{n}", quarter)
        teams.append(t)
        members += ms
    store = make_store(teams, members)
    # Bình Dương plan 6037 asks for a team in every quarter: an error.
    [found] = of(run_checks(store, WARD, PERIOD, host=bd_host), "village_without_team")
    assert (found.unit, found.subject, found.severity) == (quarters[3], quarters[3], "error")
    assert "binh-duong-6037" in found.message


def test_village_without_team_is_a_warning_under_the_national_preset(
    make_store: MakeStore, host: PluginHost
) -> None:
    hamlets = VILLAGES[SON_LA_WARD]
    t, members = full_team("T-1", hamlets[0])
    store = make_store([t], members)
    [found] = of(run_checks(store, SON_LA_WARD, PERIOD, host=host), "village_without_team")
    assert found.unit == hamlets[1] and found.severity == "warning"


def test_team_size_under_and_over(make_store: MakeStore, host: PluginHost) -> None:
    hamlets = VILLAGES[SON_LA_WARD]
    small, small_members = full_team("T-small", hamlets[0], size=2)
    large, large_members = full_team("T-large", hamlets[1], size=10)
    store = make_store([small, large], small_members + large_members)
    found = of(run_checks(store, SON_LA_WARD, PERIOD, host=host), "team_size")
    assert [(f.subject, f.unit, f.severity) for f in found] == [
        ("T-small", hamlets[0], "error"),
        ("T-large", hamlets[1], "error"),
    ]
    # Members who left do not count.
    left = [member("T-x-1", "T-x", left=dt.date(2026, 6, 1)), *full_team("T-x", hamlets[0])[1]]
    store = make_store([team("T-x", hamlets[0], leader="T-x-2")], left[:4])
    [under] = of(run_checks(store, SON_LA_WARD, PERIOD, host=host), "team_size")
    assert under.subject == "T-x"


def test_team_without_leader(make_store: MakeStore, host: PluginHost) -> None:
    hamlet = VILLAGES[SON_LA_WARD][0]
    members = [member(f"M{n}", "T-1") for n in range(4)]
    store = make_store([team("T-1", hamlet)], members)
    [found] = of(run_checks(store, hamlet, PERIOD, host=host), "team_without_leader")
    assert found.subject == "T-1" and found.severity == "error"
    # A member holding the leader position is enough.
    members[0] = member("M0", "T-1", position="leader")
    store = make_store([team("T-1", hamlet)], members)
    assert of(run_checks(store, hamlet, PERIOD, host=host), "team_without_leader") == []


def test_member_over_capacity(make_store: MakeStore, host: PluginHost) -> None:
    hamlet = VILLAGES[SON_LA_WARD][0]
    t, members = full_team("T-1", hamlet)
    homes = [household(f"H{n:03d}", hamlet, "T-1-2") for n in range(221)]
    store = make_store([t], members, homes)
    [found] = of(run_checks(store, hamlet, PERIOD, host=host), "member_overloaded")
    assert found.subject == "T-1-2" and found.unit == hamlet and found.severity == "warning"
    assert "221" in found.message and "220" in found.message


def test_household_unassigned(make_store: MakeStore, host: PluginHost) -> None:
    hamlet = VILLAGES[SON_LA_WARD][0]
    t, members = full_team("T-1", hamlet)
    homes = [
        household("H1", hamlet, "T-1-1"),
        household("H2", hamlet),
        household("H3", hamlet),
        household("H4", hamlet, "gone"),
    ]
    gone = member("gone", "T-1", left=dt.date(2026, 5, 1))
    store = make_store([t], [*members, gone], homes)
    [found] = of(run_checks(store, hamlet, PERIOD, host=host), "household_unassigned")
    assert (found.unit, found.subject, found.severity) == (hamlet, hamlet, "warning")
    assert "3" in found.message


def test_member_without_training(make_store: MakeStore, host: PluginHost) -> None:
    hamlet = VILLAGES[SON_LA_WARD][0]
    t, members = full_team("T-1", hamlet)
    members[1] = member("T-1-2", "T-1", trained=False)
    # A training after the end of the period does not count yet.
    late = (Training(course="MOOCs", date=dt.date(2026, 10, 2)),)
    members[2] = member("T-1-3", "T-1", trainings=late)
    store = make_store([t], members, [], [visit("T-1-1", None)])
    found = of(run_checks(store, hamlet, PERIOD, host=host), "member_untrained")
    assert [(f.subject, f.unit, f.severity) for f in found] == [
        ("T-1-2", hamlet, "warning"),
        ("T-1-3", hamlet, "warning"),
    ]
    assert all("T-1" in f.message for f in found)
    assert of(run_checks(store, hamlet, "2026-Q4", host=host), "member_untrained")[0].subject == (
        "T-1-2"
    )


def test_team_with_no_visits(make_store: MakeStore, host: PluginHost) -> None:
    hamlets = VILLAGES[SON_LA_WARD]
    t1, m1 = full_team("T-1", hamlets[0])
    t2, m2 = full_team("T-2", hamlets[1])
    commune_team = team("T-ward", SON_LA_WARD, level="commune", leader="T-1-1")
    # T-1-1 also sits in the ward team: her visit counts for both teams.
    m1[0] = member("T-1-1", "T-1", "T-ward")
    visits = [visit("T-1-1", None), visit("T-2-1", None, day=BEFORE_PERIOD)]
    store = make_store([t1, t2, commune_team], m1 + m2, [], visits)
    found = of(run_checks(store, SON_LA_WARD, PERIOD, host=host), "team_without_visits")
    assert [(f.subject, f.unit) for f in found] == [("T-2", hamlets[1])]
    assert PERIOD in found[0].message
    # In the first quarter, T-2's visit counts and T-1's does not.
    found = of(run_checks(store, SON_LA_WARD, "2026-Q1", host=host), "team_without_visits")
    assert [f.subject for f in found] == ["T-1", "T-ward"]


def test_dissolved_teams_are_not_checked(make_store: MakeStore, host: PluginHost) -> None:
    hamlet = VILLAGES[SON_LA_WARD][0]
    old = team("T-old", hamlet, dissolved=dt.date(2026, 1, 1))
    t, members = full_team("T-1", hamlet)
    store = make_store([old, t], members, [], [visit("T-1-1", None)])
    assert [f.subject for f in run_checks(store, hamlet, PERIOD, host=host)] == []


def test_findings_name_codes_never_people(make_store: MakeStore, host: PluginHost) -> None:
    hamlets = VILLAGES[SON_LA_WARD]
    members = [member(f"M{n}", "T-1", trained=False) for n in range(2)]
    homes = [household(f"H{n:03d}", hamlets[0], "M0") for n in range(221)]
    store = make_store([team("T-1", hamlets[0])], members, [*homes, household("X", hamlets[1])])
    findings = run_checks(store, SON_LA_WARD, PERIOD, host=host)
    assert {f.rule for f in findings} == set(CORE_CODES)  # every rule found something
    for f in findings:
        text = repr(f) + f.message
        assert PERSON not in text and PHONE not in text and HOUSE_PHONE not in text


def test_messages_follow_the_language(make_store: MakeStore, host: PluginHost) -> None:
    hamlet = VILLAGES[SON_LA_WARD][0]
    store = make_store([team("T-1", hamlet)], [member("M0", "T-1", trained=False)])
    set_language("en")
    messages = {f.rule: f.message for f in run_checks(store, hamlet, PERIOD, host=host)}
    assert messages["team_without_leader"].startswith("the team T-1 has no active leader")
    assert messages["team_without_visits"] == "the team T-1 recorded no guidance visit in 2026-Q3"
    assert messages["member_untrained"] == (
        "the member M0 of the team T-1 has no training recorded by September 30, 2026"
    )
    set_language("vi")
    vi = {f.rule: f.message for f in run_checks(store, hamlet, PERIOD, host=host)}
    assert vi["team_without_leader"].startswith("tổ T-1")


def test_periods_and_bad_input(make_store: MakeStore, host: PluginHost) -> None:
    store = clean_hamlet(make_store)
    hamlet = VILLAGES[SON_LA_WARD][0]
    by_label = run_checks(store, hamlet, PERIOD, host=host)
    assert by_label == run_checks(store, hamlet, Period.parse(PERIOD), host=host)
    # Without a period: today, and visits of the current quarter.
    report = check_unit(store, hamlet, host=host)
    assert report.as_of == dt.date.today() and report.period == default_period()
    assert default_period(IN_PERIOD) == Period.parse(PERIOD)
    with pytest.raises(PeriodError):
        run_checks(store, hamlet, "2026-Q5", host=host)
    with pytest.raises(UnknownUnitError):
        run_checks(store, "99999", PERIOD, host=host)


def test_a_unit_set_is_accepted_as_units(make_store: MakeStore, host: PluginHost) -> None:
    store = clean_hamlet(make_store)
    hamlet = VILLAGES[SON_LA_WARD][0]
    unit_set = store.unit_registry().current
    assert run_checks(store, hamlet, PERIOD, host=host, units=unit_set) == []
    assert run_checks(store, SON_LA_WARD, PERIOD, host=host, units=store.unit_registry())
