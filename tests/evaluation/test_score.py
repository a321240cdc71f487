"""Scoring: the formula, its bounds and monotony, classes and a total, stable ranking."""

from __future__ import annotations

import itertools
import math
import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.catalog import CriteriaSet, Criterion
from cnscd_core.evaluation import achievement, class_for, rank_order, score_indicators
from cnscd_core.rollup import IndicatorValue

from .strategies import CLASSES, criteria_sets, indicator_maps, values


def test_achievement_examples() -> None:
    higher = Criterion("rate", weight=1, target=0.8)
    lower = Criterion("load", weight=1, target=220, higher_is_better=False)
    assert achievement(higher, 0.4) == 0.5
    assert achievement(higher, 0.9) == 1.0
    assert achievement(higher, None) == 0.0
    assert achievement(higher, math.nan) == 0.0
    assert achievement(higher, -1) == 0.0
    assert achievement(lower, 440) == 0.5
    assert achievement(lower, 100) == 1.0
    assert achievement(lower, 0) == 1.0  # nobody carries anything: full marks
    assert achievement(lower, None) == 0.0
    assert achievement(Criterion("x", weight=1, target=0), 0) == 1.0


def test_score_is_the_weighted_share() -> None:
    criteria = CriteriaSet(
        "s",
        CLASSES[0].name,
        "test",
        (Criterion("a", 3, 1.0), Criterion("b", 1, 10.0, higher_is_better=False)),
        CLASSES,
    )
    score, parts = score_indicators(criteria, {"a": IndicatorValue(0.5), "b": 20.0})
    assert score == pytest.approx(100 * (3 * 0.5 + 1 * 0.5) / 4)
    assert [p.points for p in parts] == [37.5, 12.5]
    assert [p.missing for p in parts] == [False, False]
    score, parts = score_indicators(criteria, {"a": IndicatorValue(None)})
    assert score == 0 and [p.missing for p in parts] == [True, True]


@given(criteria_sets(), indicator_maps)
def test_scores_lie_between_0_and_100(criteria: CriteriaSet, indicators: dict[str, float]) -> None:
    score, parts = score_indicators(criteria, indicators)
    assert 0 <= score <= 100
    assert all(0 <= p.achievement <= 1 for p in parts)
    assert sum(p.points for p in parts) == pytest.approx(score, abs=1e-4)
    found = class_for(criteria, score)
    assert found is not None and score >= found.min_score


def _better(criterion: Criterion, old: float | None, new: float | None) -> bool:
    """Whether ``new`` is at least as good a value as ``old`` on ``criterion``."""
    if new is None:
        return old is None
    if old is None:
        return True
    if criterion.higher_is_better:
        return new >= old
    # Lower is better, and anything at or below 0 is as good as it gets.
    return new <= old or new <= 0


@given(criteria_sets(), indicator_maps, st.data())
def test_improving_one_indicator_never_lowers_the_score(
    criteria: CriteriaSet, indicators: dict[str, float | None], data: st.DataObject
) -> None:
    criterion = data.draw(st.sampled_from(criteria.criteria))
    old = indicators.get(criterion.indicator)
    new = data.draw(values.filter(lambda v: _better(criterion, old, v)))
    before, _ = score_indicators(criteria, indicators)
    after, _ = score_indicators(criteria, {**indicators, criterion.indicator: new})
    assert after >= before


@given(criteria_sets(), indicator_maps, st.floats(min_value=0.1, max_value=100))
def test_only_the_weights_ratios_matter(
    criteria: CriteriaSet, indicators: dict[str, float], factor: float
) -> None:
    scaled = attrs.evolve(
        criteria,
        criteria=tuple(attrs.evolve(c, weight=c.weight * factor) for c in criteria.criteria),
    )
    assert score_indicators(scaled, indicators)[0] == pytest.approx(
        score_indicators(criteria, indicators)[0], abs=1e-4
    )


def test_classes_follow_min_score() -> None:
    criteria = CriteriaSet("s", CLASSES[0].name, "t", (Criterion("a", 1, 1),), CLASSES)
    assert [class_for(criteria, s).code for s in (100, 90, 89.99, 75, 60, 50, 49.9, 0)] == [  # type: ignore[union-attr]
        "excellent",
        "excellent",
        "good",
        "good",
        "fair",
        "pass",
        "fail",
        "fail",
    ]
    assert class_for(attrs.evolve(criteria, classes=CLASSES[:1]), 10) is None


scores = st.lists(
    st.tuples(st.sampled_from([0.0, 47.5, 60.0, 90.0, 100.0]), st.text("ABC", max_size=3)),
    unique_by=lambda x: x[1],
)


@given(scores, st.randoms())
def test_ranking_is_total_and_does_not_depend_on_input_order(
    items: list[tuple[float, str]], rnd: random.Random
) -> None:
    ordered = rank_order(items, lambda i: i[0], lambda i: i[1])
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert rank_order(shuffled, lambda i: i[0], lambda i: i[1]) == ordered
    assert sorted(ordered) == sorted(items)  # nothing lost, nothing added
    for first, second in itertools.pairwise(ordered):
        assert first[0] > second[0] or (first[0] == second[0] and first[1] < second[1])
