"""Merging the reports lower units send up into the report of the unit above them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _
from cnscd_core.rollup._report import IndicatorValue, Report, UnitReport
from cnscd_core.units import REFORM_DATE, Level

__all__ = ["NATION_CODE", "MergeError", "merge_reports"]

#: Code of the nation, the root above the 34 provinces.
NATION_CODE = "VN"


class MergeError(CnscdError):
    """Reports cannot be merged: different periods, a unit counted twice, an unknown unit."""


def _combine(
    parts: Sequence[dict[str, IndicatorValue]], indicators: Any
) -> dict[str, IndicatorValue]:
    """Sum counts; recompute ratios from summed numerators and denominators."""
    out: dict[str, IndicatorValue] = {}
    codes = [i.code for i in indicators] + sorted(
        {c for p in parts for c in p} - {i.code for i in indicators}
    )
    by_code = {i.code: i for i in indicators}
    for code in codes:
        values = [p[code] for p in parts if code in p]
        if not values:
            continue
        definition = by_code.get(code)
        is_ratio = any(v.denominator is not None for v in values) or (
            definition is not None and definition.denominator is not None
        )
        if is_ratio:
            num = sum(v.numerator or 0 for v in values)
            den = sum(v.denominator or 0 for v in values)
            out[code] = IndicatorValue(num / den if den else None, num, den)
        else:
            out[code] = IndicatorValue(sum(v.value or 0 for v in values))
    return out


def _to_2025(report: Report, registry: Any) -> tuple[str, list[str]]:
    """The 2025 unit code of a report's unit, and notes on any legacy conversion.

    A report of a period starting before 1 July 2025 names a legacy unit (when its code is a
    legacy code); it is converted to the 2025 unit that took it over.
    """
    code = report.root.code
    current, legacy = registry.current, registry.legacy
    if report.period.start >= REFORM_DATE or code not in legacy:
        if code not in current:
            raise MergeError(
                _(
                    "the report of {code!r} names a unit that is in no unit list; expected a "
                    "2025 or legacy unit code"
                ).format(code=code)
            )
        return code, []
    targets = registry.mapping_targets(code)
    default = next((c for c, is_default in targets if is_default), targets[0][0])
    old_name = legacy.name(legacy.index(code))
    new_name = current.name(current.index(default))
    if len(targets) == 1 and default == code and old_name == new_name:
        return code, []
    notes = [
        _("{name} ({code}, legacy) was converted to {new_name} ({new_code})").format(
            name=old_name, code=code, new_name=new_name, new_code=default
        )
    ]
    if len(targets) > 1:
        notes.append(
            _(
                "{code} was divided in 2025; its figures all went to {new_code}, its main successor"
            ).format(code=code, new_code=default)
        )
    return default, notes


def merge_reports(
    reports: Sequence[Report], *, host: Any | None = None, registry: Any | None = None
) -> Report:
    """Merge lower units' reports into the report of the unit above them.

    Checks that every report has the same period, names a known unit, and that no unit is
    counted twice (the same unit twice, or a unit together with one of its ancestors). Reports
    of periods before 1 July 2025 in legacy units are converted to 2025 units first; legacy
    units that merged into one 2025 unit are summed. The parent is the nearest unit above all
    of them (the nation, ``VN``, when they span provinces); counts are summed and ratios
    recomputed from summed numerators and denominators.
    """
    if not reports:
        raise MergeError(_("no report to merge; expected at least one report file"))
    if host is None:
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
    if registry is None:
        from cnscd_core.units import default_registry

        registry = default_registry()
    periods = {r.period for r in reports}
    if len(periods) > 1:
        raise MergeError(
            _("the reports cover different periods ({periods}); expected one period").format(
                periods=", ".join(sorted(p.label for p in periods))
            )
        )
    (period,) = periods
    current = registry.current
    notes: list[str] = []
    groups: dict[str, list[Report]] = {}
    seen: set[str] = set()
    for report in reports:
        if report.root.code in seen:
            raise MergeError(
                _("the unit {code} is counted twice: two reports are for it").format(
                    code=report.root.code
                )
            )
        seen.add(report.root.code)
        code, converted = _to_2025(report, registry)
        notes.extend(converted)
        groups.setdefault(code, []).append(report)
    indices = {code: current.index(code) for code in groups}
    for code, idx in indices.items():
        for other, other_idx in indices.items():
            if other != code and current.is_within(idx, other_idx):
                raise MergeError(
                    _(
                        "the unit {code} is counted twice: it lies inside {other}, which is also "
                        "merged"
                    ).format(code=code, other=other)
                )
    indicators = list(host.indicators)
    children: list[UnitReport] = []
    for code, group in groups.items():
        idx = indices[code]
        if len(group) == 1 and group[0].root.code == code:
            children.append(group[0].root)
        else:
            children.append(
                UnitReport(
                    code=code,
                    name=current.name(idx),
                    level=current.level(idx).label,
                    indicators=_combine([r.root.indicators for r in group], indicators),
                    children=tuple(r.root for r in group),
                )
            )
    parent_idx = _common_parent(current, list(indices.values()))
    if parent_idx is None:
        code, name, level = NATION_CODE, _("Viet Nam"), "nation"
        siblings = len(current.indices(Level.PROVINCE))
    else:
        code, name, level = (
            current.code(parent_idx),
            current.name(parent_idx),
            current.level(parent_idx).label,
        )
        siblings = len(current.child_indices(parent_idx))
    if len(children) < siblings:
        notes.append(
            _(
                "{n} of the {total} units under {name} sent a report; the figures cover only them"
            ).format(n=len(children), total=siblings, name=name)
        )
    for report in reports:
        notes.extend(n for n in report.notes if n not in notes)
    root = UnitReport(
        code=code,
        name=name,
        level=level,
        indicators=_combine([c.indicators for c in children], indicators),
        children=tuple(sorted(children, key=lambda c: c.code)),
    )
    findings = tuple(f for r in reports for f in r.findings)
    return Report(
        root=root,
        period=period,
        findings=findings,
        notes=tuple(notes),
        simulated=any(r.simulated for r in reports),
    )


def _common_parent(units: Any, indices: list[int]) -> int | None:
    """The nearest unit strictly above all of ``indices`` (``None``: the nation)."""
    chains = [units.ancestor_indices(i) for i in indices]
    common = set(chains[0])
    for chain in chains[1:]:
        common &= set(chain)
    for candidate in chains[0]:  # nearest first
        if candidate in common:
            return int(candidate)
    return None
