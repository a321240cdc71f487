"""What a scenario is made of: the population preset, the model parameters, campaigns.

Every parameter has a default and, in ``PARAMETER_SOURCES``, the source it comes from or the
reason for the guess; ``docs/scenarios.md`` lists them in a table. Everything here is a frozen
value that pickles cheaply, so a scenario can travel to a process pool or a dask worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

import attrs

from cnscd_core.catalog import Text
from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _

__all__ = [
    "AGE_BANDS",
    "CHANNELS",
    "NATIONAL_HOUSEHOLDS",
    "NATIONAL_PERSONS",
    "NATIONAL_VILLAGES",
    "PARAMETER_SOURCES",
    "SKILL_COUNT",
    "Campaign",
    "Detail",
    "ModelParams",
    "PopulationPreset",
    "Scenario",
    "ScenarioError",
    "chip_id_drive",
    "vneid_level2_push",
]

#: 2019 census: households and people (DOMAIN.md, "Population figures for scenario defaults").
NATIONAL_HOUSEHOLDS = 26_870_079
NATIONAL_PERSONS = 96_208_984
#: Villages and residential groups nationally (thôn, bản, ấp, tổ dân phố...): about 100,000;
#: they are in no national list, so the model synthesises them (issue 7).
NATIONAL_VILLAGES = 100_000
#: The five national basic digital skills (3240/BTTTT-CĐSQG), numbered 1-5.
SKILL_COUNT = 5
#: Age bands of the model (3 bits per person). Children under 15 are not taught.
AGE_BANDS: tuple[str, ...] = ("0-14", "15-24", "25-39", "40-59", "60-74", "75+")
#: Guidance channels, in the order used by the model's arrays.
CHANNELS: tuple[str, ...] = ("door_to_door", "zalo", "meeting", "one_stop_desk")

Detail = Literal["root", "province", "commune", "village"]
_T = TypeVar("_T", bound=attrs.AttrsInstance)


class ScenarioError(CnscdError):
    """A scenario, preset or parameter is not usable as given."""


def _check_probability(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    values = value if isinstance(value, tuple) else (value,)
    for v in values:
        if not 0.0 <= float(v) <= 1.0:
            raise ScenarioError(
                _("{name}: found {value!r}; expected a probability from 0 to 1").format(
                    name=attribute.name, value=v
                )
            )


def _check_non_negative(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    values = value if isinstance(value, tuple) else (value,)
    for v in values:
        if not float(v) >= 0.0:
            raise ScenarioError(
                _("{name}: found {value!r}; expected a number, 0 or more").format(
                    name=attribute.name, value=v
                )
            )


def _floats(value: Any, n: int) -> tuple[float, ...]:
    out = tuple(float(v) for v in value)
    if len(out) != n:
        raise ScenarioError(_("found {found} values; expected {n}").format(found=len(out), n=n))
    return out


def _by_band(value: Any) -> tuple[float, ...]:
    """One number per age band."""
    return _floats(value, len(AGE_BANDS))


def _by_level(value: Any) -> tuple[float, ...]:
    """One number per level 0-4."""
    return _floats(value, 5)


def _by_channel(value: Any) -> tuple[float, ...]:
    """One number per channel."""
    return _floats(value, len(CHANNELS))


def _by_skill(value: Any) -> tuple[float, ...]:
    """One number per national skill."""
    return _floats(value, SKILL_COUNT)


@attrs.frozen
class ModelParams:
    """Rates of the weekly model; see ``PARAMETER_SOURCES`` for where each default comes from.

    Rates are per week unless the name says otherwise. Arrays by age band follow
    ``AGE_BANDS``; arrays by level are indexed by the level reached (1-4).
    """

    door_visits_per_member_week: float = attrs.field(default=4.0, validator=_check_non_negative)
    zalo_posts_per_member_week: float = attrs.field(default=1.0, validator=_check_non_negative)
    zalo_households_per_post: int = attrs.field(default=8, validator=_check_non_negative)
    meetings_per_member_week: float = attrs.field(default=0.05, validator=_check_non_negative)
    meeting_attendees: int = attrs.field(default=25, validator=_check_non_negative)
    desk_sessions_per_member_week: float = attrs.field(default=5.0, validator=_check_non_negative)
    targeting_candidates: int = attrs.field(default=2, validator=_check_non_negative)
    presence: tuple[float, ...] = attrs.field(
        default=(0.0, 0.45, 0.45, 0.55, 0.8, 0.85),
        converter=_by_band,
        validator=_check_probability,
    )
    learn_to_level: tuple[float, ...] = attrs.field(
        default=(0.0, 0.9, 0.55, 0.3, 0.15), converter=_by_level, validator=_check_probability
    )
    age_learning: tuple[float, ...] = attrs.field(
        default=(0.0, 1.2, 1.1, 0.9, 0.55, 0.3),
        converter=_by_band,
        validator=_check_non_negative,
    )
    shared_phone_factor: float = attrs.field(default=0.6, validator=_check_probability)
    channel_factor: tuple[float, ...] = attrs.field(
        default=(1.0, 0.35, 0.5, 1.2), converter=_by_channel,
        validator=_check_non_negative,
    )  # fmt: skip
    channel_top_level: tuple[float, ...] = attrs.field(
        default=(4, 3, 2, 4), converter=_by_channel, validator=_check_non_negative
    )
    vneid_per_contact: float = attrs.field(default=0.3, validator=_check_probability)
    chip_id_per_contact: float = attrs.field(default=0.05, validator=_check_probability)
    household_word_of_mouth: float = attrs.field(default=0.02, validator=_check_probability)
    village_zalo_word_of_mouth: float = attrs.field(default=0.01, validator=_check_probability)
    practice: float = attrs.field(default=0.03, validator=_check_probability)
    forgetting: tuple[float, ...] = attrs.field(
        default=(0.0, 0.002, 0.006, 0.004, 0.0005),
        converter=_by_level,
        validator=_check_probability,
    )
    attrition_per_year: float = attrs.field(default=0.2, validator=_check_probability)
    vacancy_weeks: float = attrs.field(default=8.0, validator=_check_non_negative)
    youth_share: float = attrs.field(default=0.3, validator=_check_probability)
    youth_visit_factor: float = attrs.field(default=1.3, validator=_check_non_negative)
    youth_teach_factor: float = attrs.field(default=1.1, validator=_check_non_negative)
    paid_days_per_member_week: float = attrs.field(default=0.5, validator=_check_non_negative)

    def replace(self, **changes: Any) -> ModelParams:
        """A copy with some parameters changed (unknown names raise ``ScenarioError``)."""
        return _evolve(self, changes)


#: Where each default comes from, or why it was guessed (shown in docs/scenarios.md).
PARAMETER_SOURCES: dict[str, str] = {
    "door_visits_per_member_week": (
        "Guess. Members are part-time volunteers (kiêm nhiệm); 4 household visits a week means "
        "a member with the national average of about 77 households (26.9 M households / 348,362 "
        "members, 2023) sees each about every 4-5 months, one with Bình Dương's 220 (plan 6037) "
        "about once a year."
    ),
    "zalo_posts_per_member_week": "Guess: one guidance post or answered question a week.",
    "zalo_households_per_post": (
        "Guess: of a village Zalo group (Sơn La: groups with all households; Tây Ninh Ward III: "
        "150+ members) about 8 households follow a given post step by step."
    ),
    "meetings_per_member_week": (
        "Guess: a village meeting about every 4 months per member, i.e. about one a month "
        "for a team of 4-5 (village meetings are monthly in most provinces)."
    ),
    "meeting_attendees": "Guess: a village meeting gathers about 25 residents.",
    "desk_sessions_per_member_week": (
        "Guess: commune-team members staff the one-stop desk (Tây Ninh city, 2022) and guide "
        "about one resident a working day each."
    ),
    "targeting_candidates": (
        "Guess: members go first to households not yet at the target (the motto 'go down every "
        "lane, knock on every door'); modelled as the better of 2 random households."
    ),
    "presence": (
        "Guess by age band: working-age adults are often out (fields, factories) when a member "
        "calls; older people are mostly at home."
    ),
    "learn_to_level": (
        "Guess: chance one guidance contact lifts a person one rung, by rung reached "
        "(aware 0.9, done with guidance 0.55, done alone 0.3, real transaction 0.15)."
    ),
    "age_learning": (
        "Guess: young adults learn fastest; Thanh Hóa (2023) reports elderly residents and "
        "members with weak skills."
    ),
    "shared_phone_factor": (
        "Guess: learning on a relative's phone is slower than on one's own; without any phone "
        "in the household nobody goes past 'aware' (many farmers without a smartphone: Thanh "
        "Hóa 2023)."
    ),
    "channel_factor": (
        "Guess: effectiveness of door-to-door 1.0, Zalo 0.35, meetings 0.5, one-stop desk 1.2 "
        "(a real procedure done with help at the desk)."
    ),
    "channel_top_level": (
        "Guess: the highest rung each channel can teach: meetings raise awareness up to 'done "
        "with guidance'; Zalo up to 'done alone'; visits and the desk up to a real transaction."
    ),
    "vneid_per_contact": (
        "Guess: chance a door or desk contact activates a VNeID account (or raises level 1 to "
        "level 2 when the person has a chip ID card; Decree 69/2024/NĐ-CP)."
    ),
    "chip_id_per_contact": (
        "Guess: chance a contact leads to a chip ID card (booked with the police, as in Như "
        "Xuân 2023); campaigns raise it."
    ),
    "household_word_of_mouth": (
        "Guess: weekly chance a person learns a rung from a household member who does the "
        "skill alone."
    ),
    "village_zalo_word_of_mouth": (
        "Guess: weekly chance a smartphone owner learns a rung from the village Zalo group, "
        "times the share of the village's households that do the skill alone."
    ),
    "practice": "Guess: weekly chance someone who does a skill alone carries out a real one.",
    "forgetting": (
        "Guess: weekly chance of losing a rung, by rung (about 25%/year for 'done with "
        "guidance', little once a real transaction was done)."
    ),
    "attrition_per_year": (
        "Guess: 20% of members leave a year (part-time, often elderly, no allowance: Thanh Hóa "
        "2023)."
    ),
    "vacancy_weeks": "Guess: a vacant place is filled after 8 weeks on average.",
    "youth_share": (
        "Guess: about 30% of members are Youth Union members (793/BTTTT-THH: village head plus "
        "2 people, preferably from the Youth Union)."
    ),
    "youth_visit_factor": "Guess: Youth Union members make 30% more visits.",
    "youth_teach_factor": "Guess: Youth Union members teach 10% more effectively.",
    "paid_days_per_member_week": (
        "Guess: paid working days per member a week, for per-day allowances (Bình Dương NQ "
        "27/2023, Đà Nẵng NQ 26/2025): about two campaign or training days a month."
    ),
}


@attrs.frozen
class Campaign:
    """A time-bounded intervention: weeks ``start_week`` to ``start_week + weeks - 1`` (1-based).

    During the campaign visits and desk sessions are multiplied by ``visit_factor``,
    ``focus_skill`` (1-5) is taught first, VNeID activation per contact is multiplied by
    ``vneid_factor`` and ``chip_id_per_contact`` (when set) replaces the usual chance.
    """

    code: str
    start_week: int = attrs.field(validator=_check_non_negative)
    weeks: int = attrs.field(validator=_check_non_negative)
    visit_factor: float = attrs.field(default=1.0, validator=_check_non_negative)
    focus_skill: int | None = None
    vneid_factor: float = attrs.field(default=1.0, validator=_check_non_negative)
    chip_id_per_contact: float | None = None
    learn_factor: float = attrs.field(default=1.0, validator=_check_non_negative)

    def active(self, week: int) -> bool:
        """Whether the campaign runs in ``week`` (1-based)."""
        return self.start_week <= week < self.start_week + self.weeks


def vneid_level2_push(start_week: int = 1, weeks: int = 8) -> Campaign:
    """A VNeID level-2 push: more visits, online public services first, VNeID activation x3."""
    return Campaign(
        "vneid-level2-push", start_week, weeks, visit_factor=1.3, focus_skill=1, vneid_factor=3.0
    )


def chip_id_drive(start_week: int = 1, weeks: int = 4) -> Campaign:
    """A chip ID card drive (Như Xuân 2023: appointments booked for every eligible citizen)."""
    return Campaign("chip-id-drive", start_week, weeks, visit_factor=1.2, chip_id_per_contact=0.6)


@attrs.frozen
class PopulationPreset:
    """Who lives where, and how teams are set up: a province's or the nation's defaults.

    ``provinces`` are 2025 province codes (empty: the whole nation); ``legacy_provinces``
    keeps only 2025 communes made from those legacy provinces (Bình Dương, now in Hồ Chí Minh
    City). Counts left ``None`` are derived (see ``docs/scenarios.md``).
    """

    code: str
    name: Text
    provinces: tuple[str, ...] = ()
    legacy_provinces: tuple[str, ...] = ()
    households: int | None = None
    villages: int | None = None
    persons_per_household: float = 3.5
    smartphone_rate: float | None = None
    team_rules: str = "national"
    min_members: int = 1
    max_members: int | None = None
    households_per_member: int | None = None
    capacity: int = 220
    members_per_village_team: float = 348_362 / 74_422
    commune_team_members_per_legacy_commune: float = 1_814 / 204
    village_team_share: float = 1.0
    skill_offsets: tuple[float, ...] = attrs.field(
        default=(-0.1, 0.2, 0.3, -0.3, -0.4), converter=_by_skill
    )
    skill_spread: float = 0.7
    vneid_rate: float = 64 / 75
    vneid_level2_share: float = 0.75
    chip_id_rate: float = 0.95
    stipend: str | None = None
    default_scale: float = 0.05
    model_overrides: tuple[tuple[str, float], ...] = ()
    sources: tuple[str, ...] = ()

    def replace(self, **changes: Any) -> PopulationPreset:
        """A copy with some fields changed (unknown names raise ``ScenarioError``)."""
        return _evolve(self, changes)


@attrs.frozen
class Scenario:
    """One scenario: a population preset, model parameters, campaigns, length and scale.

    ``scale`` is the share of villages simulated (villages keep their real size); results
    carry the scale actually obtained. ``extra_youth_members`` adds Youth Union members to
    village teams in ``extra_members_where`` communes (1.0 doubles them). ``detail`` is the
    lowest level kept in results (``root`` keeps only the scope's total).
    """

    preset: PopulationPreset
    params: ModelParams = ModelParams()
    weeks: int = attrs.field(default=26, validator=_check_non_negative)
    scale: float = 0.05
    start: dt.date = dt.date(2026, 1, 5)
    campaigns: tuple[Campaign, ...] = ()
    extra_youth_members: float = attrs.field(default=0.0, validator=_check_non_negative)
    extra_members_where: Literal["all", "rural", "urban"] = "rural"
    detail: Detail = "commune"
    label: str = "baseline"

    def __attrs_post_init__(self) -> None:
        if not 0.0 < self.scale <= 1.0:
            raise ScenarioError(
                _("scale: found {value!r}; expected a share of villages above 0, at most 1").format(
                    value=self.scale
                )
            )

    def replace(self, **changes: Any) -> Scenario:
        """A copy with fields changed; names may also be model parameters or preset fields.

        ``scenario.replace(door_visits_per_member_week=8, households_per_member=220)`` sets a
        model parameter and a preset field. Unknown names raise ``ScenarioError``.
        """
        own = {f.name for f in attrs.fields(Scenario)}
        params = {f.name for f in attrs.fields(ModelParams)}
        preset = {f.name for f in attrs.fields(PopulationPreset)}
        mine: dict[str, Any] = {}
        to_params: dict[str, Any] = {}
        to_preset: dict[str, Any] = {}
        for name, value in changes.items():
            key = name.split(".", 1)[-1]
            if name.startswith("params.") or (key in params and key not in own):
                to_params[key] = value
            elif name.startswith("preset.") or (key in preset and key not in own):
                to_preset[key] = value
            elif key in own:
                mine[key] = value
            else:
                raise ScenarioError(_unknown(name, sorted(own | params | preset)))
        if to_params:
            mine["params"] = self.params.replace(**to_params)
        if to_preset:
            mine["preset"] = self.preset.replace(**to_preset)
        return attrs.evolve(self, **mine)

    def describe(self) -> dict[str, Any]:
        """The scenario as plain JSON values (for result documents)."""
        return {
            "label": self.label,
            "preset": self.preset.code,
            "weeks": self.weeks,
            "scale": self.scale,
            "start": self.start.isoformat(),
            "campaigns": [attrs.asdict(c) for c in self.campaigns],
            "extra_youth_members": self.extra_youth_members,
            "extra_members_where": self.extra_members_where,
            "households_per_member": self.preset.households_per_member,
            "parameters": {
                k: list(v) if isinstance(v, tuple) else v
                for k, v in attrs.asdict(self.params).items()
            },
        }


def _unknown(name: str, known: list[str]) -> str:
    return _("unknown scenario parameter {name!r}; expected one of: {known}").format(
        name=name, known=", ".join(known)
    )


def _evolve(value: _T, changes: Mapping[str, Any]) -> _T:
    names = {f.name for f in attrs.fields(type(value))}
    for name in changes:
        if name not in names:
            raise ScenarioError(_unknown(name, sorted(names)))
    try:
        evolve: Any = attrs.evolve  # mypy's attrs plugin wants a concrete class here
        out: _T = evolve(value, **changes)
        return out
    except (TypeError, ValueError) as exc:
        raise ScenarioError(str(exc)) from None
