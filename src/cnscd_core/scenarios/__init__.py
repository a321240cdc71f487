"""Scenarios: a synthetic population, a weekly model of the teams' work, seeded runs.

``scenario("son-la", weeks=26)`` builds a scenario on a preset (``national`` or a province
profile registered by a plugin); ``simulate`` runs it once, ``run_many`` several times with
medians and bands, ``compare`` runs a baseline and variants on the same seeds, ``sweep`` runs a
parameter grid; every one of them takes a ``concurrent.futures`` executor or a
``dask.distributed`` client. Results give the roll-up's indicators per unit, week, month and
quarter, turn into a ``Report`` (``simulated=True``), into pandas and into plots::

    from cnscd_core.scenarios import scenario, run_many

    runs = run_many(scenario("son-la", weeks=26, scale=0.05), runs=10, seed=1)
    runs.band("households_all_five_rate")
    runs.to_report("2026-Q2").as_json()

The model and its parameters are described, with equations and sources, in
``docs/scenarios.md``.
"""

from cnscd_core.scenarios._costs import StipendCost, costs_json, resolve_stipend, stipend_cost
from cnscd_core.scenarios._model import CODES, FLOW_CODES, STOCK_CODES, set_threads, threads
from cnscd_core.scenarios._params import (
    AGE_BANDS,
    CHANNELS,
    PARAMETER_SOURCES,
    Campaign,
    ModelParams,
    PopulationPreset,
    Scenario,
    ScenarioError,
    chip_id_drive,
    vneid_level2_push,
)
from cnscd_core.scenarios._population import (
    Population,
    calibrate_from_report,
    generate_population,
)
from cnscd_core.scenarios._presets import scenario, scenario_preset, scenario_presets
from cnscd_core.scenarios._results import (
    INDICATORS,
    RATES,
    Comparison,
    Ensemble,
    PeriodSlice,
    RunResult,
    SweepResult,
    UnitTable,
)
from cnscd_core.scenarios._runs import compare, run_many, seed_sequence, simulate, sweep

__all__ = [
    "AGE_BANDS",
    "CHANNELS",
    "CODES",
    "FLOW_CODES",
    "INDICATORS",
    "PARAMETER_SOURCES",
    "RATES",
    "STOCK_CODES",
    "Campaign",
    "Comparison",
    "Ensemble",
    "ModelParams",
    "PeriodSlice",
    "Population",
    "PopulationPreset",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "StipendCost",
    "SweepResult",
    "UnitTable",
    "calibrate_from_report",
    "chip_id_drive",
    "compare",
    "costs_json",
    "generate_population",
    "resolve_stipend",
    "run_many",
    "scenario",
    "scenario_preset",
    "scenario_presets",
    "seed_sequence",
    "set_threads",
    "simulate",
    "stipend_cost",
    "sweep",
    "threads",
    "vneid_level2_push",
]
