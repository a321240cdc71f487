"""Runs: one seeded run, many runs, scenario comparison and parameter sweeps, on any executor.

Run ``i`` of seed ``S`` draws from ``SeedSequence(S, spawn_key=(i,))``: its persons and teams
from the first child of that sequence and its weeks from the second; the map (households per
commune, villages, which villages are simulated) from ``SeedSequence([S, 0x6D6170])``, shared
by every run of ``S``. So one run is fully determined by ``(scenario, S, i)``, runs of one seed
differ from each other but keep the same units, and a baseline and a variant run ``i`` share
their population (common random numbers).

Runs and sweeps execute on any ``concurrent.futures.Executor`` (a process pool...) or on a
``dask.distributed.Client`` (through its ``get_executor()``), so a national sweep goes to a
cluster unchanged. Results come back in the order of the tasks, whatever the executor.
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from cnscd_core.i18n import gettext as _
from cnscd_core.scenarios._model import CODES, GeneratorSource, measure, step, week_rates
from cnscd_core.scenarios._params import Scenario, ScenarioError
from cnscd_core.scenarios._population import Population, child_seed, generate_population
from cnscd_core.scenarios._results import (
    Comparison,
    Ensemble,
    PeriodKind,
    RunResult,
    SweepResult,
    UnitTable,
)

if TYPE_CHECKING:
    from cnscd_core.catalog import StipendPreset
    from cnscd_core.units import UnitRegistry

__all__ = ["compare", "map_sequence", "run_many", "seed_sequence", "simulate", "sweep"]

F64 = npt.NDArray[np.float64]
T = TypeVar("T")
R = TypeVar("R")


#: Second entropy word of the map's seed sequence (households per commune, villages).
_MAP = 0x6D6170


def seed_sequence(seed: int, run: int = 0) -> np.random.SeedSequence:
    """The seed sequence of run ``run`` of ``seed``."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ScenarioError(
            _("seed: found {value!r}; expected a whole number, 0 or more").format(value=seed)
        )
    return np.random.SeedSequence(int(seed), spawn_key=(int(run),))


def map_sequence(seed: int) -> np.random.SeedSequence:
    """The seed sequence of the map (villages) every run of ``seed`` shares."""
    return np.random.SeedSequence([int(seed), _MAP])


class _Aggregator:
    """Sums per-village counts into the units kept: communes, provinces and the root."""

    def __init__(self, pop: Population, scenario: Scenario, registry: UnitRegistry) -> None:
        from cnscd_core.rollup import NATION_CODE

        current = registry.current
        self.registry = registry
        self.communes = pop.commune_units
        self.village_commune = np.searchsorted(self.communes, pop.village_commune)
        parents = current.parent_indices
        provinces = sorted({int(p) for p in parents[self.communes]})
        single = len(provinces) == 1 and bool(scenario.preset.provinces)
        detail = scenario.detail
        codes: list[str] = []
        names: list[str] = []
        levels: list[str] = []
        up: list[int] = []

        def add(code: str, name: str, level: str, parent: int) -> int:
            codes.append(code)
            names.append(name)
            levels.append(level)
            up.append(parent)
            return len(codes) - 1

        self.province_pos: dict[int, int] = {}
        if single:
            self.province_pos[provinces[0]] = add(
                current.code(provinces[0]), current.name(provinces[0]), "province", -1
            )
        else:
            add(NATION_CODE, "Việt Nam", "nation", -1)
            if detail != "root":
                for p in provinces:
                    self.province_pos[p] = add(current.code(p), current.name(p), "province", 0)
        self.commune_pos = np.full(len(self.communes), -1, dtype=np.int64)
        self.village_pos = np.full(pop.n_villages, -1, dtype=np.int64)
        if detail in ("commune", "village"):
            counts = np.bincount(self.village_commune, minlength=len(self.communes))
            for i, unit in enumerate(self.communes):
                if counts[i] == 0:
                    continue
                parent = self.province_pos[int(parents[unit])]
                self.commune_pos[i] = add(
                    current.code(int(unit)), current.name(int(unit)), "commune", parent
                )
                if detail == "village":
                    first = int(np.searchsorted(self.village_commune, i))
                    for n in range(int(counts[i])):
                        self.village_pos[first + n] = add(
                            f"{current.code(int(unit))}.{n + 1:03d}",
                            _("Simulated village {n}").format(n=n + 1),
                            "village",
                            int(self.commune_pos[i]),
                        )
        self.single = single
        self.units = UnitTable(tuple(codes), tuple(names), tuple(levels), tuple(up))

    def __call__(self, per_village: Mapping[str, F64]) -> F64:
        from cnscd_core.rollup import sum_up

        current = self.registry.current
        n_units = len(self.units.codes)
        out = np.zeros((len(CODES), n_units))
        parents, levels = current.parent_indices, current.levels
        province_index = np.array(list(self.province_pos), dtype=np.int64)
        province_at = np.array(list(self.province_pos.values()), dtype=np.int64)
        keep = self.commune_pos >= 0
        villages = self.village_pos >= 0
        for i, code in enumerate(CODES):
            values = per_village[code]
            commune = np.bincount(self.village_commune, weights=values,
                                  minlength=len(self.communes))  # fmt: skip
            own = np.zeros(len(current))
            own[self.communes] = commune
            total = sum_up(own, parents, levels)  # communes into their provinces
            if self.single:
                out[i, 0] = total[province_index[0]]
            else:
                out[i, 0] = commune.sum()
                out[i, province_at] = total[province_index]
            out[i, self.commune_pos[keep]] = commune[keep]
            out[i, self.village_pos[villages]] = values[villages]
        return out


def simulate(
    scenario: Scenario,
    seed: int = 0,
    run: int = 0,
    *,
    registry: UnitRegistry | None = None,
) -> RunResult:
    """Run ``scenario`` once: the same ``(seed, run)`` gives the same numbers, always."""
    from cnscd_core.units import default_registry

    registry = registry or default_registry()
    sequence = seed_sequence(seed, run)
    pop = generate_population(
        scenario, child_seed(sequence, 0), structure=map_sequence(seed), registry=registry
    )
    return _run_population(scenario, pop, child_seed(sequence, 1), seed, run, registry)


def _run_population(
    scenario: Scenario,
    pop: Population,
    sequence: np.random.SeedSequence,
    seed: int,
    run: int,
    registry: UnitRegistry,
    on_week: Callable[[int], None] | None = None,
) -> RunResult:
    source = GeneratorSource(np.random.Generator(np.random.PCG64(sequence)))
    aggregate = _Aggregator(pop, scenario, registry)
    params = scenario.params
    values = np.empty((scenario.weeks + 1, len(CODES), len(aggregate.units.codes)))
    values[0] = aggregate(measure(pop))
    for week in range(1, scenario.weeks + 1):
        flows = step(pop, params, week_rates(params, scenario.campaigns, week), source)
        values[week] = aggregate(measure(pop, flows))
        if on_week is not None:
            on_week(week)
    summary = {"seed": int(seed), "run": int(run), **pop.summary()}
    notes = [
        _(
            "Villages are synthetic (about {per_village} households each); {share} of them "
            "are simulated, at their full size."
        ).format(
            per_village=round(pop.n_households / max(pop.n_villages, 1)),
            share=f"{pop.scale_effective:.2%}",
        )
    ]
    if scenario.preset.legacy_provinces:
        notes.append(
            _("Only the communes formed from the legacy provinces {codes} are simulated.").format(
                codes=", ".join(scenario.preset.legacy_provinces)
            )
        )
    return RunResult(
        scenario=scenario,
        seed=int(seed),
        run=int(run),
        units=aggregate.units,
        values=values,
        population=summary,
        notes=tuple(notes),
    )


# -- executors ----------------------------------------------------------------------------------


def _executor(executor: Any) -> cf.Executor | None:
    """``executor`` as a ``concurrent.futures.Executor`` (a dask client through
    ``get_executor()``), or ``None`` to run in this process."""
    if executor is None or isinstance(executor, cf.Executor):
        return executor
    get = getattr(executor, "get_executor", None)
    if callable(get):
        found = get()
        if isinstance(found, cf.Executor):
            return found
    raise ScenarioError(
        _(
            "found {kind} as executor; expected a concurrent.futures.Executor or a "
            "dask.distributed Client"
        ).format(kind=type(executor).__name__)
    )


def _map(function: Callable[[T], R], tasks: Sequence[T], executor: Any) -> list[R]:
    pool = _executor(executor)
    if pool is None:
        return [function(task) for task in tasks]
    futures = [pool.submit(function, task) for task in tasks]
    return [future.result() for future in futures]


def _run_task(task: tuple[Scenario, int, int]) -> RunResult:
    scenario, seed, run = task
    return simulate(scenario, seed, run)


def run_many(
    scenario: Scenario, runs: int = 10, seed: int = 0, *, executor: Any = None
) -> Ensemble:
    """``runs`` runs of ``scenario`` (runs 0 to runs-1 of ``seed``), on ``executor``."""
    if runs < 1:
        raise ScenarioError(_("runs: found {value!r}; expected 1 or more").format(value=runs))
    results = _map(_run_task, [(scenario, seed, r) for r in range(runs)], executor)
    return Ensemble(scenario=scenario, seed=seed, results=tuple(results))


def compare(
    baseline: Scenario,
    variants: Mapping[str, Scenario],
    runs: int = 10,
    seed: int = 0,
    *,
    executor: Any = None,
) -> Comparison:
    """Run the baseline and every variant on the same seeds; see ``Comparison.difference``."""
    scenarios = [baseline, *variants.values()]
    tasks = [(s, seed, r) for s in scenarios for r in range(runs)]
    results = _map(_run_task, tasks, executor)
    ensembles = [
        Ensemble(scenario=s, seed=seed, results=tuple(results[i * runs : (i + 1) * runs]))
        for i, s in enumerate(scenarios)
    ]
    return Comparison(
        baseline=ensembles[0], variants=dict(zip(variants, ensembles[1:], strict=True))
    )


def _sweep_task(
    task: tuple[Scenario, int, int, float, PeriodKind, StipendPreset | None],
) -> dict[str, float]:
    scenario, seed, run, target, kind, stipend = task
    result = simulate(scenario, seed, run)
    out = {
        "final_rate": float(result.series("households_all_five_rate")[-1]),
        "periods_to_target": float(
            result.periods_to_reach("households_all_five_rate", target, kind)[0]
        ),
        "households_reached_rate": float(result.series("households_reached_rate")[-1]),
    }
    if stipend is not None:
        from cnscd_core.scenarios._costs import stipend_cost

        cost = stipend_cost(result, stipend)
        out["cost_total_full_scale"] = cost.total_full_scale
        out["cost_per_household_gained"] = (
            np.nan if cost.per_household_gained is None else cost.per_household_gained
        )
    return out


def sweep(
    scenario: Scenario,
    grid: Mapping[str, Sequence[Any]],
    runs: int = 5,
    seed: int = 0,
    *,
    executor: Any = None,
    target: float = 0.8,
    kind: PeriodKind = "quarter",
    stipend: StipendPreset | str | None = None,
) -> SweepResult:
    """Run ``scenario`` at every point of ``grid`` (the product of the values of each named
    parameter; names as for ``Scenario.replace``), ``runs`` seeds each, on ``executor``.

    Each row has the point's values and, for every outcome, the median and 10-90% band:
    ``final_rate`` (households with someone able in all five at the end),
    ``periods_to_target`` (quarters until ``target``; ``nan`` when not reached) and
    ``households_reached_rate``, plus costs when a ``stipend`` is given. Only the scope's
    total is kept per run, so little travels back from the workers.
    """
    from cnscd_core.scenarios._costs import resolve_stipend
    from cnscd_core.scenarios._results import _summary

    names = tuple(grid)
    if not names:
        raise ScenarioError(_("the sweep grid is empty; expected at least one parameter"))
    stipend_preset = resolve_stipend(stipend) if stipend is not None else None
    points = list(itertools.product(*(list(grid[n]) for n in names)))
    variants = [
        scenario.replace(detail="root", **dict(zip(names, point, strict=True))) for point in points
    ]
    tasks = [(v, seed, r, target, kind, stipend_preset) for v in variants for r in range(runs)]
    outcomes = _map(_sweep_task, tasks, executor)
    rows: list[dict[str, Any]] = []
    for i, point in enumerate(points):
        mine = outcomes[i * runs : (i + 1) * runs]
        row: dict[str, Any] = dict(zip(names, point, strict=True))
        for metric in mine[0]:
            row[metric] = _summary(np.array([m[metric] for m in mine], dtype=np.float64))
        rows.append(row)
    return SweepResult(parameters=names, rows=rows)
