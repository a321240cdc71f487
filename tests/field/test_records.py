"""Field records: validators a clerk understands, personal fields masked everywhere shown."""

from __future__ import annotations

import datetime as dt

import pytest

from cnscd_core.field import PERSONAL_FIELDS, Household, Member, Resident, Team, Visit, mask


def test_personal_fields_are_masked_in_repr() -> None:
    member = Member("M1", "Nguyễn Văn An", phone="0912 345 612")
    text = repr(member)
    assert "Nguyễn" not in text and "An'" not in text and "345" not in text
    assert "09******12" in text and "N***** V** A*" in text
    resident = Resident("R1", "H1", "Trần Thị Bình", citizen_id="001085012345")
    assert "001085012345" not in repr(resident) and "00********45" in repr(resident)
    household = Household("H1", "Lò Văn Chiến", 4, "00070")
    assert "Chiến" not in repr(household)
    for cls, fields in PERSONAL_FIELDS.items():
        assert fields, cls


def test_mask_helpers() -> None:
    assert mask("0912345612", "phone") == "09******12"
    assert mask("Lò Văn Chiến", "full_name") == "L* V** C****"
    assert mask("", "phone") == "''"
    assert mask(None, "phone") == "None"


@pytest.mark.parametrize(
    ("build", "needle"),
    [
        (lambda: Household("H1", "A", 0, "00070"), "0"),
        (lambda: Household("H1", "A", 120, "00070"), "120"),
        (lambda: Household("H1", "A", 4, "00070", smartphones=-1), "-1"),
        (lambda: Member("M1", "A", birth_year=1850), "1850"),
        (
            lambda: Member("M1", "A", joined=dt.date(2026, 5, 1), left=dt.date(2026, 1, 1)),
            "2026-01-01",
        ),
        (lambda: Team(" T1", "x", "village", "00070"), "' T1'"),
        (lambda: Resident("R1", "H1", vneid_level=3), "3"),
        (lambda: Visit("v", dt.date(2026, 1, 1), "M1", "phone", persons=-2), "-2"),
    ],
)
def test_validators_name_what_was_found(build: object, needle: str) -> None:
    with pytest.raises(ValueError, match=needle.replace("(", r"\(")):
        build()  # type: ignore[operator]


def test_visit_natural_key() -> None:
    key = Visit.natural_key(
        dt.date(2026, 3, 15), "M1", "H1", "door_to_door", "online_payment", None
    )
    assert key == "2026-03-15|M1|H1|door_to_door|online_payment|-"
    assert "group" in Visit.natural_key(dt.date(2026, 3, 15), "M1", None, "meeting", None, "vneid")
