"""Resolving the province, commune and village columns of a row to a 2025 unit.

Names go through the units registry's matching (case, accents, NFC/NFD, tone placement, type
words and abbreviations). A commune named by its legacy (before 2025-07-01) name is converted
to the 2025 commune it became, and the legacy commune is kept. Villages are in no national
list: a village not yet known is added under its commune when the import is written.
Results are cached per import: the same few names repeat on thousands of rows.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import attrs

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _
from cnscd_core.importer._values import Invalid, cell_text, is_empty
from cnscd_core.text import canonical, compare_key, fold, has_diacritics
from cnscd_core.units import Level, UnitKind, UnitRegistry, UnitSet

__all__ = ["FieldInvalid", "PendingVillage", "Place", "PlaceResolver"]

_STRONG = 0.9  # exact, accent-free or alias match: no need to look further


class FieldInvalid(Invalid):
    """An ``Invalid`` that names the column at fault (province, commune or village)."""

    def __init__(self, field: str, problem: str, expected: str) -> None:
        super().__init__(problem, expected)
        self.field = field


@attrs.define
class PendingVillage:
    """A village named by the import and not yet known: added when the import is written.

    Its ``code`` is chosen at once (the commune's code, a dot and the next free number), so
    that rows can refer to it; it is added to the registry and the store only if an accepted
    row lives there.
    """

    code: str
    commune: str
    short: str
    kind: UnitKind
    legacy_commune: str | None
    #: The name as the import first wrote it.
    text: str = ""


@attrs.frozen
class Review:
    """A village spelling that differs from a known village only by missing accents."""

    village: str  # code of a known or pending village
    spelling: str


@attrs.frozen
class Place:
    """Where a row lives: the 2025 unit (or a pending village), the legacy commune if any."""

    unit: str
    legacy_unit: str | None
    level: str  # "commune" or "village"
    review: Review | None = None


# Type words a village name may start with, on accent-folded lower-case text.
_VILLAGE_WORDS: tuple[tuple[str, UnitKind], ...] = (
    ("to dan pho", UnitKind.TO_DAN_PHO),
    ("khu dan cu", UnitKind.KHU_DAN_CU),
    ("tieu khu", UnitKind.TIEU_KHU),
    ("khu pho", UnitKind.KHU_PHO),
    ("tdp", UnitKind.TO_DAN_PHO),
    ("kdc", UnitKind.KHU_DAN_CU),
    ("kp", UnitKind.KHU_PHO),
    ("thon", UnitKind.THON),
    ("ban", UnitKind.BAN),
    ("ap", UnitKind.AP),
    ("khom", UnitKind.KHOM),
    ("lang", UnitKind.LANG),
    ("buon", UnitKind.BUON),
    ("soc", UnitKind.SOC),
    ("plei", UnitKind.PLEI),
    ("xom", UnitKind.XOM),
    ("khu", UnitKind.KHU),
    ("to", UnitKind.TO_DAN_PHO),
)
_WORD_RES = tuple(
    (re.compile(rf"^{word}(?:\s*\.\s*|\s+|(?=\d))(?=\S)"), kind) for word, kind in _VILLAGE_WORDS
)


def _split_village(text: str) -> tuple[UnitKind | None, str]:
    """``"TDP 03"`` -> (tổ dân phố, ``"03"``); ``"Mường Chiên"`` -> (None, ``"Mường Chiên"``)."""
    name = canonical(text).strip(" .,-")
    folded = fold(name)
    if len(folded) == len(name):  # folding kept one character per character
        for pattern, kind in _WORD_RES:
            match = pattern.match(folded)
            if match is not None:
                return kind, name[match.end() :].strip()
    return None, name


def _village_key(short: str) -> str:
    """Comparison key of a village's short name; ``03`` and ``3`` are the same number."""
    key = compare_key(short)
    return " ".join(str(int(w)) if w.isdigit() else w for w in key.split())


def _only_missing_accents(given: str, known: str) -> bool:
    """Whether ``given`` spells ``known`` with some words left without accents, or back."""
    a, b = given.split(), known.split()
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        if has_diacritics(x) and has_diacritics(y):
            return False  # both accented, differently: another name
        if fold(x) != fold(y):
            return False
    return True


class PlaceResolver:
    """Resolve (province, commune, village) cells to a ``Place``, with caches."""

    def __init__(self, registry: UnitRegistry) -> None:
        self.registry = registry
        self.current: UnitSet = registry.current
        self.legacy: UnitSet = registry.legacy
        self.pending: dict[str, PendingVillage] = {}
        self._cache: dict[tuple[str, str, str, bool], Place | FieldInvalid] = {}
        self._raw_cache: dict[tuple[Any, Any, Any, bool], Place | FieldInvalid] = {}
        self._province_cache: dict[str, tuple[str, tuple[str, ...]] | FieldInvalid] = {}
        self._villages: dict[str, tuple[dict[str, list[str]], dict[str, list[str]]]] = {}
        self._legacy_by_current: dict[str, list[str]] = {}
        for idx in self.legacy.indices(Level.PROVINCE):
            code = self.legacy.code(idx)
            target = registry.mapping_targets(code)[0][0]
            self._legacy_by_current.setdefault(target, []).append(code)

    # -- matching helpers -------------------------------------------------------------------

    @staticmethod
    def _best(
        unit_set: UnitSet, text: str, level: Level, within: str | None
    ) -> tuple[float, list[str]]:
        try:
            found = unit_set.matcher().find(text, level=level, within=within, limit=20)
        except CnscdError:
            return 0.0, []
        if not found:
            return 0.0, []
        top = found[0].score
        return top, [c.unit.code for c in found if c.score == top]

    def _legacy_best(self, text: str, level: Level, within: list[str]) -> tuple[float, list[str]]:
        top, codes = 0.0, []
        scopes: list[str | None] = [*within] if within else [None]
        for code in scopes:
            score, found = self._best(self.legacy, text, level, code)
            if score > top:
                top, codes = score, found
            elif score == top and score > 0:
                codes += found
        return top, codes

    # -- province ---------------------------------------------------------------------------

    def _province(self, text: str) -> tuple[str, tuple[str, ...]]:
        cached = self._province_cache.get(text)
        if cached is None:
            try:
                cached = self._find_province(text)
            except FieldInvalid as exc:
                cached = exc
            self._province_cache[text] = cached
        if isinstance(cached, FieldInvalid):
            raise cached
        return cached

    def _find_province(self, text: str) -> tuple[str, tuple[str, ...]]:
        cur_score, cur = self._best(self.current, text, Level.PROVINCE, None)
        leg_score, leg = 0.0, list[str]()
        if cur_score < 1.0:  # an exact 2025 name wins: no need to build the legacy index
            leg_score, leg = self._legacy_best(text, Level.PROVINCE, [])
        if cur and cur_score >= leg_score:
            if len(cur) > 1:
                raise self._ambiguous("province", text, cur, self.current)
            code = cur[0]
        elif leg:
            targets = {self.registry.mapping_targets(c)[0][0] for c in leg}
            if len(targets) > 1:
                raise self._ambiguous("province", text, leg, self.legacy)
            code = targets.pop()
        else:
            raise FieldInvalid(
                "province",
                "unknown_unit",
                _("the name of a province or centrally governed city (2025 or legacy)"),
            )
        return code, tuple(self._legacy_by_current.get(code, ()))

    def _ambiguous(
        self, field: str, text: str, codes: list[str], unit_set: UnitSet
    ) -> FieldInvalid:
        listing = "; ".join(
            f"{c} " + ", ".join(unit_set.name(i) for i in self._path(unit_set, c)) for c in codes
        )
        return FieldInvalid(
            field,
            "ambiguous_unit",
            _("one unit; {text!r} matches {n} equally well ({listing}): add the province").format(
                text=text, n=len(codes), listing=listing
            ),
        )

    @staticmethod
    def _path(unit_set: UnitSet, code: str) -> list[int]:
        idx = unit_set.index(code)
        return [idx, *unit_set.ancestor_indices(idx)]

    # -- commune ----------------------------------------------------------------------------

    def _commune(
        self, text: str, province: str | None, legacy_provinces: tuple[str, ...]
    ) -> tuple[str, str | None]:
        cur_score, cur = self._best(self.current, text, Level.COMMUNE, province)
        leg_score, leg = 0.0, list[str]()
        if cur_score < 1.0:
            leg_score, leg = self._legacy_best(text, Level.COMMUNE, list(legacy_provinces))
        if cur and cur_score >= leg_score:
            if len(cur) > 1:
                raise self._ambiguous("commune", text, cur, self.current)
            return cur[0], None
        if not leg:
            raise FieldInvalid(
                "commune",
                "unknown_unit",
                _(
                    "the name of a commune or ward of the province (2025 or legacy name, e.g. "
                    "'Xã Xuân Bình' or 'Xã Xuân Hòa, Huyện Như Xuân')"
                ),
            )
        targets: dict[str, str] = {}
        for legacy_code in leg:
            mapped = self.registry.mapping_targets(legacy_code)
            defaults = [c for c, is_default in mapped if is_default]
            if len(mapped) == 1:
                targets.setdefault(mapped[0][0], legacy_code)
            elif len(defaults) == 1:
                targets.setdefault(defaults[0], legacy_code)
            else:
                raise FieldInvalid(
                    "commune",
                    "ambiguous_unit",
                    _(
                        "one 2025 commune; the legacy commune {text!r} was divided among {units}: "
                        "give the 2025 commune"
                    ).format(
                        text=text,
                        units=", ".join(
                            self.current.name(self.current.index(c)) for c, _d in mapped
                        ),
                    ),
                )
        if len(targets) > 1:
            raise self._ambiguous("commune", text, leg, self.legacy)
        target, legacy_code = next(iter(targets.items()))
        return target, (legacy_code if len(leg) == 1 else None)

    # -- village ----------------------------------------------------------------------------

    def _village_index(self, commune: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        index = self._villages.get(commune)
        if index is None:
            exact: dict[str, list[str]] = {}
            folded: dict[str, list[str]] = {}
            unit_set = self.current
            for child in unit_set.child_indices(unit_set.index(commune)):
                code = unit_set.code(child)
                short = unit_set.short_name(child)
                key = _village_key(short)
                exact.setdefault(key, []).append(code)
                folded.setdefault(fold(key), []).append(code)
            index = (exact, folded)
            self._villages[commune] = index
        return index

    def _short_name(self, code: str) -> str:
        pending = self.pending.get(code)
        if pending is not None:
            return pending.short
        return self.current.short_name(self.current.index(code))

    def _default_kind(self, commune: str) -> UnitKind:
        unit_set = self.current
        idx = unit_set.index(commune)
        kinds = Counter(unit_set.kind(c) for c in unit_set.child_indices(idx))
        kinds.update(p.kind for p in self.pending.values() if p.commune == commune)
        if kinds:
            return kinds.most_common(1)[0][0]
        if unit_set.kind(idx) == UnitKind.PHUONG:
            return UnitKind.TO_DAN_PHO
        return UnitKind.THON

    def _village(
        self, text: str, commune: str, legacy_commune: str | None
    ) -> tuple[str, Review | None]:
        kind, short = _split_village(text)
        if not short or not any(ch.isalnum() for ch in short):
            raise FieldInvalid(
                "village", "unknown_unit", _("a village name such as 'Thôn Đồng Tâm' or 'TDP 3'")
            )
        key = _village_key(short)
        exact, folded = self._village_index(commune)
        found = exact.get(key)
        if found:
            return found[0], None
        similar = [
            c
            for c in folded.get(fold(key), [])
            if _only_missing_accents(key, _village_key(self._short_name(c)))
        ]
        if len(similar) > 1:
            raise FieldInvalid(
                "village",
                "ambiguous_unit",
                _("one village; {text!r} without accents matches {names}").format(
                    text=text, names=", ".join(self._short_name(c) for c in similar)
                ),
            )
        if similar:
            code = similar[0]
            pending = self.pending.get(code)
            if pending is not None and has_diacritics(short) and not has_diacritics(pending.short):
                # Keep the accented spelling for the new village; flag the bare one.
                old = pending.text
                pending.short, pending.text = short, canonical(text)
                exact.setdefault(key, []).append(code)
                return code, Review(code, old)
            return code, Review(code, canonical(text))
        code = self._free_code(commune)
        self.pending[code] = PendingVillage(
            code=code,
            commune=commune,
            short=short,
            kind=kind or self._default_kind(commune),
            legacy_commune=legacy_commune,
            text=canonical(text),
        )
        exact.setdefault(key, []).append(code)
        folded.setdefault(fold(key), []).append(code)
        return code, None

    def _free_code(self, commune: str) -> str:
        """The next village code of ``commune`` used by no unit and no pending village."""
        current, legacy = self.current, self.legacy
        n = len(current.child_indices(current.index(commune))) + 1
        while True:
            code = f"{commune}.{n:03d}"
            if code not in current and code not in legacy and code not in self.pending:
                return code
            n += 1

    # -- rows -------------------------------------------------------------------------------

    def resolve(self, province: Any, commune: Any, village: Any, need_village: bool) -> Place:
        """The place named by a row's province, commune and village cells.

        Raises ``FieldInvalid`` naming the column at fault: unknown or ambiguous unit, a
        missing commune, or a missing village when ``need_village``.
        """
        raw_key = (province, commune, village, need_village)
        cached = self._raw_cache.get(raw_key)
        if cached is None:
            cached = self._resolve_text(province, commune, village, need_village)
            self._raw_cache[raw_key] = cached
        if isinstance(cached, FieldInvalid):
            raise cached
        return cached

    def _resolve_text(
        self, province: Any, commune: Any, village: Any, need_village: bool
    ) -> Place | FieldInvalid:
        texts = tuple(
            "" if is_empty(v) else " ".join(cell_text(v).split())
            for v in (province, commune, village)
        )
        cache_key = (texts[0], texts[1], texts[2], need_village)
        cached = self._cache.get(cache_key)
        if cached is None:
            try:
                cached = self._resolve(texts[0], texts[1], texts[2], need_village)
            except FieldInvalid as exc:
                cached = exc
            self._cache[cache_key] = cached
        return cached

    def _resolve(self, province: str, commune: str, village: str, need_village: bool) -> Place:
        if not commune:
            raise FieldInvalid(
                "commune",
                "missing_value",
                _("the commune or ward (Xã/Phường) the row belongs to"),
            )
        if province:
            province_code, legacy_provinces = self._province(province)
        else:
            province_code, legacy_provinces = None, ()
        commune_code, legacy_code = self._commune(commune, province_code, legacy_provinces)
        if not village:
            if need_village:
                raise FieldInvalid(
                    "village",
                    "missing_value",
                    _("the village (Thôn/Tổ dân phố) of a village-level team"),
                )
            return Place(commune_code, legacy_code, "commune")
        code, review = self._village(village, commune_code, legacy_code)
        return Place(code, legacy_code, "village", review)
