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

Speed: the rules of an event are read from small look-up tables indexed by a code packed
from the person's skills and traits (the tables are computed once per parameter set, with
the same floating-point operations as the rules); the household of a person comes from a
population count on ``Population.household_bits``; household flags are updated only where
persons changed; the big arrays are handled in chunks of ``CHUNK`` events (their temporaries
stay in the cache), on several threads (``set_threads``). The random numbers are drawn in the
same order and sizes whatever the chunks and threads, so a seed gives the same bytes.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import sys
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Protocol, TypeGuard, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from cnscd_core.i18n import gettext as _
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
    "set_threads",
    "step",
    "threads",
    "week_rates",
]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
U16 = npt.NDArray[np.uint16]
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
    """Where the step takes its random numbers from (a generator, or a recording replayed).

    Zero numbers (``random(0)``, ``poisson`` of no mean) draw nothing: the step may ask for
    them or not, so recordings leave them out."""

    def random(self, n: int) -> F64:
        """``n`` uniform numbers in [0, 1)."""

    def poisson(self, lam: F64) -> I64:
        """One Poisson draw per mean in ``lam``."""

    def binomial(self, n: int, p: float) -> int:
        """One binomial draw."""

    def skip(self, n: int) -> None:
        """Pass over ``n`` uniform numbers that would not change anything (a zero rate)."""


class GeneratorSource:
    """Random numbers from a numpy ``Generator``."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def random(self, n: int) -> F64:
        """``n`` uniform numbers in [0, 1). Big arrays are filled in parts on the step's
        threads, each part from a copy of the generator advanced to it: the same numbers."""
        parts = min(_THREADS[0], n // _FILL)
        bits = self.rng.bit_generator
        if parts < 2 or not _advances(bits):
            return self.rng.random(n)
        kind, state = type(bits), bits.state
        out = np.empty(n)
        bounds = [n * i // parts for i in range(parts + 1)]

        def fill(i: int) -> None:
            copy = kind()
            copy.state = state
            copy.advance(bounds[i])
            np.random.Generator(copy).random(out=out[bounds[i] : bounds[i + 1]])

        _run([partial(fill, i) for i in range(parts)])
        bits.advance(n)
        return out

    def poisson(self, lam: F64) -> I64:
        """One Poisson draw per mean in ``lam``."""
        return np.asarray(self.rng.poisson(lam), dtype=np.int64)

    def binomial(self, n: int, p: float) -> int:
        """One binomial draw."""
        return int(self.rng.binomial(n, p)) if n > 0 and p > 0 else 0

    def skip(self, n: int) -> None:
        """Pass over ``n`` uniform numbers: the bit generator is advanced (PCG64: one 64-bit
        output a number), so the draws after are those after ``random(n)``."""
        if n <= 0:
            return
        bits = self.rng.bit_generator
        if n > 1024 and _advances(bits):  # (a few are quicker drawn than skipped)
            bits.advance(n)
        else:
            self.rng.random(n)


#: Uniform numbers a thread fills at least (below twice that, one thread fills them all).
_FILL = 1 << 20


def _advances(bits: np.random.BitGenerator) -> TypeGuard[np.random.PCG64 | np.random.PCG64DXSM]:
    """Whether ``bits`` can jump ahead exactly: PCG64 draws one 64-bit output per uniform
    number (and no half-used 32-bit output is pending)."""
    return isinstance(bits, np.random.PCG64 | np.random.PCG64DXSM) and not bits.state.get(
        "has_uint32", 0
    )


class RecordingSource(GeneratorSource):
    """A ``GeneratorSource`` that keeps every draw, to replay them later."""

    def __init__(self, rng: np.random.Generator) -> None:
        super().__init__(rng)
        self.records: list[tuple[str, Any]] = []

    def random(self, n: int) -> F64:
        """``n`` uniform numbers in [0, 1), recorded (unless there are none)."""
        out = super().random(n)
        if n:
            self.records.append(("random", out.copy()))
        return out

    def poisson(self, lam: F64) -> I64:
        """One Poisson draw per mean in ``lam``, recorded (unless there are none)."""
        out = super().poisson(lam)
        if len(out):
            self.records.append(("poisson", out.copy()))
        return out

    def binomial(self, n: int, p: float) -> int:
        """One binomial draw, recorded."""
        out = super().binomial(n, p)
        self.records.append(("binomial", out))
        return out

    def skip(self, n: int) -> None:
        """Pass over ``n`` uniform numbers, recorded as drawn (a reference may use them)."""
        self.random(n)


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
        """The next recorded uniform array (of length ``n``; none for ``n`` = 0)."""
        if n == 0:
            return np.zeros(0)
        return self._next("random", n)  # type: ignore[no-any-return]

    def poisson(self, lam: F64) -> I64:
        """The next recorded Poisson array (of the length of ``lam``; none if empty)."""
        if len(lam) == 0:
            return np.zeros(0, dtype=np.int64)
        return self._next("poisson", len(lam))  # type: ignore[no-any-return]

    def binomial(self, n: int, p: float) -> int:
        """The next recorded binomial draw."""
        return int(self._next("binomial", None))

    def skip(self, n: int) -> None:
        """Pass over the next recorded uniform array (of length ``n``)."""
        self.random(n)


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
    """Per village, households with each flag bit set: array (villages, len(bits)); a few
    thousand villages at a time (their flags stay in the cache)."""
    vs, flags = pop.village_start, pop.household_flags
    out = np.empty((pop.n_villages, len(bits)), dtype=np.int64)

    def count(lo: int, hi: int) -> None:
        if hi == lo:
            return
        sub = flags[vs[lo] : vs[hi]]
        starts = vs[lo:hi] - vs[lo]
        for i, bit in enumerate(bits):
            column = np.bitwise_and(sub, np.uint8(1 << bit))
            out[lo:hi, i] = np.add.reduceat(column, starts, dtype=np.int32) >> bit

    _map(count, pop.n_villages, 4096)
    return out


def _village_level2(pop: Population, person_start: npt.NDArray[np.intp]) -> F64:
    """Per village, persons at VNeID level 2 (a few thousand villages at a time)."""
    out = np.zeros(pop.n_villages)
    level2 = np.uint8(2 << VNEID_SHIFT)

    def count(lo: int, hi: int) -> None:
        if hi == lo:
            return
        sub = pop.traits[person_start[lo] : person_start[hi]] & np.uint8(VNEID_MASK)
        at = (sub == level2).view(np.uint8)
        out[lo:hi] = np.add.reduceat(at, person_start[lo:hi] - person_start[lo], dtype=np.int32)

    _map(count, pop.n_villages, 1024)
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
    out["persons_vneid_level2"] = _village_level2(pop, person_start)
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


# -- threads ------------------------------------------------------------------------------------

#: Elements of the big per-event arrays handled at a time (temporaries stay in the cache).
CHUNK = 1 << 17

T = TypeVar("T")


def _default_threads() -> int:
    found = os.environ.get("CNSCD_THREADS", "").strip()
    if found.isdigit() and int(found) > 0:
        return int(found)
    if found:  # read at import: say so on stderr, do not fail the import of the library
        sys.stderr.write(
            _("CNSCD_THREADS: found {found!r}; expected a whole number of threads, 1 or more "
              "(the cores available are used)\n").format(found=found)
        )  # fmt: skip
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


_THREADS = [_default_threads()]
_POOL: list[tuple[int, cf.ThreadPoolExecutor]] = []
_POOL_LOCK = threading.Lock()


def set_threads(threads: int | None = None) -> int:
    """Threads the step uses on big populations (default: the ``CNSCD_THREADS`` environment
    variable, else the cores available, at most 8); returns the number set. Results do not
    depend on it: the work is cut into fixed chunks and the random numbers are the same."""
    with _POOL_LOCK:
        _THREADS[0] = _default_threads() if threads is None else max(1, int(threads))
        while _POOL:
            _POOL.pop()[1].shutdown(wait=False)
        return _THREADS[0]


def threads() -> int:
    """The number of threads the step uses on big populations."""
    return _THREADS[0]


def _pool() -> cf.ThreadPoolExecutor | None:
    """The shared pool of the helper threads (the caller is one of the threads; None with
    one thread); a new one after a fork."""
    if _THREADS[0] <= 1:
        return None
    with _POOL_LOCK:
        if not _POOL or _POOL[0][0] != os.getpid():
            _POOL.clear()  # a pool inherited through fork has no threads
            pool = cf.ThreadPoolExecutor(_THREADS[0] - 1, "cnscd-step")
            _POOL.append((os.getpid(), pool))
        return _POOL[0][1]


def _run(tasks: Sequence[Callable[[], T]], parallel: bool = True) -> list[T]:
    """Run ``tasks`` and return their results in order: with ``parallel``, the calling
    thread and the pool's threads each take the next task until none is left (callers put
    long tasks first). Numpy releases the GIL in its loops, so the threads share the cores."""
    pool = _pool() if parallel and len(tasks) > 1 else None
    if pool is None:
        return [task() for task in tasks]
    results: list[Any] = [None] * len(tasks)
    order = iter(range(len(tasks)))
    lock = threading.Lock()
    failed: list[BaseException] = []

    def work() -> None:
        while not failed:
            with lock:
                i = next(order, None)
            if i is None:
                return
            try:
                results[i] = tasks[i]()
            except BaseException as error:  # raised again by the caller
                failed.append(error)

    helpers = [pool.submit(work) for _ in range(min(_THREADS[0] - 1, len(tasks) - 1))]
    work()
    for helper in helpers:
        if not helper.cancel():  # not started (the pool is busy): nothing left to do anyway
            helper.result()
    if failed:
        raise failed[0]
    return results


def _chunked(
    function: Callable[[int, int], T], n: int, chunk: int | None = None
) -> list[Callable[[], T]]:
    """Tasks ``function(lo, hi)`` over ``[0, n)`` in chunks of ``chunk`` (at least one, with
    an empty range when ``n`` is 0)."""
    chunk = CHUNK if chunk is None else max(1, chunk)
    if n <= chunk:
        return [lambda: function(0, n)]
    return [partial(function, lo, min(n, lo + chunk)) for lo in range(0, n, chunk)]


def _map(function: Callable[[int, int], T], n: int, chunk: int | None = None) -> list[T]:
    """``function(lo, hi)`` over ``[0, n)`` in chunks of ``chunk`` (default ``CHUNK``),
    results in order."""
    if n <= (CHUNK if chunk is None else chunk):
        return [function(0, n)]
    return _run(_chunked(function, n, chunk))


def _resident_of(
    src: RandomSource, unit_start: npt.NDArray[Any], unit: npt.NDArray[Any], hs: npt.NDArray[Any]
) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """A household drawn uniformly among those of each ``unit`` (village or commune, whose
    households start at ``unit_start``), then a resident of it (``hs``: household starts);
    two uniform arrays drawn, in that order."""
    u = src.random(len(unit))
    u2 = src.random(len(unit))
    h = unit_start[unit] + _uniform_index(u, unit_start[unit + 1] - unit_start[unit])
    p = hs[h].astype(np.int64) + _uniform_index(u2, hs[h + 1] - hs[h])
    return h, p


def _cat(parts: list[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


# -- the step -----------------------------------------------------------------------------------


def unique_sorted(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Sorted unique values (by sorting: numpy's hash-based ``unique`` is slow on big arrays)."""
    if values.size == 0:
        return values
    return _dedupe(np.sort(values))


def _dedupe(ordered: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The unique values of a sorted array."""
    if ordered.size == 0:
        return ordered
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


def _firsts(sorted_values: npt.NDArray[Any]) -> I64:
    """Where each run of equal values of a sorted array starts."""
    change = np.empty(sorted_values.shape[0], dtype=bool)
    change[:1] = True
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=change[1:])
    return np.flatnonzero(change)


def _key_type(n_persons: int) -> type[np.integer[Any]]:
    """Keys ``person * 5 + skill`` as uint32 when they fit (faster sorts), else int64."""
    return np.uint32 if n_persons * SKILL_COUNT < 1 << 32 else np.int64


def _candidates(src: RandomSource, n_persons: int, rate: float) -> tuple[npt.NDArray[Any], F64]:
    """Thinning: candidate keys ``person * 5 + skill`` drawn at ``rate`` (to be sorted), and
    their acceptance numbers (the ``i``-th for the ``i``-th smallest key)."""
    n_total = n_persons * SKILL_COUNT
    n = src.binomial(n_total, rate)
    if n == 0:
        return _NO_KEYS, src.random(0)
    key = _keys(src.random(n), n_total, _key_type(n_persons))
    return key, src.random(n)


def _keys(u: F64, n_total: int, dtype: type[np.integer[Any]]) -> npt.NDArray[Any]:
    """``floor(u * n_total)``, below ``n_total``."""
    key = np.empty(u.shape[0], dtype=dtype)

    def convert(lo: int, hi: int) -> None:
        key[lo:hi] = u[lo:hi] * n_total
        np.minimum(key[lo:hi], n_total - 1, out=key[lo:hi])

    _map(convert, u.shape[0])
    return key


def _split_keys(keys: npt.NDArray[Any]) -> tuple[I64, npt.NDArray[np.uint8]]:
    """Persons (int64, for indexing) and skills of keys ``person * 5 + skill`` (a division
    by a constant is quick, a remainder is not)."""
    who = keys // SKILL_COUNT
    which = (keys - who * SKILL_COUNT).astype(np.uint8)
    return who.astype(np.int64, copy=False), which


def _levels(skills: npt.NDArray[np.uint16], who: I64, which: npt.NDArray[np.uint8]) -> U16:
    """The level of each (person, skill)."""
    out = skills[who]
    out >>= np.multiply(which, 3, dtype=np.uint16)
    out &= np.uint16(7)
    return out


def _apply(skills: npt.NDArray[np.uint16], keys: npt.NDArray[Any], sign: int) -> None:
    """Move each (person, skill) key one rung (keys unique and sorted), chunk by chunk: a
    chunk starts at a person's first key, so no person is in two chunks."""
    n = keys.shape[0]
    if n == 0:
        return
    if n <= CHUNK:
        _apply_part(skills, keys, sign)
        return
    starts = np.arange(0, n, CHUNK)
    starts = np.searchsorted(keys, (keys[starts] // SKILL_COUNT) * SKILL_COUNT)
    bounds = np.unique(np.concatenate((starts, [n])))

    def apply(i: int, _end: int) -> None:
        _apply_part(skills, keys[bounds[i] : bounds[i + 1]], sign)

    _map(apply, len(bounds) - 1, chunk=1)


def _apply_part(skills: npt.NDArray[np.uint16], keys: npt.NDArray[Any], sign: int) -> None:
    persons, which = _split_keys(keys)
    delta = _SKILL_UNIT[which]
    first = _firsts(persons)
    total = np.add.reduceat(delta, first, dtype=np.uint16)
    if sign > 0:
        skills[persons[first]] += total
    else:
        skills[persons[first]] -= total


#: Where skill k sits in the packed uint16, and the increment of one of its rungs.
_SKILL_SHIFT = (3 * np.arange(SKILL_COUNT)).astype(np.uint16)
_SKILL_UNIT = (np.uint16(1) << _SKILL_SHIFT).astype(np.uint16)


# Contact codes for the learning table (uint16): bits 0-2 the level of the skill taught, 3-5 the
# skill, 6-11 the person's traits (age band, smartphone, VNeID), 12 a smartphone in the
# household, 13 a Youth Union member, 14-15 the channel.
_SHARED_CODE, _YOUTH_CODE, _CHANNEL_SHIFT = 1 << 12, 1 << 13, 14
#: The code bit of a smartphone in the household, by number of smartphones (uint8).
_SHARED_CODES = np.where(np.arange(256) > 0, _SHARED_CODE, 0).astype(np.uint16)
#: The code bit of a Youth Union member, by flag.
_YOUTH_CODES = np.array([0, _YOUTH_CODE], dtype=np.uint16)
# Word-of-mouth codes (uint16): bits 0-2 the level, 3-10 the person's traits, 11 someone in
# the household does the skill alone, 12 a smartphone in the household.


@attrs.frozen(eq=False)
class _Tables:
    """Look-up tables of one week's rules, indexed by small integer codes."""

    presence: F64  # by traits byte: chance to be at home
    weakest: tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]  # by skills: skill << 3 | level
    learn: F64  # by contact code: min(1, chance to learn), 0 where nothing can be taught
    word_of_mouth: F64  # by word-of-mouth code: min(1, age x access), 0 where not eligible
    word_of_mouth_possible: Bool  # by code without the household bits: any chance at all
    zalo_group: F64  # by traits & 0xF: min(1, age), 0 for children and persons without phone
    forget: F64  # by level: forgetting rate (0 at level 0)
    chip: Bool  # by traits byte: an adult without a chip ID card
    vneid: Bool  # by traits byte | shared << 8: VNeID can go up (phone at hand, chip for 2)


_TABLES: dict[tuple[ModelParams, float, int], _Tables] = {}
_LAST_TABLES: list[tuple[ModelParams, float, int, _Tables] | None] = [None]
_WEAKEST: dict[int, tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]] = {}


def _weakest(focus: int) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """For every packed uint16, the skill a contact teaches (``skill << 3 | its level``):
    the lowest level, then the lowest rank (the focus skill first); and the same at the desk
    (online public services first while below the top rung)."""
    found = _WEAKEST.get(focus)
    if found is None:
        levels = unpack_levels(np.arange(1 << 16, dtype=np.uint32).astype(np.uint16))
        levels = levels.astype(np.int64)
        rank = np.arange(SKILL_COUNT, dtype=np.int64)
        if focus >= 0:
            rank = np.where(rank == focus, -1, rank)
        score = levels * 8 + rank
        out = []
        for desk in (False, True):
            if desk:
                score[:, 0] = np.where(levels[:, 0] < TOP_LEVEL, -100, score[:, 0])
            skill = np.argmin(score, axis=1)
            level = levels[np.arange(levels.shape[0]), skill]
            out.append((skill << 3 | level).astype(np.uint8))
        found = (out[0], out[1])
        _WEAKEST[focus] = found
    return found


def _tables(params: ModelParams, rates: WeekRates) -> _Tables:
    """The week's tables (cached: a handful of parameter sets are used in a run; the last
    one by identity, as hashing the parameters takes longer than a small step)."""
    last = _LAST_TABLES[0]
    if last is not None and last[0] is params and last[1:3] == (rates.learn, rates.focus):
        return last[3]
    key = (params, rates.learn, rates.focus)
    found = _TABLES.get(key)
    if found is not None:
        _LAST_TABLES[0] = (params, rates.learn, rates.focus, found)
        return found
    age = np.asarray(params.age_learning)
    t = np.arange(256, dtype=np.int64)  # traits byte
    band = t & AGE_MASK
    valid_band = band < len(age)
    band_i = np.where(valid_band, band, 0)
    presence = np.where(valid_band, np.asarray(params.presence)[band_i], 0.0)

    # Learning from a contact (see the step: the same products, in the same order).
    c = np.arange(1 << 16, dtype=np.int64)
    level, skill = c & 7, (c >> 3) & 7
    traits = (c >> 6) & 0x3F
    b = traits & AGE_MASK
    own = (traits & PHONE_BIT) != 0
    vneid = (traits & VNEID_MASK) >> VNEID_SHIFT
    shared = (c & _SHARED_CODE) != 0
    youth = (c & _YOUTH_CODE) != 0
    channel = c >> _CHANNEL_SHIFT
    valid = (skill < SKILL_COUNT) & (b < len(age))
    b = np.where(valid, b, 0)
    target = level + 1
    access = np.where(own, 1.0, np.where(shared, params.shared_phone_factor, 0.0))
    factor = np.where(target >= 2, access, 1.0)
    top = np.asarray(params.channel_top_level, dtype=np.int64)[channel]
    ok = valid & (b >= 1) & (target <= top) & (factor > 0)
    ok &= ~((skill == 0) & (target >= 2) & (vneid == 0))
    teach = np.where(youth, params.youth_teach_factor, 1.0)
    chance = (
        np.asarray(params.learn_to_level)[np.minimum(target, TOP_LEVEL)]
        * age[b]
        * factor
        * np.asarray(params.channel_factor)[channel]
        * teach
        * rates.learn
    )
    learn = np.where(ok, np.minimum(chance, 1.0), 0.0)

    # Word of mouth in the household: code = traits << 3 | level | has << 11 | shared << 12.
    c = np.arange(1 << 13, dtype=np.int64)
    lv, trait, has, shared = c & 7, (c >> 3) & 0xFF, (c >> 11) & 1, (c >> 12) & 1
    b, own = trait & AGE_MASK, (trait & PHONE_BIT) != 0
    valid = b < len(age)
    b = np.where(valid, b, 0)
    acc = np.where(own, 1.0, np.where(shared > 0, params.shared_phone_factor, 0.0))
    acc = np.where(lv + 1 >= 2, acc, 1.0)
    eligible = valid & (b >= 1) & (lv < ALONE_LEVEL) & (has > 0) & (acc > 0)
    word_of_mouth = np.where(eligible, np.minimum(age[b] * acc, 1.0), 0.0)
    possible = np.asarray((word_of_mouth.reshape(4, 1 << 11) > 0).any(axis=0), dtype=bool)

    b16 = np.arange(16) & AGE_MASK
    zalo_ok = (b16 >= 1) & (b16 < len(age)) & ((np.arange(16) & PHONE_BIT) != 0)
    zalo_group = np.where(zalo_ok, np.minimum(age[np.where(zalo_ok, b16, 0)], 1.0), 0.0)

    rate = np.asarray(params.forgetting)
    lv8 = np.arange(8)
    forget = np.where(lv8 >= 1, rate[np.minimum(lv8, TOP_LEVEL)], 0.0)

    adult = band >= 1
    chip = (t & CHIP_BIT) != 0
    vn = (t & VNEID_MASK) >> VNEID_SHIFT
    vneid_ok = adult & ((vn == 0) | ((vn == 1) & chip))
    phone = (t & PHONE_BIT) != 0
    found = _Tables(
        presence=presence,
        weakest=_weakest(rates.focus),
        learn=learn,
        word_of_mouth=word_of_mouth,
        word_of_mouth_possible=possible,
        zalo_group=zalo_group,
        forget=forget,
        chip=adult & ~chip,
        vneid=np.concatenate((vneid_ok & phone, vneid_ok)),
    )
    if len(_TABLES) > 64:
        _TABLES.clear()
    _TABLES[key] = found
    _LAST_TABLES[0] = (params, rates.learn, rates.focus, found)
    return found


def step(pop: Population, params: ModelParams, rates: WeekRates, src: RandomSource) -> WeekFlows:
    """Advance ``pop`` by one week in place; return the week's visits and persons guided.

    ``pop.household_flags`` must agree with the persons' skills, as generated (after
    changing skills by hand, call ``refresh_household_flags``): the step updates only the
    households whose persons changed. The big arrays (visits, contacts, candidate pairs) are
    handled in chunks of ``CHUNK`` events, on a thread pool when there are several (see
    ``set_threads``). The random numbers are drawn in one order whatever the chunks, so the
    result does not depend on the number of threads.
    """
    tables = _tables(params, rates)
    skills, traits, flags = pop.skills, pop.traits, pop.household_flags
    hs = pop.household_start  # first person of every household (uint32)
    phones = pop.household_phones
    n_v = pop.n_villages
    key_type = _key_type(pop.n_persons)

    # 1. Members leave and vacant places are filled.
    n_members = pop.n_members
    if rates.leave > 0 or rates.recruit < 1:
        u = src.random(n_members)
        active = np.where(pop.member_active, u >= rates.leave, u < rates.recruit)
    else:  # nobody leaves, every vacant place is filled
        src.skip(n_members)
        active = np.ones(n_members, dtype=bool)
    pop.member_active = active
    in_village = pop.member_village >= 0
    vm = np.flatnonzero(active & in_village & (pop.member_block_size > 0))
    cm = np.flatnonzero(active & ~in_village) if rates.desk > 0 else _NONE
    youth_visits = np.where(pop.member_youth, params.youth_visit_factor, 1.0)

    def events(members: I64, rate: float, factor: F64 | None) -> I64 | None:
        """Poisson counts per member (None, and no draw at all, at a zero rate)."""
        if rate <= 0 or members.shape[0] == 0:
            return None
        lam = rate * factor[members] if factor is not None else np.full(len(members), rate)
        return src.poisson(lam)

    n_door = events(vm, rates.door, youth_visits)
    n_zalo = events(vm, rates.zalo, youth_visits)
    n_meet = events(vm, rates.meet, None)
    n_desk = events(cm, rates.desk, youth_visits)
    youth_code = _YOUTH_CODES[pop.member_youth.view(np.uint8)]

    def house_code(houses: I64, members: I64, channel: int) -> U16:
        """Per contact: a smartphone in the household, a Youth Union member, the channel."""
        code = _SHARED_CODES[phones[houses]]
        code |= youth_code[members]
        if channel:
            code |= np.uint16(channel << _CHANNEL_SHIFT)
        return code

    # Contacts: persons, their traits and codes, channel by channel (door, Zalo, meeting,
    # desk).
    persons: list[I64] = []
    contact_traits: list[U8] = []
    extras: list[U16] = []

    # 2. Door-to-door: the better of a few households of the member's block.
    door_member = _NONE if n_door is None else np.repeat(vm, n_door)
    n_visits = door_member.shape[0]
    c = max(1, int(params.targeting_candidates))
    u = src.random(n_visits * c)
    door_house = np.empty(n_visits, dtype=np.int64)
    door_first = np.empty(n_visits, dtype=np.int64)
    door_sizes = np.empty(n_visits, dtype=np.int64)

    def choose(lo: int, hi: int) -> None:
        member = door_member[lo:hi]
        size = pop.member_block_size[member][:, None]
        pick = (u[lo * c : hi * c].reshape(hi - lo, c) * size).astype(np.int64)
        np.minimum(pick, size - 1, out=pick)
        pick += pop.member_block_start[member][:, None]
        if c == 1:
            house = pick[:, 0]
        else:
            done = (flags[pick] & np.uint8(ALL_FIVE_BIT)) != 0
            house = pick[np.arange(hi - lo), np.argmax(~done, axis=1)]
        door_house[lo:hi] = house
        first = hs[house]
        door_first[lo:hi] = first
        door_sizes[lo:hi] = hs[house + 1] - first

    _map(choose, n_visits)
    door_end = np.cumsum(door_sizes)
    u = src.random(int(door_end[-1]) if n_visits else 0)
    door_code = house_code(door_house, door_member, DOOR)
    door_village = pop.member_village[door_member]  # blocks lie in the member's village

    def door_contacts(lo: int, hi: int) -> tuple[I64, U8, U16, npt.NDArray[np.int32]]:
        """The persons present at visits ``lo:hi``, their traits and codes, the villages of
        the adults."""
        sizes = door_sizes[lo:hi]
        p0 = int(door_end[lo - 1]) if lo else 0
        p1 = int(door_end[hi - 1]) if hi > lo else p0
        visit = np.repeat(np.arange(lo, hi, dtype=np.int64), sizes)
        person = np.repeat(door_first[lo:hi] - (door_end[lo:hi] - sizes), sizes)
        person += np.arange(p0, p1, dtype=np.int64)
        trait = traits[person]
        present = u[p0:p1] < tables.presence[trait]
        visit = visit[present]
        trait = trait[present]
        adult = (trait & np.uint8(AGE_MASK)) != 0
        return person[present], trait, door_code[visit], door_village[visit[adult]]

    at_door = _map(door_contacts, n_visits, CHUNK // 4)
    persons += [f[0] for f in at_door]
    contact_traits += [f[1] for f in at_door]
    extras += [f[2] for f in at_door]
    guided = [f[3] for f in at_door]
    n_door_contacts = sum(f[0].shape[0] for f in at_door)

    # 3. Zalo posts: a few households of the block; their smartphone owners follow.
    zalo_member = _NONE
    if n_zalo is not None:
        zalo_member = np.repeat(np.repeat(vm, n_zalo), int(params.zalo_households_per_post))
    u = src.random(len(zalo_member))

    def zalo_contacts(lo: int, hi: int) -> tuple[I64, U8, U16]:
        member = zalo_member[lo:hi]
        size = pop.member_block_size[member]
        house = (u[lo:hi] * size).astype(np.int64)
        np.minimum(house, size - 1, out=house)
        house += pop.member_block_start[member]
        first = hs[house].astype(np.int64)
        sizes = (hs[house + 1] - hs[house]).astype(np.int64)
        post = np.repeat(np.arange(hi - lo, dtype=np.int64), sizes)
        person = np.repeat(first - (np.cumsum(sizes) - sizes), sizes)
        person += np.arange(post.shape[0], dtype=np.int64)
        trait = traits[person]
        owns = (trait & np.uint8(PHONE_BIT)) != 0
        return person[owns], trait[owns], house_code(house, member, ZALO)[post[owns]]

    if zalo_member.shape[0]:
        found_zalo = _map(zalo_contacts, zalo_member.shape[0], CHUNK // 4)
        persons += [f[0] for f in found_zalo]
        contact_traits += [f[1] for f in found_zalo]
        extras += [f[2] for f in found_zalo]

    # 4. Village meetings: attendees from any household of the member's village.
    meet_member = _NONE
    if n_meet is not None:
        meet_member = np.repeat(np.repeat(vm, n_meet), int(params.meeting_attendees))
    if meet_member.shape[0]:
        h_meet, p_meet = _resident_of(src, pop.village_start, pop.member_village[meet_member], hs)
        persons.append(p_meet)
        contact_traits.append(traits[p_meet])
        extras.append(house_code(h_meet, meet_member, MEETING))

    # 5. The one-stop desk: a resident of any household of the member's commune.
    desk_member = _NONE if n_desk is None else np.repeat(cm, n_desk)
    n_desk_contacts = desk_member.shape[0]
    h_desk = desk_village = _NONE
    if n_desk_contacts:
        h_desk, p_desk = _resident_of(src, pop.commune_start, pop.member_commune[desk_member], hs)
        persons.append(p_desk)
        contact_traits.append(traits[p_desk])
        extras.append(house_code(h_desk, desk_member, DESK))
        desk_village = _find(pop.village_start, h_desk)
        guided.append(desk_village[(contact_traits[-1] & np.uint8(AGE_MASK)) != 0])

    # 6. Learning from contacts: the weakest skill (the campaign's first), one rung.
    # 7. VNeID and chip ID cards, at door and desk contacts with adults.
    person = _cat(persons)
    person_traits = _cat(contact_traits)
    extra = _cat(extras)
    n = person.shape[0]
    desk_from = n - n_desk_contacts
    u_learn = src.random(n)
    u_chip = u_vneid = None
    if rates.chip > 0:
        u_chip = src.random(n)
    else:
        src.skip(n)
    if rates.vneid > 0:
        u_vneid = src.random(n)
    else:
        src.skip(n)

    def learn(lo: int, hi: int) -> tuple[npt.NDArray[Any], I64, I64, I64]:
        """Keys taught, persons reaching "alone", new chip ID cards, VNeID raised."""
        p = person[lo:hi]
        held = skills[p]
        taught = tables.weakest[0][held]
        if hi > desk_from:
            at = max(lo, desk_from) - lo
            taught[at:] = tables.weakest[1][held[at:]]
        trait = person_traits[lo:hi]
        code = np.left_shift(trait & np.uint8(0x3F), 6, dtype=np.uint16)
        code |= taught
        code |= extra[lo:hi]
        learned = u_learn[lo:hi] < tables.learn[code]
        taught = taught[learned]
        got = p[learned]
        keys = (got * SKILL_COUNT + (taught >> np.uint8(3))).astype(key_type)
        alone = got[(taught & np.uint8(7)) == ALONE_LEVEL - 1]
        chip = vneid = _NONE
        if u_chip is not None or u_vneid is not None:
            counted = np.zeros(hi - lo, dtype=bool)  # door and desk contacts
            counted[: max(0, n_door_contacts - lo)] = True
            counted[max(0, desk_from - lo) :] = True
            if u_chip is not None:
                chip = p[counted & tables.chip[trait] & (u_chip[lo:hi] < rates.chip)]
            if u_vneid is not None:
                shared = (extra[lo:hi] & np.uint16(_SHARED_CODE)) != 0
                at_hand = tables.vneid[trait.astype(np.intp) | (shared.astype(np.intp) << 8)]
                vneid = p[counted & at_hand & (u_vneid[lo:hi] < rates.vneid)]
        return keys, alone, chip, vneid

    # 8. Background processes, drawn by thinning over every (person, skill) pair: household
    # word of mouth, the village Zalo group, practice, forgetting. Their numbers are drawn
    # first, in that order; then their candidates are sorted while contacts teach (#6-7), and
    # then checked, all in parallel.
    n_persons = pop.n_persons
    top_rate = float(max(params.forgetting))
    wom, group, use, lapse = (
        _candidates(src, n_persons, rate)
        for rate in (
            params.household_word_of_mouth,
            params.village_zalo_word_of_mouth,
            params.practice,
            top_rate,
        )
    )
    shares = _village_shares(pop) if group[0].shape[0] else np.zeros((n_v, SKILL_COUNT))
    drawn = sorted((c[0] for c in (wom, group, use, lapse) if c[0].shape[0] > 1), key=len)
    tasks: list[Callable[[], Any]] = [k.sort for k in reversed(drawn)]
    sorts = len(tasks)
    tasks += _chunked(learn, n)
    taught = _run(tasks, parallel=sum(map(len, drawn)) + n > CHUNK)[sorts:]
    gains = [f[0] for f in taught]
    alone_up = [f[1] for f in taught]
    new_chip = _cat([f[2] for f in taught])
    raised = unique_sorted(_cat([f[3] for f in taught]))

    def word_of_mouth(lo: int, hi: int) -> tuple[npt.NDArray[Any], I64]:
        """Keys learnt from the household, and the persons reaching "alone"."""
        k = wom[0][lo:hi]
        who, which = _split_keys(k)
        code = np.left_shift(traits[who], 3, dtype=np.uint16)
        code |= _levels(skills, who, which)
        accept = wom[1][lo:hi]
        if hi - lo > 256:  # look up households only for persons who could learn in one
            at = np.flatnonzero(tables.word_of_mouth_possible[code])
            k, who, which, code, accept = k[at], who[at], which[at], code[at], accept[at]
        home = pop.household_of(who)
        has = flags[home] >> which
        has &= np.uint8(1)
        code |= np.left_shift(has, 11, dtype=np.uint16)
        code |= np.left_shift(phones[home] > 0, 12, dtype=np.uint16)
        keep = accept < tables.word_of_mouth[code]
        return k[keep], who[keep & ((code & np.uint16(7)) == ALONE_LEVEL - 1)]

    person_start = hs[pop.village_start].astype(np.int64)

    def zalo_group(lo: int, hi: int) -> tuple[npt.NDArray[Any], I64]:
        """Keys learnt from the village Zalo group, and the persons reaching "alone"."""
        k = group[0][lo:hi]
        who, which = _split_keys(k)
        lv = _levels(skills, who, which)
        village = np.searchsorted(person_start, who, side="right") - 1  # who is sorted
        chance = shares[village, which] * tables.zalo_group[traits[who] & np.uint8(0x0F)]
        keep = (lv < ALONE_LEVEL) & (group[1][lo:hi] < chance)
        return k[keep], who[keep & (lv == ALONE_LEVEL - 1)]

    def practice(lo: int, hi: int) -> tuple[npt.NDArray[Any], I64]:
        """Keys moving from "alone" to a real transaction (own smartphone)."""
        k = use[0][lo:hi]
        who, which = _split_keys(k)
        own = (traits[who] & np.uint8(PHONE_BIT)) != 0
        return k[own & (_levels(skills, who, which) == ALONE_LEVEL)], _NONE

    def forget(lo: int, hi: int) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """Keys forgotten, and whether each is at "alone"."""
        k = lapse[0][lo:hi]
        who, which = _split_keys(k)
        lv = _levels(skills, who, which)
        keep = lapse[1][lo:hi] * top_rate < tables.forget[lv]
        return k[keep], lv[keep] == ALONE_LEVEL

    checks: list[Callable[[], tuple[npt.NDArray[Any], npt.NDArray[Any]]]] = []
    for check, (k, _a) in ((word_of_mouth, wom), (zalo_group, group), (practice, use)):
        if k.shape[0]:
            checks += _chunked(check, k.shape[0])
    learnt = len(checks)
    checks += _chunked(forget, lapse[0].shape[0])
    checked = _run(checks, parallel=len(checks) > 4)
    gains += [f[0] for f in checked[:learnt]]
    alone_up += [f[1] for f in checked[:learnt]]
    losses = _cat([f[0] for f in checked[learnt:]])  # sorted already
    unique = _firsts(losses)
    losses = losses[unique]
    at_alone = _cat([f[1] for f in checked[learnt:]])[unique]

    # 9. Apply: a rung up where anything taught it, else a rung down where it was forgotten.
    gained = unique_sorted(_cat(gains))
    kept = ~_contains(gained, losses)
    lost = losses[kept]
    # A rung lost from "alone" may clear household bits; other changes only set them.
    dropped = np.floor_divide(losses[kept & at_alone], SKILL_COUNT, dtype=np.int64)
    if gained.shape[0] + lost.shape[0] <= 4096:  # a few: one unbuffered addition
        who, which = _split_keys(np.concatenate((gained, lost)))
        delta = _SKILL_UNIT[which]
        delta[gained.shape[0] :] *= np.uint16(0xFFFF)  # minus one rung, modulo 2**16
        np.add.at(skills, who, delta)
    else:
        _apply(skills, gained, +1)
        _apply(skills, lost, -1)
    if new_chip.shape[0]:
        traits[new_chip] |= np.uint8(CHIP_BIT)
    if raised.shape[0]:
        traits[raised] += np.uint8(1 << VNEID_SHIFT)
    flags[door_house] |= np.uint8(VISITED_BIT)
    if h_desk.shape[0]:
        flags[h_desk] |= np.uint8(VISITED_BIT)
    _update_household_flags(pop, _cat(alone_up), dropped)

    # 10. The week's flows per village.
    visits = np.bincount(np.concatenate((door_village, desk_village)), minlength=n_v)
    persons_guided = np.bincount(_cat(guided), minlength=n_v)
    return WeekFlows(visits.astype(np.float64), persons_guided.astype(np.float64))


_NONE = np.zeros(0, dtype=np.int64)
_NO_KEYS = np.zeros(0, dtype=np.uint32)


def _update_household_flags(pop: Population, up: I64, dropped: I64) -> None:
    """Bring bits 0-5 of the households of changed persons up to date: add the bits of the
    persons who reached "alone" in a skill (``up``), and recompute the households where
    someone dropped below "alone" (``dropped``); a few households are all recomputed."""
    lut = alone_lut()
    flags = pop.household_flags
    if up.shape[0] + dropped.shape[0] <= 4096:
        homes = unique_sorted(pop.household_of(np.concatenate((up, dropped))))
        _recompute_flags(pop, homes)
        return
    if up.shape[0]:
        up = unique_sorted(up)  # sorted: so are their households

        def look_up(lo: int, hi: int) -> tuple[I64, U8]:
            return pop.household_of(up[lo:hi]), lut[pop.skills[up[lo:hi]]]

        found = _map(look_up, up.shape[0])
        home = _cat([f[0] for f in found])
        first = _firsts(home)
        flags[home[first]] |= np.bitwise_or.reduceat(_cat([f[1] for f in found]), first)
    if dropped.shape[0]:
        homes = unique_sorted(pop.household_of(dropped))
        _map(partial(_recompute_range, pop, homes), homes.shape[0], CHUNK // 4)


def _recompute_flags(pop: Population, homes: I64) -> None:
    """Recompute bits 0-5 of the households ``homes`` (unique) from their persons."""
    if homes.shape[0]:
        _recompute_range(pop, homes, 0, homes.shape[0])


def _recompute_range(pop: Population, homes: I64, lo: int, hi: int) -> None:
    h = homes[lo:hi]
    hs, flags = pop.household_start, pop.household_flags
    start = hs[h].astype(np.int64)
    sizes = hs[h + 1].astype(np.int64) - start
    offsets = np.cumsum(sizes) - sizes
    persons = np.repeat(start - offsets, sizes)
    persons += np.arange(persons.shape[0], dtype=np.int64)
    bits = np.bitwise_or.reduceat(alone_lut()[pop.skills[persons]], offsets)
    flags[h] = (flags[h] & np.uint8(0b1100_0000)) | bits


def _contains(sorted_values: npt.NDArray[Any], queries: npt.NDArray[Any]) -> Bool:
    """Whether each of ``queries`` is in ``sorted_values``."""
    out = np.zeros(queries.shape[0], dtype=bool)
    if sorted_values.size == 0 or queries.size == 0:
        return out
    last = sorted_values.size - 1

    def find(lo: int, hi: int) -> None:
        at = np.searchsorted(sorted_values, queries[lo:hi])
        np.minimum(at, last, out=at)
        np.equal(sorted_values[at], queries[lo:hi], out=out[lo:hi])

    _map(find, queries.shape[0])
    return out


def _village_shares(pop: Population) -> F64:
    """Per village, the share of households with someone doing each skill alone (V x 5)."""
    counts = _village_bit_counts(pop, (0, 1, 2, 3, 4)).astype(np.float64)
    sizes = np.diff(pop.village_start).astype(np.float64)
    return counts / np.maximum(sizes, 1.0)[:, None]
