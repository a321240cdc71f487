"""Costs under the stipend presets, against hand computations."""

from __future__ import annotations

import numpy as np
import pytest

from cnscd_core.catalog import StipendPreset, Text
from cnscd_core.scenarios import (
    CODES,
    RunResult,
    ScenarioError,
    UnitTable,
    costs_json,
    resolve_stipend,
    scenario,
    simulate,
    stipend_cost,
)


def fake_run(scale: float = 0.5) -> RunResult:
    """Four weeks with 10, 12, 8, 10 members, 2 teams, all five 100 -> 150, 300 reached."""
    values = np.zeros((5, len(CODES), 1))
    column = {code: i for i, code in enumerate(CODES)}
    values[:, column["members"], 0] = [10, 10, 12, 8, 10]
    values[:, column["teams"], 0] = 2
    values[:, column["households_all_five"], 0] = [100, 110, 120, 140, 150]
    values[:, column["households_reached"], 0] = [0, 100, 200, 250, 300]
    return RunResult(
        scenario=scenario("son-la", weeks=4),
        seed=0,
        run=0,
        units=UnitTable(("14",), ("Tỉnh Sơn La",), ("province",), (-1,)),
        values=values,
        population={"scale_effective": scale},
    )


def test_the_presets_hold_the_resolutions_figures() -> None:
    bd = resolve_stipend("binh-duong-nq27-2023")
    assert (bd.per_member_per_month, bd.per_person_per_working_day) == (60_000, 150_000)
    ht = resolve_stipend("ha-tinh-119-2023")
    assert (ht.per_team_per_month, ht.per_member_per_month) == (600_000, 0)
    dn = resolve_stipend("da-nang-26-2025")
    assert (dn.per_team_per_month, dn.per_person_per_working_day) == (300_000, 50_000)
    with pytest.raises(ScenarioError):
        resolve_stipend("atlantis")


def test_binh_duong_by_hand() -> None:
    cost = stipend_cost(fake_run(), resolve_stipend("binh-duong-nq27-2023"))
    # 40 member-weeks = 40 * 12 / 52 member-months; 0.5 paid days per member-week = 20 days.
    assert cost.member_months == pytest.approx(40 * 12 / 52)
    assert cost.paid_days == pytest.approx(20)
    total = 60_000 * 40 * 12 / 52 + 150_000 * 20
    assert cost.total == pytest.approx(total)
    assert cost.total_full_scale == pytest.approx(total / 0.5)
    assert cost.households_gained == 50 and cost.households_reached == 300
    assert cost.per_household_gained == pytest.approx(total / 50)
    assert cost.per_household_reached == pytest.approx(total / 300)


def test_ha_tinh_and_da_nang_by_hand() -> None:
    ht = stipend_cost(fake_run(), resolve_stipend("ha-tinh-119-2023"))
    assert ht.team_months == pytest.approx(8 * 12 / 52)
    assert ht.total == pytest.approx(600_000 * 8 * 12 / 52)
    dn = stipend_cost(fake_run(), resolve_stipend("da-nang-26-2025"))
    assert dn.total == pytest.approx(300_000 * 8 * 12 / 52 + 50_000 * 20)
    assert dn.as_json()["total_vnd"] == round(300_000 * 8 * 12 / 52 + 50_000 * 20)


def test_no_gain_gives_no_cost_per_household() -> None:
    run = fake_run()
    run.values[:, CODES.index("households_all_five"), 0] = 100
    cost = stipend_cost(run, StipendPreset("x", Text("x", "x"), "test", per_team_per_month=1))
    assert cost.per_household_gained is None and cost.per_household_reached is not None


def test_costs_of_runs_have_bands() -> None:
    sc = scenario("binh-duong", weeks=5, scale=0.05)
    preset = resolve_stipend("binh-duong-nq27-2023")
    costs = [stipend_cost(simulate(sc, seed=1, run=r), preset) for r in range(3)]
    summary = costs_json(costs)
    total = summary["total_vnd"]
    assert total["p10"] <= total["value"] <= total["p90"]
    assert costs_json(costs[:1]) == costs[0].as_json()
