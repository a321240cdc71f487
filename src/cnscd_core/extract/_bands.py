"""Coarsening: exact values that single a person out become bands, months and caps."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "BIRTH_BAND_WIDTH",
    "HOUSEHOLD_SIZE_CAP",
    "OLDEST_BAND_END",
    "SMARTPHONES_CAP",
    "birth_band",
    "birth_bands",
    "capped",
    "capped_many",
    "months",
]

#: Birth years are grouped in decades: 1980-1989.
BIRTH_BAND_WIDTH = 10
#: Births up to this year share one band (1900-1939): people over about 85 are few, and an
#: age near 100 is known to the whole village.
OLDEST_BAND_END = 1939
_OLDEST_BAND = f"1900-{OLDEST_BAND_END}"
#: Household sizes from this many persons up are written "8+".
HOUSEHOLD_SIZE_CAP = 8
#: Smartphone counts from this many up are written "5+".
SMARTPHONES_CAP = 5


def birth_band(year: int | None) -> str:
    """``1985`` -> ``"1980-1989"``; before 1940 -> ``"1900-1939"``; unknown -> ``""``."""
    if year is None or year < 0:
        return ""
    if year <= OLDEST_BAND_END:
        return _OLDEST_BAND
    start = year - year % BIRTH_BAND_WIDTH
    return f"{start}-{start + BIRTH_BAND_WIDTH - 1}"


def birth_bands(years: npt.NDArray[Any]) -> list[str]:
    """``birth_band`` of every year of a column (``-1`` means unknown)."""
    cache: dict[int, str] = {}
    out = []
    for year in years.tolist():
        band = cache.get(year)
        if band is None:
            band = cache[year] = birth_band(year)
        out.append(band)
    return out


def capped(value: int | None, cap: int) -> str:
    """``3`` -> ``"3"``; ``cap`` or more -> ``"{cap}+"``; unknown (``None``, ``-1``) -> ``""``."""
    if value is None or value < 0:
        return ""
    return f"{cap}+" if value >= cap else str(value)


def capped_many(values: npt.NDArray[Any], cap: int) -> list[str]:
    """``capped`` of every value of a column."""
    return [capped(v, cap) for v in values.tolist()]


def months(dates: npt.NDArray[np.datetime64]) -> list[str]:
    """Dates as months, ``2025-03-14`` -> ``"2025-03"``; a missing date (NaT) -> ``""``."""
    month = dates.astype("datetime64[M]")
    return ["" if np.isnat(m) else str(m) for m in month]
