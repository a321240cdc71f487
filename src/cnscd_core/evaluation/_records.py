"""What an evaluation produces: a score, class and rank per commune and per team."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs

from cnscd_core.evaluation._score import CriterionScore

if TYPE_CHECKING:
    from cnscd_core.catalog import CriteriaSet, Text
    from cnscd_core.rollup import Period

__all__ = ["Evaluation", "ResultKind", "UnitScore"]

#: What a result scores: a commune (xã, phường, đặc khu) or a team.
ResultKind = Literal["commune", "team"]


@attrs.frozen
class UnitScore:
    """The score of one commune or one team, its class and its rank among its kind.

    A team's score is the score of the unit it serves (``unit``); ``shared_with`` names the
    other teams serving the same unit, which therefore have the same score. ``rank`` is 1
    for the best; equal scores are ordered by code.
    """

    kind: ResultKind
    unit: str
    name: str
    level: str
    score: float
    class_code: str
    class_name: Text | None
    rank: int
    criteria: tuple[CriterionScore, ...]
    team: str | None = None
    shared_with: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The team code for a team, the unit code for a commune."""
        return self.team if self.team is not None else self.unit

    @property
    def missing(self) -> tuple[str, ...]:
        """Indicators the unit has no value for (each scored 0)."""
        return tuple(c.indicator for c in self.criteria if c.missing)

    def as_json(self) -> dict[str, Any]:
        """The result as a JSON object."""
        return {
            "kind": self.kind,
            "unit": self.unit,
            "team": self.team,
            "name": self.name,
            "level": self.level,
            "score": self.score,
            "class": self.class_code,
            "class_name": str(self.class_name) if self.class_name is not None else None,
            "rank": self.rank,
            "criteria": [c.as_json() for c in self.criteria],
            "missing": list(self.missing),
            "shared_with": list(self.shared_with),
        }

    def as_honour_json(self) -> dict[str, Any]:
        """The short form listed under ``honours``."""
        return {
            "kind": self.kind,
            "unit": self.unit,
            "team": self.team,
            "name": self.name,
            "score": self.score,
            "rank": self.rank,
        }


@attrs.frozen
class Evaluation:
    """The evaluation of a unit's communes and teams for one period against a criteria set.

    ``results`` holds the communes best first, then the teams best first; ``honours`` the
    results in the set's honour class, in the same order.
    """

    unit: str
    name: str
    level: str
    period: Period
    criteria: CriteriaSet
    results: tuple[UnitScore, ...]
    honours: tuple[UnitScore, ...]
    notes: tuple[str, ...] = ()

    @property
    def communes(self) -> tuple[UnitScore, ...]:
        """The communes, best first."""
        return tuple(r for r in self.results if r.kind == "commune")

    @property
    def teams(self) -> tuple[UnitScore, ...]:
        """The teams, best first."""
        return tuple(r for r in self.results if r.kind == "team")

    def as_json(self) -> dict[str, Any]:
        """``{"unit", "period", "criteria", "results", "honours", "notes"}``."""
        criteria = self.criteria
        return {
            "unit": {"code": self.unit, "name": self.name, "level": self.level},
            "period": {
                "label": self.period.label,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "criteria": {
                "code": criteria.code,
                "name": str(criteria.name),
                "source": criteria.source,
                "honour_class": criteria.honour_class,
                "classes": [
                    {"code": c.code, "name": str(c.name), "min_score": c.min_score}
                    for c in sorted(criteria.classes, key=lambda c: -c.min_score)
                ],
            },
            "results": [r.as_json() for r in self.results],
            "honours": [r.as_honour_json() for r in self.honours],
            "notes": list(self.notes),
        }
