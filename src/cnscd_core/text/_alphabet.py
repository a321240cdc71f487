"""The Vietnamese alphabet as data: letters, tones and their decompositions.

Every table here is derived from a few short literals with :mod:`unicodedata`, so the 134
accented letters (67 lowercase, 67 uppercase) are never typed out one by one.
"""

from __future__ import annotations

import unicodedata
from typing import Final

# Tones in Vietnamese dictionary order (Hoàng Phê, Từ điển tiếng Việt): ngang (no mark), huyền,
# hỏi, ngã, sắc, nặng. The index of a tone in this tuple is its sort rank.
NO_TONE: Final = 0
HUYEN: Final = 1
HOI: Final = 2
NGA: Final = 3
SAC: Final = 4
NANG: Final = 5
TONE_MARKS: Final = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
"""Combining mark of each tone, indexed by tone rank."""

# Vowel-quality marks: they make a different letter (ă is not a), unlike tone marks.
CIRCUMFLEX: Final = "\u0302"
BREVE: Final = "\u0306"
HORN: Final = "\u031b"
QUALITY_MARKS: Final = (CIRCUMFLEX, BREVE, HORN)
DIACRITIC_MARKS: Final = frozenset(TONE_MARKS[1:] + QUALITY_MARKS)
"""The eight combining marks Vietnamese uses: five tones and three vowel qualities."""

VOWELS: Final = "aăâeêioôơuưy"
"""The twelve vowel letters, untoned, in alphabetical order."""
ALPHABET: Final = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
"""The 29 letters of the Vietnamese alphabet in alphabetical order."""
QUALITY_VOWELS: Final = frozenset("ăâêôơư")
"""Vowels whose letter itself carries a mark; a tone mark prefers them."""


def _build_letters() -> dict[str, tuple[str, int]]:
    letters: dict[str, tuple[str, int]] = {}
    for vowel in VOWELS + VOWELS.upper():
        for tone, mark in enumerate(TONE_MARKS):
            letters[unicodedata.normalize("NFC", vowel + mark)] = (vowel, tone)
    return letters


LETTER_TONES: Final = _build_letters()
"""Every vowel letter, both cases, with and without tone -> (untoned letter, tone rank)."""

TONED: Final = {(base, tone): letter for letter, (base, tone) in LETTER_TONES.items()}
"""(untoned vowel letter, tone rank) -> precomposed letter; inverse of LETTER_TONES."""

ACCENTED_LETTERS: Final = frozenset(
    [letter for letter in LETTER_TONES if not letter.isascii()] + ["đ", "Đ"]
)
"""The 134 Vietnamese letters outside ASCII (67 lowercase, 67 uppercase)."""

NON_LATIN1_LETTERS: Final = frozenset(c for c in ACCENTED_LETTERS if ord(c) > 0xFF)
"""Vietnamese letters that no single-byte Western code page can hold (ạ, ơ, đ, ...)."""


def ascii_base(letter: str) -> str:
    """Return the ASCII letter under a Vietnamese letter, keeping its case ("Ấ" -> "A")."""
    if letter in "đĐ":
        return "d" if letter == "đ" else "D"
    return unicodedata.normalize("NFD", letter)[0]


def quality_mark(vowel: str) -> str:
    """Return the vowel-quality mark of an untoned vowel letter ("" for a, e, i, o, u, y)."""
    decomposed = unicodedata.normalize("NFD", vowel)
    return decomposed[1] if len(decomposed) > 1 else ""
