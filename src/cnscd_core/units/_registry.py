"""The unit registry: the 2025 and legacy unit sets, lookups, and integer indices."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from cnscd_core.errors import DateOutOfRangeError, UnknownUnitError
from cnscd_core.i18n import N_
from cnscd_core.i18n import gettext as _
from cnscd_core.units._model import (
    LEGACY_END,
    LEGACY_START,
    REFORM_DATE,
    AdminUnit,
    Level,
    UnitKind,
    strip_kind_word,
)

if TYPE_CHECKING:
    from cnscd_core.units._convert import Conversion, CountConversion
    from cnscd_core.units._match import Candidate, Matcher

__all__ = ["UnitRegistry", "UnitSet", "default_registry"]

_ERA_LABELS = {
    "2025": N_("the 2025 units (from 2025-07-01)"),
    "legacy": N_("the legacy units (until 2025-06-30)"),
}


def era_label(era: str) -> str:
    """Translated description of a unit set's era (``2025`` or ``legacy``)."""
    return _(_ERA_LABELS.get(era, era))


class UnitSet:
    """One consistent set of units, valid over one period (the 2025 units or the legacy ones).

    Units are held in columns, not as objects: each unit has an integer index (its position),
    usable as an array index by roll-ups; ``parent_indices`` and ``levels`` are numpy arrays.
    ``AdminUnit`` values are made on demand.
    """

    def __init__(
        self,
        era: str,
        valid_from: dt.date | None,
        valid_to: dt.date | None,
        units: Iterable[AdminUnit] = (),
    ) -> None:
        self.era = era
        self.valid_from = valid_from
        self.valid_to = valid_to
        self._codes: list[str] = []
        self._names: list[str] = []
        self._shorts: list[str] = []
        self._kinds: list[UnitKind] = []
        self._levels: list[int] = []
        self._parents: list[int] = []
        self._index: dict[str, int] = {}
        self._children: list[list[int]] = []
        self._aliases: dict[int, tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self._version = 0
        self._arrays: tuple[int, npt.NDArray[np.int32], npt.NDArray[np.int8]] | None = None
        self._matcher: Matcher | None = None
        for unit in units:
            self._append(unit)

    # -- building ---------------------------------------------------------------------------

    def _append(self, unit: AdminUnit, aliases: Sequence[str] = ()) -> int:
        return self._append_raw(
            unit.code, unit.name, unit.short_name, unit.kind, unit.level, unit.parent, aliases
        )

    def _append_raw(
        self,
        code: str,
        name: str,
        short_name: str,
        kind: UnitKind,
        level: Level,
        parent_code: str | None,
        aliases: Sequence[str] = (),
    ) -> int:
        if code in self._index:
            existing = self.unit(self._index[code])
            raise ValueError(
                _("unit code {code} is already used by {name}").format(
                    code=code, name=existing.name
                )
            )
        parent = -1 if parent_code is None else self._lookup_index(parent_code)
        idx = len(self._codes)
        self._codes.append(code)
        self._names.append(name)
        self._shorts.append(short_name)
        self._kinds.append(kind)
        self._levels.append(int(level))
        self._parents.append(parent)
        self._children.append([])
        if parent >= 0:
            self._children[parent].append(idx)
        self._index[code] = idx
        if aliases:
            self._aliases[idx] = tuple(aliases)
        self._version += 1
        return idx

    def add(self, unit: AdminUnit, aliases: Sequence[str] = ()) -> int:
        """Add ``unit`` (its parent must already be in the set) and return its index.

        Raises ``ValueError`` when the code is taken and ``UnknownUnitError`` when the parent is
        not in this set.
        """
        with self._lock:
            return self._append(unit, aliases)

    # -- lookups ----------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """A number that changes whenever units are added (for caches)."""
        return self._version

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def __iter__(self) -> Iterator[AdminUnit]:
        return (self.unit(i) for i in range(len(self._codes)))

    def __repr__(self) -> str:
        return f"<UnitSet {self.era}: {len(self)} units>"

    def _lookup_index(self, code: str) -> int:
        try:
            return self._index[code]
        except KeyError:
            raise UnknownUnitError(
                _(
                    "unknown unit code {code!r} among {era}; expected a code such as "
                    "'01' (a province) or '00070' (a commune); try 'cnscd units find NAME'"
                ).format(code=code, era=era_label(self.era))
            ) from None

    def index(self, code: str) -> int:
        """Return the integer index of the unit with ``code`` (raises ``UnknownUnitError``)."""
        return self._lookup_index(code.strip())

    def get(self, code: str) -> AdminUnit:
        """Return the unit with ``code`` (raises ``UnknownUnitError``)."""
        return self.unit(self.index(code))

    def unit(self, idx: int) -> AdminUnit:
        """Return the unit at integer index ``idx``."""
        parent = self._parents[idx]
        return AdminUnit(
            code=self._codes[idx],
            name=self._names[idx],
            short_name=self._shorts[idx],
            kind=self._kinds[idx],
            level=Level(self._levels[idx]),
            parent=self._codes[parent] if parent >= 0 else None,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )

    def code(self, idx: int) -> str:
        """Return the code of the unit at index ``idx``."""
        return self._codes[idx]

    def name(self, idx: int) -> str:
        """Return the full name of the unit at index ``idx``."""
        return self._names[idx]

    def short_name(self, idx: int) -> str:
        """Return the short name (without the type word) of the unit at index ``idx``."""
        return self._shorts[idx]

    def kind(self, idx: int) -> UnitKind:
        """Return the kind of the unit at index ``idx``."""
        return self._kinds[idx]

    def level(self, idx: int) -> Level:
        """Return the level of the unit at index ``idx``."""
        return Level(self._levels[idx])

    def set_aliases(self, idx: int, aliases: Sequence[str]) -> None:
        """Set the known abbreviations of the unit at ``idx`` (used by name matching)."""
        with self._lock:
            self._aliases[idx] = tuple(aliases)
            self._version += 1

    def aliases(self, idx: int) -> tuple[str, ...]:
        """Return the known abbreviations of the unit at ``idx`` (``hn``, ``hcm``...)."""
        return self._aliases.get(idx, ())

    def parent_index(self, idx: int) -> int:
        """Return the index of the parent of unit ``idx`` (``-1`` for a province)."""
        return self._parents[idx]

    def child_indices(self, idx: int) -> Sequence[int]:
        """Return the indices of the direct children of unit ``idx``."""
        return tuple(self._children[idx])

    def ancestor_indices(self, idx: int) -> list[int]:
        """Return the indices of the ancestors of ``idx``, parent first, province last."""
        out: list[int] = []
        parent = self._parents[idx]
        while parent >= 0:
            out.append(parent)
            parent = self._parents[parent]
        return out

    def children(self, code: str) -> list[AdminUnit]:
        """Return the direct children of the unit with ``code``."""
        return [self.unit(i) for i in self._children[self.index(code)]]

    def ancestors(self, code: str) -> list[AdminUnit]:
        """Return the ancestors of the unit with ``code``, parent first, province last."""
        return [self.unit(i) for i in self.ancestor_indices(self.index(code))]

    def path(self, code: str) -> list[AdminUnit]:
        """Return the units from the province down to the unit with ``code`` itself."""
        idx = self.index(code)
        return [self.unit(i) for i in (*reversed(self.ancestor_indices(idx)), idx)]

    def descendant_indices(self, idx: int) -> list[int]:
        """Return the indices of every unit below ``idx`` (depth first)."""
        out: list[int] = []
        stack = list(reversed(self._children[idx]))
        while stack:
            cur = stack.pop()
            out.append(cur)
            stack.extend(reversed(self._children[cur]))
        return out

    def is_within(self, idx: int, ancestor: int) -> bool:
        """Whether unit ``idx`` is ``ancestor`` itself or lies below it."""
        cur = idx
        while cur >= 0:
            if cur == ancestor:
                return True
            cur = self._parents[cur]
        return False

    def indices(self, level: Level | None = None, within: str | None = None) -> list[int]:
        """Return unit indices, optionally of one ``level`` and below the unit ``within``."""
        if within is None:
            pool: Iterable[int] = range(len(self._codes))
        else:
            pool = self.descendant_indices(self.index(within))
        if level is None:
            return list(pool)
        return [i for i in pool if self._levels[i] == level]

    def units(self, level: Level | None = None, within: str | None = None) -> list[AdminUnit]:
        """Return units, optionally of one ``level`` and below the unit ``within``."""
        return [self.unit(i) for i in self.indices(level, within)]

    # -- columns ----------------------------------------------------------------------------

    def _columns(self) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8]]:
        arrays = self._arrays
        if arrays is None or arrays[0] != self._version:
            parents = np.asarray(self._parents, dtype=np.int32)
            levels = np.asarray(self._levels, dtype=np.int8)
            parents.flags.writeable = False
            levels.flags.writeable = False
            arrays = (self._version, parents, levels)
            self._arrays = arrays
        return arrays[1], arrays[2]

    @property
    def parent_indices(self) -> npt.NDArray[np.int32]:
        """Read-only array: the parent index of every unit (``-1`` for provinces)."""
        return self._columns()[0]

    @property
    def levels(self) -> npt.NDArray[np.int8]:
        """Read-only array: the level (``Level`` value) of every unit."""
        return self._columns()[1]

    def ancestor_at(self, level: Level) -> npt.NDArray[np.int32]:
        """Array mapping every unit index to the index of its ancestor (or itself) at ``level``.

        Units above ``level`` map to ``-1``. Used to group rows by commune or province.
        """
        parents, levels = self._columns()
        out = np.arange(len(parents), dtype=np.int32)
        out[levels < level] = -1
        # Walk up at most four levels; vectorised over all units.
        for _step in range(int(Level.VILLAGE)):
            climb = (out >= 0) & (levels[np.maximum(out, 0)] > level)
            if not climb.any():
                break
            out[climb] = parents[out[climb]]
        return out

    # -- matching ---------------------------------------------------------------------------

    def matcher(self) -> Matcher:
        """Return the name matcher of this set (built on first use, rebuilt after additions)."""
        from cnscd_core.units._match import Matcher

        matcher = self._matcher
        if matcher is None or matcher.version != self._version:
            matcher = Matcher(self)
            self._matcher = matcher
        return matcher


class UnitRegistry:
    """The legacy (until 2025-06-30) and 2025 (from 2025-07-01) unit sets and their mapping.

    Answers lookups by code, children, ancestors, paths, "which set is valid on a date",
    name matching (``find``) and legacy -> 2025 conversion (``convert``).
    """

    def __init__(
        self,
        current: UnitSet,
        legacy: UnitSet,
        commune_mapping: dict[str, tuple[tuple[str, bool], ...]],
        province_mapping: dict[str, str],
    ) -> None:
        self.current = current
        self.legacy = legacy
        self._commune_mapping = commune_mapping
        self._province_mapping = province_mapping

    @classmethod
    def load(cls) -> UnitRegistry:
        """Build the registry from the installed unit-list packages."""
        from cnscd_core.units._sources import load_sources

        raw = load_sources()
        current = UnitSet("2025", REFORM_DATE, None)
        for row in raw.units_2025:
            kind = UnitKind(row.kind)
            short = strip_kind_word(row.name, kind)
            current._append_raw(
                row.code, row.name, short, kind, kind.level, row.parent, row.aliases
            )
        legacy = UnitSet("legacy", LEGACY_START, LEGACY_END)
        # A few legacy provinces carry aliases (hn, hcm, vungtau); the 2025 province of the same
        # name keeps them.
        provinces_by_name = {current.short_name(i): i for i in current.indices(Level.PROVINCE)}
        for old in raw.legacy:
            old_kind = UnitKind(old.kind)
            legacy._append_raw(
                old.code,
                old.name,
                old.short_name,
                old_kind,
                old_kind.level,
                old.parent,
                old.aliases,
            )
            if old.parent is None and old.aliases and old.short_name in provinces_by_name:
                current.set_aliases(provinces_by_name[old.short_name], old.aliases)
        mapping = {
            code: tuple((t.code, t.is_default) for t in targets)
            for code, targets in raw.commune_mapping.items()
        }
        return cls(current, legacy, mapping, dict(raw.province_mapping))

    # -- sets and dates ---------------------------------------------------------------------

    @property
    def sets(self) -> tuple[UnitSet, UnitSet]:
        """Both unit sets, newest first."""
        return (self.current, self.legacy)

    def on(self, day: dt.date | None = None) -> UnitSet:
        """Return the unit set valid on ``day`` (default: today).

        Raises ``DateOutOfRangeError`` for a date before the first set.
        """
        day = day or dt.date.today()
        for unit_set in self.sets:
            if (unit_set.valid_from is None or day >= unit_set.valid_from) and (
                unit_set.valid_to is None or day <= unit_set.valid_to
            ):
                return unit_set
        raise DateOutOfRangeError(
            _(
                "no administrative unit set is valid on {day}; expected a date from {start} "
                "(legacy units until {end}, 2025 units from {reform})"
            ).format(day=day.isoformat(), start=LEGACY_START, end=LEGACY_END, reform=REFORM_DATE)
        )

    # -- shortcuts on the set valid on a date -----------------------------------------------

    def lookup(self, code: str, as_of: dt.date | None = None) -> AdminUnit:
        """Return the unit with ``code`` in the set valid on ``as_of`` (default: today)."""
        return self.on(as_of).get(code)

    def children(self, code: str, as_of: dt.date | None = None) -> list[AdminUnit]:
        """Return the direct children of ``code`` in the set valid on ``as_of``."""
        return self.on(as_of).children(code)

    def ancestors(self, code: str, as_of: dt.date | None = None) -> list[AdminUnit]:
        """Return the ancestors of ``code``, parent first, in the set valid on ``as_of``."""
        return self.on(as_of).ancestors(code)

    def path(self, code: str, as_of: dt.date | None = None) -> list[AdminUnit]:
        """Return the units from the province down to ``code`` in the set valid on ``as_of``."""
        return self.on(as_of).path(code)

    def find(
        self,
        text: str,
        level: Level | None = None,
        within: str | None = None,
        as_of: dt.date | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Return ranked candidates for a unit name or address in the set valid on ``as_of``.

        See ``Matcher.find`` for what the matching tolerates.
        """
        return self.on(as_of).matcher().find(text, level=level, within=within, limit=limit)

    def resolve(
        self,
        text: str,
        level: Level | None = None,
        within: str | None = None,
        as_of: dt.date | None = None,
    ) -> AdminUnit:
        """Return the one unit that best matches ``text``.

        Raises ``UnknownUnitError`` when nothing matches and ``AmbiguousUnitError`` (with every
        equally good candidate) when several do: it never picks one silently.
        """
        return self.on(as_of).matcher().resolve(text, level=level, within=within)

    # -- conversion -------------------------------------------------------------------------

    def mapping_targets(self, legacy_code: str) -> tuple[tuple[str, bool], ...]:
        """Return ``(code_2025, is_default)`` pairs a legacy unit went to.

        A commune maps to one 2025 commune, or several when it was split (one of them is the
        default); a district maps to the union of its communes' targets; a province to its 2025
        province; a village added under a legacy commune to the same village in 2025.
        """
        legacy = self.legacy
        idx = legacy.index(legacy_code)
        code = legacy.code(idx)
        level = legacy.level(idx)
        if code in self._commune_mapping:
            return self._commune_mapping[code]
        if level == Level.PROVINCE:
            return ((self._province_mapping[code], True),)
        if level == Level.VILLAGE:
            if code in self.current:
                return ((code, True),)
            return self.mapping_targets(legacy.code(legacy.parent_index(idx)))
        if level == Level.DISTRICT:
            seen: dict[str, bool] = {}
            for child in legacy.child_indices(idx):
                for target, _default in self.mapping_targets(legacy.code(child)):
                    seen.setdefault(target, True)
            return tuple((target, True) for target in seen)
        raise UnknownUnitError(
            _("the legacy unit {code} has no 2025 mapping in the unit-list data").format(code=code)
        )

    def convert(self, query: str) -> Conversion:
        """Convert a legacy unit (code, name or address) to the 2025 unit(s) it became.

        A legacy commune given with its province but no district is found when its name is
        unique in that province. Raises ``AmbiguousUnitError`` when the query names several
        legacy units equally well.
        """
        from cnscd_core.units._convert import convert

        return convert(self, query)

    def convert_counts(
        self,
        counts: Mapping[str, int],
        *,
        to_level: Level = Level.COMMUNE,
        split: Literal["default", "equal"] = "default",
    ) -> CountConversion:
        """Move a table of counts keyed by legacy unit codes to 2025 units, keeping totals.

        Rows of communes that were divided are listed with how they were shared; see
        ``cnscd_core.units.CountConversion``.
        """
        from cnscd_core.units._convert import convert_counts

        return convert_counts(self, counts, to_level=to_level, split=split)

    def add_village(
        self,
        name: str,
        kind: UnitKind | str,
        commune: str,
        legacy_commune: str | None = None,
        code: str | None = None,
    ) -> AdminUnit:
        """Add a village (thôn, bản, ấp, tổ dân phố...) under a 2025 commune and return it.

        Villages are in no national list: province data adds them. ``code`` defaults to the
        commune code, a dot and a running number. When ``legacy_commune`` is given, the village
        is also added under it in the legacy set, with the same code, so history converts.
        """
        from cnscd_core.units._villages import add_village

        return add_village(self, name, kind, commune, legacy_commune, code)


@functools.cache
def default_registry() -> UnitRegistry:
    """Return the process-wide registry built from the installed unit lists (built once)."""
    return UnitRegistry.load()
