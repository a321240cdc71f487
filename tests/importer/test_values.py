"""Values as people write them: dates, years, phones, counts, yes/no, IDs, genders."""

from __future__ import annotations

import datetime as dt

import pytest

from cnscd_core.importer._values import (
    Invalid,
    parse_citizen_id,
    parse_code,
    parse_count,
    parse_date,
    parse_gender,
    parse_phone,
    parse_position,
    parse_text,
    parse_year,
    parse_yes_no,
)

FIRST, LAST = dt.date(2021, 1, 1), dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    "value",
    [
        "15/03/2026",
        "15-3-2026",
        "15.03.2026",
        "2026-03-15",
        "2026/3/15",
        "15/3/26",
        "ngày 15 tháng 3 năm 2026",
        "2026-03-15 00:00:00",
        dt.date(2026, 3, 15),
        dt.datetime(2026, 3, 15, 8, 30),
        46096,
        46096.0,
        "46096",
    ],
)
def test_dates(value: object) -> None:
    assert parse_date(value, FIRST, LAST) == dt.date(2026, 3, 15)


@pytest.mark.parametrize("value", ["31/02/2026", "2026-13-01", "hôm qua", "15/03/2030", 1985, True])
def test_impossible_dates(value: object) -> None:
    with pytest.raises(Invalid) as info:
        parse_date(value, FIRST, LAST)
    assert info.value.problem == "invalid_date"
    assert "15/03/2026" in info.value.expected


def test_empty_cells_are_none() -> None:
    for parse in (parse_text, parse_code, parse_phone, parse_gender, parse_yes_no):
        assert parse("") is None
        assert parse("   ") is None
        assert parse(None) is None
    assert parse_date("", FIRST, LAST) is None


@pytest.mark.parametrize(
    ("value", "year"),
    [("1985", 1985), ("1985.0", 1985), (1985.0, 1985), (1985, 1985), ("12/05/1985", 1985)],
)
def test_years(value: object, year: int) -> None:
    assert parse_year(value, 1900, 2016) == year


@pytest.mark.parametrize("value", ["1850", "2025", "198", "1985.5", 1985.5, "abc"])
def test_impossible_years(value: object) -> None:
    with pytest.raises(Invalid) as info:
        parse_year(value, 1900, 2016)
    assert info.value.problem == "invalid_year"


@pytest.mark.parametrize(
    "value",
    [
        "0900 000 011",
        "0900.000.011",
        "0900-000-011",
        "+84 900 000 011",
        "84900000011",
        "(+84) 900 000 011",
        900000011,
        900000011.0,
        "900000011",
    ],
)
def test_phones(value: object) -> None:
    assert parse_phone(value) == "0900000011"


def test_landline_has_eleven_digits() -> None:
    assert parse_phone("0237 3 000 001") == "02373000001"


@pytest.mark.parametrize("value", ["12345", "0900 000 01", "09000000111234", "abc", True])
def test_invalid_phones(value: object) -> None:
    with pytest.raises(Invalid) as info:
        parse_phone(value)
    assert info.value.problem == "invalid_phone"


def test_counts() -> None:
    assert parse_count("4", 1, 50, "persons") == 4
    assert parse_count(4.0, 1, 50, "persons") == 4
    assert parse_count("04", 1, 50, "persons") == 4
    assert parse_count("4,0", 1, 50, "persons") == 4
    for bad, problem in [
        ("-2", "invalid_size"),
        (120, "invalid_size"),
        (0, "invalid_size"),
        (3.5, "invalid_number"),
        ("bốn", "invalid_number"),
    ]:
        with pytest.raises(Invalid) as info:
            parse_count(bad, 1, 50, "persons")
        assert info.value.problem == problem


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Có", True),
        ("có", True),
        ("x", True),
        ("X", True),
        ("1", True),
        ("yes", True),
        ("Không", False),
        ("khong", False),
        ("0", False),
        (True, True),
    ],
)
def test_yes_no(value: object, expected: bool) -> None:
    assert parse_yes_no(value) is expected


def test_yes_no_refuses_other_words() -> None:
    with pytest.raises(Invalid):
        parse_yes_no("có lẽ")


def test_genders_and_positions() -> None:
    assert parse_gender("Nam") == "male"
    assert parse_gender("NỮ") == "female"
    assert parse_gender("nu") == "female"
    assert parse_gender("Khác") == "other"
    with pytest.raises(Invalid):
        parse_gender("?")
    assert parse_position("Tổ trưởng") == "leader"
    assert parse_position("Phó tổ trưởng") == "deputy"
    assert parse_position("Tổ phó") == "deputy"
    assert parse_position("Thành viên") == "member"
    with pytest.raises(Invalid):
        parse_position("Thủ quỹ")


def test_codes_and_text() -> None:
    assert parse_code(101.0) == "101"
    assert parse_code("  HD 001 ") == "HD 001"
    with pytest.raises(Invalid):
        parse_code(dt.date(2026, 1, 1))
    # NFD in, NFC and canonical tone placement out.
    assert parse_text("Vi  Thi\u0323 Hoa\u0300") == "Vi Thị Hòa"


def test_citizen_ids() -> None:
    assert parse_citizen_id("999 000 000 001") == "999000000001"
    assert parse_citizen_id(99000000001) == "099000000001"  # a number cell lost its zero
    assert parse_citizen_id("999000001") == "999000001"
    with pytest.raises(Invalid) as info:
        parse_citizen_id("12345")
    assert info.value.problem == "invalid_id"
