"""Normal forms and comparison keys for Vietnamese text."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

from ._alphabet import ACCENTED_LETTERS, DIACRITIC_MARKS, ascii_base
from ._syllable import place_tone

_LETTER_RUN: Final = re.compile(r"[^\W\d_]+")


@functools.cache
def _fold_table() -> dict[int, str | None]:
    # Precomposed Vietnamese letters -> ASCII, Vietnamese combining marks -> nothing. "ð"/"Ð"
    # (eth) look exactly like "đ"/"Đ" and turn up where Windows-1258 text was read as 1252.
    return {
        **{ord(letter): ascii_base(letter).lower() for letter in ACCENTED_LETTERS},
        **{ord(mark): None for mark in DIACRITIC_MARKS},
        ord("ð"): "d",
        ord("Ð"): "d",
    }


_DIACRITIC_CHARS: Final = ACCENTED_LETTERS | DIACRITIC_MARKS


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (composed form), the form all other functions return."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _place_tone_in_match(match: re.Match[str]) -> str:
    word = match.group()
    return word if word.isascii() else place_tone(word)


def canonical(text: str) -> str:
    """Return ``text`` in NFC, whitespace collapsed, every tone mark in canonical position.

    Canonical placement is the one official administrative names use ("Thanh Hóa", "Hòa Bình",
    "Thủy", "Khỏe"): a vowel with its own mark (ă â ê ô ơ ư) takes the tone ("Nguyễn",
    "Tuyết", "Khuê"); otherwise a syllable with a final consonant puts it on the last vowel
    ("Hoàng", "Quỳnh") and an open syllable on the first of two vowels ("Hòa", "Thủy", "Mía")
    or the middle of three ("Hoài"). The ``u`` of ``qu`` and the ``i`` of ``gi`` before another
    vowel belong to the consonant ("Quý", "Giàng"). So "Thanh Hoá" becomes "Thanh Hóa".

    Case is kept: this is a display form, not a comparison key (see `compare_key`). Words that
    do not look like Vietnamese syllables are left as they are.
    """
    if text.isascii():
        return _collapse(text)
    words = nfc(text).split()
    return " ".join([w if w.isascii() else _canonical_word(w) for w in words])


@functools.lru_cache(maxsize=65536)
def _canonical_word(word: str) -> str:
    """One whitespace-free token of `canonical` (names repeat their words: cached)."""
    return _LETTER_RUN.sub(_place_tone_in_match, word)


def compare_key(text: str) -> str:
    """Return a key that is equal for two texts exactly when they spell the same accented words.

    The key is `canonical` text, case-folded: "THANH HOÁ", "Thanh Hóa" and "thanh hóa" (in NFC
    or NFD) give the same key, but "Hòa" and "Hoa" do not. Use `fold` to ignore accents.
    """
    if text.isascii():
        return _collapse(text).lower()
    return _compare_key(text)


@functools.lru_cache(maxsize=65536)
def _compare_key(text: str) -> str:
    return canonical(nfc(text).casefold())


def fold(text: str) -> str:
    """Return an accent-free search key: case-folded, diacritics removed, "đ" as "d".

    Whitespace is collapsed and stripped: ``fold("  Đắk  Lắk ") == "dak lak"``. Marks on
    letters of other scripts are removed too. ``fold(fold(x)) == fold(x)``.
    """
    if text.isascii():
        return _collapse(text.lower())
    return _fold(text)


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    folded = text.casefold().translate(_fold_table())
    if not folded.isascii():
        # Rare: letters outside Vietnamese. Strip every nonspacing mark, then recompose.
        decomposed = unicodedata.normalize("NFD", folded)
        stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        folded = unicodedata.normalize("NFC", stripped)
    return _collapse(folded)


def has_diacritics(text: str) -> bool:
    """Return whether ``text`` carries a Vietnamese tone or vowel mark, or the letter đ.

    NFC and NFD spellings give the same answer. An accent-free query ("Hoa Binh") may match
    accented names; a query with diacritics ("Hòa Bình") should match them exactly.
    """
    if text.isascii():
        return False
    if not _DIACRITIC_CHARS.isdisjoint(text):
        return True
    return not DIACRITIC_MARKS.isdisjoint(unicodedata.normalize("NFD", text))
