"""Every field record type survives a JSON round trip through the one converter.

The importer writes these records to the store as the converter's JSON; a record that did not
come back equal would make a second import report changes that are not there.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.field import (
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
from cnscd_core.serialization import make_converter
from cnscd_core.testing import strategies as cs

CONVERTER = make_converter()

RECORDS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (Team, cs.teams()),
    (Member, cs.members()),
    (Household, cs.households()),
    (Resident, cs.residents()),
    (Visit, cs.visits()),
    (Campaign, cs.campaigns()),
    (Feedback, cs.feedback()),
    (CommunityGroup, cs.community_groups()),
    (Training, cs.trainings()),
]


def roundtrip(value: Any, cls: type[Any]) -> Any:
    text = json.dumps(CONVERTER.unstructure(value), ensure_ascii=False)
    return CONVERTER.structure(json.loads(text), cls)


@pytest.mark.parametrize(("cls", "strategy"), RECORDS, ids=[c.__name__ for c, _s in RECORDS])
def test_field_record_roundtrip(cls: type[Any], strategy: st.SearchStrategy[Any]) -> None:
    @given(strategy)
    def check(record: Any) -> None:
        assert roundtrip(record, cls) == record

    check()


@given(cs.changes())
def test_change_roundtrip(change: Change) -> None:
    assert roundtrip(change, Change) == change


@given(cs.visits())
def test_visit_code_is_its_natural_key(visit: Visit) -> None:
    assert visit.code == Visit.natural_key(
        visit.date,
        visit.member,
        visit.household,
        visit.channel,
        visit.skill,
        visit.app,
        visit.resident,
    )


@given(cs.members())
def test_personal_fields_are_masked_in_repr(member: Member) -> None:
    from cnscd_core.field import mask_name

    assert mask_name(member.full_name) in repr(member)
    if any(len(word) > 1 for word in member.full_name.split()):
        assert member.full_name not in repr(member)
    if member.phone:
        assert member.phone not in repr(member)
