"""Legacy (before 2025-07-01) -> 2025 conversion of units, addresses and count tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from cnscd_core.errors import CnscdError, UnknownUnitError
from cnscd_core.i18n import gettext as _
from cnscd_core.units._model import AdminUnit, Level

if TYPE_CHECKING:
    from cnscd_core.units._registry import UnitRegistry

__all__ = ["Conversion", "CountConversion", "SplitRow", "convert", "convert_counts"]


@attrs.frozen
class Conversion:
    """A legacy unit and the 2025 unit(s) it became.

    ``split`` is true when the legacy unit went to several 2025 units (a commune that was
    divided, or any district); ``default`` is the code of the 2025 unit that took the legacy
    unit's seat (or most of it), when the source data names one.
    """

    query: str
    legacy: AdminUnit
    legacy_path: str
    units: tuple[AdminUnit, ...]
    default: str | None
    split: bool


@attrs.frozen
class SplitRow:
    """How the count of one legacy unit was shared among several 2025 units."""

    legacy_code: str
    value: int
    shares: tuple[tuple[str, int], ...]


@attrs.frozen
class CountConversion:
    """A table of counts moved from legacy units to 2025 units, totals kept."""

    totals: dict[str, int]
    splits: tuple[SplitRow, ...]


def _legacy_unit(registry: UnitRegistry, query: str) -> AdminUnit:
    text = query.strip()
    if text in registry.legacy:
        return registry.legacy.get(text)
    return registry.legacy.matcher().resolve(text)


def convert(registry: UnitRegistry, query: str) -> Conversion:
    """Find the legacy unit named by ``query`` (code, name or address) and convert it."""
    legacy = _legacy_unit(registry, query)
    targets = registry.mapping_targets(legacy.code)
    units = tuple(registry.current.get(code) for code, _d in targets)
    defaults = [code for code, is_default in targets if is_default]
    split = len(units) > 1
    legacy_set = registry.legacy
    idx = legacy_set.index(legacy.code)
    path = ", ".join(legacy_set.name(i) for i in (idx, *legacy_set.ancestor_indices(idx)))
    return Conversion(
        query=query,
        legacy=legacy,
        legacy_path=path,
        units=units,
        default=defaults[0] if len(defaults) == 1 else None,
        split=split,
    )


def _apportion(value: int, parts: int) -> list[int]:
    """Share ``value`` into ``parts`` integers that differ by at most one and sum to it."""
    base, extra = divmod(value, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def convert_counts(
    registry: UnitRegistry,
    counts: Mapping[str, int],
    *,
    to_level: Level = Level.COMMUNE,
    split: Literal["default", "equal"] = "default",
) -> CountConversion:
    """Move counts keyed by legacy unit codes to 2025 units; the grand total is unchanged.

    ``to_level=Level.COMMUNE``: keys are legacy communes (or villages); a commune that was
    divided gives its whole count to its default 2025 commune (``split="default"``) or shares
    it equally, in whole numbers (``split="equal"``); every such row is listed in ``splits``.
    ``to_level=Level.PROVINCE``: any legacy unit goes to the 2025 province that absorbed its
    province (never split). Raises ``UnknownUnitError`` for an unknown code and ``CnscdError``
    for a key of the wrong level.
    """
    totals: dict[str, int] = {}
    splits: list[SplitRow] = []
    legacy = registry.legacy
    for code, value in counts.items():
        idx = legacy.index(code)
        if to_level == Level.PROVINCE:
            chain = (idx, *legacy.ancestor_indices(idx))
            province = legacy.code(chain[-1])
            target = registry.mapping_targets(province)[0][0]
            totals[target] = totals.get(target, 0) + value
            continue
        if to_level != Level.COMMUNE:
            raise CnscdError(
                _("counts can be converted to communes or provinces, not to {level}").format(
                    level=to_level.label
                )
            )
        level = legacy.level(idx)
        is_island = level == Level.DISTRICT and not legacy.child_indices(idx)
        if level not in (Level.COMMUNE, Level.VILLAGE) and not is_island:
            raise CnscdError(
                _(
                    "the row {code} ({name}) is a {level}; a table converted to 2025 communes "
                    "needs legacy communes (use to_level=province to convert to provinces)"
                ).format(code=code, name=legacy.name(idx), level=legacy.level(idx).label)
            )
        targets = registry.mapping_targets(code)
        if not targets:
            raise UnknownUnitError(_("the legacy unit {code} has no 2025 unit").format(code=code))
        if len(targets) == 1:
            totals[targets[0][0]] = totals.get(targets[0][0], 0) + value
            continue
        if split == "default":
            default = next((c for c, d in targets if d), targets[0][0])
            shares = [(c, value if c == default else 0) for c, _d in targets]
        else:
            shares = list(
                zip((c for c, _d in targets), _apportion(value, len(targets)), strict=True)
            )
        for target, share in shares:
            totals[target] = totals.get(target, 0) + share
        splits.append(SplitRow(legacy_code=code, value=value, shares=tuple(shares)))
    return CountConversion(totals=totals, splits=tuple(splits))
