"""Matching messy unit names and addresses to units, with a score and the reasons."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from cnscd_core.errors import AmbiguousUnitError, InvalidQueryError, UnknownUnitError
from cnscd_core.i18n import gettext as _
from cnscd_core.text import compare_key, fold, has_diacritics
from cnscd_core.units._model import AdminUnit, Level, UnitKind, strip_kind_word
from cnscd_core.units._registry import UnitSet, era_label

__all__ = ["Candidate", "Matcher"]

MAX_QUERY_LENGTH = 300
_MIN_SCORE = 0.3
_FUZZY_CUTOFF = 80.0

# Scores of the ways a name can match; the reasons are shown to the user.
_EXACT = 1.0
_ACCENT_FREE = 0.95
_ALIAS = 0.9
_ACCENTS_DIFFER = 0.75
_FUZZY_WEIGHT = 0.7
_KIND_MISMATCH = 0.85
_CONTEXT_UNMATCHED = 0.6

_SPLIT_PARTS = re.compile(r"\s*[,;|\n]\s*")
_NON_WORD = re.compile(r"[^\w]+")
_ROMAN = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
    "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17, "XVIII": 18,
    "XIX": 19, "XX": 20,
}  # fmt: skip

_CITY = frozenset({UnitKind.THANH_PHO_TRUC_THUOC_TRUNG_UONG, UnitKind.THANH_PHO})
# Type words and their abbreviations, on accent-folded lower-case text. A single letter must be
# followed by a dot (or, for P and Q, a digit: "P3", "Q.1") so that names are not cut.
_PREFIXES: tuple[tuple[str, frozenset[UnitKind]], ...] = (
    (r"thanh pho truc thuoc trung uong", frozenset({UnitKind.THANH_PHO_TRUC_THUOC_TRUNG_UONG})),
    (r"thanh pho|t\.?\s?p\b\.?|tp(?=[a-z])", _CITY),
    (r"tinh|t\.", frozenset({UnitKind.TINH})),
    (r"quan|q\.|q(?=\s?\d)", frozenset({UnitKind.QUAN})),
    (r"huyen|h\.", frozenset({UnitKind.HUYEN})),
    (r"thi xa|t\.?\s?x\b\.?", frozenset({UnitKind.THI_XA})),
    (r"thi tran|t\.?\s?t\b\.?", frozenset({UnitKind.THI_TRAN})),
    (r"xa|x\.", frozenset({UnitKind.XA})),
    (r"phuong|p\.|p(?=\s?\d)", frozenset({UnitKind.PHUONG})),
    (r"dac khu", frozenset({UnitKind.DAC_KHU})),
    (r"to dan pho|tdp|to", frozenset({UnitKind.TO_DAN_PHO})),
    (r"khu pho|kp", frozenset({UnitKind.KHU_PHO})),
    (r"khu dan cu|kdc", frozenset({UnitKind.KHU_DAN_CU})),
    (r"tieu khu", frozenset({UnitKind.TIEU_KHU})),
    (r"thon", frozenset({UnitKind.THON})),
    (r"ban", frozenset({UnitKind.BAN})),
    (r"ap", frozenset({UnitKind.AP})),
    (r"khom", frozenset({UnitKind.KHOM})),
    (r"lang", frozenset({UnitKind.LANG})),
    (r"buon", frozenset({UnitKind.BUON})),
    (r"soc", frozenset({UnitKind.SOC})),
    (r"plei", frozenset({UnitKind.PLEI})),
    (r"xom", frozenset({UnitKind.XOM})),
    (r"khu", frozenset({UnitKind.KHU})),
)
_PREFIX_RES = tuple(
    (re.compile(rf"^(?:{pattern})(?:\s+|(?<=\.)|(?=\d)|(?<=p)(?=[a-z]))"), kinds)
    for pattern, kinds in _PREFIXES
)


def _key(text: str) -> str:
    """Accent-keeping comparison key: lower case, canonical tones, punctuation as spaces."""
    return _NON_WORD.sub(" ", compare_key(text)).strip()


def _fkey(text: str) -> str:
    """Accent-free comparison key."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def _number(text: str, original: str) -> str:
    """``03`` -> ``3`` and an upper-case Roman numeral (``III``) -> ``3``; else unchanged."""
    if text.isdigit():
        return str(int(text))
    roman = original.strip().rstrip(".")
    if roman in _ROMAN:
        return str(_ROMAN[roman])
    return text


@attrs.frozen
class _Variant:
    key: str
    fkey: str
    kinds: frozenset[UnitKind]


@attrs.frozen
class _Part:
    """One comma-separated part of a query, with its possible readings."""

    raw: str
    accented: bool
    variants: tuple[_Variant, ...]


def _parse_part(raw: str) -> _Part:
    text = raw.strip().strip(".-–—").strip()
    dotted = re.sub(r"\s+", " ", fold(text)).strip()
    variants = [_Variant(_key(text), _fkey(text), frozenset())]
    for pattern, kinds in _PREFIX_RES:
        match = pattern.match(dotted)
        if match is None:
            continue
        rest_folded = dotted[match.end() :].strip(" .")
        if not rest_folded:
            continue
        # The same cut on the accented text: folding keeps one character per character.
        accented = re.sub(r"\s+", " ", text).strip()
        rest = accented[len(accented) - len(rest_folded) :] if len(accented) == len(dotted) else ""
        rest_key = _key(rest) if rest else _fkey(rest_folded)
        variants.append(_Variant(_number(rest_key, rest), _number(_fkey(rest_folded), rest), kinds))
        break
    return _Part(raw=raw.strip(), accented=has_diacritics(text), variants=tuple(variants))


@attrs.frozen
class Candidate:
    """A unit that matches a query, with a score in (0, 1] and why it matched."""

    unit: AdminUnit
    score: float
    why: tuple[str, ...]
    path: str = ""
    ambiguous: bool = False


class Matcher:
    """Name index over one ``UnitSet``: exact, accent-free, alias and fuzzy matching."""

    def __init__(self, unit_set: UnitSet) -> None:
        self.units = unit_set
        self.version = unit_set.version
        self._exact: dict[str, list[int]] = {}
        self._folded: dict[str, list[int]] = {}
        self._alias: dict[str, list[int]] = {}
        self._compact: dict[str, list[int]] = {}
        self._fuzzy_choices: list[str] = []
        self._fuzzy_owner: list[int] = []
        self._cache: dict[tuple[str, Level | None, str | None, int], list[Candidate]] = {}
        for idx in range(len(unit_set)):
            for key, fkey in self._unit_keys(idx):
                self._exact.setdefault(key, []).append(idx)
                self._folded.setdefault(fkey, []).append(idx)
            short_fkey = _fkey(unit_set.short_name(idx))
            self._fuzzy_choices.append(short_fkey)
            self._fuzzy_owner.append(idx)
            self._compact.setdefault(short_fkey.replace(" ", ""), []).append(idx)
            for alias in unit_set.aliases(idx):
                self._alias.setdefault(_fkey(alias).replace(" ", ""), []).append(idx)

    def _unit_keys(self, idx: int) -> set[tuple[str, str]]:
        """Accented and accent-free keys of a unit's full name, short name and bare name.

        The bare name drops the type word even where the data keeps it ("Phường 3" -> "3") and
        writes numbers one way ("03", "III" -> "3").
        """
        units = self.units
        name, short = units.name(idx), units.short_name(idx)
        bare = strip_kind_word(short, units.kind(idx))
        keys = {(_key(n), _fkey(n)) for n in (name, short)}
        keys.add((_number(_key(bare), bare), _number(_fkey(bare), bare)))
        return keys

    # -- scoring ----------------------------------------------------------------------------

    def _kind_factor(self, idx: int, kinds: frozenset[UnitKind], why: list[str]) -> float:
        if not kinds or self.units.kind(idx) in kinds:
            return 1.0
        why.append(
            _("type differs: given {given}, the unit is a {actual}").format(
                given=" / ".join(sorted(k.value for k in kinds)), actual=self.units.kind(idx).value
            )
        )
        return _KIND_MISMATCH

    def _index_hits(self, part: _Part) -> dict[int, tuple[float, list[str]]]:
        hits: dict[int, tuple[float, list[str]]] = {}

        def offer(idx: int, score: float, reason: str, kinds: frozenset[UnitKind]) -> None:
            why = [reason]
            score *= self._kind_factor(idx, kinds, why)
            if idx not in hits or hits[idx][0] < score:
                hits[idx] = (score, why)

        for variant in part.variants:
            for idx in self._exact.get(variant.key, ()):
                offer(idx, _EXACT, _("same name"), variant.kinds)
            for idx in self._folded.get(variant.fkey, ()):
                if part.accented:
                    offer(idx, _ACCENTS_DIFFER, _("same letters, accents differ"), variant.kinds)
                else:
                    offer(idx, _ACCENT_FREE, _("same name without accents"), variant.kinds)
            compact = variant.fkey.replace(" ", "")
            for idx in self._alias.get(compact, ()):
                offer(idx, _ALIAS, _("known abbreviation or spelling"), variant.kinds)
            if " " not in variant.fkey:
                for idx in self._compact.get(compact, ()):
                    offer(idx, _ALIAS, _("same name written without spaces"), variant.kinds)
        return hits

    def _fuzzy_hits(self, part: _Part) -> dict[int, tuple[float, list[str]]]:
        from rapidfuzz import fuzz, process

        hits: dict[int, tuple[float, list[str]]] = {}
        for variant in part.variants:
            if len(variant.fkey) < 3:
                continue
            for _choice, ratio, pos in process.extract(
                variant.fkey,
                self._fuzzy_choices,
                scorer=fuzz.ratio,
                score_cutoff=_FUZZY_CUTOFF,
                limit=50,
            ):
                idx = self._fuzzy_owner[pos]
                why = [_("similar spelling ({ratio}%)").format(ratio=round(ratio))]
                score = _FUZZY_WEIGHT * ratio / 100.0 * self._kind_factor(idx, variant.kinds, why)
                if idx not in hits or hits[idx][0] < score:
                    hits[idx] = (score, why)
        return hits

    def score_against(self, part: _Part, idx: int) -> float:
        """Score how well ``part`` names the unit ``idx`` (0 when it does not)."""
        unit_keys = self._unit_keys(idx)
        keys = {k for k, _f in unit_keys}
        fkeys = {f for _k, f in unit_keys}
        aliases = {_fkey(a).replace(" ", "") for a in self.units.aliases(idx)}
        aliases |= {f.replace(" ", "") for f in fkeys}
        best = 0.0
        for variant in part.variants:
            why: list[str] = []
            factor = self._kind_factor(idx, variant.kinds, why)
            if variant.key in keys:
                best = max(best, _EXACT * factor)
            elif variant.fkey in fkeys:
                best = max(best, (_ACCENTS_DIFFER if part.accented else _ACCENT_FREE) * factor)
            elif variant.fkey.replace(" ", "") in aliases:
                best = max(best, _ALIAS * factor)
            elif len(variant.fkey) >= 3:
                from rapidfuzz import fuzz

                ratio = max(fuzz.ratio(variant.fkey, f) for f in fkeys)
                if ratio >= _FUZZY_CUTOFF:
                    best = max(best, _FUZZY_WEIGHT * ratio / 100.0 * factor)
        return best

    # -- the query --------------------------------------------------------------------------

    def _parts(self, text: str) -> list[_Part]:
        if not isinstance(text, str) or not text.strip():
            raise InvalidQueryError(_("the name to look for is empty; expected a unit name"))
        if len(text) > MAX_QUERY_LENGTH:
            raise InvalidQueryError(
                _("the name to look for is {n} characters long; expected at most {limit}").format(
                    n=len(text), limit=MAX_QUERY_LENGTH
                )
            )
        parts = [p for p in _SPLIT_PARTS.split(text.strip()) if p.strip(" .-")]
        if not parts or not any(ch.isalnum() for ch in text):
            raise InvalidQueryError(
                _("{text!r} contains no letters or digits; expected a unit name").format(text=text)
            )
        return [_parse_part(p) for p in parts]

    def find(
        self,
        text: str,
        level: Level | None = None,
        within: str | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Return candidates for ``text``, best first; ties are flagged ``ambiguous``.

        ``text`` may be a bare name or an address of several comma-separated parts, most
        specific first ("Xã X, Huyện Y, Tỉnh Z"). Matching ignores case, NFC/NFD, old or new
        tone placement, missing accents, extra spaces, type words and their abbreviations
        ("P.3", "TP.", "TX", "Q.1", "Phường III"), and uses the later parts to choose among
        units of the same name. ``within`` restricts to the units below a unit code.
        """
        cache_key = (text, level, within, limit)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        parts = self._parts(text)
        within_idx = self.units.index(within) if within is not None else None
        result: list[Candidate] = []
        skipped: list[str] = []
        for pos, part in enumerate(parts):
            hits = self._index_hits(part)
            hits = self._filter(hits, level, within_idx)
            if not hits:
                hits = self._filter(self._fuzzy_hits(part), level, within_idx)
            if not hits:
                skipped.append(part.raw)
                continue
            result = self._rank(hits, parts[pos + 1 :], skipped, limit)
            break
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[cache_key] = result
        return result

    def _filter(
        self,
        hits: dict[int, tuple[float, list[str]]],
        level: Level | None,
        within_idx: int | None,
    ) -> dict[int, tuple[float, list[str]]]:
        units = self.units
        return {
            idx: hit
            for idx, hit in hits.items()
            if (level is None or units.level(idx) == level)
            and (within_idx is None or units.is_within(idx, within_idx))
        }

    def _rank(
        self,
        hits: dict[int, tuple[float, list[str]]],
        context: Sequence[_Part],
        skipped: Iterable[str],
        limit: int,
    ) -> list[Candidate]:
        units = self.units
        scored: list[tuple[float, int, list[str]]] = []
        for idx, (score, why) in hits.items():
            why = list(why)
            ancestors = units.ancestor_indices(idx)
            for part in context:
                best = max((self.score_against(part, a) for a in ancestors), default=0.0)
                if best >= 0.5:
                    score *= best
                    why.append(_("in {part}").format(part=part.raw))
                else:
                    score *= _CONTEXT_UNMATCHED
                    why.append(_("not in {part}").format(part=part.raw))
            for raw in skipped:
                why.append(_("ignored {part!r}: no unit of that name").format(part=raw))
            if score >= _MIN_SCORE:
                scored.append((round(score, 4), idx, why))
        scored.sort(key=lambda item: (-item[0], units.level(item[1]), units.code(item[1])))
        if not scored:
            return []
        top = scored[0][0]
        tied = sum(1 for s, _i, _w in scored if s == top) > 1
        out: list[Candidate] = []
        for score, idx, why in scored[:limit]:
            names = [units.name(a) for a in (idx, *units.ancestor_indices(idx))]
            out.append(
                Candidate(
                    unit=units.unit(idx),
                    score=score,
                    why=tuple(why),
                    path=", ".join(names),
                    ambiguous=tied and score == top,
                )
            )
        return out

    def resolve(
        self, text: str, level: Level | None = None, within: str | None = None
    ) -> AdminUnit:
        """Return the single best unit for ``text``; never guesses between equal candidates.

        Raises ``UnknownUnitError`` when nothing matches and ``AmbiguousUnitError`` when the
        best score is shared.
        """
        found = self.find(text, level=level, within=within, limit=20)
        if not found:
            raise UnknownUnitError(
                _(
                    "no unit among {era} matches {text!r}; expected the name of a province, "
                    "commune or village, optionally followed by its district and province"
                ).format(era=era_label(self.units.era), text=text)
            )
        tied = [c for c in found if c.ambiguous]
        if tied:
            listing = "; ".join(f"{c.unit.code} {c.path}" for c in tied)
            raise AmbiguousUnitError(
                _(
                    "{text!r} matches {n} units equally well: {listing}; add the district or "
                    "province, or give the code"
                ).format(text=text, n=len(tied), listing=listing),
                tied,
            )
        return found[0].unit
