"""The columnar national roll-up equals a naive per-household computation."""

from __future__ import annotations

from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cnscd_core.rollup import (
    _columnar,
    household_skills_from_residents,
    national_rollup,
    rollup_totals,
    sum_up,
)
from cnscd_core.units import Level, default_registry

# 0, 1 provinces; 2, 3, 4 communes (2 and 3 in province 0); 5-9 villages.
PARENTS = np.array([-1, -1, 0, 0, 1, 2, 2, 3, 4, 4], dtype=np.int32)
LEVELS = np.array([1, 1, 3, 3, 3, 4, 4, 4, 4, 4], dtype=np.int8)
COUNTS = (
    "households",
    "households_assigned",
    *(f"households_skill_{k}" for k in range(1, 6)),
    "households_all_five",
)


@st.composite
def residents(draw: st.DrawFn, max_households: int = 40) -> dict[str, Any]:
    """Households (some empty) with residents' five skill levels, sorted by household."""
    sizes = np.array(draw(st.lists(st.integers(0, 6), max_size=max_households)), dtype=np.int64)
    offsets = np.zeros(sizes.size, dtype=np.int64)
    offsets[1:] = np.cumsum(sizes)[:-1]
    n = int(sizes.sum())
    levels = draw(arrays(np.int8, (n, 5), elements=st.integers(0, 4)))
    return {"sizes": sizes, "offsets": offsets, "levels": levels}


def naive_skills(
    levels: np.ndarray, offsets: np.ndarray, sizes: np.ndarray, alone: int
) -> tuple[np.ndarray, np.ndarray]:
    ok = np.zeros((sizes.size, 5), dtype=bool)
    five = np.zeros(sizes.size, dtype=bool)
    for h, (start, size) in enumerate(zip(offsets.tolist(), sizes.tolist(), strict=True)):
        for person in levels[start : start + size].tolist():
            for k, level in enumerate(person):
                ok[h, k] |= level >= alone
            five[h] |= all(level >= alone for level in person)
    return ok, five


def chunking(draw: st.DrawFn) -> Any:
    """Small chunks and short runs, so that chunk and lane boundaries are crossed."""
    return mock.patch.multiple(
        _columnar,
        CHUNK_HOUSEHOLDS=draw(st.sampled_from([1, 2, 3, 7, 64])),
        _RUN_LIMIT=draw(st.sampled_from([1, 2, 5, 0xFFFF])),
    )


@given(residents(), st.integers(1, 4), st.booleans(), st.data())
def test_household_skills_match_a_naive_loop(
    data: dict[str, Any], alone: int, as_columns: bool, draw: st.DataObject
) -> None:
    levels = data["levels"]
    given_levels = [levels[:, k].copy() for k in range(5)] if as_columns else levels
    with chunking(draw.draw):
        ok, five = household_skills_from_residents(given_levels, data["offsets"], alone)
    want_ok, want_five = naive_skills(levels, data["offsets"], data["sizes"], alone)
    assert ok.shape == (data["sizes"].size, 5)
    assert ok.dtype == five.dtype == np.bool_
    assert np.array_equal(ok, want_ok)
    assert np.array_equal(five, want_five)


@pytest.mark.parametrize("size", [255, 256, 300])
def test_a_very_large_household(size: int) -> None:
    # Lanes count residents in 8 bits: a household of 256 or more takes the slower path.
    levels = np.zeros((size + 3, 5), dtype=np.int8)
    levels[-4, :] = 3  # the last resident of the large household has all five
    levels[-1, 0] = 4  # the last one-person household has skill 1
    offsets = np.array([0, size, size + 1, size + 2])
    ok, five = household_skills_from_residents(levels, offsets)
    assert five.tolist() == [True, False, False, False]
    assert ok[:, 0].tolist() == [True, False, False, True]
    assert ok[0].all() and not ok[1:, 1:].any()


def naive_totals(
    unit: np.ndarray, member: np.ndarray, ok: np.ndarray, five: np.ndarray
) -> dict[str, np.ndarray]:
    totals = {name: np.zeros(PARENTS.size) for name in COUNTS}
    for h, u in enumerate(unit.tolist()):
        while u >= 0:  # the household counts in its unit and every ancestor
            totals["households"][u] += 1
            totals["households_assigned"][u] += member[h] >= 0
            for k in range(5):
                totals[f"households_skill_{k + 1}"][u] += ok[h, k]
            totals["households_all_five"][u] += five[h]
            u = int(PARENTS[u])
    return totals


@st.composite
def households(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(residents())
    n = data["sizes"].size
    data["unit"] = np.sort(draw(arrays(np.int32, n, elements=st.integers(-1, 9))))
    data["member"] = draw(arrays(np.int32, n, elements=st.integers(-1, 3)))
    return data


@given(households(), st.data())
def test_national_rollup_matches_a_naive_loop(data: dict[str, Any], draw: st.DataObject) -> None:
    with chunking(draw.draw):
        totals = national_rollup(
            PARENTS,
            LEVELS,
            data["unit"],
            data["member"],
            data["levels"],
            data["offsets"],
        )
    ok, five = naive_skills(data["levels"], data["offsets"], data["sizes"], 3)
    for name, values in naive_totals(data["unit"], data["member"], ok, five).items():
        assert np.array_equal(totals[name], values), name
    # The same as the engine's rollup_totals fed with per-household columns.
    columns = {f"households_skill_{k + 1}": ok[:, k].astype(np.int8) for k in range(5)}
    columns["households_all_five"] = five.astype(np.int8)
    columns["households_assigned"] = (data["member"] >= 0).astype(np.int8)
    engine = rollup_totals(PARENTS, LEVELS, household_unit=data["unit"], household_columns=columns)
    for name, values in engine.items():
        assert np.array_equal(totals[name], values), name


@given(households())
def test_parents_sum_their_children_and_rates_come_from_sums(data: dict[str, Any]) -> None:
    data["unit"] = np.sort(np.where(data["unit"] >= 5, data["unit"], 5)).astype(np.int32)
    totals = national_rollup(
        PARENTS, LEVELS, data["unit"], data["member"], data["levels"], data["offsets"]
    )
    for name in COUNTS:
        values = totals[name]
        for parent in range(5):
            children = np.flatnonzero(parent == PARENTS)
            assert values[parent] == values[children].sum()
        assert values[PARENTS < 0].sum() == values[5:].sum()
        # Rolling the village figures up again gives the same totals.
        own = np.where(LEVELS == Level.VILLAGE, values, 0)
        assert np.array_equal(sum_up(own, PARENTS, LEVELS), values)
    for rate, part in (
        ("households_assigned_rate", "households_assigned"),
        ("households_all_five_rate", "households_all_five"),
    ):
        households = totals["households"]
        expected = np.where(households > 0, totals[part] / np.maximum(households, 1), np.nan)
        assert np.array_equal(totals[rate], expected, equal_nan=True)


def test_on_the_2025_units_with_villages_appended() -> None:
    units = default_registry().current
    communes = np.flatnonzero(units.levels == Level.COMMUNE)[:2].astype(np.int32)
    parents = np.concatenate((units.parent_indices, communes[[0, 0, 1]]))
    levels = np.concatenate((units.levels, np.full(3, Level.VILLAGE, np.int8)))
    village = len(units) + np.arange(3, dtype=np.int32)
    unit = village[[0, 0, 1, 2]]
    member = np.array([5, -1, 0, 2], dtype=np.int32)
    levels_of = np.array(
        [[3, 3, 3, 3, 3], [0, 0, 0, 0, 0], [4, 0, 0, 0, 0], [2, 4, 4, 4, 4], [3, 3, 3, 3, 2]],
        dtype=np.int8,
    )
    offsets = np.array([0, 1, 2, 4])  # households of 1, 1, 2 and 1 residents
    totals = national_rollup(parents, levels, unit, member, levels_of, offsets)
    province = int(units.parent_indices[communes[0]])
    assert totals["households"][[*village, communes[0], province]].tolist() == [2, 1, 1, 3, 4]
    assert totals["households_all_five"][village].tolist() == [1, 0, 0]
    assert totals["households_skill_1"][village].tolist() == [1, 1, 1]
    assert totals["households_skill_2"][village].tolist() == [1, 1, 1]
    assert totals["households_assigned_rate"][communes[0]] == 2 / 3
    assert np.isnan(totals["households_all_five_rate"][int(np.flatnonzero(levels == 3)[-1])])


def test_mistakes_in_the_columns_are_named() -> None:
    levels = np.zeros((4, 5), dtype=np.int8)
    offsets = np.array([0, 2])
    member = np.zeros(2, dtype=np.int32)
    with pytest.raises(ValueError, match="not sorted"):
        national_rollup(PARENTS, LEVELS, np.array([7, 6], np.int32), member, levels, offsets)
    with pytest.raises(ValueError, match="not a unit"):
        national_rollup(PARENTS, LEVELS, np.array([6, 10], np.int32), member, levels, offsets)
    with pytest.raises(ValueError, match="one of each per household"):
        national_rollup(PARENTS, LEVELS, np.array([6], np.int32), member, levels, offsets)
    with pytest.raises(ValueError, match="offsets decrease"):
        household_skills_from_residents(levels, np.array([0, 3, 2]))
    with pytest.raises(ValueError, match="leave the 4 resident rows"):
        household_skills_from_residents(levels, np.array([0, 5]))
    with pytest.raises(ValueError, match="expected"):
        household_skills_from_residents(np.zeros((4, 4), np.int8), offsets)
    with pytest.raises(TypeError, match="integer levels"):
        household_skills_from_residents([np.zeros(4)] * 5, offsets)
