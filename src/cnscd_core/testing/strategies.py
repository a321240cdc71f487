"""Hypothesis strategies for cnscd_core's records, reused by the core's and plugins' tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from cnscd_core.units import (
    AdminUnit,
    Candidate,
    Conversion,
    CountConversion,
    Level,
    SplitRow,
    UnitKind,
)

__all__ = [
    "admin_units",
    "candidates",
    "conversions",
    "count_conversions",
    "unit_codes",
    "vietnamese_names",
]

_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONED = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"

#: Codes shaped like official ones: two digits (province), three (district), five (commune).
unit_codes = st.one_of(
    st.from_regex(r"\A[0-9]{2}\Z"),
    st.from_regex(r"\A[0-9]{3}\Z"),
    st.from_regex(r"\A[0-9]{5}\Z"),
    st.from_regex(r"\A[0-9]{5}\.[0-9]{3}\Z"),
)

#: Vietnamese-looking names of one to four capitalised syllables.
vietnamese_names = st.lists(
    st.text(alphabet=_LETTERS + _TONED, min_size=1, max_size=6).map(str.capitalize),
    min_size=1,
    max_size=4,
).map(" ".join)

_dates = st.one_of(
    st.none(), st.dates(min_value=dt.date(2008, 8, 1), max_value=dt.date(2040, 1, 1))
)


@st.composite
def admin_units(draw: st.DrawFn) -> AdminUnit:
    """Any valid ``AdminUnit``."""
    kind = draw(st.sampled_from(list(UnitKind)))
    short = draw(vietnamese_names)
    return AdminUnit(
        code=draw(unit_codes),
        name=f"{kind.value.capitalize()} {short}",
        short_name=short,
        kind=kind,
        level=kind.level,
        parent=None if kind.level == Level.PROVINCE else draw(unit_codes),
        valid_from=draw(_dates),
        valid_to=draw(_dates),
    )


@st.composite
def candidates(draw: st.DrawFn) -> Candidate:
    """Any ``Candidate`` (score in (0, 1], a few reasons)."""
    return Candidate(
        unit=draw(admin_units()),
        score=draw(st.floats(min_value=0.01, max_value=1.0, allow_nan=False)),
        why=tuple(draw(st.lists(st.text(max_size=30), max_size=3))),
        path=draw(st.text(max_size=60)),
        ambiguous=draw(st.booleans()),
    )


@st.composite
def conversions(draw: st.DrawFn) -> Conversion:
    """Any ``Conversion``."""
    units = tuple(draw(st.lists(admin_units(), min_size=1, max_size=4)))
    return Conversion(
        query=draw(st.text(max_size=60)),
        legacy=draw(admin_units()),
        legacy_path=draw(st.text(max_size=60)),
        units=units,
        default=draw(st.one_of(st.none(), st.sampled_from([u.code for u in units]))),
        split=len(units) > 1,
    )


@st.composite
def count_conversions(draw: st.DrawFn) -> CountConversion:
    """Any ``CountConversion``."""
    counts = st.integers(min_value=0, max_value=10**7)
    splits = draw(
        st.lists(
            st.builds(
                SplitRow,
                legacy_code=unit_codes,
                value=counts,
                shares=st.lists(st.tuples(unit_codes, counts), max_size=4).map(tuple),
            ),
            max_size=3,
        )
    )
    return CountConversion(
        totals=draw(st.dictionaries(unit_codes, counts, max_size=5)), splits=tuple(splits)
    )
