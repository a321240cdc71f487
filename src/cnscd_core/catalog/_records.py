"""What plugins and content packs register: skills, apps, roles, presets, indicators..."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import attrs

from cnscd_core.i18n import gettext as _
from cnscd_core.i18n import ngettext

__all__ = [
    "App",
    "CriteriaClass",
    "CriteriaSet",
    "Criterion",
    "Indicator",
    "MemberRole",
    "Milestone",
    "ProvinceProfile",
    "Skill",
    "StipendPreset",
    "TeamRulePreset",
    "Text",
    "ValidationRule",
]

_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


# Validators run when a record is made (at import for the built-in records, when a pack is
# read for the others); their messages are translated then, into the active language.


def _check_code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _CODE.match(value):
        raise ValueError(
            _(
                "found {value!r} for the key {key}; expected a short code of lower-case letters, "
                "digits, '_', '-' or '.', starting with a letter or digit (e.g. 'vneid')"
            ).format(value=value, key=attribute.name)
        )


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            _("found {value!r} for the key {key}; expected a text that is not empty").format(
                value=value, key=attribute.name
            )
        )


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(
            _("found {value!r} for the key {key}; expected a whole number, 0 or more").format(
                value=value, key=attribute.name
            )
        )


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        raise ValueError(
            _("found {value!r} for the key {key}; expected a number above 0").format(
                value=value, key=attribute.name
            )
        )


@attrs.frozen
class Text:
    """A text in Vietnamese and English (both required: English is complete too)."""

    vi: str = attrs.field(validator=_non_empty)
    en: str = attrs.field(validator=_non_empty)

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` (``vi`` or ``en``); Vietnamese for any other value."""
        return self.en if lang == "en" else self.vi

    def __str__(self) -> str:
        from cnscd_core.i18n import get_language

        return self.get(get_language())


@attrs.frozen
class Milestone:
    """One rung of a skill's ladder (0 = not aware ... higher = more able)."""

    level: int = attrs.field(validator=_non_negative)
    code: str = attrs.field(validator=_check_code)
    name: Text
    description: Text | None = None


def _check_ladder(instance: Skill, attribute: attrs.Attribute[object], value: object) -> None:
    ladder: tuple[Milestone, ...] = instance.ladder
    if len(ladder) < 2:
        raise ValueError(
            ngettext(
                "skill {code!r}: found {n} milestone in the ladder; expected at least two",
                "skill {code!r}: found {n} milestones in the ladder; expected at least two",
                len(ladder),
            ).format(code=instance.code, n=len(ladder))
        )
    levels = [m.level for m in ladder]
    if levels != list(range(len(ladder))):
        raise ValueError(
            _(
                "skill {code!r}: found the milestone levels {levels}; expected 0, 1, 2... in order"
            ).format(code=instance.code, levels=", ".join(map(str, levels)))
        )
    if not 0 < instance.alone_level < len(ladder):
        raise ValueError(
            _(
                "skill {code!r}: found alone_level {level}; expected a level of the ladder from 1 "
                "to {top}"
            ).format(code=instance.code, level=instance.alone_level, top=len(ladder) - 1)
        )


@attrs.frozen
class Skill:
    """A digital skill residents are taught, with its milestone ladder.

    ``number`` is the national numbering 1-5 of the basic skills (``None`` for a province's
    extra skill). ``alone_level`` is the milestone "does it alone": a household counts for the
    skill when someone in it reached this level or higher.
    """

    code: str = attrs.field(validator=_check_code)
    name: Text
    ladder: tuple[Milestone, ...] = attrs.field(validator=_check_ladder)
    alone_level: int
    number: int | None = None
    description: Text | None = None
    source: str = ""

    def milestone(self, level: int) -> Milestone:
        """Return the milestone at ``level`` (raises ``KeyError`` naming the valid levels)."""
        for step in self.ladder:
            if step.level == level:
                return step
        raise KeyError(
            _("skill {code!r} has no milestone {level}; expected a level from 0 to {top}").format(
                code=self.code, level=level, top=len(self.ladder) - 1
            )
        )


@attrs.frozen
class App:
    """A platform or app residents are taught to use, and the skills it exercises.

    ``province`` is the 2025 province code for a provincial app (``None`` for a national one).
    """

    code: str = attrs.field(validator=_check_code)
    name: Text
    skills: tuple[str, ...]
    province: str | None = None
    url: str = ""
    description: Text | None = None
    features: tuple[Text, ...] = ()


@attrs.frozen
class MemberRole:
    """A background a team member comes from (village head, area police, Youth Union...)."""

    code: str = attrs.field(validator=_check_code)
    name: Text
    description: Text | None = None


@attrs.frozen
class TeamRulePreset:
    """A set of team rules from a guidance document or a province plan.

    Bounds are inclusive; ``None`` means no rule. ``households_per_member`` is the load a
    member is expected to carry (Bình Dương plan 6037: about 220).
    """

    code: str = attrs.field(validator=_check_code)
    name: Text
    source: str
    min_members: int | None = None
    max_members: int | None = None
    commune_team_min_members: int | None = None
    commune_team_max_members: int | None = None
    village_team_min_members: int | None = None
    village_team_max_members: int | None = None
    min_teams_per_village: int | None = None
    households_per_member: int | None = None
    leader_required: bool = True
    leader_roles: tuple[str, ...] = ()
    deputy_roles: tuple[str, ...] = ()
    min_members_with_it_skills: int = 0
    description: Text | None = None


@attrs.frozen
class Indicator:
    """An indicator the roll-up computes: a count, or a ratio of two counts.

    Ratios name their ``numerator`` and ``denominator`` indicator codes and are recomputed at
    every level from the summed parts, never averaged.
    """

    code: str = attrs.field(validator=_check_code)
    name: Text
    unit: Literal["count", "rate", "per_member"]
    numerator: str | None = None
    denominator: str | None = None
    kind: Literal["stock", "flow"] = "stock"
    description: Text | None = None


@attrs.frozen
class ValidationRule:
    """A validation rule producing findings (its checking code arrives with the roll-up)."""

    code: str = attrs.field(validator=_check_code)
    name: Text
    severity: Literal["info", "warning", "error"]
    description: Text | None = None


@attrs.frozen
class Criterion:
    """One indicator of a criteria set, its weight, and the value that earns full marks."""

    indicator: str
    weight: float = attrs.field(validator=_positive)
    target: float
    higher_is_better: bool = True


@attrs.frozen
class CriteriaClass:
    """A class of the evaluation (Xuất sắc, Tốt, Khá, Đạt, Chưa đạt) and its minimum score."""

    code: str = attrs.field(validator=_check_code)
    name: Text
    min_score: float


@attrs.frozen
class CriteriaSet:
    """A set of evaluation criteria that scores teams and communes and ranks them."""

    code: str = attrs.field(validator=_check_code)
    name: Text
    source: str
    criteria: tuple[Criterion, ...]
    classes: tuple[CriteriaClass, ...]
    honour_class: str = ""


@attrs.frozen
class StipendPreset:
    """Allowances from a province resolution, for cost scenarios (VND)."""

    code: str = attrs.field(validator=_check_code)
    name: Text
    source: str
    per_member_per_month: int = 0
    per_team_per_month: int = 0
    per_person_per_working_day: int = 0
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@attrs.frozen
class ProvinceProfile:
    """Which 2025 province a plugin serves, its legacy scope and its defaults."""

    code: str = attrs.field(validator=_check_code)
    name: Text
    province: str
    legacy_provinces: tuple[str, ...] = ()
    team_rules: str = "national"
    team_name: Text | None = None
    notes: Text | None = None
