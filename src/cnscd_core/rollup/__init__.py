"""Indicators rolled up the hierarchy: villages, communes, provinces, the nation.

``build_report(store, unit_code, period)`` computes every registered indicator for the unit
and its children down to villages (counts summed, ratios recomputed from summed parts), adds
validation findings and notes, and returns a ``Report`` whose JSON shape is a contract.
``compute`` gives the raw per-unit totals; ``rollup_totals`` and ``sum_up`` are the columnar
core used by the store path, the benchmarks and the scenario model alike.
"""

from cnscd_core.rollup._columnar import household_skills_from_residents, national_rollup
from cnscd_core.rollup._engine import (
    NoDataError,
    Rollup,
    build_report,
    compute,
    indicator_values,
    rollup_totals,
    sum_up,
)
from cnscd_core.rollup._merge import NATION_CODE, MergeError, merge_reports
from cnscd_core.rollup._period import Period, PeriodError
from cnscd_core.rollup._report import Finding, IndicatorValue, Report, UnitReport

__all__ = [
    "NATION_CODE",
    "Finding",
    "IndicatorValue",
    "MergeError",
    "NoDataError",
    "Period",
    "PeriodError",
    "Report",
    "Rollup",
    "UnitReport",
    "build_report",
    "compute",
    "household_skills_from_residents",
    "indicator_values",
    "merge_reports",
    "national_rollup",
    "rollup_totals",
    "sum_up",
]
