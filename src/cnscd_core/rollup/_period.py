"""Reporting periods: a month (``2026-09``), a quarter (``2026-Q3``) or a year (``2026``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import attrs

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _

__all__ = ["Period", "PeriodError"]

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(CnscdError):
    """A period is written in a way that is not understood."""


@attrs.frozen(order=True)
class Period:
    """A reporting period with its first and last day (both inclusive).

    Stocks (teams, members, households...) are taken at ``end``; flows (visits, persons
    guided) are summed from ``start`` to ``end``.
    """

    start: dt.date
    end: dt.date
    kind: Literal["month", "quarter", "year"]

    @property
    def label(self) -> str:
        """``2026-09``, ``2026-Q3`` or ``2026``."""
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    def __str__(self) -> str:
        return self.label

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2026-09``, ``2026-Q3`` (or ``2026Q3``) or ``2026``; raises ``PeriodError``."""
        value = str(text).strip()
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            if 1 <= month <= 12:
                return cls.month(year, month)
        elif m := _QUARTER.match(value):
            return cls.quarter(int(m[1]), int(m[2]))
        elif m := _YEAR.match(value):
            return cls.year(int(m[1]))
        raise PeriodError(
            _(
                "{value!r} is not a period; expected a month (2026-09), a quarter (2026-Q3) or "
                "a year (2026)"
            ).format(value=text)
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``month`` of ``year``."""
        start = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(start, nxt - dt.timedelta(days=1), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter ``quarter`` (1-4) of ``year``."""
        first = 3 * (quarter - 1) + 1
        return cls(cls.month(year, first).start, cls.month(year, first + 2).end, "quarter")

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return Period.containing(self.start - dt.timedelta(days=1), self.kind)

    @classmethod
    def containing(cls, day: dt.date, kind: Literal["month", "quarter", "year"]) -> Period:
        """The period of ``kind`` that contains ``day``."""
        if kind == "month":
            return cls.month(day.year, day.month)
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        return cls.year(day.year)
