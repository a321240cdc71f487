"""Vietnamese syllable structure: where a tone mark belongs, and what looks like a syllable.

A syllable is onset + nucleus (one to three vowel letters) + coda. The onset ``qu`` owns its
``u`` ("quý": the nucleus is ``y``) and ``gi`` owns its ``i`` when another vowel follows ("già":
the nucleus is ``a``; but "gìn": the nucleus is ``i``).
"""

from __future__ import annotations

import functools
import re
from typing import Final

from ._alphabet import LETTER_TONES, NANG, NO_TONE, QUALITY_VOWELS, SAC, TONED

_ONSETS: Final = "ngh|ng|gh|gi|ch|kh|nh|ph|th|tr|qu|[bcdđghklmnprstvx]"
# "k" is not a Vietnamese coda but appears in minority place names (Đắk Lắk, Đắk Nông).
_CODAS: Final = "ch|ng|nh|[cmnptk]"


@functools.cache
def _syllable_re() -> re.Pattern[str]:
    # Compiled on first use: importing the package must stay cheap.
    return re.compile(
        rf"(?P<onset>{_ONSETS})?(?P<nucleus>[aăâeêioôơuưy]{{1,3}})(?P<coda>{_CODAS})?"
    )


def _spaced(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Nuclei (written, untoned): with or without a final consonant, only with one, only without.
_OPEN_OR_CLOSED: Final = _spaced("a e ê i o ô ơ u ư y oa oe uê uy uơ")
_CLOSED_ONLY: Final = _spaced("ă â oă uâ iê yê uô ươ uyê oo")
_OPEN_ONLY: Final = _spaced(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu "
    "iêu oai oay oeo uây uôi uya uyu ươi ươu yêu"
)
# Open nuclei where the other common convention puts the tone on the second vowel.
_SECOND_VOWEL_TOO: Final = _spaced("oa oe uy")
NUCLEI: Final = _OPEN_OR_CLOSED | _CLOSED_ONLY | _OPEN_ONLY
"""Every vowel cluster Vietnamese spelling allows after the onset is removed."""

_STOP_CODAS: Final = _spaced("c ch k p t")
# "ch" and "nh" end only these nuclei ("sách", "bệnh", "kịch", "quỳnh", "hoạch", "huỳnh"):
# there is no "unh" or "ônh" ("ủnh" is VNI mojibake of the TCVN3 "đuỷnh", not a syllable).
_PALATAL_CODAS: Final = _spaced("ch nh")
_PALATAL_NUCLEI: Final = _spaced("a ê i y oa uê uy")


def _split(word: str) -> tuple[str, list[tuple[str, int]]] | None:
    """Split a letter run into untoned lowercase spelling and per-letter (base, tone) pairs."""
    pairs: list[tuple[str, int]] = []
    for char in word:
        info = LETTER_TONES.get(char)
        if info is None:
            if char not in "bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX":
                return None
            info = (char, NO_TONE)
        pairs.append(info)
    return "".join(base for base, _ in pairs).lower(), pairs


def tone_position(nucleus: str, has_coda: bool) -> int:
    """Return the index within ``nucleus`` that carries the tone mark in canonical spelling.

    A vowel with its own mark (ă â ê ô ơ ư) takes the tone, the last one for ươ. Otherwise a
    closed syllable puts the tone on the last vowel ("hoàng", "quýt") and an open one on the
    first of two vowels ("hòa", "thủy", "khỏe", "mía") or the middle of three ("hoài", "khuỷu").
    """
    for index in range(len(nucleus) - 1, -1, -1):
        if nucleus[index] in QUALITY_VOWELS:
            return index
    if has_coda:
        return len(nucleus) - 1
    return 0 if len(nucleus) < 3 else 1


@functools.lru_cache(maxsize=8192)
def place_tone(word: str) -> str:
    """Return ``word`` (a run of letters) with its tone mark in canonical position.

    Words that do not parse as one Vietnamese syllable, or carry no tone or several tones, are
    returned unchanged. Letter case is kept.
    """
    split = _split(word)
    if split is None:
        return word
    spelling, pairs = split
    tones = [(index, tone) for index, (_, tone) in enumerate(pairs) if tone != NO_TONE]
    if len(tones) != 1:
        return word
    match = _syllable_re().fullmatch(spelling)
    if match is None or match["nucleus"] not in NUCLEI:
        return word
    target = match.start("nucleus") + tone_position(match["nucleus"], bool(match["coda"]))
    current, tone = tones[0]
    if target == current:
        return word
    letters = list(word)
    letters[current] = pairs[current][0]
    letters[target] = TONED[(pairs[target][0], tone)]
    return "".join(letters)


@functools.lru_cache(maxsize=8192)
def is_plausible_syllable(word: str) -> bool:
    """Return whether ``word`` is spelt like one Vietnamese syllable (any case, any tone spot).

    Checks the letters, a known onset, nucleus and coda, which nuclei need or refuse a coda,
    at most one tone, on the vowel `tone_position` names (or, in open "oa", "oe", "uy", on the
    second vowel: "hoà", "thuỷ"), that ch and nh end only a, ê, i, y, oa, uê, uy, and that a
    syllable ending in c, ch, p or t has the sắc or nặng tone.
    """
    split = _split(word)
    if split is None:
        return False
    spelling, pairs = split
    toned = [(index, tone) for index, (_, tone) in enumerate(pairs) if tone != NO_TONE]
    match = _syllable_re().fullmatch(spelling)
    if match is None or len(toned) > 1:
        return False
    nucleus, coda = match["nucleus"], match["coda"]
    if nucleus not in NUCLEI:
        return False
    if (coda and nucleus in _OPEN_ONLY) or (not coda and nucleus in _CLOSED_ONLY):
        return False
    if coda in _PALATAL_CODAS and nucleus not in _PALATAL_NUCLEI:
        return False
    if not toned:
        return coda not in _STOP_CODAS
    index, tone = toned[0]
    if coda in _STOP_CODAS and tone not in (SAC, NANG):
        return False
    position = index - match.start("nucleus")
    if position == tone_position(nucleus, bool(coda)):
        return True
    return not coda and nucleus in _SECOND_VOWEL_TOO and position == 1
