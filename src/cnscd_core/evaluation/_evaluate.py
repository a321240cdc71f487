"""``evaluate``: score a unit's communes and teams, rank them, list honour candidates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from cnscd_core.errors import CnscdError
from cnscd_core.evaluation._records import Evaluation, ResultKind, UnitScore
from cnscd_core.evaluation._score import (
    CriterionScore,
    class_for,
    rank_order,
    score_indicators,
)
from cnscd_core.i18n import gettext as _
from cnscd_core.i18n import ngettext
from cnscd_core.rollup import Period, Report, UnitReport

if TYPE_CHECKING:
    from cnscd_core.catalog import CriteriaSet
    from cnscd_core.field import Team
    from cnscd_core.plugins import PluginHost
    from cnscd_core.store import Store
    from cnscd_core.units import UnitRegistry, UnitSet

__all__ = [
    "DEFAULT_CRITERIA",
    "EvaluationError",
    "UnknownCriteriaError",
    "criteria_for_unit",
    "evaluate",
    "get_criteria",
]

#: The criteria set of a unit whose province has none of its own (the national pack's).
DEFAULT_CRITERIA = "national-default"


#: Count indicators that say a unit holds data (a commune with none of them is not scored).
_PRESENCE = ("teams", "members", "households")


class EvaluationError(CnscdError):
    """An evaluation cannot be made from what was given."""


class UnknownCriteriaError(EvaluationError, LookupError):
    """No plugin or pack registered a criteria set of that code."""


def get_criteria(code: str, host: PluginHost) -> CriteriaSet:
    """The criteria set ``code``; raises ``UnknownCriteriaError`` listing the known ones."""
    if code in host.criteria:
        return host.criteria.get(code)
    known = ", ".join(sorted(host.criteria.names())) or _("(none registered)")
    raise UnknownCriteriaError(
        _(
            "found the unknown criteria set {code!r}; expected one of: {choices} (see "
            "'cnscd plugins list')"
        ).format(code=code, choices=known)
    )


def criteria_for_unit(
    unit_code: str, host: PluginHost, units: UnitSet | None = None
) -> CriteriaSet:
    """The criteria set a unit is evaluated against when none is named.

    That is the set of the province profile a plugin registered for the unit's 2025 province:
    a set registered by the same plugin (directly or through a content pack it registered),
    the one whose code is the profile's team-rule preset when there are several, else a set
    of that code from anywhere. Otherwise ``national-default``.
    """
    from cnscd_core.units import Level, default_registry

    unit_set = units if units is not None else default_registry().current
    province = ""
    if unit_code in unit_set:
        index = int(unit_set.ancestor_at(Level.PROVINCE)[unit_set.index(unit_code)])
        province = unit_set.code(index) if index >= 0 else ""
    for profile in host.province_profiles:
        if profile.province != province:
            continue
        plugin = host.province_profiles.owner_of(profile.code)
        owners = {plugin} | {f"pack:{p}" for p in host.content_packs.by_owner(plugin)}
        own = [c for c in host.criteria if host.criteria.owner_of(c.code) in owners]
        named = [c for c in own if c.code == profile.team_rules]
        if named or own:
            return (named or own)[0]
        if profile.team_rules in host.criteria:
            return host.criteria.get(profile.team_rules)
        break
    return get_criteria(DEFAULT_CRITERIA, host)


def _unit_set(store: Store | None, units: UnitRegistry | UnitSet | None) -> UnitSet:
    from cnscd_core.units import UnitRegistry, default_registry

    if isinstance(units, UnitRegistry):
        return units.current
    if units is not None:
        return units
    unit_registry = getattr(store, "unit_registry", None)
    if unit_registry is not None:
        current: UnitSet = unit_registry().current
        return current
    return default_registry().current


def _active(team: Team, day: dt.date) -> bool:
    """Whether the team existed at the end of the period (as the roll-up counts teams)."""
    return (team.established is None or team.established <= day) and (
        team.dissolved is None or team.dissolved > day
    )


def evaluate(
    store_or_report: Store | Report,
    unit_code: str,
    period: Period | str,
    criteria_code: str | None = None,
    *,
    host: PluginHost | None = None,
    units: UnitRegistry | UnitSet | None = None,
    teams: Iterable[Team] | None = None,
) -> Evaluation:
    """Score every commune and team of ``unit_code`` for ``period``, rank them, find honours.

    ``store_or_report`` is a store (its report is built with ``build_report``) or a report
    already built for ``period`` that holds the unit. Communes are the unit itself when it is
    a commune and every commune below it; teams are those active at the end of the period
    that serve the unit or a unit below it (read from the store, or given as ``teams``). A
    team's score is its unit's score. Each criterion earns ``min(value / target, 1)`` of its
    weight (``min(target / value, 1)`` when lower is better, full marks for 0); the score is
    the weighted sum over the total weight, times 100. A missing value scores 0 and is listed.
    Classes follow ``min_score``; ranks run 1, 2, 3... by score, equal scores by code.

    ``criteria_code`` names the set; without it, the unit's province's own (see
    ``criteria_for_unit``), else ``national-default``. Raises ``UnknownCriteriaError`` for an
    unknown set, ``PeriodError`` for a bad period and ``EvaluationError`` for a report of
    another period or without the unit.
    """
    if host is None:
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
    if isinstance(period, str):
        period = Period.parse(period)
    store = None if isinstance(store_or_report, Report) else store_or_report
    report = _report_for(store_or_report, unit_code, period, host, units)
    unit_set = _unit_set(store, units)
    criteria = (
        get_criteria(criteria_code, host)
        if criteria_code is not None
        else criteria_for_unit(
            unit_code if unit_code in unit_set else report.root.code, host, unit_set
        )
    )
    node = next((n for _depth, n in report.root.walk() if n.code == unit_code), None)
    if node is None:
        raise EvaluationError(
            _(
                "the report of {root} does not hold the unit {code}; expected a unit below it"
            ).format(root=report.root.code, code=unit_code)
        )
    by_code = {n.code: n for _depth, n in node.walk()}
    notes: list[str] = list(report.notes)
    scorer = _Scorer(criteria)

    communes = [n for n in by_code.values() if n.level == "commune"]
    skipped = sum(1 for n in communes if _empty(n))
    if skipped:
        notes.append(
            ngettext(
                "{n} commune holds no team, member or household: it is not scored",
                "{n} communes hold no team, member or household: they are not scored",
                skipped,
            ).format(n=skipped)
        )
    commune_results = [scorer.result("commune", n) for n in communes if not _empty(n)]

    if teams is None and store is not None:
        teams = store.records("teams")
    elif teams is None:
        notes.append(_("No team list was given with the report: only communes are scored."))
    team_results = _team_results(scorer, teams or (), by_code, period, notes)
    notes.extend(_unregistered(criteria, host))

    ranked = _ranked(commune_results) + _ranked(team_results)
    honours = tuple(
        r for r in ranked if criteria.honour_class and r.class_code == criteria.honour_class
    )
    return Evaluation(
        unit=node.code,
        name=node.name,
        level=node.level,
        period=period,
        criteria=criteria,
        results=tuple(ranked),
        honours=honours,
        notes=tuple(notes),
    )


def _report_for(
    source: Store | Report,
    unit_code: str,
    period: Period,
    host: PluginHost,
    units: UnitRegistry | UnitSet | None,
) -> Report:
    """The report given (checked to be of ``period``), or the store's built for ``period``."""
    if isinstance(source, Report):
        if source.period != period:
            raise EvaluationError(
                _(
                    "the report is for {found}; expected a report for {period}: build it for "
                    "that period"
                ).format(found=source.period.label, period=period.label)
            )
        return source
    from cnscd_core.rollup import build_report

    return build_report(
        source, unit_code, period, host=host, units=_unit_set(source, units), findings=False
    )


def _team_results(
    scorer: _Scorer,
    teams: Iterable[Team],
    by_code: dict[str, UnitReport],
    period: Period,
    notes: list[str],
) -> list[UnitScore]:
    """One result per team active at the end of ``period`` serving a unit of ``by_code``."""
    team_list = sorted(
        (t for t in teams if t.unit in by_code and _active(t, period.end)), key=lambda t: t.code
    )
    per_unit: dict[str, list[str]] = {}
    for team in team_list:
        per_unit.setdefault(team.unit, []).append(team.code)
    for unit, codes in per_unit.items():
        if len(codes) > 1:
            notes.append(
                _(
                    "the teams {teams} serve the same unit {unit}: a team's score is its unit's "
                    "score, so they share one score"
                ).format(teams=", ".join(codes), unit=unit)
            )
    return [
        scorer.result(
            "team",
            by_code[team.unit],
            team=team.code,
            shared=tuple(c for c in per_unit[team.unit] if c != team.code),
        )
        for team in team_list
    ]


class _Scorer:
    """Scores units against one criteria set, each unit once (teams share their unit's)."""

    def __init__(self, criteria: CriteriaSet) -> None:
        self.criteria = criteria
        self._scores: dict[str, tuple[float, tuple[CriterionScore, ...]]] = {}

    def result(
        self,
        kind: ResultKind,
        unit: UnitReport,
        *,
        team: str | None = None,
        shared: tuple[str, ...] = (),
    ) -> UnitScore:
        """The (not yet ranked) result of ``unit``, or of ``team`` serving it."""
        if unit.code not in self._scores:
            self._scores[unit.code] = score_indicators(self.criteria, unit.indicators)
        score, parts = self._scores[unit.code]
        found = class_for(self.criteria, score)
        return UnitScore(
            kind=kind,
            unit=unit.code,
            name=unit.name,
            level=unit.level,
            score=score,
            class_code=found.code if found is not None else "",
            class_name=found.name if found is not None else None,
            rank=0,
            criteria=parts,
            team=team,
            shared_with=shared,
        )


def _empty(unit: UnitReport) -> bool:
    """Whether the report says the unit holds no team, member or household at all."""
    counts = [unit.indicators.get(code) for code in _PRESENCE]
    return all(c is not None and not c.value for c in counts)


def _ranked(results: list[UnitScore]) -> list[UnitScore]:
    ordered = rank_order(results, lambda r: r.score, lambda r: r.code)
    return [attrs.evolve(r, rank=n) for n, r in enumerate(ordered, start=1)]


def _unregistered(criteria: CriteriaSet, host: PluginHost) -> list[str]:
    """Notes for the indicators the set scores that no plugin registered."""
    unknown = [c.indicator for c in criteria.criteria if c.indicator not in host.indicators]
    if not unknown:
        return []
    return [
        ngettext(
            "the criteria set {set} scores the indicator {codes}, which no plugin registered: "
            "it scores 0 everywhere",
            "the criteria set {set} scores the indicators {codes}, which no plugin registered: "
            "they score 0 everywhere",
            len(unknown),
        ).format(set=criteria.code, codes=", ".join(unknown))
    ]
