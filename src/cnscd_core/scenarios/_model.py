"""The weekly model: visits, Zalo, meetings, the one-stop desk, word of mouth, forgetting.

One ``step`` advances a ``Population`` by one week, without a Python loop over people or
households: every event is an element of a numpy array. Each event is checked against the
state at the start of the week, and each (person, skill) moves at most one rung a week: up if
any event taught it, else down if it was forgotten. Random numbers come from a
``RandomSource``, so a test can record them and replay them into a plain-Python reference
implementation (``tests/scenarios/reference.py``) and compare the two states exactly.

Background processes (word of mouth, practice, forgetting) run on every (person, skill) pair
at a small weekly rate; they are drawn by thinning: a binomial number of candidate pairs,
picked uniformly, each kept with the pair's own probability divided by the maximum rate.
That costs a number of operations proportional to the events, not to the population.
"""

from __future__ import annotations

from typing import Any, Protocol

import attrs
import numpy as np
import numpy.typing as npt

from cnscd_core.scenarios._params import CHANNELS, SKILL_COUNT, Campaign, ModelParams
from cnscd_core.scenarios._population import (
    AGE_MASK,
    ALL_FIVE_BIT,
    ALONE_LEVEL,
    CHIP_BIT,
    PHONE_BIT,
    TOP_LEVEL,
    VISITED_BIT,
    VNEID_MASK,
    VNEID_SHIFT,
    Population,
    ranges,
    unpack_levels,
)

__all__ = [
    "CODES",
    "DESK",
    "DOOR",
    "FLOW_CODES",
    "MEETING",
    "STOCK_CODES",
    "ZALO",
    "GeneratorSource",
    "RandomSource",
    "RecordingSource",
    "ReplaySource",
    "WeekFlows",
    "WeekRates",
    "alone_lut",
    "household_rates",
    "measure",
    "refresh_household_flags",
    "step",
    "week_rates",
]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

DOOR, ZALO, MEETING, DESK = (CHANNELS.index(c) for c in CHANNELS)

#: Counts measured every week, per unit (stocks at the end of the week).
STOCK_CODES: tuple[str, ...] = (
    "teams",
    "members",
    "villages",
    "villages_with_team",
    "households",
    "households_assigned",
    "members_overloaded",
    *(f"households_skill_{k + 1}" for k in range(SKILL_COUNT)),
    "households_all_five",
    "households_reached",
    "persons",
    "persons_vneid_level2",
)
#: Counts summed over the week (flows).
FLOW_CODES: tuple[str, ...] = ("visits", "persons_guided")
CODES: tuple[str, ...] = STOCK_CODES + FLOW_CODES


# -- random numbers -----------------------------------------------------------------------------


class RandomSource(Protocol):
    """Where the step takes its random numbers from (a generator, or a recording replayed)."""

    def random(self, n: int) -> F64:
        """``n`` uniform numbers in [0, 1)."""

    def poisson(self, lam: F64) -> I64:
        """One Poisson draw per mean in ``lam``."""

    def binomial(self, n: int, p: float) -> int:
        """One binomial draw."""


class GeneratorSource:
    """Random numbers from a numpy ``Generator``."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def random(self, n: int) -> F64:
        """``n`` uniform numbers in [0, 1)."""
        return self.rng.random(n)

    def poisson(self, lam: F64) -> I64:
        """One Poisson draw per mean in ``lam``."""
        return self.rng.poisson(lam).astype(np.int64)

    def binomial(self, n: int, p: float) -> int:
        """One binomial draw."""
        return int(self.rng.binomial(n, p)) if n > 0 and p > 0 else 0


class RecordingSource(GeneratorSource):
    """A ``GeneratorSource`` that keeps every draw, to replay them later."""

    def __init__(self, rng: np.random.Generator) -> None:
        super().__init__(rng)
        self.records: list[tuple[str, Any]] = []

    def random(self, n: int) -> F64:
        """``n`` uniform numbers in [0, 1), recorded."""
        out = super().random(n)
        self.records.append(("random", out.copy()))
        return out

    def poisson(self, lam: F64) -> I64:
        """One Poisson draw per mean in ``lam``, recorded."""
        out = super().poisson(lam)
        self.records.append(("poisson", out.copy()))
        return out

    def binomial(self, n: int, p: float) -> int:
        """One binomial draw, recorded."""
        out = super().binomial(n, p)
        self.records.append(("binomial", out))
        return out


class ReplaySource:
    """Gives back recorded draws in order; a request of another kind or size is an error."""

    def __init__(self, records: list[tuple[str, Any]]) -> None:
        self.records = list(records)
        self.position = 0

    def _next(self, kind: str, size: int | None) -> Any:
        if self.position >= len(self.records):
            raise AssertionError(f"no recorded draw left for {kind}")
        found, value = self.records[self.position]
        self.position += 1
        if found != kind or (size is not None and len(value) != size):
            raise AssertionError(
                f"draw {self.position}: asked for {kind}({size}), recorded {found}"
                f"({len(value) if hasattr(value, '__len__') else value})"
            )
        return value

    def random(self, n: int) -> F64:
        """The next recorded uniform array (of length ``n``)."""
        return self._next("random", n)  # type: ignore[no-any-return]

    def poisson(self, lam: F64) -> I64:
        """The next recorded Poisson array (of the length of ``lam``)."""
        return self._next("poisson", len(lam))  # type: ignore[no-any-return]

    def binomial(self, n: int, p: float) -> int:
        """The next recorded binomial draw."""
        return int(self._next("binomial", None))


# -- weekly rates -------------------------------------------------------------------------------


@attrs.frozen
class WeekRates:
    """The rates of one week: the parameters with the week's campaigns applied."""

    door: float
    zalo: float
    meet: float
    desk: float
    focus: int
    vneid: float
    chip: float
    learn: float
    leave: float
    recruit: float


def week_rates(params: ModelParams, campaigns: tuple[Campaign, ...], week: int) -> WeekRates:
    """The rates of ``week`` (1-based): visits, focus, VNeID and chip ID chances, turnover."""
    visit, vneid, learn = 1.0, 1.0, 1.0
    chip = params.chip_id_per_contact
    focus = -1
    for campaign in campaigns:
        if not campaign.active(week):
            continue
        visit *= campaign.visit_factor
        vneid *= campaign.vneid_factor
        learn *= campaign.learn_factor
        if campaign.chip_id_per_contact is not None:
            chip = max(chip, campaign.chip_id_per_contact)
        if campaign.focus_skill is not None:
            focus = int(campaign.focus_skill) - 1
    leave = 1.0 - (1.0 - params.attrition_per_year) ** (1.0 / 52.0)
    recruit = 1.0 / params.vacancy_weeks if params.vacancy_weeks > 0 else 1.0
    return WeekRates(
        door=params.door_visits_per_member_week * visit,
        zalo=params.zalo_posts_per_member_week,
        meet=params.meetings_per_member_week,
        desk=params.desk_sessions_per_member_week * visit,
        focus=focus,
        vneid=min(1.0, params.vneid_per_contact * vneid),
        chip=min(1.0, chip),
        learn=learn,
        leave=leave,
        recruit=min(1.0, recruit),
    )


# -- household flags and measures ---------------------------------------------------------------


_LUT: dict[tuple[int, ...], npt.NDArray[np.uint8]] = {}


def alone_lut(alone: tuple[int, ...] = (ALONE_LEVEL,) * SKILL_COUNT) -> npt.NDArray[np.uint8]:
    """For every packed uint16: bit k set when skill k is at its alone level, bit 5 for all."""
    lut = _LUT.get(alone)
    if lut is None:
        codes = np.arange(1 << 16, dtype=np.uint32)
        lut = np.zeros(1 << 16, dtype=np.uint8)
        for k, level in enumerate(alone):
            lut |= (((codes >> (3 * k)) & 7) >= level).astype(np.uint8) << k
        lut[lut == 0b11111] |= np.uint8(ALL_FIVE_BIT)
        _LUT[alone] = lut
    return lut


def refresh_household_flags(pop: Population) -> None:
    """Recompute bits 0-5 of every household's flags from its persons' skills."""
    person = alone_lut()[pop.skills]
    bits = np.bitwise_or.reduceat(person, pop.household_start[:-1].astype(np.intp))
    pop.household_flags &= np.uint8(0b1100_0000)
    pop.household_flags |= bits


def _village_bit_counts(pop: Population, bits: tuple[int, ...]) -> npt.NDArray[np.int64]:
    """Per village, households with each flag bit set: array (villages, len(bits))."""
    starts = pop.village_start[:-1].astype(np.intp)
    out = np.empty((pop.n_villages, len(bits)), dtype=np.int64)
    for i, bit in enumerate(bits):
        column = (pop.household_flags >> np.uint8(bit)) & np.uint8(1)
        out[:, i] = np.add.reduceat(column, starts, dtype=np.int64)
    return out


def household_rates(pop: Population) -> tuple[F64, float]:
    """Shares of households with someone doing each skill alone (5), and all five."""
    flags = pop.household_flags
    n = max(pop.n_households, 1)
    rates = np.array([np.count_nonzero(flags & np.uint8(1 << k)) / n for k in range(5)])
    return rates, np.count_nonzero(flags & np.uint8(ALL_FIVE_BIT)) / n


@attrs.frozen
class WeekFlows:
    """What happened in a week, per village: guidance visits and persons guided."""

    visits: F64
    persons_guided: F64


def measure(pop: Population, flows: WeekFlows | None = None) -> dict[str, F64]:
    """Every count of ``CODES`` per village (commune-team members go to their commune's first
    village), as float arrays of the number of villages."""
    n_v = pop.n_villages
    counts = _village_bit_counts(pop, (0, 1, 2, 3, 4, 5, 6))
    out: dict[str, F64] = {}
    for k in range(SKILL_COUNT):
        out[f"households_skill_{k + 1}"] = counts[:, k].astype(np.float64)
    out["households_all_five"] = counts[:, 5].astype(np.float64)
    out["households_reached"] = counts[:, 6].astype(np.float64)
    out["households"] = np.diff(pop.village_start).astype(np.float64)
    out["villages"] = np.ones(n_v)
    person_start = pop.household_start[pop.village_start].astype(np.intp)
    out["persons"] = np.diff(person_start).astype(np.float64)
    level2 = ((pop.traits & np.uint8(VNEID_MASK)) >> np.uint8(VNEID_SHIFT)) == 2
    out["persons_vneid_level2"] = (
        np.add.reduceat(level2, person_start[:-1], dtype=np.int64).astype(np.float64)
        if n_v else np.zeros(0)
    )  # fmt: skip
    active = pop.member_active
    # Commune-team members are counted in the first village of their commune.
    first_village = np.searchsorted(pop.village_start, pop.commune_start[:-1], side="left")
    home = np.where(
        pop.member_village >= 0,
        pop.member_village,
        first_village[pop.member_commune].clip(0, max(n_v - 1, 0)),
    )
    out["members"] = np.bincount(home, weights=active, minlength=n_v).astype(np.float64)
    over = active & (pop.member_block_size > pop.capacity)
    out["members_overloaded"] = np.bincount(home, weights=over, minlength=n_v).astype(np.float64)
    out["households_assigned"] = np.bincount(
        home, weights=np.where(active, pop.member_block_size, 0), minlength=n_v
    ).astype(np.float64)
    team_active = np.bincount(pop.member_team, weights=active, minlength=pop.n_teams) > 0
    team_home = np.where(
        pop.team_village >= 0,
        pop.team_village,
        first_village[pop.team_commune].clip(0, max(n_v - 1, 0)),
    )
    out["teams"] = np.bincount(team_home, weights=team_active, minlength=n_v).astype(np.float64)
    village_team = team_active & (pop.team_village >= 0)
    with_team = np.zeros(n_v)
    with_team[pop.team_village[village_team]] = 1.0
    out["villages_with_team"] = with_team
    if flows is None:
        out["visits"] = np.zeros(n_v)
        out["persons_guided"] = np.zeros(n_v)
    else:
        out["visits"] = flows.visits
        out["persons_guided"] = flows.persons_guided
    return out


# -- the step -----------------------------------------------------------------------------------


def unique_sorted(values: I64) -> I64:
    """Sorted unique values (by sorting: numpy's hash-based ``unique`` is slow on big arrays)."""
    if values.size == 0:
        return values.astype(np.int64)
    ordered = np.sort(values)
    keep = np.empty(ordered.shape[0], dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _find(bounds: npt.NDArray[Any], queries: I64) -> I64:
    """``searchsorted(bounds, queries, "right") - 1``, sorting the queries first (random
    queries into a big array are many times slower than sorted ones)."""
    if queries.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(queries, kind="stable")
    out = np.empty(queries.shape[0], dtype=np.int64)
    out[order] = np.searchsorted(bounds, queries[order].astype(bounds.dtype), side="right")
    return out - 1


def _uniform_index(u: F64, size: npt.NDArray[Any]) -> I64:
    """``floor(u * size)``, kept below ``size`` (``u`` is in [0, 1))."""
    size = np.asarray(size, dtype=np.int64)
    out: I64 = np.minimum((u * size).astype(np.int64), np.maximum(size - 1, 0))
    return out


def _village_of_household(pop: Population, households: I64) -> I64:
    return _find(pop.village_start, households)


def _household_of_person(pop: Population, persons: I64) -> I64:
    return _find(pop.household_start, persons)


def _candidates(src: RandomSource, n_total: int, rate: float) -> tuple[I64, I64, F64]:
    """Thinning: candidate (person, skill) pairs drawn at ``rate``, and acceptance numbers."""
    n = src.binomial(n_total, rate)
    key = np.sort(_uniform_index(src.random(n), np.full(n, n_total)))  # sorted: fast look-ups
    accept = src.random(n)
    return key // SKILL_COUNT, key % SKILL_COUNT, accept


def _levels_of(skills: npt.NDArray[np.uint16], persons: I64, skill: I64) -> I64:
    return ((skills[persons] >> (3 * skill).astype(np.uint16)) & 7).astype(np.int64)


def _apply(skills: npt.NDArray[np.uint16], keys: I64, sign: int) -> None:
    """Move each (person, skill) key one rung (keys unique and sorted)."""
    if keys.size == 0:
        return
    persons = keys // SKILL_COUNT
    delta = (np.uint16(1) << (3 * (keys % SKILL_COUNT)).astype(np.uint16)).astype(np.uint16)
    first = np.flatnonzero(np.concatenate(([True], persons[1:] != persons[:-1])))
    unique = persons[first]
    total = np.add.reduceat(delta, first).astype(np.uint16)
    if sign > 0:
        skills[unique] += total
    else:
        skills[unique] -= total


def step(pop: Population, params: ModelParams, rates: WeekRates, src: RandomSource) -> WeekFlows:
    """Advance ``pop`` by one week in place; return the week's visits and persons guided."""
    skills, traits, flags = pop.skills, pop.traits, pop.household_flags
    n_persons = pop.n_persons
    hs = pop.household_start  # first person of every household (uint32)

    def first(h: I64) -> I64:
        return hs[h].astype(np.int64)

    def size(h: I64) -> I64:
        return (hs[h + 1] - hs[h]).astype(np.int64)

    # 1. Members leave and vacant places are filled.
    u = src.random(pop.n_members)
    active = np.where(pop.member_active, u >= rates.leave, u < rates.recruit)
    pop.member_active = active
    in_village = pop.member_village >= 0
    vm = np.flatnonzero(active & in_village & (pop.member_block_size > 0))
    cm = np.flatnonzero(active & ~in_village)
    youth_visits = np.where(pop.member_youth, params.youth_visit_factor, 1.0)
    n_door = src.poisson(rates.door * youth_visits[vm])
    n_zalo = src.poisson(rates.zalo * youth_visits[vm])
    n_meet = src.poisson(np.full(len(vm), rates.meet))
    n_desk = src.poisson(rates.desk * youth_visits[cm])

    # 2. Door-to-door: the better of a few households of the member's block.
    door_member = np.repeat(vm, n_door)
    c = max(1, int(params.targeting_candidates))
    u = src.random(len(door_member) * c).reshape(len(door_member), c)
    block_size = pop.member_block_size[door_member][:, None]
    cand = pop.member_block_start[door_member][:, None] + _uniform_index(u, block_size)
    done = (flags[cand] & np.uint8(ALL_FIVE_BIT)) != 0
    door_house = cand[np.arange(len(door_member)), np.argmax(~done, axis=1)]
    door_sizes = size(door_house)
    door_persons = ranges(first(door_house), door_sizes)
    present = (
        src.random(len(door_persons))
        < np.asarray(params.presence)[traits[door_persons] & np.uint8(AGE_MASK)]
    )
    p_door = door_persons[present]
    h_door = np.repeat(door_house, door_sizes)[present]
    m_door = np.repeat(door_member, door_sizes)[present]

    # 3. Zalo posts: a few households of the block; their smartphone owners follow.
    zalo_member = np.repeat(np.repeat(vm, n_zalo), int(params.zalo_households_per_post))
    u = src.random(len(zalo_member))
    zalo_house = pop.member_block_start[zalo_member] + _uniform_index(
        u, pop.member_block_size[zalo_member]
    )
    zalo_sizes = size(zalo_house)
    zalo_persons = ranges(first(zalo_house), zalo_sizes)
    owns = (traits[zalo_persons] & np.uint8(PHONE_BIT)) != 0
    p_zalo = zalo_persons[owns]
    h_zalo = np.repeat(zalo_house, zalo_sizes)[owns]
    m_zalo = np.repeat(zalo_member, zalo_sizes)[owns]

    # 4. Village meetings: attendees from any household of the member's village.
    meet_member = np.repeat(np.repeat(vm, n_meet), int(params.meeting_attendees))
    village = pop.member_village[meet_member]
    u = src.random(len(meet_member))
    h_meet = pop.village_start[village] + _uniform_index(
        u, pop.village_start[village + 1] - pop.village_start[village]
    )
    u = src.random(len(meet_member))
    p_meet = first(h_meet) + _uniform_index(u, size(h_meet))

    # 5. The one-stop desk: a resident of any household of the member's commune.
    desk_member = np.repeat(cm, n_desk)
    commune = pop.member_commune[desk_member]
    u = src.random(len(desk_member))
    h_desk = pop.commune_start[commune] + _uniform_index(
        u, pop.commune_start[commune + 1] - pop.commune_start[commune]
    )
    u = src.random(len(desk_member))
    p_desk = first(h_desk) + _uniform_index(u, size(h_desk))

    # 6. Learning from contacts: the weakest skill (the campaign's first), one rung.
    person = np.concatenate((p_door, p_zalo, p_meet, p_desk))
    house = np.concatenate((h_door, h_zalo, h_meet, h_desk))
    member = np.concatenate((m_door, m_zalo, meet_member, desk_member))
    channel = np.repeat(
        np.array([DOOR, ZALO, MEETING, DESK], dtype=np.int64),
        [len(p_door), len(p_zalo), len(p_meet), len(p_desk)],
    )
    n = len(person)
    levels = unpack_levels(skills[person]).astype(np.int64)
    rank = np.arange(SKILL_COUNT, dtype=np.int64)
    if rates.focus >= 0:
        rank = np.where(rank == rates.focus, -1, rank)
    score = levels * 8 + rank
    desk_first = (channel == DESK) & (levels[:, 0] < TOP_LEVEL)
    score[:, 0] = np.where(desk_first, -100, score[:, 0])
    skill = np.argmin(score, axis=1).astype(np.int64)
    level = levels[np.arange(n), skill]
    target = level + 1
    band = (traits[person] & np.uint8(AGE_MASK)).astype(np.int64)
    own = (traits[person] & np.uint8(PHONE_BIT)) != 0
    shared = pop.household_phones[house] > 0
    vneid = ((traits[person] & np.uint8(VNEID_MASK)) >> np.uint8(VNEID_SHIFT)).astype(np.int64)
    access = np.where(own, 1.0, np.where(shared, params.shared_phone_factor, 0.0))
    factor = np.where(target >= 2, access, 1.0)
    top = np.asarray(params.channel_top_level, dtype=np.int64)[channel]
    ok = (band >= 1) & (target <= top) & (factor > 0)
    ok &= ~((skill == 0) & (target >= 2) & (vneid == 0))
    teach = np.where(pop.member_youth[member], params.youth_teach_factor, 1.0)
    chance = (
        np.asarray(params.learn_to_level)[np.minimum(target, TOP_LEVEL)]
        * np.asarray(params.age_learning)[band]
        * factor
        * np.asarray(params.channel_factor)[channel]
        * teach
        * rates.learn
    )
    learned = ok & (src.random(n) < np.minimum(chance, 1.0))
    gains = [person[learned] * SKILL_COUNT + skill[learned]]

    # 7. VNeID and chip ID cards, at door and desk contacts with adults.
    u_chip = src.random(n)
    u_vneid = src.random(n)
    counted = ((channel == DOOR) | (channel == DESK)) & (band >= 1)
    chip = (traits[person] & np.uint8(CHIP_BIT)) != 0
    new_chip = counted & ~chip & (u_chip < rates.chip)
    up = counted & (own | shared) & (u_vneid < rates.vneid) & ((vneid == 0) | ((vneid == 1) & chip))

    # 8. Background processes, drawn by thinning over every (person, skill) pair.
    total_pairs = n_persons * SKILL_COUNT
    age = np.asarray(params.age_learning)
    who, which, accept = _candidates(src, total_pairs, params.household_word_of_mouth)
    lv = _levels_of(skills, who, which)
    home = _household_of_person(pop, who)
    b = (traits[who] & np.uint8(AGE_MASK)).astype(np.int64)
    has = ((flags[home] >> which.astype(np.uint8)) & np.uint8(1)) != 0
    own_w = (traits[who] & np.uint8(PHONE_BIT)) != 0
    acc = np.where(own_w, 1.0, np.where(pop.household_phones[home] > 0,
                                        params.shared_phone_factor, 0.0))  # fmt: skip
    acc = np.where(lv + 1 >= 2, acc, 1.0)
    keep = (b >= 1) & (lv < ALONE_LEVEL) & has & (acc > 0)
    keep &= accept < np.minimum(age[b] * acc, 1.0)
    gains.append(who[keep] * SKILL_COUNT + which[keep])

    who, which, accept = _candidates(src, total_pairs, params.village_zalo_word_of_mouth)
    lv = _levels_of(skills, who, which)
    b = (traits[who] & np.uint8(AGE_MASK)).astype(np.int64)
    own_w = (traits[who] & np.uint8(PHONE_BIT)) != 0
    person_start = pop.household_start[pop.village_start].astype(np.int64)
    vil = _find(person_start, who)
    shares = _village_shares(pop)
    keep = (b >= 1) & own_w & (lv < ALONE_LEVEL)
    keep &= accept < shares[vil, which] * np.minimum(age[b], 1.0)
    gains.append(who[keep] * SKILL_COUNT + which[keep])

    who, which, accept = _candidates(src, total_pairs, params.practice)
    lv = _levels_of(skills, who, which)
    own_w = (traits[who] & np.uint8(PHONE_BIT)) != 0
    keep = (lv == ALONE_LEVEL) & own_w
    gains.append(who[keep] * SKILL_COUNT + which[keep])

    forget = np.asarray(params.forgetting)
    top_rate = float(forget.max())
    who, which, accept = _candidates(src, total_pairs, top_rate)
    lv = _levels_of(skills, who, which)
    keep = (lv >= 1) & (accept * top_rate < forget[np.minimum(lv, TOP_LEVEL)])
    losses = unique_sorted(who[keep] * SKILL_COUNT + which[keep])

    # 9. Apply: a rung up where anything taught it, else a rung down where it was forgotten.
    gained = unique_sorted(np.concatenate(gains))
    lost = losses[~_contains(gained, losses)]
    _apply(skills, gained, +1)
    _apply(skills, lost, -1)
    traits[person[new_chip]] |= np.uint8(CHIP_BIT)
    raised = unique_sorted(person[up])
    traits[raised] += np.uint8(1 << VNEID_SHIFT)
    flags[door_house] |= np.uint8(VISITED_BIT)
    flags[h_desk] |= np.uint8(VISITED_BIT)
    refresh_household_flags(pop)

    # 10. The week's flows per village.
    n_v = pop.n_villages
    visit_houses = np.concatenate((door_house, h_desk))
    visits = np.bincount(_village_of_household(pop, visit_houses), minlength=n_v)
    guided = house[counted]
    persons_guided = np.bincount(_village_of_household(pop, guided), minlength=n_v)
    return WeekFlows(visits.astype(np.float64), persons_guided.astype(np.float64))


def _contains(sorted_values: I64, queries: I64) -> Bool:
    """Whether each of ``queries`` is in ``sorted_values``."""
    if sorted_values.size == 0 or queries.size == 0:
        return np.zeros(queries.shape[0], dtype=bool)
    at = np.minimum(np.searchsorted(sorted_values, queries), sorted_values.size - 1)
    found: Bool = sorted_values[at] == queries
    return found


def _village_shares(pop: Population) -> F64:
    """Per village, the share of households with someone doing each skill alone (V x 5)."""
    counts = _village_bit_counts(pop, (0, 1, 2, 3, 4)).astype(np.float64)
    sizes = np.diff(pop.village_start).astype(np.float64)
    return counts / np.maximum(sizes, 1.0)[:, None]
