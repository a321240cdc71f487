"""First scenarios: the three questions of issue 7, answered at a small scale.

1. With 220 households per member, how many quarters until 80% of households have someone
   able to do all five basic digital skills alone?
2. What does Sơn La gain from doubling the Youth Union members of its mountain communes?
3. What does Hà Tĩnh's stipend (NQ 119/2023) cost per household reached, compared with
   Bình Dương's (NQ 27/2023)?

Every number depends only on the seed, the number of runs and the scale printed with it.
docs/scenarios.md gives the same answers at larger scales. Run: python examples/scenario_first.py
"""

from __future__ import annotations

import math

import numpy as np

from cnscd_core.scenarios import compare, run_many, scenario

SEED = 1
RUNS = 5


def band(values: np.ndarray, spec: str = ",.0f") -> str:
    """Median [10th-90th percentile] of finite values."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return "never within the simulated weeks"
    low, mid, high = np.percentile(finite, [10, 50, 90])
    return f"{mid:{spec}} [{low:{spec}} to {high:{spec}}]"


def question_1() -> None:
    weeks = 13 * 28  # seven years
    sc = scenario(
        "national",
        weeks=weeks,
        scale=0.001,
        detail="root",
        households_per_member=220,
        min_members=1,
        village_team_share=1.0,
        label="220-households-per-member",
    )
    runs = run_many(sc, runs=RUNS, seed=SEED)
    quarters = runs.periods_to_reach("households_all_five_rate", 0.8, "quarter")
    start = runs.runs_series("households_all_five_rate")[:, 0]
    print("1. 220 households per member, the whole nation")
    print(
        f"   seed {SEED}, {RUNS} runs, scale 0.001 ({runs.population['households']:,} households)"
    )
    print(f"   households with someone able in all five at the start: {band(start, '.1%')}")
    reached = int(np.isfinite(quarters).sum())
    print(f"   quarters until 80%: {band(quarters, '.1f')} ({reached} of {RUNS} runs reach it)")


def question_2() -> None:
    base = scenario("son-la", weeks=52, scale=0.02, label="baseline")
    doubled = base.replace(
        extra_youth_members=1.0, extra_members_where="rural", label="double-youth-rural"
    )
    result = compare(base, {"double-youth": doubled}, runs=RUNS, seed=SEED)
    rate = result.difference("double-youth", "households_all_five_rate", "2026-Q4")
    members = result.difference("double-youth", "members", "2026-Q4")
    base_rate = result.baseline.runs_at(
        result.baseline.find_period("2026-Q4"), "households_all_five_rate"
    )
    print("2. Sơn La: twice the Youth Union members in mountain (rural) communes")
    print(f"   seed {SEED}, {RUNS} paired runs, scale 0.02, one year")
    print(f"   baseline at the end of 2026-Q4: {band(base_rate, '.1%')}")
    print(
        f"   gain in households with all five: {rate['median']:+.2%} "
        f"[{rate['p10']:+.2%}, {rate['p90']:+.2%}], with {members['median']:+.0f} members"
    )


def question_3() -> None:
    runs = run_many(scenario("42", weeks=52, scale=0.05), runs=RUNS, seed=SEED)
    print("3. Hà Tĩnh (province 42), one year: the same runs priced under two resolutions")
    print(f"   seed {SEED}, {RUNS} runs, scale 0.05 ({runs.population['households']:,} households)")
    for code in ("ha-tinh-119-2023", "binh-duong-nq27-2023"):
        costs = runs.costs(code)
        reached = np.array([c.per_household_reached or math.nan for c in costs])
        gained = np.array([c.per_household_gained or math.nan for c in costs])
        total = np.array([c.total_full_scale for c in costs]) / 1e9
        print(
            f"   {code}: {band(reached)} VND per household reached, {band(gained)} VND per "
            f"household reaching all five, {band(total, '.1f')} billion VND a year for the province"
        )


if __name__ == "__main__":
    question_1()
    question_2()
    question_3()
