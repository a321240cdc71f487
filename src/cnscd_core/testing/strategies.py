"""Hypothesis strategies for cnscd_core's records, reused by the core's and plugins' tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from cnscd_core.field import (
    CHANNELS,
    Campaign,
    Change,
    CommunityGroup,
    Feedback,
    Household,
    Member,
    Resident,
    Team,
    Training,
    Visit,
)
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
    "campaigns",
    "candidates",
    "changes",
    "community_groups",
    "conversions",
    "count_conversions",
    "fake_citizen_ids",
    "fake_phones",
    "feedback",
    "households",
    "members",
    "record_codes",
    "residents",
    "teams",
    "trainings",
    "unit_codes",
    "vietnamese_names",
    "visits",
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


# -- field records -------------------------------------------------------------------------

#: Record codes shaped like those communes use (``HD001``, ``TV12``, ``XB-DT``).
record_codes = st.from_regex(r"\A[A-Z]{1,3}(?:-[A-Z]{1,3})?[0-9]{0,4}\Z")

#: Obviously fake phone numbers (``0900 000 xxx``), as the store keeps them: digits only.
fake_phones = st.integers(min_value=0, max_value=999).map(lambda n: f"0900000{n:03d}")

#: Fake 12-digit citizen-ID numbers (never a real person's: the ``999`` province code).
fake_citizen_ids = st.integers(min_value=0, max_value=10**9 - 1).map(lambda n: f"999{n:09d}")

_field_dates = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2026, 11, 1))
_birth_years = st.integers(min_value=1900, max_value=dt.date.today().year)
_skill_codes = st.sampled_from(
    [
        "online_public_services",
        "online_shopping",
        "online_payment",
        "cyber_safety",
        "local_digital_platforms",
    ]
)
_skill_levels = st.dictionaries(_skill_codes, st.integers(min_value=0, max_value=9), max_size=3)
_short_text = st.text(max_size=30)


@st.composite
def _ordered_dates(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    first = draw(st.one_of(st.none(), _field_dates))
    if first is None:
        return None, draw(st.one_of(st.none(), _field_dates))
    return first, draw(st.one_of(st.none(), _field_dates.filter(lambda d: d >= first)))


def community_groups() -> st.SearchStrategy[CommunityGroup]:
    """Any ``CommunityGroup`` (a Zalo, Facebook... group a team runs)."""
    return st.builds(
        CommunityGroup,
        platform=st.sampled_from(["zalo", "facebook", "mocha", "gapo", "other"]),
        name=_short_text,
        members=st.integers(min_value=0, max_value=5000),
        as_of=st.one_of(st.none(), _field_dates),
    )


@st.composite
def teams(draw: st.DrawFn) -> Team:
    """Any valid ``Team``."""
    established, dissolved = draw(_ordered_dates())
    return Team(
        code=draw(record_codes),
        name=draw(_short_text),
        level=draw(st.sampled_from(["commune", "village"])),
        unit=draw(unit_codes),
        legacy_unit=draw(st.one_of(st.none(), unit_codes)),
        leader=draw(st.one_of(st.none(), record_codes)),
        deputy=draw(st.one_of(st.none(), record_codes)),
        decision_number=draw(_short_text),
        decision_date=draw(st.one_of(st.none(), _field_dates)),
        established=established,
        dissolved=dissolved,
        groups=tuple(draw(st.lists(community_groups(), max_size=2))),
    )


def trainings() -> st.SearchStrategy[Training]:
    """Any ``Training`` a member attended."""
    return st.builds(
        Training,
        course=_short_text,
        date=_field_dates,
        mode=st.sampled_from(["in_person", "online"]),
        provider=_short_text,
    )


@st.composite
def members(draw: st.DrawFn) -> Member:
    """Any valid ``Member`` (fake name and phone)."""
    joined, left = draw(_ordered_dates())
    return Member(
        code=draw(record_codes),
        full_name=draw(vietnamese_names),
        teams=tuple(draw(st.lists(record_codes, max_size=3))),
        birth_year=draw(st.one_of(st.none(), _birth_years)),
        gender=draw(st.sampled_from([None, "male", "female", "other"])),
        phone=draw(st.one_of(st.none(), fake_phones)),
        role=draw(st.one_of(st.none(), st.sampled_from(["village_head", "youth_union"]))),
        position=draw(st.sampled_from(["leader", "deputy", "member"])),
        joined=joined,
        left=left,
        trainings=tuple(draw(st.lists(trainings(), max_size=2))),
        skill_levels=draw(_skill_levels),
    )


def households() -> st.SearchStrategy[Household]:
    """Any valid ``Household`` (fake head's name and phone)."""
    return st.builds(
        Household,
        code=record_codes,
        head_name=vietnamese_names,
        size=st.integers(min_value=1, max_value=50),
        unit=unit_codes,
        smartphones=st.one_of(st.none(), st.integers(min_value=0, max_value=20)),
        legacy_unit=st.one_of(st.none(), unit_codes),
        member=st.one_of(st.none(), record_codes),
        phone=st.one_of(st.none(), fake_phones),
        skill_levels=_skill_levels,
    )


def residents() -> st.SearchStrategy[Resident]:
    """Any valid ``Resident`` (fake name, ID number and phone)."""
    return st.builds(
        Resident,
        code=record_codes,
        household=record_codes,
        full_name=vietnamese_names,
        birth_year=st.one_of(st.none(), _birth_years),
        gender=st.sampled_from([None, "male", "female", "other"]),
        citizen_id=st.one_of(st.none(), fake_citizen_ids),
        phone=st.one_of(st.none(), fake_phones),
        vneid_level=st.sampled_from([None, 0, 1, 2]),
        skill_levels=_skill_levels,
    )


@st.composite
def visits(draw: st.DrawFn) -> Visit:
    """Any valid ``Visit``, its code the natural key of its contents."""
    day = draw(_field_dates)
    member = draw(record_codes)
    household = draw(st.one_of(st.none(), record_codes))
    resident = draw(st.one_of(st.none(), record_codes))
    channel = draw(st.sampled_from(list(CHANNELS)))
    skill = draw(st.one_of(st.none(), _skill_codes))
    app = draw(st.one_of(st.none(), st.sampled_from(["vneid_level2", "vssid", "e_wallet"])))
    persons = draw(st.integers(min_value=0, max_value=1000))
    return Visit(
        code=Visit.natural_key(day, member, household, channel, skill, app, resident),
        date=day,
        member=member,
        channel=channel,  # type: ignore[arg-type]
        household=household,
        resident=resident,
        group_size=persons if household is None and resident is None else None,
        skill=skill,
        app=app,
        outcome=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=4))),
        persons=persons,
    )


@st.composite
def campaigns(draw: st.DrawFn) -> Campaign:
    """Any valid ``Campaign`` (a target with a deadline)."""
    start, deadline = draw(_ordered_dates())
    return Campaign(
        code=draw(record_codes),
        name=draw(_short_text),
        unit=draw(unit_codes),
        measure=draw(st.sampled_from(["public_service_accounts", "vneid_level2", "households"])),
        target=draw(
            st.floats(min_value=0.001, max_value=1e7, allow_nan=False, allow_infinity=False)
        ),
        target_kind=draw(st.sampled_from(["count", "share"])),
        deadline=deadline,
        start=start,
        description=draw(_short_text),
    )


def feedback() -> st.SearchStrategy[Feedback]:
    """Any valid ``Feedback`` (free text is personal data: here, random text)."""
    return st.builds(
        Feedback,
        code=record_codes,
        date=_field_dates,
        unit=unit_codes,
        topic=_short_text,
        text=_short_text,
        household=st.one_of(st.none(), record_codes),
        answers=st.dictionaries(_short_text, _short_text, max_size=3),
    )


@st.composite
def changes(draw: st.DrawFn) -> Change:
    """Any ``Change`` (one history entry); old and new values are JSON scalars."""
    scalars = st.one_of(st.none(), st.integers(), _short_text)
    return Change(
        kind=draw(st.sampled_from(["teams", "members", "households", "visits"])),
        key=draw(record_codes),
        at=draw(
            st.datetimes(min_value=dt.datetime(2021, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
                lambda d: d.replace(microsecond=0, tzinfo=dt.UTC)
            )
        ),
        source=draw(_short_text),
        action=draw(st.sampled_from(["new", "update"])),
        changes=draw(st.dictionaries(_short_text, st.tuples(scalars, scalars), max_size=3)),
    )
