"""Villages: added by province data under a 2025 commune (and, for history, a legacy one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _
from cnscd_core.text import canonical, compare_key
from cnscd_core.units._model import AdminUnit, Level, UnitKind, strip_kind_word

if TYPE_CHECKING:
    from cnscd_core.units._registry import UnitRegistry, UnitSet

__all__ = ["add_village"]


def _existing(unit_set: UnitSet, commune_idx: int, name: str) -> AdminUnit | None:
    key = compare_key(name)
    for child in unit_set.child_indices(commune_idx):
        if compare_key(unit_set.short_name(child)) == key:
            return unit_set.unit(child)
    return None


def add_village(
    registry: UnitRegistry,
    name: str,
    kind: UnitKind | str,
    commune: str,
    legacy_commune: str | None,
    code: str | None,
) -> AdminUnit:
    """Add a village under ``commune`` (and ``legacy_commune``); return the existing one if any.

    A village whose name equals an existing village of the commune once case, spacing,
    NFC/NFD and tone placement are ignored is the same village and is returned unchanged.
    """
    kind = kind if isinstance(kind, UnitKind) else UnitKind.parse(kind)
    if kind.level != Level.VILLAGE:
        raise CnscdError(
            _("{kind} is not a village kind; expected thôn, bản, ấp, tổ dân phố...").format(
                kind=kind.value
            )
        )
    short = strip_kind_word(canonical(name), kind)
    if not short:
        raise CnscdError(_("the village name is empty; expected a name such as 'Thôn 1'"))
    current = registry.current
    commune_idx = current.index(commune)
    if current.level(commune_idx) != Level.COMMUNE:
        raise CnscdError(
            _("{code} ({name}) is not a 2025 commune; a village sits under a commune").format(
                code=commune, name=current.name(commune_idx)
            )
        )
    found = _existing(current, commune_idx, short)
    if found is not None:
        return found
    if code is None:
        n = len(current.child_indices(commune_idx)) + 1
        code = f"{current.code(commune_idx)}.{n:03d}"
        while code in current or code in registry.legacy:
            n += 1
            code = f"{current.code(commune_idx)}.{n:03d}"
    full = f"{kind.value.capitalize()} {short}"
    unit = AdminUnit(
        code=code,
        name=full,
        short_name=short,
        kind=kind,
        level=Level.VILLAGE,
        parent=current.code(commune_idx),
        valid_from=current.valid_from,
        valid_to=current.valid_to,
    )
    if legacy_commune is not None:
        legacy = registry.legacy
        legacy_idx = legacy.index(legacy_commune)
        if legacy.level(legacy_idx) != Level.COMMUNE:
            raise CnscdError(
                _("{code} ({name}) is not a legacy commune").format(
                    code=legacy_commune, name=legacy.name(legacy_idx)
                )
            )
        legacy.add(
            AdminUnit(
                code=code,
                name=full,
                short_name=short,
                kind=kind,
                level=Level.VILLAGE,
                parent=legacy.code(legacy_idx),
                valid_from=legacy.valid_from,
                valid_to=legacy.valid_to,
            )
        )
    current.add(unit)
    return unit
