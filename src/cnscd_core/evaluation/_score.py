"""Scoring one unit's indicator values against a criteria set, classes and ranking."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

import attrs

from cnscd_core.rollup import IndicatorValue

if TYPE_CHECKING:
    from cnscd_core.catalog import CriteriaClass, CriteriaSet, Criterion

__all__ = [
    "SCORE_DIGITS",
    "CriterionScore",
    "achievement",
    "class_for",
    "rank_order",
    "score_indicators",
]

#: Scores and points are rounded to this many decimals (so 89.99999999 reads as 90).
SCORE_DIGITS = 6

T = TypeVar("T")


@attrs.frozen
class CriterionScore:
    """How one unit did on one criterion.

    ``value`` is the unit's indicator value (``None`` when it has none: the criterion then
    scores 0); ``achievement`` the share of full marks earned (0 to 1); ``points`` what the
    criterion adds to the 0-100 score (``weight / total weight * achievement * 100``).
    """

    indicator: str
    weight: float
    target: float
    higher_is_better: bool
    value: float | None
    achievement: float
    points: float

    @property
    def missing(self) -> bool:
        """Whether the unit has no value for the indicator."""
        return self.value is None

    def as_json(self) -> dict[str, object]:
        """The criterion's score as a JSON object."""
        return {
            "indicator": self.indicator,
            "weight": self.weight,
            "target": self.target,
            "higher_is_better": self.higher_is_better,
            "value": self.value,
            "achievement": self.achievement,
            "points": self.points,
            "missing": self.missing,
        }


def achievement(criterion: Criterion, value: float | None) -> float:
    """The share of full marks (0 to 1) ``value`` earns on ``criterion``.

    Higher is better: ``min(value / target, 1)``. Lower is better: ``min(target / value, 1)``,
    and a value of 0 or less earns full marks. A missing (``None`` or NaN) value earns 0. A
    target of 0 or less, where higher is better, is met by any value at or above it.
    """
    if value is None or math.isnan(value):
        return 0.0
    target = criterion.target
    if criterion.higher_is_better:
        if target <= 0:
            return 1.0 if value >= target else 0.0
        share = value / target
    else:
        if value <= 0:
            return 1.0
        share = target / value
    return min(max(share, 0.0), 1.0)


def _value(indicator: IndicatorValue | float | None) -> float | None:
    raw = indicator.value if isinstance(indicator, IndicatorValue) else indicator
    if raw is None:
        return None
    number = float(raw)
    return None if math.isnan(number) else number


def score_indicators(
    criteria: CriteriaSet, indicators: Mapping[str, IndicatorValue | float | None]
) -> tuple[float, tuple[CriterionScore, ...]]:
    """The 0-100 score of a unit with ``indicators`` (indicator code -> value), and its parts.

    ``score = sum(weight * achievement) / sum(weight) * 100``. An indicator the unit lacks
    scores 0 on its criterion.
    """
    total_weight = sum(c.weight for c in criteria.criteria)
    parts: list[CriterionScore] = []
    earned = 0.0
    for criterion in criteria.criteria:
        value = _value(indicators.get(criterion.indicator))
        share = achievement(criterion, value)
        earned += criterion.weight * share
        parts.append(
            CriterionScore(
                indicator=criterion.indicator,
                weight=criterion.weight,
                target=criterion.target,
                higher_is_better=criterion.higher_is_better,
                value=value,
                achievement=round(share, SCORE_DIGITS),
                points=round(100 * criterion.weight * share / total_weight, SCORE_DIGITS)
                if total_weight
                else 0.0,
            )
        )
    score = 100 * earned / total_weight if total_weight else 0.0
    return min(max(round(score, SCORE_DIGITS), 0.0), 100.0), tuple(parts)


def class_for(criteria: CriteriaSet, score: float) -> CriteriaClass | None:
    """The class of ``score``: the one with the highest ``min_score`` at or below it."""
    reached = [c for c in criteria.classes if score >= c.min_score]
    return max(reached, key=lambda c: c.min_score) if reached else None


def rank_order(
    items: Iterable[T], score: Callable[[T], float], code: Callable[[T], str]
) -> list[T]:
    """``items`` best first: highest score, then (for equal scores) smallest code.

    The order is total and depends on nothing else, so equal data always rank the same.
    """
    return sorted(items, key=lambda item: (-score(item), code(item)))
