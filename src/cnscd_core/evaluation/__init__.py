"""Evaluation: score communes and teams against a criteria set, rank them, find honours.

A criteria set (``cnscd_core.catalog.CriteriaSet``, registered through the hook
``cnscd_register_evaluation_criteria`` or a content pack's ``criteria.toml``) names
indicators with a weight and a target, and classes (Xuất sắc, Tốt, Khá, Đạt, Chưa đạt) with
their minimum score. Each criterion earns ``min(value / target, 1)`` of its weight
(``min(target / value, 1)`` when lower is better; a value of 0 earns full marks); the score
is ``sum(weight * share) / sum(weight) * 100``. A missing value scores 0 and is listed::

    from cnscd_core.evaluation import evaluate

    with open_store("store.sqlite") as store:
        result = evaluate(store, "25747", "2026-Q3")
        for row in result.teams:
            print(row.rank, row.team, row.score, row.class_code)

The national pack ships ``national-default``; a province plugin ships its own (Bình Dương:
``binh-duong-6037``), used for the units of its province unless another is named.
"""

from cnscd_core.evaluation._evaluate import (
    DEFAULT_CRITERIA,
    EvaluationError,
    UnknownCriteriaError,
    criteria_for_unit,
    evaluate,
    get_criteria,
)
from cnscd_core.evaluation._records import Evaluation, ResultKind, UnitScore
from cnscd_core.evaluation._score import (
    SCORE_DIGITS,
    CriterionScore,
    achievement,
    class_for,
    rank_order,
    score_indicators,
)

__all__ = [
    "DEFAULT_CRITERIA",
    "SCORE_DIGITS",
    "CriterionScore",
    "Evaluation",
    "EvaluationError",
    "ResultKind",
    "UnitScore",
    "UnknownCriteriaError",
    "achievement",
    "class_for",
    "criteria_for_unit",
    "evaluate",
    "get_criteria",
    "rank_order",
    "score_indicators",
]
