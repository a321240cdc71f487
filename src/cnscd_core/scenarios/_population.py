"""The synthetic population: persons, households, villages, teams and members, in columns.

Memory layout (``Population.layout()`` gives the live figures)::

    per person    skills   uint16  5 skills x 3 bits (levels 0-4), skill k at bits 3k..3k+2
                  traits   uint8   bits 0-2 age band, bit 3 owns a smartphone,
                                   bits 4-5 VNeID level (0-2), bit 6 chip ID card
                  (household implicit: persons are sorted by household)
    per household household_start  uint32  first person (households sorted by village)
                  household_member int32   member slot carrying it (-1: none)
                  household_phones uint8   smartphones in the household
                  household_flags  uint8   bits 0-4 someone does skill k alone, bit 5 someone
                                           does all five, bit 6 ever visited, bit 7 all five
                                           at the start
                  (village implicit: households are sorted by village)
    per village   village_start (int64 household offsets), village_commune (int32 unit index)
    per member    village, commune, block start and size, active, Youth Union
    derived       household_bits  uint64  one bit per person, set on a household's first
                                          person (64 persons a word)
                  household_base  int64   per word: the household of the person before it
                  (the household of a person by a population count, no search: 0.25 byte
                  per person)

That is 3 bytes per person plus 10 per household (2.9 per person at 3.5 persons per
household) plus 0.25: about 6.25 bytes per person, 0.59 GB for the whole nation. Villages
(~100,000) and members (~400,000) add well under 0.1 byte per person.

Villages are in no national list, so they are synthesised: households per 2025 commune from
the legacy communes it was made of (an urban ward counts 1.8, a township 1.3, a rural commune
1, times a log-normal factor), villages per commune by households (about 269 households each
nationally), and a ``scale`` share of villages is kept at their full size.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from cnscd_core.i18n import gettext as _
from cnscd_core.scenarios._params import (
    AGE_BANDS,
    NATIONAL_HOUSEHOLDS,
    NATIONAL_VILLAGES,
    SKILL_COUNT,
    PopulationPreset,
    Scenario,
    ScenarioError,
)
from cnscd_core.scenarios._presets import NATIONAL_SMARTPHONE_RATE, SMARTPHONE_RATES

if TYPE_CHECKING:
    from cnscd_core.rollup import Report
    from cnscd_core.units import UnitRegistry

__all__ = [
    "ALONE_LEVEL",
    "MAX_HOUSEHOLD_SIZE",
    "TOP_LEVEL",
    "Population",
    "calibrate_from_report",
    "child_seed",
    "generate_population",
    "pack_levels",
    "unpack_levels",
]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
U8 = npt.NDArray[np.uint8]
Bool = npt.NDArray[np.bool_]

#: The "does it alone" rung of every national skill (skills.toml: alone_level = 3).
ALONE_LEVEL = 3
#: The top rung (a real transaction).
TOP_LEVEL = 4
#: Households are capped at 15 persons (uint8 columns; larger ones are very rare).
MAX_HOUSEHOLD_SIZE = 15
_HOUSEHOLDS_PER_CHUNK = 1 << 20

# Trait bits.
AGE_MASK = 0b0000_0111
PHONE_BIT = 0b0000_1000
VNEID_SHIFT = 4
VNEID_MASK = 0b0011_0000
CHIP_BIT = 0b0100_0000
# Household flag bits.
ALL_FIVE_BIT = 0b0010_0000
VISITED_BIT = 0b0100_0000
ALL_FIVE_AT_START_BIT = 0b1000_0000

# Age-band shares: consistent with the 2019 census (about a quarter under 15, about 12% aged
# 60 or more); the split inside those groups is a guess.
AGE_SHARES = (0.243, 0.145, 0.250, 0.243, 0.090, 0.029)
# The household head's age band (guess: heads are 25 or older).
HEAD_SHARES = (0.0, 0.0, 0.30, 0.42, 0.21, 0.07)
# Smartphone ownership relative to the adult average, by band (guess).
PHONE_AGE_FACTOR = (0.0, 1.25, 1.2, 1.0, 0.55, 0.25)
# Starting skills: latent aptitude shifts (guess) and rung thresholds (guess).
_AGE_SHIFT = (-9.0, 0.6, 0.5, 0.0, -0.8, -1.6)
_ACCESS_SHIFT = (-0.8, 0.0, 0.5)  # no phone in the household, a shared phone, own phone
_URBAN_SHIFT = 0.3
_THRESHOLDS = (-1.0, 0.0, 0.9, 1.7)
# Household weight of a legacy commune by kind (guess: wards are denser).
_KIND_WEIGHT = {"phường": 1.8, "thị trấn": 1.3}
_COMMUNE_SPREAD = 0.35
_VILLAGE_SPREAD = 0.4


def child_seed(seed: np.random.SeedSequence, i: int) -> np.random.SeedSequence:
    """The ``i``-th child of ``seed``, the same however often it is asked for."""
    return np.random.SeedSequence(entropy=seed.entropy, spawn_key=(*seed.spawn_key, i))


def _rng(seed: np.random.SeedSequence) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


def pack_levels(levels: npt.NDArray[Any]) -> npt.NDArray[np.uint16]:
    """Pack an ``(n, 5)`` array of levels 0-7 into uint16 (skill k at bits 3k..3k+2)."""
    levels = np.asarray(levels, dtype=np.uint16)
    out = np.zeros(levels.shape[0], dtype=np.uint16)
    for k in range(SKILL_COUNT):
        out |= levels[:, k] << np.uint16(3 * k)
    return out


def unpack_levels(skills: npt.NDArray[np.uint16]) -> npt.NDArray[np.int8]:
    """The ``(n, 5)`` levels of packed skills."""
    out = np.empty((skills.shape[0], SKILL_COUNT), dtype=np.int8)
    for k in range(SKILL_COUNT):
        out[:, k] = (skills >> np.uint16(3 * k)) & np.uint16(7)
    return out


def ranges(starts: npt.NDArray[Any], lengths: npt.NDArray[Any]) -> I64:
    """Concatenated ``arange(s, s + n)`` for every start and length, without a Python loop."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    offsets = np.repeat(ends - lengths, lengths)
    out = np.repeat(np.asarray(starts, dtype=np.int64), lengths)
    out += np.arange(total, dtype=np.int64) - offsets
    return out


def _stochastic_round(x: F64, u: F64) -> I64:
    base = np.floor(x)
    return (base + (u < (x - base))).astype(np.int64)


# -- the communes of the 2025 units, with their legacy make-up -------------------------------


@attrs.frozen
class _Communes:
    units: I32  # unit index of every 2025 commune, sorted
    province: I32  # unit index of its province
    weight: F64  # household weight from its legacy communes
    legacy_count: I64  # legacy communes it was made of (at least 1)
    main_legacy: tuple[str, ...]  # main legacy province code
    rural: Bool  # a xã or đặc khu (not a phường)


_CACHE: dict[tuple[int, int], _Communes] = {}
_CACHE_LOCK = threading.Lock()


def _communes(registry: UnitRegistry) -> _Communes:
    key = (id(registry.current), registry.current.version)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            return found
    from cnscd_core.units import Level

    current, legacy = registry.current, registry.legacy
    units = np.asarray(current.indices(Level.COMMUNE), dtype=np.int32)
    position = {current.code(int(u)): i for i, u in enumerate(units)}
    weight = np.zeros(len(units))
    count = np.zeros(len(units), dtype=np.int64)
    provinces: list[Counter[str]] = [Counter() for _u in units]
    legacy_province = legacy.ancestor_at(Level.PROVINCE)
    for i in legacy.indices(Level.COMMUNE):
        targets = registry.mapping_targets(legacy.code(i))
        main = next((c for c, is_default in targets if is_default), targets[0][0])
        pos = position.get(main)
        if pos is None:
            continue
        weight[pos] += _KIND_WEIGHT.get(legacy.kind(i).value, 1.0)
        count[pos] += 1
        provinces[pos][legacy.code(int(legacy_province[i]))] += 1
    province = current.ancestor_at(Level.PROVINCE)[units]
    main_legacy = tuple(
        c.most_common(1)[0][0] if c else current.code(int(p))
        for c, p in zip(provinces, province, strict=True)
    )
    weight[count == 0] = 1.0
    count = np.maximum(count, 1)
    rural = np.array([current.kind(int(u)).value != "phường" for u in units], dtype=bool)
    table = _Communes(units, province.astype(np.int32), weight, count, main_legacy, rural)
    with _CACHE_LOCK:
        _CACHE[key] = table
    return table


def _scope(table: _Communes, preset: PopulationPreset, registry: UnitRegistry) -> Bool:
    current = registry.current
    keep = np.ones(len(table.units), dtype=bool)
    if preset.provinces:
        for code in preset.provinces:
            if code not in current:
                raise ScenarioError(
                    _(
                        "preset {preset!r}: found the province code {code!r}; expected a 2025 "
                        "province code"
                    ).format(preset=preset.code, code=code)
                )
        wanted = {current.index(c) for c in preset.provinces}
        keep &= np.isin(table.province, sorted(wanted))
    if preset.legacy_provinces:
        keep &= np.isin(np.asarray(table.main_legacy), list(preset.legacy_provinces))
    if not keep.any():
        raise ScenarioError(
            _("preset {preset!r} covers no 2025 commune; check its province codes").format(
                preset=preset.code
            )
        )
    return keep


def _household_bits(household_start: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """One bit per person, set on the first person of every household (64 to a word)."""
    n_persons = int(household_start[-1])
    out = np.zeros((n_persons + 63) // 64, dtype=np.uint64)
    first = np.asarray(household_start[:-1], dtype=np.int64)
    if first.size:
        word = first >> 6
        bit = np.left_shift(np.uint64(1), (first & 63).astype(np.uint64))
        starts = np.flatnonzero(np.concatenate(([True], word[1:] != word[:-1])))
        out[word[starts]] = np.bitwise_or.reduceat(bit, starts)
    return out


def _household_base(bits: npt.NDArray[np.uint64]) -> I64:
    """For every word of ``bits``, the household of the person before it (households
    starting before the word, minus one: -1 for the first word)."""
    out = np.full(bits.shape[0], -1, dtype=np.int64)
    np.cumsum(_popcount(bits)[:-1], out=out[1:], dtype=np.int64)
    out[1:] -= 1
    return out


def _popcount(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint8]:
    """Set bits of every word (``np.bitwise_count``, or the classic bit trick before numpy 2)."""
    count = getattr(np, "bitwise_count", None)
    if count is not None:
        return count(x)  # type: ignore[no-any-return]
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555_5555_5555_5555))
    x = (x & np.uint64(0x3333_3333_3333_3333)) + (
        (x >> np.uint64(2)) & np.uint64(0x3333_3333_3333_3333)
    )
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F_0F0F_0F0F_0F0F)
    return ((x * np.uint64(0x0101_0101_0101_0101)) >> np.uint64(56)).astype(np.uint8)


def _bits_of(pop: Any) -> npt.NDArray[np.uint64]:
    return _household_bits(pop.household_start)


def _base_of(pop: Any) -> I64:
    return _household_base(pop.household_bits)


# -- the population ----------------------------------------------------------------------------


@attrs.define(eq=False)
class Population:
    """A synthetic population in columns (see the module docstring for the layout).

    Persons are sorted by household, households by village, villages by commune, so the
    household of a person, the village of a household and the commune of a village are
    implicit. Member slots carry a contiguous block of their village's households.
    """

    skills: npt.NDArray[np.uint16]
    traits: U8
    household_start: npt.NDArray[np.uint32]
    household_member: I32
    household_phones: U8
    household_flags: U8
    village_start: I64
    village_commune: I32
    village_has_team: Bool
    commune_units: I32
    commune_start: I64
    commune_rural: Bool
    member_village: I32
    member_commune: I32
    member_block_start: I64
    member_block_size: I64
    member_active: Bool
    member_youth: Bool
    member_team: I32
    team_village: I32
    team_commune: I32
    capacity: int
    full_households: float
    scale_effective: float
    household_bits: npt.NDArray[np.uint64] = attrs.field(
        default=attrs.Factory(_bits_of, takes_self=True)
    )
    household_base: I64 = attrs.field(default=attrs.Factory(_base_of, takes_self=True))

    @property
    def n_persons(self) -> int:
        """Number of persons."""
        return int(self.skills.shape[0])

    @property
    def n_households(self) -> int:
        """Number of households."""
        return int(self.household_member.shape[0])

    @property
    def n_villages(self) -> int:
        """Number of villages."""
        return int(self.village_commune.shape[0])

    @property
    def n_members(self) -> int:
        """Number of member slots (active or vacant)."""
        return int(self.member_active.shape[0])

    @property
    def n_teams(self) -> int:
        """Number of teams (village and commune teams)."""
        return int(self.team_commune.shape[0])

    def household_sizes(self) -> I64:
        """Persons in every household."""
        start = np.asarray(self.household_start, dtype=np.int64)
        return start[1:] - start[:-1]

    def household_of(self, persons: npt.NDArray[Any]) -> I64:
        """The household of every person of ``persons``: the household before the person's
        64-bit word of ``household_bits`` plus the households starting in the word up to
        the person (a population count), with no search (a binary search for a few)."""
        persons = np.asarray(persons, dtype=np.int64)
        if persons.shape[0] <= 64:  # a few: a search is quicker than the operations below
            found: I64 = np.searchsorted(
                self.household_start, persons.astype(np.uint32), side="right"
            ).astype(np.int64)
            found -= 1
            return found
        word = persons >> 6
        # 63 - (p mod 64), as a shift that keeps the bits up to the person's, at the top.
        shift = persons.view(np.uint64) & np.uint64(63)
        shift ^= np.uint64(63)
        bits = self.household_bits[word]
        bits <<= shift
        out: I64 = self.household_base[word]
        out += _popcount(bits)
        return out

    def age_bands(self) -> U8:
        """Age band of every person (index into ``AGE_BANDS``)."""
        return self.traits & np.uint8(AGE_MASK)

    def state_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The arrays that make up the state, by name."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(Population)
                if isinstance(getattr(self, f.name), np.ndarray)}  # fmt: skip

    def nbytes(self) -> int:
        """Bytes held by the state arrays."""
        return sum(int(a.nbytes) for a in self.state_arrays().values())

    def bytes_per_person(self) -> float:
        """State bytes divided by the number of persons."""
        return self.nbytes() / max(self.n_persons, 1)

    def layout(self) -> dict[str, dict[str, Any]]:
        """Every state array: dtype, length and bytes, plus the bytes per person in total."""
        out: dict[str, dict[str, Any]] = {
            name: {"dtype": str(a.dtype), "length": int(a.shape[0]), "bytes": int(a.nbytes)}
            for name, a in self.state_arrays().items()
        }
        out["total"] = {"bytes": self.nbytes(), "bytes_per_person": self.bytes_per_person()}
        return out

    def summary(self) -> dict[str, Any]:
        """Counts of the population: persons, households, villages, communes, teams, members."""
        return {
            "persons": self.n_persons,
            "households": self.n_households,
            "villages": self.n_villages,
            "communes": int(np.count_nonzero(np.diff(self.commune_start))),
            "teams": self.n_teams,
            "members": self.n_members,
            "scale_effective": round(self.scale_effective, 6),
            "bytes_per_person": round(self.bytes_per_person(), 3),
        }

    def __repr__(self) -> str:
        return (
            f"Population({self.n_persons:,} persons, {self.n_households:,} households, "
            f"{self.n_villages:,} villages, {self.n_members:,} members, "
            f"{self.bytes_per_person():.2f} bytes/person)"
        )


def _age_distributions() -> tuple[F64, F64]:
    share = np.asarray(AGE_SHARES)
    head = np.asarray(HEAD_SHARES)
    ratio = 3.5  # persons per household used to split heads from the others
    other = np.clip((ratio * share - head) / (ratio - 1.0), 0.0, None)
    return np.cumsum(head / head.sum()), np.cumsum(other / other.sum())


def _phone_probabilities(rate: F64) -> F64:
    """Per band x commune: chance to own a smartphone, averaging ``rate`` over adults."""
    share = np.asarray(AGE_SHARES)[1:]
    factor = np.asarray(PHONE_AGE_FACTOR)
    norm = float((share * factor[1:]).sum() / share.sum())
    return np.clip(np.outer(factor / norm, rate), 0.0, 0.98)


def generate_population(
    scenario: Scenario,
    seed: np.random.SeedSequence | int = 0,
    *,
    structure: np.random.SeedSequence | int | None = None,
    registry: UnitRegistry | None = None,
) -> Population:
    """The synthetic population of ``scenario``'s preset at its scale, determined by ``seed``.

    ``structure`` determines the map: households per commune, the villages and which of them
    are simulated (default: a child of ``seed``); runs that share it share their villages, and
    so their result tables. Persons and teams come from ``seed``. Generated in chunks of about
    a million households, so the temporary arrays stay small beside the population itself.
    """
    from cnscd_core.units import default_registry

    if isinstance(seed, int):
        seed = np.random.SeedSequence(seed)
    if structure is None:
        structure = child_seed(seed, 0)
    elif isinstance(structure, int):
        structure = np.random.SeedSequence(structure)
    registry = registry or default_registry()
    preset = scenario.preset
    table = _communes(registry)
    in_scope = _scope(table, preset, registry)
    rng_structure = _rng(structure)
    rng_persons = _rng(child_seed(seed, 1))
    rng_teams = _rng(child_seed(seed, 2))

    # Households per commune (full scale), then villages and the sample of villages.
    noise = rng_structure.lognormal(0.0, _COMMUNE_SPREAD, len(table.units))
    weight_all = table.weight * noise
    weight = weight_all[in_scope]
    total = (
        float(preset.households)
        if preset.households
        else NATIONAL_HOUSEHOLDS * float(weight.sum() / weight_all.sum())
    )
    per_village = (
        total / preset.villages if preset.villages else NATIONAL_HOUSEHOLDS / NATIONAL_VILLAGES
    )
    full_hh = np.maximum(np.rint(total * weight / weight.sum()), 1).astype(np.int64)
    n_villages = np.clip(np.rint(full_hh / per_village), 1, full_hh).astype(np.int64)
    village_weight = rng_structure.lognormal(0.0, _VILLAGE_SPREAD, int(n_villages.sum()))
    village_of = np.repeat(np.arange(len(full_hh)), n_villages)
    village_hh = _split(full_hh, n_villages, village_weight, village_of)
    pick: Bool = np.less(rng_structure.random(village_hh.shape[0]), scenario.scale)
    if not pick.any():
        pick[int(np.argmax(village_hh))] = True
    commune_pos = village_of[pick]
    sizes_v = village_hh[pick]
    scope_units = table.units[in_scope]
    village_commune = scope_units[commune_pos].astype(np.int32)
    n_scope = len(scope_units)
    hh_per_commune = np.bincount(commune_pos, weights=sizes_v, minlength=n_scope).astype(np.int64)
    commune_start = np.concatenate(([0], np.cumsum(hh_per_commune))).astype(np.int64)
    village_start = np.concatenate(([0], np.cumsum(sizes_v))).astype(np.int64)
    n_households = int(village_start[-1])

    # Household sizes, then persons, chunk by chunk.
    household_size = np.empty(n_households, dtype=np.uint8)
    for lo, hi in _chunks(n_households):
        draw = 1 + rng_persons.poisson(max(preset.persons_per_household - 1.0, 0.0), hi - lo)
        household_size[lo:hi] = np.minimum(draw, MAX_HOUSEHOLD_SIZE)
    household_start = np.zeros(n_households + 1, dtype=np.uint32)
    np.cumsum(household_size, out=household_start[1:], dtype=np.uint32)
    n_persons = int(household_start[-1])
    rate_by_commune = np.array(
        [
            preset.smartphone_rate
            if preset.smartphone_rate is not None
            else SMARTPHONE_RATES.get(code, NATIONAL_SMARTPHONE_RATE)
            for code in np.asarray(table.main_legacy)[in_scope]
        ]
    )
    skills = np.empty(n_persons, dtype=np.uint16)
    traits = np.empty(n_persons, dtype=np.uint8)
    phones = np.empty(n_households, dtype=np.uint8)
    household_village = np.repeat(np.arange(len(sizes_v), dtype=np.int32), sizes_v)
    rural = table.rural[in_scope]
    _fill_persons(
        rng_persons, preset, household_start, household_village, commune_pos,
        rate_by_commune, rural, skills, traits, phones,
    )  # fmt: skip
    del household_village

    pop = Population(
        skills=skills,
        traits=traits,
        household_start=household_start,
        household_member=np.full(n_households, -1, dtype=np.int32),
        household_phones=phones,
        household_flags=np.zeros(n_households, dtype=np.uint8),
        village_start=village_start,
        village_commune=village_commune,
        village_has_team=np.zeros(len(sizes_v), dtype=bool),
        commune_units=scope_units.astype(np.int32),
        commune_start=commune_start,
        commune_rural=rural,
        member_village=np.zeros(0, dtype=np.int32),
        member_commune=np.zeros(0, dtype=np.int32),
        member_block_start=np.zeros(0, dtype=np.int64),
        member_block_size=np.zeros(0, dtype=np.int64),
        member_active=np.zeros(0, dtype=bool),
        member_youth=np.zeros(0, dtype=bool),
        member_team=np.zeros(0, dtype=np.int32),
        team_village=np.zeros(0, dtype=np.int32),
        team_commune=np.zeros(0, dtype=np.int32),
        capacity=int(preset.capacity),
        full_households=total,
        scale_effective=n_households / total,
    )
    _make_teams(pop, scenario, rng_teams, commune_pos, full_hh, table.legacy_count[in_scope])
    from cnscd_core.scenarios._model import refresh_household_flags

    refresh_household_flags(pop)
    all_five = (pop.household_flags & np.uint8(ALL_FIVE_BIT)) != 0
    pop.household_flags[all_five] |= np.uint8(ALL_FIVE_AT_START_BIT)
    return pop


def _chunks(n: int) -> Iterator[tuple[int, int]]:
    for lo in range(0, n, _HOUSEHOLDS_PER_CHUNK):
        yield lo, min(n, lo + _HOUSEHOLDS_PER_CHUNK)


def _split(total: I64, parts: I64, weight: F64, owner: I64) -> I64:
    """Split ``total[c]`` into ``parts[c]`` positive integers by weight (cumulative rounding)."""
    extra = (total - parts).astype(np.float64)  # every part gets 1 first
    group_sum = np.bincount(owner, weights=weight, minlength=len(total))
    cum = np.cumsum(weight)
    first = np.concatenate(([0], np.cumsum(parts)[:-1]))
    before = np.repeat(cum[first] - weight[first], parts)
    share = (cum - before) / group_sum[owner]
    upto = np.rint(share * extra[owner]).astype(np.int64)
    prev = np.concatenate(([0], upto[:-1]))
    prev[first] = 0
    return 1 + upto - prev


def _fill_persons(
    rng: np.random.Generator,
    preset: PopulationPreset,
    household_start: npt.NDArray[np.uint32],
    household_village: I32,
    village_commune_pos: I64,
    rate_by_commune: F64,
    rural: Bool,
    skills: npt.NDArray[np.uint16],
    traits: U8,
    phones: U8,
) -> None:
    head_cum, other_cum = _age_distributions()
    phone_p = _phone_probabilities(rate_by_commune)
    vneid = float(preset.vneid_rate)
    vneid_phone, vneid_none = min(0.98, vneid * 1.08), vneid * 0.78
    offsets = np.asarray(preset.skill_offsets)
    for lo, hi in _chunks(len(household_village)):
        p0, p1 = int(household_start[lo]), int(household_start[hi])
        n = p1 - p0
        bounds = np.asarray(household_start[lo : hi + 1], dtype=np.int64)
        sizes: I64 = bounds[1:] - bounds[:-1]
        local_start: I64 = np.asarray(household_start[lo:hi], dtype=np.int64) - p0
        rank = np.arange(n, dtype=np.int64) - np.repeat(local_start, sizes)
        commune = np.repeat(village_commune_pos[household_village[lo:hi]], sizes)
        u = rng.random(n)
        band = np.where(
            rank == 0, np.searchsorted(head_cum, u, side="right"),
            np.searchsorted(other_cum, u, side="right"),
        ).clip(0, len(AGE_BANDS) - 1).astype(np.uint8)  # fmt: skip
        adult = band >= 1
        own = rng.random(n) < phone_p[band, commune]
        chip = adult & (rng.random(n) < preset.chip_id_rate)
        has_id = adult & (rng.random(n) < np.where(own, vneid_phone, vneid_none))
        level2 = has_id & chip & (rng.random(n) < preset.vneid_level2_share)
        vneid_level = has_id.astype(np.uint8) + level2.astype(np.uint8)
        traits[p0:p1] = (
            band
            | (own.astype(np.uint8) << np.uint8(3))
            | (vneid_level << np.uint8(VNEID_SHIFT))
            | (chip.astype(np.uint8) << np.uint8(6))
        )
        house_phones = np.add.reduceat(own.astype(np.uint8), local_start, dtype=np.int64)
        phones[lo:hi] = np.minimum(house_phones, 255)
        access = np.where(own, 2, np.where(np.repeat(house_phones, sizes) > 0, 1, 0))
        latent = (
            np.asarray(_AGE_SHIFT)[band]
            + np.asarray(_ACCESS_SHIFT)[access]
            + _URBAN_SHIFT * (~rural[commune])
            + rng.standard_normal(n)
        )
        levels = np.zeros((n, SKILL_COUNT), dtype=np.uint16)
        for k in range(SKILL_COUNT):
            s = latent + preset.skill_spread * rng.standard_normal(n) + offsets[k]
            levels[:, k] = sum((s > t).astype(np.uint16) for t in _THRESHOLDS)
        # Without any phone nobody goes past "aware"; online public services need VNeID.
        levels[access == 0] = np.minimum(levels[access == 0], 1)
        levels[:, 0] = np.where(vneid_level == 0, np.minimum(levels[:, 0], 1), levels[:, 0])
        levels[~adult] = 0
        skills[p0:p1] = pack_levels(levels)


def _make_teams(
    pop: Population,
    scenario: Scenario,
    rng: np.random.Generator,
    village_commune_pos: I64,
    full_hh: I64,
    legacy_count: I64,
) -> None:
    """Village teams, commune teams and member slots, each carrying a block of households."""
    preset, params = scenario.preset, scenario.params
    n_v = pop.n_villages
    village_hh = np.diff(pop.village_start)
    # Draws in a fixed order, whatever the intervention, so variants share them.
    u_team = rng.random(n_v)
    u_extra = rng.random(n_v)
    has_team = u_team < preset.village_team_share
    low = max(1, int(preset.min_members))
    high = preset.max_members if preset.max_members is not None else 10_000
    if preset.households_per_member:
        size = np.clip(-(-village_hh // int(preset.households_per_member)), low, high)
    else:
        mean = float(preset.members_per_village_team)
        floor = min(low, max(1, int(mean)))
        size = np.clip(floor + rng.poisson(max(mean - floor, 0.0), n_v), floor, high)
    size = np.where(has_team, size, 0).astype(np.int64)
    # Youth Union members among those other than the leader (the village head).
    n_slots = int(size.sum())
    rank = ranges(np.zeros(n_v, dtype=np.int64), size)
    youth = (rank > 0) & (rng.random(n_slots) < params.youth_share)
    youth_per_village = np.bincount(np.repeat(np.arange(n_v), size), weights=youth, minlength=n_v)
    where = scenario.extra_members_where
    commune_rural = pop.commune_rural[village_commune_pos]
    chosen = (
        np.ones(n_v, dtype=bool) if where == "all"
        else commune_rural if where == "rural" else ~commune_rural
    )  # fmt: skip
    extra = np.where(
        chosen & has_team,
        _stochastic_round(
            np.asarray(scenario.extra_youth_members * youth_per_village, dtype=np.float64),
            u_extra,
        ),
        0,
    )
    # Member slots of village teams: the drawn members, then the extra Youth Union members.
    per_village = size + extra
    village_of_slot = np.repeat(np.arange(n_v, dtype=np.int64), per_village)
    slot_rank = ranges(np.zeros(n_v, dtype=np.int64), per_village)
    youth_all = np.zeros(int(per_village.sum()), dtype=bool)
    first = np.repeat(np.concatenate(([0], np.cumsum(per_village)[:-1])), size)
    youth_all[first + rank] = youth
    youth_all[slot_rank >= np.repeat(size, per_village)] = True
    cap = int(preset.households_per_member) if preset.households_per_member else None
    assigned = village_hh if cap is None else np.minimum(village_hh, per_village * cap)
    base = np.where(per_village > 0, assigned // np.maximum(per_village, 1), 0)
    rest = assigned - base * per_village
    block = np.repeat(base, per_village) + (slot_rank < np.repeat(rest, per_village))
    before = np.cumsum(block) - block  # households of the earlier slots, all villages
    first_slot = np.cumsum(per_village) - per_village
    block_start = np.zeros(0, dtype=np.int64)
    if len(before):
        block_start = (
            np.repeat(pop.village_start[:-1], per_village)
            + before
            - np.repeat(before[np.minimum(first_slot, len(before) - 1)], per_village)
        )
    # Commune teams: sized by the legacy communes merged, scaled to the households simulated.
    hh_sim = np.diff(pop.commune_start).astype(np.float64)
    full_members = preset.commune_team_members_per_legacy_commune * legacy_count
    wanted = full_members * hh_sim / np.maximum(full_hh, 1)
    commune_size = np.where(hh_sim > 0, _stochastic_round(wanted, rng.random(len(hh_sim))), 0)
    commune_youth = rng.random(int(commune_size.sum())) < params.youth_share
    # Teams: one per village with a team, then one per commune with a commune team.
    team_villages = np.flatnonzero(per_village > 0).astype(np.int32)
    team_communes = np.flatnonzero(commune_size > 0).astype(np.int32)
    n_vt = len(team_villages)
    team_of_village = np.full(n_v, -1, dtype=np.int32)
    team_of_village[team_villages] = np.arange(n_vt, dtype=np.int32)
    n_vm = len(village_of_slot)
    n_cm = int(commune_size.sum())
    pop.member_village = np.concatenate(
        (village_of_slot.astype(np.int32), np.full(n_cm, -1, dtype=np.int32))
    )
    pop.member_commune = np.concatenate(
        (
            village_commune_pos[village_of_slot].astype(np.int32),
            np.repeat(np.arange(len(hh_sim), dtype=np.int32), commune_size),
        )
    )
    pop.member_block_start = np.concatenate((block_start, np.zeros(n_cm, dtype=np.int64)))
    pop.member_block_size = np.concatenate((block, np.zeros(n_cm, dtype=np.int64)))
    pop.member_active = np.ones(n_vm + n_cm, dtype=bool)
    pop.member_youth = np.concatenate((youth_all, commune_youth))
    pop.member_team = np.concatenate(
        (
            team_of_village[village_of_slot],
            n_vt + np.repeat(np.arange(len(team_communes), dtype=np.int32),
                             commune_size[team_communes]),
        )
    )  # fmt: skip
    pop.team_village = np.concatenate(
        (team_villages, np.full(len(team_communes), -1, dtype=np.int32))
    )
    pop.team_commune = np.concatenate(
        (village_commune_pos[team_villages].astype(np.int32), team_communes)
    )
    pop.village_has_team = per_village > 0
    members = np.arange(n_vm, dtype=np.int32)
    pop.household_member[ranges(block_start, block)] = np.repeat(members, block)


def calibrate_from_report(
    report: Report,
    preset: PopulationPreset | None = None,
    *,
    sample_households: int = 20_000,
    seed: int = 0,
) -> PopulationPreset:
    """A copy of ``preset`` whose counts and starting rates match a roll-up ``report``.

    ``preset`` defaults to the preset of the report's unit (the nation or a 2025 province).
    Only the report's counts and rates are read (never personal rows): households, villages,
    members per village team, households per member, and the starting skill offsets and
    spread, found by bisection on a small sample so that the share of households with
    someone doing each skill alone, and all five, match the report's.
    """
    if preset is None:
        from cnscd_core.rollup import NATION_CODE
        from cnscd_core.scenarios._presets import scenario_preset

        code = report.root.code
        preset = scenario_preset("national" if code == NATION_CODE else code)
    values = report.root.indicators

    def get(code: str) -> float | None:
        item = values.get(code)
        return None if item is None or item.value is None else float(item.value)

    changes: dict[str, Any] = {}
    households = get("households")
    if households:
        changes["households"] = int(households)
    villages = get("villages")
    if villages:
        changes["villages"] = int(villages)
    members, teams, with_team = get("members"), get("teams"), get("villages_with_team")
    if members and teams:
        changes["members_per_village_team"] = members / teams
    if villages and with_team is not None:
        changes["village_team_share"] = min(1.0, with_team / villages)
    per_member = get("households_per_member")
    if per_member:
        changes["capacity"] = max(int(preset.capacity), math.ceil(per_member))
    calibrated = preset.replace(**changes)
    targets = [get(f"households_skill_{k + 1}_rate") for k in range(SKILL_COUNT)]
    if all(t is None for t in targets):
        targets = [
            (get(f"households_skill_{k + 1}") or 0.0) / households if households else None
            for k in range(SKILL_COUNT)
        ]
    all_five = get("households_all_five_rate")
    if any(t is not None for t in targets) or all_five is not None:
        calibrated = _fit_skills(calibrated, targets, all_five, sample_households, seed)
    return calibrated


def _sample_rates(preset: PopulationPreset, households: int, seed: int) -> tuple[F64, float]:
    """Household skill rates (5) and the all-five rate of a small sample of ``preset``."""
    from cnscd_core.scenarios._model import household_rates

    village = max(1, households // 269)
    sample = preset.replace(households=households, villages=village, min_members=1)
    pop = generate_population(Scenario(preset=sample, scale=1.0, detail="root"), seed)
    return household_rates(pop)


def _fit_skills(
    preset: PopulationPreset,
    targets: list[float | None],
    all_five: float | None,
    households: int,
    seed: int,
) -> PopulationPreset:
    offsets = list(preset.skill_offsets)
    spread = preset.skill_spread
    for _round in range(2):
        for k, target in enumerate(targets):
            if target is None:
                continue
            lo, hi = -4.0, 4.0
            for _step in range(14):
                mid = (lo + hi) / 2
                trial = preset.replace(
                    skill_offsets=(*offsets[:k], mid, *offsets[k + 1 :]),
                    skill_spread=spread,
                )
                rates, _five = _sample_rates(trial, households, seed)
                lo, hi = (mid, hi) if rates[k] < target else (lo, mid)
            offsets[k] = (lo + hi) / 2
        if all_five is not None:
            # A smaller spread ties the five skills together: more households have all five.
            lo, hi = 0.0, 3.0
            for _step in range(12):
                mid = (lo + hi) / 2
                trial = preset.replace(skill_offsets=tuple(offsets), skill_spread=mid)
                _rates, five = _sample_rates(trial, households, seed)
                lo, hi = (mid, hi) if five > all_five else (lo, mid)
            spread = (lo + hi) / 2
    return preset.replace(skill_offsets=tuple(offsets), skill_spread=spread)
