"""Results: the same indicators as real data, per unit and week, months and quarters.

A ``RunResult`` holds one run: for every week (0 is the start), every count of
``cnscd_core.scenarios.CODES`` and every unit kept (the scope, its provinces, communes and,
on request, villages). Ratios are recomputed from summed parts, as in the roll-up. An
``Ensemble`` holds several runs of one scenario and gives medians and percentile bands; a
``Comparison`` pairs runs of a baseline and variants seed by seed; a ``SweepResult`` has one
row per point of a parameter grid. Each converts to pandas (optional), plots with matplotlib
(optional), shows as a table in a notebook, and a run or an ensemble becomes a ``Report``
(``simulated=True``) the report command can render.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from cnscd_core.i18n import gettext as _
from cnscd_core.rollup import Period, Report, UnitReport
from cnscd_core.scenarios._model import CODES, FLOW_CODES
from cnscd_core.scenarios._params import Scenario, ScenarioError

if TYPE_CHECKING:
    from cnscd_core.catalog import StipendPreset
    from cnscd_core.scenarios._costs import StipendCost

__all__ = [
    "INDICATORS",
    "RATES",
    "Comparison",
    "Ensemble",
    "PeriodSlice",
    "RunResult",
    "SweepResult",
    "UnitTable",
]

F64 = npt.NDArray[np.float64]
PeriodKind = Literal["month", "quarter", "year"]

_CODE_INDEX = {code: i for i, code in enumerate(CODES)}


def _rates() -> dict[str, tuple[str, str]]:
    from cnscd_core.plugins.default_indicators import CORE_INDICATORS

    out = {
        i.code: (i.numerator, i.denominator)
        for i in CORE_INDICATORS
        if i.numerator and i.denominator
    }
    out["households_reached_rate"] = ("households_reached", "households")
    out["persons_vneid_level2_rate"] = ("persons_vneid_level2", "persons")
    return out


#: Ratio indicators: code -> (numerator, denominator); the core ones and two of the model's.
RATES: dict[str, tuple[str, str]] = _rates()
#: Every indicator a result gives, counts then ratios.
INDICATORS: tuple[str, ...] = CODES + tuple(RATES)


def _derive(values: F64, code: str) -> F64:
    """The indicator ``code`` from counts ``values`` of shape (..., codes, units)."""
    if code in _CODE_INDEX:
        return values[..., _CODE_INDEX[code], :]
    if code in RATES:
        num, den = RATES[code]
        n = values[..., _CODE_INDEX[num], :]
        d = values[..., _CODE_INDEX[den], :]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(d > 0, n / np.where(d > 0, d, 1.0), np.nan)
    raise ScenarioError(
        _("unknown indicator {code!r}; expected one of: {known}").format(
            code=code, known=", ".join(INDICATORS)
        )
    )


def _number(value: float) -> float | int | None:
    if value is None or not np.isfinite(value):
        return None
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return round(value, 6)


@attrs.frozen
class UnitTable:
    """The units a result keeps, root first, each with its parent's position (-1: root)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    levels: tuple[str, ...]
    parents: tuple[int, ...]

    def position(self, code: str | None) -> int:
        """Position of the unit ``code`` (the root for ``None``)."""
        if code is None:
            return 0
        try:
            return self.codes.index(code)
        except ValueError:
            raise ScenarioError(
                _(
                    "unit {code!r} is not in the simulated results; expected one of {first}..."
                ).format(code=code, first=", ".join(self.codes[:5]))
            ) from None

    def children(self, position: int) -> list[int]:
        """Positions of the units whose parent is ``position``."""
        return [i for i, p in enumerate(self.parents) if p == position]


@attrs.frozen
class PeriodSlice:
    """A month, quarter or year, the weeks that end in it, and whether it is fully simulated."""

    period: Period
    weeks: tuple[int, ...]
    complete: bool


def _week_end(start: dt.date, week: int) -> dt.date:
    return start + dt.timedelta(days=7 * week - 1)


def _slices(start: dt.date, weeks: int, kind: PeriodKind) -> list[PeriodSlice]:
    out: dict[Period, list[int]] = {}
    for w in range(1, weeks + 1):
        out.setdefault(Period.containing(_week_end(start, w), kind), []).append(w)
    last_end = _week_end(start, weeks)
    return [
        PeriodSlice(p, tuple(ws), p.start >= start - dt.timedelta(days=6) and last_end >= p.end)
        for p, ws in out.items()
    ]


def _at_period(values: F64, piece: PeriodSlice) -> F64:
    """Counts of a period from weekly counts (..., weeks+1, codes, units): stocks at the last
    week, flows summed."""
    last = values[..., piece.weeks[-1], :, :].copy()
    for code in FLOW_CODES:
        i = _CODE_INDEX[code]
        last[..., i, :] = values[..., list(piece.weeks), i, :].sum(axis=-2)
    return last


def _optional(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ScenarioError(
            _("{module} is needed for this; install it with: pip install {extra}").format(
                module=module, extra=extra
            )
        ) from None


class _Series:
    """What runs and ensembles share: dates, periods, indicators of a unit, reports."""

    scenario: Scenario
    units: UnitTable
    population: dict[str, Any]
    notes: tuple[str, ...]

    def _values(self) -> F64:  # (runs, weeks + 1, codes, units)
        """Indicator values, shape (runs, weeks + 1, codes, units); each result class gives its
        own (a single run is one run)."""
        raise TypeError(f"{type(self).__name__} must define _values()")

    @property
    def weeks(self) -> int:
        """Weeks simulated."""
        return int(self._values().shape[1]) - 1

    def week_ends(self) -> list[dt.date]:
        """The last day of every week (week 0: the day before the start)."""
        return [_week_end(self.scenario.start, w) for w in range(self.weeks + 1)]

    def periods(self, kind: PeriodKind = "quarter") -> list[PeriodSlice]:
        """The months, quarters or years the weeks end in (a week belongs to the period
        containing its last day)."""
        return _slices(self.scenario.start, self.weeks, kind)

    def runs_series(self, code: str, unit: str | None = None) -> F64:
        """``code`` for every run and week at ``unit`` (default: the root): (runs, weeks+1)."""
        return _derive(self._values(), code)[..., self.units.position(unit)]

    def runs_at(self, piece: PeriodSlice, code: str, unit: str | None = None) -> F64:
        """``code`` for every run in the period ``piece`` at ``unit``: (runs,)."""
        return _derive(_at_period(self._values(), piece), code)[..., self.units.position(unit)]

    def find_period(self, label: str | Period | None, kind: PeriodKind = "quarter") -> PeriodSlice:
        """The period named ``label``, or the last complete one (else the last one)."""
        if isinstance(label, Period):
            kind, label = label.kind, label.label
        if label is not None:
            wanted = Period.parse(label)
            for piece in self.periods(wanted.kind):
                if piece.period == wanted:
                    return piece
            raise ScenarioError(
                _("period {label} is not simulated; expected one of: {known}").format(
                    label=label,
                    known=", ".join(p.period.label for p in self.periods(wanted.kind)),
                )
            )
        pieces = self.periods(kind) or self.periods("month")
        complete = [p for p in pieces if p.complete]
        if complete:
            return complete[-1]
        pieces = [p for p in self.periods("month") if p.complete] or self.periods("month")
        return pieces[-1]

    def periods_to_reach(
        self, code: str, target: float, kind: PeriodKind = "quarter", unit: str | None = None
    ) -> F64:
        """Per run, how many periods (counted from the first) until ``code`` >= ``target`` at
        a period's end; ``nan`` when never reached within the simulated weeks."""
        out = np.full(self._values().shape[0], np.nan)
        for n, piece in enumerate(self.periods(kind), start=1):
            value = self.runs_at(piece, code, unit)
            out = np.where(np.isnan(out) & (value >= target), n, out)
        return out

    def _report_values(self, piece: PeriodSlice) -> F64:
        """Counts per code and unit for a report: the run's own, or the runs' medians."""
        counts = _at_period(self._values(), piece)
        return np.asarray(np.median(counts, axis=0))

    def to_report(self, period: str | Period | None = None, kind: PeriodKind = "quarter") -> Report:
        """The simulated ``Report`` of a period (default: the last complete quarter).

        Counts are the run's (an ensemble's medians, ratios recomputed from them); the tree
        goes down to the lowest units kept. ``simulated`` is true and the notes say so.
        """
        from cnscd_core.plugins.default_indicators import CORE_INDICATORS
        from cnscd_core.rollup import indicator_values

        piece = self.find_period(period, kind)
        counts = self._report_values(piece)
        totals = {code: counts[i] for i, code in enumerate(CODES)}
        units = self.units

        def node(pos: int) -> UnitReport:
            return UnitReport(
                code=units.codes[pos],
                name=units.names[pos],
                level=units.levels[pos],
                indicators=indicator_values(totals, CORE_INDICATORS, pos),
                children=tuple(node(c) for c in units.children(pos)),
            )

        notes = [
            _(
                "Simulated: scenario {label} on preset {preset}, seed {seed}, {runs} run(s), "
                "scale {scale}; not field data."
            ).format(
                label=self.scenario.label,
                preset=self.scenario.preset.code,
                seed=self.population.get("seed", ""),
                runs=self._values().shape[0],
                scale=self.population.get("scale_effective", ""),
            ),
            *self.notes,
        ]
        if not piece.complete:
            notes.append(
                _("The period {label} is only partly simulated.").format(label=piece.period.label)
            )
        return Report(root=node(0), period=piece.period, notes=tuple(notes), simulated=True)

    def to_pandas(self, unit: str | None = None, codes: Sequence[str] = INDICATORS) -> Any:
        """A pandas DataFrame: one row per run and week at ``unit``, one column per indicator
        (needs pandas)."""
        pd = _optional("pandas", "pandas")
        runs = self._values().shape[0]
        frame = {
            "run": np.repeat(np.arange(runs), self.weeks + 1),
            "week": np.tile(np.arange(self.weeks + 1), runs),
            "date": np.tile(np.array(self.week_ends(), dtype="datetime64[D]"), runs),
        }
        for code in codes:
            frame[code] = self.runs_series(code, unit).reshape(-1)
        return pd.DataFrame(frame)

    def plot(
        self,
        code: str = "households_all_five_rate",
        unit: str | None = None,
        ax: Any = None,
        label: str | None = None,
    ) -> Any:
        """Plot ``code`` week by week: the median and the 10-90% band (needs matplotlib)."""
        plt = _optional("matplotlib.pyplot", "matplotlib")
        if ax is None:
            _fig, ax = plt.subplots()
        series = self.runs_series(code, unit)
        dates = self.week_ends()
        ax.plot(dates, np.nanmedian(series, axis=0), label=label or self.scenario.label)
        if series.shape[0] > 1:
            low, high = np.nanpercentile(series, [10, 90], axis=0)
            ax.fill_between(dates, low, high, alpha=0.25)
        ax.set_ylabel(code)
        ax.legend()
        return ax

    def _value_json(self, runs: F64) -> dict[str, Any]:
        if runs.shape[0] == 1:
            return {"value": _number(runs[0])}
        finite = runs[np.isfinite(runs)]
        if finite.size == 0:
            return {"value": None, "p10": None, "p90": None}
        p10, p50, p90 = np.percentile(finite, [10, 50, 90])
        return {"value": _number(p50), "p10": _number(p10), "p90": _number(p90)}

    def _indicators_json(self, counts: F64) -> dict[str, Any]:
        """``counts`` (runs, codes) -> indicator JSON: ratios carry their parts in one run."""
        out: dict[str, Any] = {}
        table = counts[..., None]
        for code in INDICATORS:
            values = _derive(table, code)[..., 0]
            item = self._value_json(values)
            if code in RATES and counts.shape[0] == 1:
                num, den = RATES[code]
                item["numerator"] = _number(counts[0, _CODE_INDEX[num]])
                item["denominator"] = _number(counts[0, _CODE_INDEX[den]])
            out[code] = item
        return out

    def to_json(self, report: bool = True) -> dict[str, Any]:
        """One JSON document: the scenario, the population, the root's weekly, monthly and
        quarterly indicators, and (``report``) the simulated report of the last quarter."""
        values = self._values()
        root = values[..., 0]
        start = self.scenario.start
        weeks = [
            {
                "week": w,
                "end": _week_end(start, w).isoformat(),
                "indicators": self._indicators_json(root[:, w]),
            }
            for w in range(self.weeks + 1)
        ]
        periods = []
        kinds: tuple[PeriodKind, ...] = ("month", "quarter")
        for kind in kinds:
            for piece in self.periods(kind):
                counts = _at_period(values, piece)[..., 0]
                periods.append(
                    {
                        "label": piece.period.label,
                        "kind": kind,
                        "start": piece.period.start.isoformat(),
                        "end": piece.period.end.isoformat(),
                        "weeks": [piece.weeks[0], piece.weeks[-1]],
                        "complete": piece.complete,
                        "indicators": self._indicators_json(counts),
                    }
                )
        document: dict[str, Any] = {
            "simulated": True,
            "scenario": self.scenario.describe(),
            "runs": int(values.shape[0]),
            "population": self.population,
            "unit": {
                "code": self.units.codes[0],
                "name": self.units.names[0],
                "level": self.units.levels[0],
            },
            "weeks": weeks,
            "periods": periods,
            "notes": list(self.notes),
        }
        if report and self.weeks > 0:
            document["report"] = self.to_report().as_json()
        return document

    def _repr_html_(self) -> str:
        rows = []
        for piece in self.periods("quarter") or self.periods("month"):
            cells = []
            for code in ("households_all_five_rate", "households_assigned_rate", "visits"):
                item = self._value_json(self.runs_at(piece, code))
                value = item["value"]
                text = "" if value is None else (
                    f"{value:.1%}" if code.endswith("_rate") else f"{value:,.0f}"
                )  # fmt: skip
                if "p10" in item and item["p10"] is not None and code.endswith("_rate"):
                    text += f" [{item['p10']:.1%}–{item['p90']:.1%}]"
                cells.append(f"<td>{html.escape(text)}</td>")
            rows.append(f"<tr><td>{piece.period.label}</td>{''.join(cells)}</tr>")
        head = (
            "<tr><th>period</th><th>households_all_five_rate</th>"
            "<th>households_assigned_rate</th><th>visits</th></tr>"
        )
        title = html.escape(
            f"{self.scenario.label} · {self.scenario.preset.code} · "
            f"{self._values().shape[0]} run(s) · {self.population.get('households', 0):,} "
            "households"
        )
        return f"<div><b>{title}</b><table>{head}{''.join(rows)}</table></div>"


@attrs.define(eq=False)
class RunResult(_Series):
    """One run: the weekly counts of every unit kept, determined by the scenario and seed.

    ``values`` has shape (weeks + 1, len(CODES), units); week 0 is the starting state.
    """

    scenario: Scenario
    seed: int
    run: int
    units: UnitTable
    values: F64
    population: dict[str, Any]
    notes: tuple[str, ...] = ()

    def _values(self) -> F64:
        return self.values[None, ...]

    def series(self, code: str, unit: str | None = None) -> F64:
        """``code`` for every week (0 = start) at ``unit`` (default: the root)."""
        out: F64 = self.runs_series(code, unit)[0]
        return out

    def root_series(self, code: str) -> F64:
        """``code`` for every week at the root."""
        return self.series(code)

    def at(self, period: str | Period | None, code: str, unit: str | None = None) -> float:
        """``code`` in a period (default: the last complete quarter) at ``unit``."""
        return float(self.runs_at(self.find_period(period), code, unit)[0])

    def cost(self, stipend: StipendPreset | str) -> StipendCost:
        """The cost of this run under a stipend preset (a preset or a registered code)."""
        from cnscd_core.scenarios._costs import resolve_stipend, stipend_cost

        return stipend_cost(self, resolve_stipend(stipend))

    def __repr__(self) -> str:
        return (
            f"RunResult({self.scenario.label!r}, preset={self.scenario.preset.code!r}, "
            f"seed={self.seed}, run={self.run}, weeks={self.weeks}, units={len(self.units.codes)})"
        )


@attrs.define(eq=False)
class Ensemble(_Series):
    """Several runs of one scenario (seeds spawned from one seed): medians and bands."""

    scenario: Scenario
    seed: int
    results: tuple[RunResult, ...]
    _stacked: F64 | None = attrs.field(default=None, repr=False)

    @property
    def units(self) -> UnitTable:  # type: ignore[override]
        """The units kept (those of the first run)."""
        return self.results[0].units

    @property
    def population(self) -> dict[str, Any]:  # type: ignore[override]
        """The first run's population summary."""
        return self.results[0].population

    @property
    def notes(self) -> tuple[str, ...]:  # type: ignore[override]
        """The first run's notes."""
        return self.results[0].notes

    def _values(self) -> F64:
        if self._stacked is None:
            self._stacked = np.stack([r.values for r in self.results])
        return self._stacked

    def band(
        self, code: str, unit: str | None = None, percentiles: tuple[float, float] = (10, 90)
    ) -> tuple[F64, F64, F64]:
        """Week by week: the low percentile, the median and the high percentile of ``code``."""
        series = self.runs_series(code, unit)
        low, mid, high = np.nanpercentile(series, [percentiles[0], 50, percentiles[1]], axis=0)
        return low, mid, high

    def costs(self, stipend: StipendPreset | str) -> list[StipendCost]:
        """The cost of every run under a stipend preset."""
        from cnscd_core.scenarios._costs import resolve_stipend, stipend_cost

        preset = resolve_stipend(stipend)
        return [stipend_cost(r, preset) for r in self.results]

    def __iter__(self) -> Iterator[RunResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


def _summary(values: F64) -> dict[str, float | None]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return {"median": None, "p10": None, "p90": None}
    p10, p50, p90 = np.percentile(finite, [10, 50, 90])
    return {"median": float(p50), "p10": float(p10), "p90": float(p90)}


@attrs.define(eq=False)
class Comparison:
    """A baseline and its variants run on the same seeds: differences with their bands.

    Run ``i`` of every scenario shares its seed, hence its persons and households, so the
    difference of run ``i`` is mostly the variant's effect, not the draw of the population.
    """

    baseline: Ensemble
    variants: dict[str, Ensemble]

    def difference(
        self, variant: str, code: str = "households_all_five_rate",
        period: str | Period | None = None, unit: str | None = None,
    ) -> dict[str, float | None]:  # fmt: skip
        """Variant minus baseline in a period (default: the last complete quarter), run by
        run: the median and the 10th and 90th percentiles of the differences."""
        other = self.variants[variant]
        piece = self.baseline.find_period(period)
        diff = other.runs_at(piece, code, unit) - self.baseline.runs_at(piece, code, unit)
        return _summary(diff)

    def table(
        self, code: str = "households_all_five_rate", kind: PeriodKind = "quarter"
    ) -> list[dict[str, Any]]:
        """One row per period and variant: baseline, variant and difference (median, band)."""
        rows = []
        for piece in self.baseline.periods(kind):
            base = self.baseline.runs_at(piece, code)
            for name, other in self.variants.items():
                value = other.runs_at(piece, code)
                rows.append(
                    {
                        "period": piece.period.label,
                        "variant": name,
                        "baseline": _summary(base)["median"],
                        "value": _summary(value)["median"],
                        "difference": _summary(value - base),
                    }
                )
        return rows

    def to_pandas(self, code: str = "households_all_five_rate") -> Any:
        """The ``table`` as a pandas DataFrame (needs pandas)."""
        pd = _optional("pandas", "pandas")
        rows = [
            {**{k: v for k, v in r.items() if k != "difference"},
             **{f"difference_{k}": v for k, v in r["difference"].items()}}
            for r in self.table(code)
        ]  # fmt: skip
        return pd.DataFrame(rows)

    def plot(self, code: str = "households_all_five_rate", ax: Any = None) -> Any:
        """The baseline and every variant on one chart (needs matplotlib)."""
        ax = self.baseline.plot(code, ax=ax)
        for name, other in self.variants.items():
            other.plot(code, ax=ax, label=name)
        return ax

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{r['period']}</td><td>{html.escape(r['variant'])}</td>"
            f"<td>{_pct(r['baseline'])}</td><td>{_pct(r['value'])}</td>"
            f"<td>{_pct(r['difference']['median'])} [{_pct(r['difference']['p10'])}, "
            f"{_pct(r['difference']['p90'])}]</td></tr>"
            for r in self.table()
        )
        return (
            "<table><tr><th>period</th><th>variant</th><th>baseline</th><th>variant</th>"
            f"<th>difference [p10, p90]</th></tr>{rows}</table>"
        )


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


@attrs.define(eq=False)
class SweepResult:
    """One row per point of a parameter grid: the point's values and its outcome summaries."""

    parameters: tuple[str, ...]
    rows: list[dict[str, Any]]

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, summaries flattened (``final_rate_median``...)."""
        pd = _optional("pandas", "pandas")
        flat = []
        for row in self.rows:
            item: dict[str, Any] = {}
            for key, value in row.items():
                if isinstance(value, Mapping):
                    item.update({f"{key}_{k}": v for k, v in value.items()})
                else:
                    item[key] = value
            flat.append(item)
        return pd.DataFrame(flat)

    def plot(self, metric: str = "final_rate", ax: Any = None) -> Any:
        """The metric's median and band against the first parameter (needs matplotlib)."""
        plt = _optional("matplotlib.pyplot", "matplotlib")
        if ax is None:
            _fig, ax = plt.subplots()
        x = [row[self.parameters[0]] for row in self.rows]
        mid = [row[metric]["median"] for row in self.rows]
        ax.plot(x, mid, marker="o")
        ax.fill_between(
            x, [row[metric]["p10"] for row in self.rows], [row[metric]["p90"] for row in self.rows],
            alpha=0.25,
        )  # fmt: skip
        ax.set_xlabel(self.parameters[0])
        ax.set_ylabel(metric)
        return ax

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(p)}</th>" for p in self.parameters)
        rows = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape(str(row[p]))}</td>" for p in self.parameters)
            + f"<td>{_pct(row['final_rate']['median'])}</td></tr>"
            for row in self.rows
        )
        return f"<table><tr>{head}<th>final_rate</th></tr>{rows}</table>"
