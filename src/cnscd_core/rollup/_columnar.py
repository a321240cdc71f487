"""Columnar kernels for the national roll-up: residents to households to units in one pass.

The national data set is tens of millions of households and about a hundred million residents,
held as columns sorted by unit (households) and by household (residents). These kernels walk
those columns in chunks of households small enough to stay in the processor's cache, so every
pass is contiguous and no temporary grows with the size of the country:

1. per resident, one byte: bit ``k`` says skill ``k + 1`` reached the "does it alone" level,
   bit 5 that all five did (the resident's lowest level reached it);
2. per household, whether any of its residents set each bit. The byte is spread into eight
   one-byte lanes of a ``uint64`` word and summed with one running sum over the chunk, so a
   household's lane counts are the difference of two running sums (no per-household loop);
   a lane is set when its count is not zero;
3. per unit, the households setting each lane, summed over the runs of equal units in 16-bit
   lanes (runs are cut every 65,535 households, so no lane overflows);
4. up the hierarchy with ``sum_up``; ratios from the summed parts.

One thread: numpy releases the GIL inside each operation, but operations on cache-sized chunks
are too short for two threads to gain anything on the hand-over (measured on two cores).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from cnscd_core.rollup._engine import NATIONAL_SKILLS, sum_up

__all__ = ["household_skills_from_residents", "national_rollup"]

ResidentLevels = npt.NDArray[np.integer[Any]] | Sequence[npt.NDArray[np.integer[Any]]]

# Households per chunk (about 117,000 residents): a chunk's buffers stay in the L2/L3 cache
# and the Python overhead per chunk is small beside its array work.
CHUNK_HOUSEHOLDS = 1 << 15
# A lane counts the residents of one household: 8 bits hold up to 255 residents.
_MAX_LANE_COUNT = 255
_ALL_FIVE_BIT = NATIONAL_SKILLS
_FIVE_BITS = (1 << NATIONAL_SKILLS) - 1
_ASSIGNED_LANE = 6
_U64 = np.uint64
# Multiplying a byte by _SPREAD puts copies of it 7 bits apart, so bit j lands on bit 0 of
# byte j; _LANES keeps those bits (bytes 0-5).
_SPREAD = _U64(sum(1 << (7 * j) for j in range(_ALL_FIVE_BIT + 1)))
_LANES = _U64(0x0000_0101_0101_0101)
_EVEN16 = _U64(0x00FF_00FF_00FF_00FF)
_LANE16 = _U64(0xFFFF)
_RUN_LIMIT = 0xFFFF  # households summed at most in one 16-bit lane
_SHIFTS16 = np.array([0, 16, 32, 48], dtype=_U64)

RESULT_NAMES = (
    *(f"households_skill_{k + 1}" for k in range(NATIONAL_SKILLS)),
    "households_all_five",
    "households_assigned",
    "households",
)


def _level_columns(levels: ResidentLevels) -> list[npt.NDArray[np.integer[Any]]]:
    """The five resident skill-level columns, as 1-D views (no copy)."""
    if isinstance(levels, np.ndarray):
        if levels.ndim != 2 or levels.shape[1] != NATIONAL_SKILLS:
            raise ValueError(
                f"resident levels have shape {levels.shape}; expected (residents, "
                f"{NATIONAL_SKILLS}): one column per national skill"
            )
        columns = [levels[:, k] for k in range(NATIONAL_SKILLS)]
    else:
        columns = [np.asarray(column) for column in levels]
        if len(columns) != NATIONAL_SKILLS:
            raise ValueError(
                f"got {len(columns)} resident level columns; expected {NATIONAL_SKILLS}, one "
                "per national skill"
            )
    for k, column in enumerate(columns):
        if column.ndim != 1 or column.shape[0] != columns[0].shape[0]:
            raise ValueError(
                f"resident level column {k + 1} has shape {column.shape}; expected "
                f"({columns[0].shape[0]},) like column 1"
            )
        if not np.issubdtype(column.dtype, np.integer):
            raise TypeError(
                f"resident level column {k + 1} holds {column.dtype}; expected integer levels "
                "(int8, 0-4)"
            )
    return columns


def _offsets_array(household_offsets: npt.ArrayLike) -> npt.NDArray[np.integer[Any]]:
    offsets = np.asarray(household_offsets)
    if offsets.ndim != 1 or not np.issubdtype(offsets.dtype, np.integer):
        raise TypeError(
            f"household offsets are {offsets.dtype} with shape {offsets.shape}; expected a "
            "1-D integer array (the row of each household's first resident)"
        )
    return offsets


class _Chunker:
    """The chunk kernels and their buffers, sized for the largest chunk."""

    def __init__(
        self,
        columns: list[npt.NDArray[np.integer[Any]]],
        offsets: npt.NDArray[np.integer[Any]],
        alone_level: int,
    ) -> None:
        max_residents = _max_residents(offsets, columns[0].shape[0])
        max_households = CHUNK_HOUSEHOLDS
        self.columns = columns
        self.offsets = offsets
        self.n_residents = columns[0].shape[0]
        self.alone = int(alone_level)
        self.bits = np.empty(max_residents, dtype=np.uint8)
        self.flag = np.empty(max_residents, dtype=np.uint8)
        self.words = np.empty(max_residents, dtype=_U64)
        self.running = np.zeros(max_residents + 1, dtype=_U64)
        self.bounds = np.empty(max_households + 1, dtype=np.intp)
        self.sizes = np.empty(max_households, dtype=np.intp)
        self.taken = np.empty(max_households + 1, dtype=_U64)
        self.house = np.empty(max_households, dtype=_U64)
        self.spare = np.empty(max_households, dtype=_U64)

    def resident_bits(self, r0: int, r1: int) -> npt.NDArray[np.uint8]:
        """One byte per resident of rows ``r0:r1``: bits 0-4 skills reached, bit 5 all five."""
        n = r1 - r0
        bits, flag = self.bits[:n], self.flag[:n]
        # Horner's scheme with additions (shifts of uint8 arrays are not vectorised).
        np.greater_equal(self.columns[-1][r0:r1], self.alone, out=bits.view(np.bool_))
        for column in reversed(self.columns[:-1]):
            np.add(bits, bits, out=bits)
            np.greater_equal(column[r0:r1], self.alone, out=flag.view(np.bool_))
            np.add(bits, flag, out=bits)
        np.equal(bits, _FIVE_BITS, out=flag.view(np.bool_))
        np.multiply(flag, 1 << _ALL_FIVE_BIT, out=flag)
        np.add(bits, flag, out=bits)
        return bits

    def household_words(self, h0: int, h1: int) -> npt.NDArray[np.uint64]:
        """One word per household ``h0:h1``: byte k is 1 when some resident set bit k."""
        nh = h1 - h0
        offsets = self.offsets
        r0 = int(offsets[h0]) if nh else 0
        r1 = int(offsets[h1]) if h1 < offsets.shape[0] else self.n_residents
        n = r1 - r0
        bounds = self.bounds[: nh + 1]
        np.subtract(offsets[h0:h1], r0, out=bounds[:nh])
        bounds[nh] = n
        sizes = np.subtract(bounds[1:], bounds[:-1], out=self.sizes[:nh])
        house = self.house[:nh]
        if nh == 0:
            return house
        # One test for both: a negative size is a huge unsigned one.
        large = int(sizes.view(np.uintp).max()) > _MAX_LANE_COUNT
        if r0 < 0 or r1 > self.n_residents or (large and int(sizes.min()) < 0):
            wrong = h0 + int(np.argmin(sizes)) if r0 >= 0 else h0
            raise ValueError(
                f"household offsets decrease or leave the {self.n_residents} resident rows "
                f"near household {wrong}; expected increasing row numbers (residents sorted "
                "by household)"
            )
        bits = self.resident_bits(r0, r1)
        if large:
            return self._household_words_large(bits, bounds, sizes, house)
        words = self.words[:n]
        np.copyto(words, bits, casting="unsafe")
        np.multiply(words, _SPREAD, out=words)
        np.bitwise_and(words, _LANES, out=words)
        running = self.running[: n + 1]
        np.cumsum(words, out=running[1:])
        taken = np.take(running, bounds, out=self.taken[: nh + 1])
        np.subtract(taken[1:], taken[:-1], out=house)  # lane counts per household (<= 255)
        lanes = house.view(np.uint8)
        np.not_equal(lanes, 0, out=lanes.view(np.bool_))
        return house

    def _household_words_large(
        self,
        bits: npt.NDArray[np.uint8],
        bounds: npt.NDArray[np.intp],
        sizes: npt.NDArray[np.intp],
        house: npt.NDArray[np.uint64],
    ) -> npt.NDArray[np.uint64]:
        """Same as the lane sums, for a chunk holding a household of 256 residents or more."""
        house[:] = 0
        full = np.flatnonzero(sizes > 0)
        if full.size:
            ored = np.bitwise_or.reduceat(bits, bounds[full])
            house[full] = np.multiply(ored, _SPREAD) & _LANES
        return house


def _chunk_ranges(n_households: int) -> list[tuple[int, int]]:
    return [
        (h0, min(h0 + CHUNK_HOUSEHOLDS, n_households))
        for h0 in range(0, n_households, CHUNK_HOUSEHOLDS)
    ]


def _max_residents(offsets: npt.NDArray[np.integer[Any]], n_residents: int) -> int:
    """Most residents in any chunk (the size of the resident buffers)."""
    if offsets.shape[0] == 0:
        return 0
    starts = offsets[::CHUNK_HOUSEHOLDS].astype(np.int64)
    ends = np.append(starts[1:], n_residents)
    return max(int((ends - starts).max()), 0)


def household_skills_from_residents(
    levels: ResidentLevels,
    household_offsets: npt.ArrayLike,
    alone_level: int = 3,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Per household: which of the five skills someone reached alone, and whether one person
    reached all five.

    ``levels`` is the residents' skill levels, sorted by household: an ``(R, 5)`` integer
    array or five 1-D columns of length ``R`` (int8, 0-4). ``household_offsets`` holds, for
    each of the ``H`` households, the row of its first resident: household ``i`` owns rows
    ``offsets[i]:offsets[i + 1]`` (the last one up to ``R``). A skill counts when a level is
    at least ``alone_level`` (the "does it alone" milestone). Returns ``skill_ok`` ``(H, 5)``
    and ``all_five`` ``(H,)``; a household without residents has neither.

    Raises ``ValueError`` for offsets that decrease or leave the resident rows.
    """
    columns = _level_columns(levels)
    offsets = _offsets_array(household_offsets)
    n_households = offsets.shape[0]
    skill_ok = np.zeros((n_households, NATIONAL_SKILLS), dtype=np.bool_)
    all_five = np.zeros(n_households, dtype=np.bool_)
    chunker = _Chunker(columns, offsets, alone_level)
    for h0, h1 in _chunk_ranges(n_households):
        lanes = chunker.household_words(h0, h1).view(np.uint8).reshape(h1 - h0, 8)
        skill_ok[h0:h1] = lanes[:, :NATIONAL_SKILLS]
        all_five[h0:h1] = lanes[:, _ALL_FIVE_BIT]
    return skill_ok, all_five


class _UnitSums:
    """Per-unit counts of the households of each chunk (one row per unit, one column per
    name of ``RESULT_NAMES``)."""

    def __init__(
        self,
        household_unit: npt.NDArray[np.integer[Any]],
        household_member: npt.NDArray[np.integer[Any]],
        n_units: int,
    ) -> None:
        self.unit, self.member, self.n_units = household_unit, household_member, n_units
        self.own = np.zeros((n_units, len(RESULT_NAMES)), dtype=np.int64)

    def add(self, chunker: _Chunker, h0: int, h1: int) -> None:
        """Add households ``h0:h1`` to their units."""
        nh = h1 - h0
        house = chunker.household_words(h0, h1)
        assigned_lane = house.view(np.uint8)[_ASSIGNED_LANE::8].view(np.bool_)
        np.greater_equal(self.member[h0:h1], 0, out=assigned_lane)
        spare = chunker.spare[:nh]

        starts, present = self._runs(h0, h1)
        # Lanes are summed 16 bits wide: runs longer than _RUN_LIMIT households are cut.
        cuts = np.arange(_RUN_LIMIT, nh, _RUN_LIMIT)
        if cuts.size:
            starts = np.union1d(starts, cuts)
            present = self.unit[h0:h1][starts]
        even = np.bitwise_and(house, _EVEN16, out=spare)
        sums_even = np.add.reduceat(even, starts)
        np.right_shift(house, 8, out=house)
        np.bitwise_and(house, _EVEN16, out=house)
        sums_odd = np.add.reduceat(house, starts)
        block = np.empty((starts.size, len(RESULT_NAMES)), dtype=np.int64)
        block[:, 0::2] = (sums_even[:, None] >> _SHIFTS16) & _LANE16
        block[:, 1::2] = (sums_odd[:, None] >> _SHIFTS16) & _LANE16
        block[:, -1] = np.diff(starts, append=nh)
        keep = present >= 0
        if not keep.all():
            present, block = present[keep], block[keep]
        if cuts.size:  # a unit may come twice
            np.add.at(self.own, present, block)
        else:
            self.own[present] += block

    def _runs(self, h0: int, h1: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.integer[Any]]]:
        """Start (in the chunk) and unit of each run of equal units among households h0:h1."""
        unit = self.unit[h0:h1]
        first, last = int(unit[0]), int(unit[-1])
        before = int(self.unit[h0 - 1]) if h0 else first
        if before > first or not bool(np.all(unit[1:] >= unit[:-1])):
            raise ValueError(
                f"household units are not sorted between households {max(h0 - 1, 0)} and "
                f"{h1}; expected the households grouped by unit in increasing unit order"
            )
        if last >= self.n_units:
            raise ValueError(
                f"household unit index {last} is not a unit; expected indices below {self.n_units}"
            )
        if last - first < unit.size:  # few distinct units: binary search for each one
            present = np.arange(first, last + 1)
            starts = np.searchsorted(unit, present)
            lengths = np.diff(starts, append=unit.size)
            has = lengths > 0
            return starts[has], present[has]
        starts = np.flatnonzero(unit[1:] != unit[:-1])
        starts += 1
        starts = np.concatenate(([0], starts))
        return starts, unit[starts]


def national_rollup(
    parents: npt.NDArray[np.int32],
    levels: npt.NDArray[np.int8],
    household_unit: npt.NDArray[np.integer[Any]],
    household_member: npt.NDArray[np.integer[Any]],
    resident_levels: ResidentLevels,
    household_offsets: npt.ArrayLike,
    alone_level: int = 3,
) -> dict[str, npt.NDArray[np.float64]]:
    """The core household indicators for every unit, from residents' skill levels, in one pass.

    ``parents`` and ``levels`` describe the units (``UnitSet.parent_indices`` and ``levels``,
    villages included). ``household_unit`` is each household's unit index, sorted (a negative
    index is no unit: counted nowhere); ``household_member`` is the member in charge of it
    (negative: nobody); ``resident_levels`` and ``household_offsets`` are as in
    ``household_skills_from_residents``.

    Returns per-unit totals (float64, the unit plus everything below it, as ``rollup_totals``
    gives): ``households``, ``households_assigned``, ``households_skill_1`` to ``_5``,
    ``households_all_five``, and the ratios ``households_assigned_rate`` and
    ``households_all_five_rate`` recomputed from the summed parts (NaN where a unit has no
    household). Equals ``rollup_totals`` fed with ``household_skills_from_residents``, without
    its per-household temporaries.
    """
    columns = _level_columns(resident_levels)
    offsets = _offsets_array(household_offsets)
    household_unit = np.asarray(household_unit)
    household_member = np.asarray(household_member)
    n_households = offsets.shape[0]
    if household_unit.shape != (n_households,) or household_member.shape != (n_households,):
        raise ValueError(
            f"got {n_households} household offsets, {household_unit.shape[0]} household units "
            f"and {household_member.shape[0]} household members; expected one of each per "
            "household"
        )
    n_units = parents.shape[0]
    chunker = _Chunker(columns, offsets, alone_level)
    sums = _UnitSums(household_unit, household_member, n_units)
    for h0, h1 in _chunk_ranges(n_households):
        sums.add(chunker, h0, h1)
    own = sums.own
    totals = {name: sum_up(own[:, i], parents, levels) for i, name in enumerate(RESULT_NAMES)}
    households = totals["households"]
    with np.errstate(invalid="ignore", divide="ignore"):
        for part in ("households_assigned", "households_all_five"):
            totals[f"{part}_rate"] = np.where(households > 0, totals[part] / households, np.nan)
    return totals
