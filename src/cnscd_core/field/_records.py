"""Field-data records: teams, members, households, residents, visits, campaigns, feedback.

Records are frozen attrs values at the edges (import, API); bulk work uses the store's
columnar views. Validators say what is wrong in words a commune data clerk understands;
personal fields are masked in ``repr``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

import attrs

from cnscd_core.field._personal import masked_repr
from cnscd_core.i18n import gettext as _

__all__ = [
    "CHANNELS",
    "Campaign",
    "Change",
    "CommunityGroup",
    "Feedback",
    "Household",
    "Member",
    "Resident",
    "Team",
    "Training",
    "Visit",
]

TeamLevel = Literal["commune", "village"]
Position = Literal["leader", "deputy", "member"]
Gender = Literal["male", "female", "other"]
Channel = Literal["door_to_door", "one_stop_desk", "online", "meeting", "phone"]
Platform = Literal["zalo", "facebook", "mocha", "gapo", "other"]

#: Guidance channels (hình thức hướng dẫn).
CHANNELS: tuple[str, ...] = ("door_to_door", "one_stop_desk", "online", "meeting", "phone")

MIN_BIRTH_YEAR = 1900
MAX_HOUSEHOLD_SIZE = 50


def _code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise ValueError(
            _("{field}: found {value!r}; expected a code without spaces around it").format(
                field=attribute.name, value=value
            )
        )


def _non_negative(instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, int) and value < 0:
        raise ValueError(
            _("{field}: found {value}; expected 0 or more").format(
                field=attribute.name, value=value
            )
        )


def _birth_year(
    instance: object, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    if value is None:
        return
    this_year = dt.date.today().year
    if not MIN_BIRTH_YEAR <= value <= this_year:
        raise ValueError(
            _("{field}: found {value}; expected a year from {first} to {last}").format(
                field=attribute.name, value=value, first=MIN_BIRTH_YEAR, last=this_year
            )
        )


def _skill_levels(
    instance: object, attribute: attrs.Attribute[dict[str, int]], value: dict[str, int]
) -> None:
    for skill, level in value.items():
        if not isinstance(level, int) or not 0 <= level <= 9:
            raise ValueError(
                _("{field}: skill {skill!r} has level {level!r}; expected 0 to 9").format(
                    field=attribute.name, skill=skill, level=level
                )
            )


def _dates_in_order(start: str, end: str) -> Callable[[Any, Any, Any], None]:
    """Validator: the date ``end`` is not before the date ``start``."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        first, last = getattr(instance, start), getattr(instance, end)
        if first is not None and last is not None and last < first:
            raise ValueError(
                _("{end}: found {last}, before {start} {first}; expected a later date").format(
                    end=end, last=last, start=start, first=first
                )
            )

    return check


@attrs.frozen
class CommunityGroup:
    """A community group the team runs with residents (Zalo, Facebook, Mocha, Gapo)."""

    platform: Platform
    name: str
    members: int = attrs.field(default=0, validator=_non_negative)
    as_of: dt.date | None = None


@attrs.frozen
class Team:
    """A community digital technology team (Tổ công nghệ số cộng đồng).

    ``level`` is ``commune`` (led by a commune People's Committee leader) or ``village`` (led
    by the village head). ``unit`` is the code of the 2025 commune or village it serves;
    ``legacy_unit`` the legacy unit code when the source gave one. ``leader`` and ``deputy``
    are member codes.
    """

    code: str = attrs.field(validator=_code)
    name: str
    level: TeamLevel
    unit: str = attrs.field(validator=_code)
    legacy_unit: str | None = None
    leader: str | None = None
    deputy: str | None = None
    decision_number: str = ""
    decision_date: dt.date | None = None
    established: dt.date | None = None
    dissolved: dt.date | None = attrs.field(
        default=None, validator=_dates_in_order("established", "dissolved")
    )
    groups: tuple[CommunityGroup, ...] = ()


@attrs.frozen
class Training:
    """A training a member attended (course, date, in person or online, provider)."""

    course: str
    date: dt.date
    mode: Literal["in_person", "online"] = "in_person"
    provider: str = ""


@attrs.frozen
class Member:
    """A team member. A person can sit in a commune team and a village team (``teams``)."""

    code: str = attrs.field(validator=_code)
    full_name: str = attrs.field(repr=masked_repr("full_name"))
    teams: tuple[str, ...] = ()
    birth_year: int | None = attrs.field(default=None, validator=_birth_year)
    gender: Gender | None = None
    phone: str | None = attrs.field(default=None, repr=masked_repr("phone"))
    role: str | None = None
    position: Position = "member"
    joined: dt.date | None = None
    left: dt.date | None = attrs.field(default=None, validator=_dates_in_order("joined", "left"))
    trainings: tuple[Training, ...] = ()
    skill_levels: dict[str, int] = attrs.field(factory=dict, validator=_skill_levels)


def _vneid_level(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and value not in (0, 1, 2):
        raise ValueError(
            _("{field}: found {value!r}; expected 0 (no account), 1 or 2 (VNeID level)").format(
                field=attribute.name, value=value
            )
        )


@attrs.frozen
class Resident:
    """A resident of a household (optional detail; all identifying fields are personal)."""

    code: str = attrs.field(validator=_code)
    household: str
    full_name: str = attrs.field(default="", repr=masked_repr("full_name"))
    birth_year: int | None = attrs.field(default=None, validator=_birth_year)
    gender: Gender | None = None
    citizen_id: str | None = attrs.field(default=None, repr=masked_repr("citizen_id"))
    phone: str | None = attrs.field(default=None, repr=masked_repr("phone"))
    vneid_level: int | None = attrs.field(default=None, validator=_vneid_level)
    skill_levels: dict[str, int] = attrs.field(factory=dict, validator=_skill_levels)


def _household_size(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= MAX_HOUSEHOLD_SIZE:
        raise ValueError(
            _("{field}: found {value}; expected 1 to {most} persons").format(
                field=attribute.name, value=value, most=MAX_HOUSEHOLD_SIZE
            )
        )


@attrs.frozen
class Household:
    """A household (hộ gia đình), the village or commune it lives in, and its assigned member."""

    code: str = attrs.field(validator=_code)
    head_name: str = attrs.field(repr=masked_repr("head_name"))
    size: int = attrs.field(validator=_household_size)
    unit: str = attrs.field(validator=_code)
    smartphones: int | None = attrs.field(default=None, validator=_non_negative)
    legacy_unit: str | None = None
    member: str | None = None
    phone: str | None = attrs.field(default=None, repr=masked_repr("phone"))
    skill_levels: dict[str, int] = attrs.field(factory=dict, validator=_skill_levels)


@attrs.frozen
class Visit:
    """A guidance visit (lượt hướng dẫn): who guided which household, how, and the outcome.

    ``household`` is ``None`` for a group session, which gives ``group_size`` instead.
    ``skill`` is a skill code (an app's skills count when only ``app`` is given);
    ``outcome`` is the milestone level reached. ``code`` is the natural key: the date, member,
    household (or group), channel and skill/app.
    """

    code: str = attrs.field(validator=_code)
    date: dt.date
    member: str
    channel: Channel
    household: str | None = None
    resident: str | None = None
    group_size: int | None = attrs.field(default=None, validator=_non_negative)
    skill: str | None = None
    app: str | None = None
    outcome: int | None = attrs.field(default=None, validator=_non_negative)
    persons: int = attrs.field(default=1, validator=_non_negative)

    @staticmethod
    def natural_key(
        date: dt.date,
        member: str,
        household: str | None,
        channel: str,
        skill: str | None,
        app: str | None,
        resident: str | None = None,
    ) -> str:
        """The code two rows of the same visit share (so a second import changes nothing)."""
        subject = resident or household or "group"
        return "|".join([date.isoformat(), member, subject, channel, skill or "-", app or "-"])


@attrs.frozen
class Campaign:
    """A target with a deadline (e.g. Ward III: 1,000 public-service accounts by end of Q2)."""

    code: str = attrs.field(validator=_code)
    name: str
    unit: str
    measure: str
    target: float = attrs.field(validator=attrs.validators.gt(0))
    target_kind: Literal["count", "share"] = "count"
    deadline: dt.date | None = None
    start: dt.date | None = None
    description: str = ""


@attrs.frozen
class Feedback:
    """A resident's opinion or survey answer collected by a team (free text is personal)."""

    code: str = attrs.field(validator=_code)
    date: dt.date
    unit: str
    topic: str
    text: str = attrs.field(default="", repr=masked_repr("text"))
    household: str | None = None
    answers: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Change:
    """One entry of a record's history: when, from where, what changed (old -> new)."""

    kind: str
    key: str
    at: dt.datetime
    source: str
    action: Literal["new", "update"]
    changes: dict[str, tuple[Any, Any]] = attrs.field(
        factory=dict, repr=lambda changes: f"<changed: {', '.join(changes)}>"
    )
