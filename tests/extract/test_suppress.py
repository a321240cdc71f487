"""Suppression: primary below the threshold, secondary against recovery from totals."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.extract import birth_band, capped, suppress_cells


def test_birth_bands() -> None:
    assert birth_band(1985) == "1980-1989"
    assert birth_band(1980) == "1980-1989"
    assert birth_band(2009) == "2000-2009"
    assert birth_band(1939) == "1900-1939"
    assert birth_band(1902) == "1900-1939"
    assert birth_band(1940) == "1940-1949"
    assert birth_band(None) == "" and birth_band(-1) == ""


@given(st.integers(min_value=1900, max_value=dt.date.today().year))
def test_every_year_falls_in_its_band(year: int) -> None:
    first, last = (int(y) for y in birth_band(year).split("-"))
    assert first <= year <= last
    assert last - first == 9 or (first, last) == (1900, 1939)


def test_caps() -> None:
    assert [capped(n, 8) for n in (1, 7, 8, 23)] == ["1", "7", "8+", "8+"]
    assert capped(None, 5) == "" and capped(-1, 5) == ""


def test_primary_suppression() -> None:
    assert suppress_cells([0, 4, 5, 9], [], 5) == ["primary", "primary", "", ""]


def test_one_suppressed_cell_in_a_row_takes_the_next_smallest_with_it() -> None:
    # Row 10, 3, 20 with its total 33: the 3 alone could be worked out as 33 - 10 - 20.
    state = suppress_cells([10, 3, 20, 33], [[3, 0, 1, 2]], 5)
    assert state == ["secondary", "primary", "", ""]


def test_two_suppressed_cells_need_nothing_more() -> None:
    assert suppress_cells([10, 3, 2, 15], [[3, 0, 1, 2]], 5) == ["", "primary", "primary", ""]


def test_secondary_suppression_spreads_across_groups() -> None:
    # Two rows (a, b) of two categories, their row totals, and column totals:
    #        c1  c2  total
    #   a     3  10   13
    #   b     8   9   17
    #   sum  11  19   30
    counts = [3, 10, 13, 8, 9, 17, 11, 19, 30]
    groups = [[2, 0, 1], [5, 3, 4], [8, 6, 7], [6, 0, 3], [7, 1, 4], [8, 2, 5]]
    state = suppress_cells(counts, groups, 5)
    assert state[0] == "primary"
    for group in groups:
        assert sum(1 for c in group if state[c]) != 1
    # a's 3 takes its row's 10 and its column's 8; then b's 9 goes too (b had one hidden).
    assert [i for i, s in enumerate(state) if s] == [0, 1, 3, 4]


def test_few_contributors_suppress_a_large_count() -> None:
    # Nine visits, all to two households.
    assert suppress_cells([9, 30], [], 5, contributors=[2, 20]) == ["primary", ""]


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[int], list[list[int]]]:
    rows, columns = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    cells = [[draw(st.integers(0, 30)) for _ in range(columns)] for _ in range(rows)]
    counts: list[int] = []
    index: dict[tuple[int, int], int] = {}
    for r in range(rows + 1):
        for c in range(columns + 1):
            if r < rows and c < columns:
                value = cells[r][c]
            elif r < rows:
                value = sum(cells[r])
            elif c < columns:
                value = sum(row[c] for row in cells)
            else:
                value = sum(map(sum, cells))
            index[(r, c)] = len(counts)
            counts.append(value)
    groups = [
        [index[(r, columns)], *(index[(r, c)] for c in range(columns))] for r in range(rows + 1)
    ]
    groups += [
        [index[(rows, c)], *(index[(r, c)] for r in range(rows))] for c in range(columns + 1)
    ]
    return counts, groups


@given(tables(), st.integers(3, 10))
def test_no_group_keeps_exactly_one_hidden_cell(
    table: tuple[list[int], list[list[int]]], threshold: int
) -> None:
    counts, groups = table
    state = suppress_cells(counts, groups, threshold)
    for i, count in enumerate(counts):
        assert state[i] or count >= threshold
        if count < threshold:
            assert state[i] == "primary"
    for group in groups:
        assert sum(1 for c in group if state[c]) != 1
