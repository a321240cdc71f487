"""Small-cell suppression: primary (cells below the threshold) and secondary (so that no
suppressed cell can be worked out again from a published total)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Literal

__all__ = ["DEFAULT_THRESHOLD", "MIN_THRESHOLD", "Suppression", "suppress_cells"]

#: Cells counting fewer than this many records (or contributors) are not published.
DEFAULT_THRESHOLD = 5
#: A lower threshold is refused: a cell of one or two people points at them.
MIN_THRESHOLD = 3

Suppression = Literal["", "primary", "secondary"]


def suppress_cells(
    counts: Sequence[int],
    groups: Sequence[Sequence[int]],
    threshold: int,
    contributors: Sequence[int] | None = None,
) -> list[Suppression]:
    """Which cells to suppress: ``""`` (published), ``"primary"`` or ``"secondary"``.

    A cell is suppressed (primary) when it counts fewer than ``threshold`` records, or when
    fewer than ``threshold`` distinct contributors (households, say) make it up. ``groups``
    lists the additive relations the table publishes: each is a total cell and the cells that
    add up to it (a row with its row total, the villages of a commune with the commune). In a
    group with exactly one suppressed cell, that cell is the total minus the others, so the
    smallest published cell of the group is suppressed too (secondary); this repeats, across
    groups, until no group has exactly one suppressed cell.
    """
    n = len(counts)
    helpers = contributors if contributors is not None else counts
    state: list[Suppression] = [
        "primary" if counts[i] < threshold or helpers[i] < threshold else "" for i in range(n)
    ]
    groups_of: list[list[int]] = [[] for _ in range(n)]
    for g, cells in enumerate(groups):
        for cell in set(cells):
            groups_of[cell].append(g)
    pending = deque(range(len(groups)))
    queued = set(pending)
    while pending:
        g = pending.popleft()
        queued.discard(g)
        cells = sorted(set(groups[g]))
        if sum(1 for c in cells if state[c]) != 1:
            continue
        shown = [c for c in cells if not state[c]]
        if not shown:
            continue
        pick = min(shown, key=lambda c: (counts[c], helpers[c], c))
        state[pick] = "secondary"
        for other in groups_of[pick]:
            if other not in queued:
                pending.append(other)
                queued.add(other)
    return state
