"""``evaluate``: communes and teams scored from a report, classes, ranks, honours, notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import pytest

from cnscd_core.evaluation import (
    DEFAULT_CRITERIA,
    EvaluationError,
    UnknownCriteriaError,
    criteria_for_unit,
    evaluate,
    get_criteria,
)
from cnscd_core.field import Team
from cnscd_core.i18n import set_language
from cnscd_core.plugins import PluginHost
from cnscd_core.rollup import IndicatorValue, Period, PeriodError, Report, UnitReport, build_report
from cnscd_core.store import SQLiteStore

from ..validation.helpers import (
    CITY,
    OTHER_WARD,
    PERIOD,
    PERSON,
    PHONE,
    SON_LA_WARD,
    VILLAGES,
    WARD,
    full_team,
    household,
    team,
    visit,
)

MakeStore = Callable[..., SQLiteStore]

#: National 0.2*1 + 0.2*0.5 + 0.45*(0.4/0.8) + 0.15*(220/440) = 0.6: 60, Khá.
#: Bình Dương 0.2*1 + 0.25*0.5 + 0.4*0.4 + 0.15*0.5 = 0.56: 56, Đạt.
MIDDLE = {
    "villages_with_team_rate": 1.0,
    "households_assigned_rate": 0.5,
    "households_all_five_rate": 0.4,
    "households_per_member": 440.0,
    "teams": 1,
    "members": 4,
    "households": 10,
}
BEST = {
    **MIDDLE,
    "households_assigned_rate": 1.0,
    "households_all_five_rate": 1.0,
    "households_per_member": 100.0,
}
NO_MEMBER = {**MIDDLE, "households_per_member": None, "households_assigned_rate": 0.0}
EMPTY = {"teams": 0, "members": 0, "households": 0}


def node(
    code: str, level: str, values: Mapping[str, float | None], *children: UnitReport
) -> UnitReport:
    return UnitReport(
        code=code,
        name=f"Đơn vị {code}",
        level=level,
        indicators={k: IndicatorValue(v) for k, v in values.items()},
        children=children,
    )


def ward_report() -> Report:
    q = VILLAGES[WARD]
    root = node(
        WARD,
        "commune",
        MIDDLE,
        node(q[0], "village", BEST),
        node(q[1], "village", MIDDLE),
        node(q[2], "village", NO_MEMBER),
        node(q[3], "village", EMPTY),
    )
    return Report(root=root, period=Period.parse(PERIOD), notes=("a note of the report",))


def ward_teams() -> list[Team]:
    q = VILLAGES[WARD]
    return [
        team("T-b", q[0]),
        team("T-a", q[0]),
        team("T-c", q[1]),
        team("T-d", q[2]),
        team("T-ward", WARD, level="commune"),
        team("T-gone", q[1], dissolved=dt.date(2026, 8, 1)),
        team("T-other", VILLAGES[OTHER_WARD][0]),
    ]


def test_the_two_criteria_sets(host: PluginHost, bd_host: PluginHost) -> None:
    report = ward_report()
    national = evaluate(report, WARD, PERIOD, "national-default", host=host, teams=[])
    [commune] = national.communes
    assert (commune.score, commune.class_code, str(commune.class_name)) == (60.0, "fair", "Khá")
    bd = evaluate(report, WARD, PERIOD, "binh-duong-6037", host=bd_host, teams=[])
    [commune] = bd.communes
    assert (commune.score, commune.class_code, str(commune.class_name)) == (56.0, "pass", "Đạt")
    # Without a name: the province's own set where its plugin registered one.
    assert evaluate(report, WARD, PERIOD, host=bd_host, teams=[]).criteria.code == "binh-duong-6037"
    assert evaluate(report, WARD, PERIOD, host=host, teams=[]).criteria.code == DEFAULT_CRITERIA


def test_default_criteria_by_province(host: PluginHost, bd_host: PluginHost) -> None:
    assert criteria_for_unit(WARD, bd_host).code == "binh-duong-6037"
    assert criteria_for_unit(CITY, bd_host).code == "binh-duong-6037"
    assert criteria_for_unit(SON_LA_WARD, bd_host).code == "national-default"
    assert criteria_for_unit(WARD, host).code == "national-default"
    assert criteria_for_unit("not-a-unit", bd_host).code == "national-default"


def test_unknown_criteria_lists_the_known_ones(bd_host: PluginHost) -> None:
    with pytest.raises(UnknownCriteriaError) as caught:
        get_criteria("binh-duong", bd_host)
    assert "binh-duong-6037" in str(caught.value) and "national-default" in str(caught.value)
    assert caught.value.exit_code == 2
    with pytest.raises(UnknownCriteriaError):
        evaluate(ward_report(), WARD, PERIOD, "nope", host=bd_host)


def test_teams_take_their_units_score(host: PluginHost) -> None:
    result = evaluate(ward_report(), WARD, PERIOD, host=host, teams=ward_teams())
    teams = {r.team: r for r in result.teams}
    assert set(teams) == {"T-a", "T-b", "T-c", "T-d", "T-ward"}  # dissolved and outside: no
    assert teams["T-a"].score == teams["T-b"].score == 100.0
    assert teams["T-a"].shared_with == ("T-b",) and teams["T-b"].shared_with == ("T-a",)
    assert teams["T-c"].score == teams["T-ward"].score == result.communes[0].score == 60.0
    assert teams["T-c"].shared_with == ()
    # Ranks: best first, equal scores by team code.
    assert [(r.rank, r.team) for r in result.teams] == [
        (1, "T-a"),
        (2, "T-b"),
        (3, "T-c"),
        (4, "T-ward"),
        (5, "T-d"),
    ]
    assert teams["T-a"].unit == VILLAGES[WARD][0] and teams["T-ward"].level == "commune"
    # Missing values score 0 and are listed.
    assert teams["T-d"].missing == ("households_per_member",)
    assert [c.points for c in teams["T-d"].criteria][-1] == 0
    # Honours: the excellent class.
    assert [(h.team, h.rank) for h in result.honours] == [("T-a", 1), ("T-b", 2)]
    assert "a note of the report" in result.notes
    assert any("T-a, T-b" in n and VILLAGES[WARD][0] in n for n in result.notes)


def test_a_report_without_teams_scores_communes(host: PluginHost) -> None:
    empty = node("00001", "commune", EMPTY)
    busy = node("00002", "commune", BEST)
    root = node("01", "province", MIDDLE, node("00003", "commune", MIDDLE), busy, empty)
    report = Report(root=root, period=Period.parse(PERIOD))
    set_language("en")
    result = evaluate(report, "01", PERIOD, host=host)
    assert [(r.rank, r.unit) for r in result.communes] == [(1, "00002"), (2, "00003")]
    assert result.teams == ()
    assert "1 commune holds no team, member or household: it is not scored" in result.notes
    assert any("No team list" in n for n in result.notes)
    # One commune of the report: the others are not scored.
    assert [r.unit for r in evaluate(report, "00003", PERIOD, host=host).results] == ["00003"]


def test_bad_input(host: PluginHost) -> None:
    report = ward_report()
    with pytest.raises(EvaluationError, match="2026-Q2"):
        evaluate(report, WARD, "2026-Q2", host=host)
    with pytest.raises(EvaluationError, match=OTHER_WARD):
        evaluate(report, OTHER_WARD, PERIOD, host=host)
    with pytest.raises(PeriodError):
        evaluate(report, WARD, "Q3", host=host)


def test_unregistered_indicators_are_noted(host: PluginHost) -> None:
    import attrs

    from cnscd_core.catalog import Criterion

    criteria = get_criteria(DEFAULT_CRITERIA, host)
    odd = attrs.evolve(criteria, code="odd", criteria=(*criteria.criteria, Criterion("zz", 1, 1)))

    class OddCriteria:
        from cnscd_core.plugins import hookimpl

        @hookimpl
        def cnscd_register_evaluation_criteria(self, registry: object) -> None:
            registry.add_criteria_set(odd)  # type: ignore[attr-defined]

    host.register(OddCriteria(), name="odd")
    set_language("en")
    result = evaluate(ward_report(), WARD, PERIOD, "odd", host=host, teams=[])
    assert any("zz" in n and "no plugin registered" in n for n in result.notes)
    assert result.communes[0].missing == ("zz",)


def test_evaluate_a_store(make_store: MakeStore, bd_host: PluginHost) -> None:
    q = VILLAGES[WARD]
    t1, m1 = full_team("T-1", q[0])
    t2, m2 = full_team("T-2", q[1])
    t3, m3 = full_team("T-3", q[1])
    homes = [household(f"H{n}", q[0], "T-1-1", **ALL_FIVE) for n in range(4)]
    homes += [household(f"K{n}", q[1], "T-2-1" if n < 2 else None) for n in range(4)]
    store = make_store([t1, t2, t3], m1 + m2 + m3, homes, [visit("T-1-1", "H1")])
    result = evaluate(store, WARD, PERIOD, host=bd_host)
    assert result.criteria.code == "binh-duong-6037"
    assert [(r.unit, r.kind) for r in result.communes] == [(WARD, "commune")]
    teams = {r.team: r for r in result.teams}
    assert teams["T-1"].rank == 1 and teams["T-1"].class_code == "excellent"
    assert teams["T-2"].score == teams["T-3"].score < teams["T-1"].score
    assert teams["T-2"].shared_with == ("T-3",)
    assert [h.team for h in result.honours] == ["T-1"]
    # The same from the report built by the roll-up.
    report = build_report(store, WARD, PERIOD, host=bd_host)
    again = evaluate(report, WARD, PERIOD, host=bd_host, teams=store.records("teams"))
    assert again.results == result.results
    text = repr(result.as_json())
    assert PERSON not in text and PHONE not in text


#: Every national skill at the "does it alone" level.
ALL_FIVE = {
    "online_public_services": 3,
    "online_shopping": 3,
    "online_payment": 3,
    "cyber_safety": 3,
    "local_digital_platforms": 3,
}


def test_json_shape(host: PluginHost) -> None:
    result = evaluate(ward_report(), WARD, PERIOD, host=host, teams=ward_teams())
    doc = result.as_json()
    assert set(doc) == {"unit", "period", "criteria", "results", "honours", "notes"}
    assert doc["unit"] == {"code": WARD, "name": f"Đơn vị {WARD}", "level": "commune"}
    assert doc["period"] == {"label": PERIOD, "start": "2026-07-01", "end": "2026-09-30"}
    assert doc["criteria"]["code"] == "national-default"
    assert [c["code"] for c in doc["criteria"]["classes"]] == [
        "excellent",
        "good",
        "fair",
        "pass",
        "fail",
    ]
    first = doc["results"][0]
    assert {"unit", "name", "score", "class", "rank", "criteria"} <= set(first)
    assert first["kind"] == "commune" and first["class_name"] == "Khá"
    assert set(first["criteria"][0]) == {
        "indicator",
        "weight",
        "target",
        "higher_is_better",
        "value",
        "achievement",
        "points",
        "missing",
    }
    assert doc["honours"][0] == {
        "kind": "team",
        "unit": VILLAGES[WARD][0],
        "team": "T-a",
        "name": f"Đơn vị {VILLAGES[WARD][0]}",
        "score": 100.0,
        "rank": 1,
    }
