"""Tables of an extract: columns of plain values, microdata or aggregate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import attrs

__all__ = ["Table"]


@attrs.frozen
class Table:
    """One file of the extract: named columns of equal length (strings, integers or None).

    ``kind`` is ``microdata`` (one row per record, pseudonymised) or ``aggregate`` (one row
    per cell of a count table, small cells suppressed).
    """

    name: str
    kind: Literal["microdata", "aggregate"]
    columns: dict[str, list[Any]]
    #: Cells suppressed because they were small (aggregates only).
    primary_suppressed: int = 0
    #: Cells suppressed so that a small one cannot be worked out from a total.
    secondary_suppressed: int = 0

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    @property
    def suppressed_cells(self) -> int:
        """Every suppressed cell of the table."""
        return self.primary_suppressed + self.secondary_suppressed

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """The rows, as tuples in column order."""
        return zip(*self.columns.values(), strict=True)
