"""JSON round trips of every record type through the one converter."""

from __future__ import annotations

import json
from typing import Any

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.serialization import make_converter
from cnscd_core.testing import strategies as cs
from cnscd_core.text import RepairResult
from cnscd_core.units import AdminUnit, Candidate, Conversion, CountConversion

CONVERTER = make_converter()


def roundtrip(value: Any, cls: type) -> Any:
    text = json.dumps(CONVERTER.unstructure(value), ensure_ascii=False)
    return CONVERTER.structure(json.loads(text), cls)


@given(cs.admin_units())
def test_admin_unit(unit: AdminUnit) -> None:
    assert roundtrip(unit, AdminUnit) == unit


@given(cs.candidates())
def test_candidate(candidate: Candidate) -> None:
    assert roundtrip(candidate, Candidate) == candidate


@given(cs.conversions())
def test_conversion(conversion: Conversion) -> None:
    assert roundtrip(conversion, Conversion) == conversion


@given(cs.count_conversions())
def test_count_conversion(value: CountConversion) -> None:
    assert roundtrip(value, CountConversion) == value


@given(
    st.builds(
        RepairResult,
        text=st.text(),
        encoding=st.sampled_from([None, "tcvn3", "vni"]),
        changed=st.booleans(),
    )
)
def test_repair_result(value: RepairResult) -> None:
    assert roundtrip(value, RepairResult) == value


def test_unit_json_shape_and_unknown_keys_refused() -> None:
    from cnscd_core.units import default_registry

    unit = default_registry().lookup("38")
    data = CONVERTER.unstructure(unit)
    assert data["kind"] == "tỉnh" and data["level"] == 1 and data["valid_from"] == "2025-07-01"
    data["colour"] = "red"
    with pytest.raises(cattrs.ClassValidationError) as info:
        CONVERTER.structure(data, AdminUnit)
    assert any("colour" in line for line in cattrs.transform_error(info.value))
