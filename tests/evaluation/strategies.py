"""Hypothesis strategies for criteria sets and indicator values."""

from __future__ import annotations

from hypothesis import strategies as st

from cnscd_core.catalog import CriteriaClass, CriteriaSet, Criterion, Text

INDICATORS = ("a_rate", "b_rate", "c_count", "per_member")

weights = st.floats(min_value=0.01, max_value=10, allow_nan=False)
targets = st.floats(min_value=0.01, max_value=1000, allow_nan=False)
#: An indicator value: missing, zero, negative, ordinary or huge.
values = st.one_of(
    st.none(),
    st.just(0.0),
    st.floats(min_value=-10, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.just(float("inf")),
)


@st.composite
def criteria_sets(draw: st.DrawFn) -> CriteriaSet:
    """A set scoring 1-4 distinct indicators, with the national pack's five classes."""
    codes = draw(st.lists(st.sampled_from(INDICATORS), min_size=1, max_size=4, unique=True))
    return CriteriaSet(
        code="test-set",
        name=Text(vi="Bộ thử", en="Test set"),
        source="test",
        criteria=tuple(
            Criterion(
                indicator=code,
                weight=draw(weights),
                target=draw(targets),
                higher_is_better=draw(st.booleans()),
            )
            for code in codes
        ),
        classes=CLASSES,
        honour_class="excellent",
    )


CLASSES = tuple(
    CriteriaClass(code, Text(vi=vi, en=en), score)
    for code, vi, en, score in (
        ("excellent", "Xuất sắc", "Excellent", 90.0),
        ("good", "Tốt", "Good", 75.0),
        ("fair", "Khá", "Fair", 60.0),
        ("pass", "Đạt", "Pass", 50.0),
        ("fail", "Chưa đạt", "Not passed", 0.0),
    )
)

indicator_maps = st.dictionaries(st.sampled_from(INDICATORS), values)
