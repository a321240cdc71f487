"""Runs: seeds, ensembles and bands, comparisons, sweeps on executors, reports, pandas."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from cnscd_core.rollup import Report
from cnscd_core.scenarios import (
    Scenario,
    ScenarioError,
    compare,
    run_many,
    scenario,
    simulate,
    sweep,
    vneid_level2_push,
)


@pytest.fixture(scope="module")
def small() -> Scenario:
    return scenario("son-la", weeks=14, scale=0.02)


def test_same_seed_same_numbers_other_seed_other(small: Scenario) -> None:
    a, b = simulate(small, seed=3), simulate(small, seed=3)
    assert np.array_equal(a.values, b.values)
    assert json.dumps(a.to_json()) == json.dumps(b.to_json())
    c = simulate(small, seed=4)
    assert not np.array_equal(a.values, c.values) if a.values.shape == c.values.shape else True
    d = simulate(small, seed=3, run=1)
    assert a.units == d.units  # runs of one seed share the map
    assert not np.array_equal(a.values, d.values)


def test_ensemble_bands_are_ordered(small: Scenario) -> None:
    runs = run_many(small, runs=5, seed=2)
    assert len(runs) == 5
    for code in ("households_all_five_rate", "households", "visits", "members"):
        low, mid, high = runs.band(code)
        assert (low <= mid + 1e-12).all() and (mid <= high + 1e-12).all()
    document = runs.to_json()
    for week in document["weeks"]:
        for item in week["indicators"].values():
            if item["value"] is not None:
                assert item["p10"] <= item["value"] <= item["p90"]
    # Run i of run_many is simulate(seed, run=i).
    assert np.array_equal(runs.results[3].values, simulate(small, seed=2, run=3).values)
    assert "<table>" in runs._repr_html_()


def test_the_rate_rises_and_visits_reach_households(small: Scenario) -> None:
    result = simulate(small, seed=1)
    rate = result.series("households_all_five_rate")
    assert rate[-1] > rate[0]
    assert result.series("households_reached")[-1] > 0
    assert result.series("visits")[0] == 0 and result.series("visits")[1:].min() > 0


def test_runs_on_an_executor_equal_serial_runs(small: Scenario) -> None:
    serial = run_many(small, runs=3, seed=9)
    with ThreadPoolExecutor(max_workers=2) as pool:
        pooled = run_many(small, runs=3, seed=9, executor=pool)
    for a, b in zip(serial, pooled, strict=True):
        assert np.array_equal(a.values, b.values)
    with pytest.raises(ScenarioError):
        run_many(small, runs=2, executor=object())


def test_comparison_pairs_seeds(small: Scenario) -> None:
    same = compare(small, {"same": small}, runs=3, seed=5)
    assert same.difference("same") == {"median": 0.0, "p10": 0.0, "p90": 0.0}
    doubled = small.replace(extra_youth_members=1.0, label="double-youth")
    pushed = small.replace(campaigns=(vneid_level2_push(1, 8),), label="push")
    result = compare(small, {"double": doubled, "push": pushed}, runs=3, seed=5)
    assert (
        result.baseline.population["households"]
        == result.variants["double"].population["households"]
    )
    assert result.variants["double"].population["members"] > result.baseline.population["members"]
    diff = result.difference("double", "members")
    assert diff["p10"] is not None and diff["p10"] > 0
    vneid = result.difference("push", "persons_vneid_level2_rate")
    assert vneid["median"] is not None and vneid["median"] > 0
    assert result.table()
    assert "<table>" in result._repr_html_()


def test_report_of_a_run(small: Scenario) -> None:
    result = simulate(small, seed=1)
    report = result.to_report()
    assert report.simulated and report.period.label == "2026-Q1"
    assert Report.from_json(report.as_json()).as_json() == report.as_json()
    root = report.root.indicators
    assert root["households"].value == result.at("2026-Q1", "households")
    children = report.root.children
    assert sum(c.indicators["households"].value or 0 for c in children) == root["households"].value
    rate = root["households_all_five_rate"]
    assert rate.value == pytest.approx(rate.numerator / rate.denominator)
    months = [p.period.label for p in result.periods("month")]
    assert months[:3] == ["2026-01", "2026-02", "2026-03"]
    assert result.to_report("2026-02").period.label == "2026-02"
    with pytest.raises(ScenarioError):
        result.to_report("2027-Q1")


def test_periods_to_reach(small: Scenario) -> None:
    result = simulate(small, seed=1)
    first = result.series("households_all_five_rate")[0]
    assert result.periods_to_reach("households_all_five_rate", first - 0.01)[0] == 1
    assert np.isnan(result.periods_to_reach("households_all_five_rate", 1.01)[0])


def test_village_detail_and_national_root() -> None:
    villages = simulate(scenario("tay-ninh", weeks=2, scale=0.01, detail="village"), seed=1)
    assert "village" in villages.units.levels
    assert villages.to_report("2026-01").root.children[0].children
    nation = simulate(scenario("national", weeks=2, scale=0.0005, detail="province"), seed=1)
    assert nation.units.codes[0] == "VN" and len(nation.units.codes) == 35


def test_pandas_frame(small: Scenario) -> None:
    frame = simulate(small, seed=1).to_pandas()
    assert len(frame) == small.weeks + 1
    assert {"week", "date", "households_all_five_rate", "visits"} <= set(frame.columns)


def test_plot_needs_matplotlib_or_draws(small: Scenario) -> None:
    result = simulate(small, seed=1)
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        with pytest.raises(ScenarioError):
            result.plot()
        return
    assert result.plot() is not None


def test_sweep_in_this_process(small: Scenario) -> None:
    grid = {"door_visits_per_member_week": [1.0, 8.0]}
    result = sweep(small.replace(weeks=8), grid, runs=2, seed=1, stipend="ha-tinh-119-2023")
    assert [row["door_visits_per_member_week"] for row in result.rows] == [1.0, 8.0]
    low, high = result.rows
    assert high["households_reached_rate"]["median"] > low["households_reached_rate"]["median"]
    assert "cost_per_household_gained" in low
    assert len(result.to_pandas()) == 2
