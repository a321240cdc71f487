"""Merging reports sent up from lower units."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from cnscd_core.plugins import PluginHost
from cnscd_core.rollup import MergeError, Period, Report, build_report, merge_reports
from cnscd_core.rollup._report import IndicatorValue, UnitReport
from cnscd_core.units import default_registry
from tests.rollup.test_rollup import COMMUNES, Q3, field_data, write_store


def only(data: dict[str, Any], commune: str) -> dict[str, Any]:
    """The part of a dataset that lies in one commune."""
    houses = {h.code for h in data["households"] if h.unit.startswith(commune)}
    teams = {t.code for t in data["teams"] if t.unit.startswith(commune)}
    members = {m.code for m in data["members"] if set(m.teams) & teams}
    return {
        "villages": [v for v in data["villages"] if v[0] == commune],
        "teams": [t for t in data["teams"] if t.code in teams],
        "members": [m for m in data["members"] if m.code in members],
        "households": [h for h in data["households"] if h.code in houses],
        "residents": [r for r in data["residents"] if r.household in houses],
        "visits": [v for v in data["visits"] if v.household in houses],
    }


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(data=field_data())
def test_merging_equals_rolling_up_the_union(
    tmp_path_factory: Any, data: dict[str, Any], cnscd_host: PluginHost
) -> None:
    parts = [only(data, c) for c in COMMUNES]
    if any(not p["households"] and not p["teams"] and not p["members"] for p in parts):
        return  # a commune with nothing has no report to send
    folder = tmp_path_factory.mktemp("m")
    union = build_report(
        write_store(folder / "all.sqlite", data), "14", Q3, host=cnscd_host, findings=False
    )
    sent = []
    for n, (commune, part) in enumerate(zip(COMMUNES, parts, strict=True)):
        report = build_report(
            write_store(folder / f"{n}.sqlite", part), commune, Q3, host=cnscd_host, findings=False
        )
        sent.append(Report.from_json(report.as_json()))  # as a file would carry it
    merged = merge_reports(sent, host=cnscd_host)
    assert merged.root.code == "14"
    for code, value in merged.root.indicators.items():
        expected = union.root.indicators[code]
        assert value.value == pytest.approx(expected.value), code
        assert value.numerator == expected.numerator and value.denominator == expected.denominator
    assert any("2 " in note for note in merged.notes)  # only 2 of the communes reported


def _report(code: str, period: str, households: int, all_five: int) -> Report:
    units = default_registry()
    unit_set = units.legacy if Period.parse(period).start < dt.date(2025, 7, 1) else units.current
    idx = unit_set.index(code)
    return Report(
        root=UnitReport(
            code=code,
            name=unit_set.name(idx),
            level=unit_set.level(idx).label,
            indicators={
                "households": IndicatorValue(households),
                "households_all_five": IndicatorValue(all_five),
                "households_all_five_rate": IndicatorValue(
                    all_five / households, all_five, households
                ),
            },
        ),
        period=Period.parse(period),
    )


def test_ratios_are_recomputed_not_averaged(cnscd_host: PluginHost) -> None:
    merged = merge_reports(
        [_report("03856", "2026-Q3", 100, 90), _report("03754", "2026-Q3", 900, 90)],
        host=cnscd_host,
    )
    rate = merged.root.indicators["households_all_five_rate"]
    assert rate.value == pytest.approx(180 / 1000)  # not (0.9 + 0.1) / 2
    assert (rate.numerator, rate.denominator) == (180, 1000)


def test_refused_merges(cnscd_host: PluginHost) -> None:
    a = _report("03856", "2026-Q3", 10, 1)
    with pytest.raises(MergeError, match="2026-Q2"):
        merge_reports([a, _report("03754", "2026-Q2", 10, 1)], host=cnscd_host)
    with pytest.raises(MergeError, match="03856"):
        merge_reports([a, _report("03856", "2026-Q3", 10, 1)], host=cnscd_host)
    with pytest.raises(MergeError, match="14"):
        merge_reports([a, _report("14", "2026-Q3", 10, 1)], host=cnscd_host)
    with pytest.raises(MergeError):
        merge_reports([], host=cnscd_host)


def test_provinces_merge_into_the_nation(cnscd_host: PluginHost) -> None:
    merged = merge_reports(
        [_report("14", "2026", 10, 1), _report("38", "2026", 30, 3)], host=cnscd_host
    )
    assert merged.root.code == "VN" and merged.root.level == "nation"
    assert merged.root.indicators["households"].value == 40


def test_legacy_reports_become_one_2025_series(cnscd_host: PluginHost) -> None:
    # Before the reform: the communes that formed Xã Bắc Yên reported separately.
    units = default_registry()
    legacy = [
        units.legacy.get(c)
        for c, targets in units._commune_mapping.items()
        if [t for t, _d in targets] == ["03856"]
    ]
    assert len(legacy) >= 2
    sent = [_report(u.code, "2025-Q1", 100 * (n + 1), 10 * (n + 1)) for n, u in enumerate(legacy)]
    merged = merge_reports(sent, host=cnscd_host)
    (commune,) = merged.root.children
    assert commune.code == "03856"
    total = sum(100 * (n + 1) for n in range(len(legacy)))
    assert commune.indicators["households"].value == total
    assert merged.root.code == "14"
    assert any("03856" in note for note in merged.notes)


def test_report_merge_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from cnscd_core.cli import main

    paths = []
    for code, n in (("03856", 100), ("03754", 300)):
        path = tmp_path / f"{code}.json"
        path.write_text(json.dumps(_report(code, "2026-Q3", n, n // 2).as_json()), encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "son-la.json"
    assert main(["report", "merge", *paths, "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["unit"]["code"] == "14" and summary["merged"] == ["03856", "03754"]
    merged = json.loads(out.read_text(encoding="utf-8"))
    assert merged["indicators"]["households"]["value"] == 400
    rate = merged["indicators"]["households_all_five_rate"]
    assert (rate["numerator"], rate["denominator"]) == (200, 400)
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["report", "merge", str(bad), "--out", str(tmp_path / "x.json")]) == 2
    assert "bad.json" in capsys.readouterr().err
