"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI) read as Windows-1252 mojibake.

Before Unicode, Vietnamese was typed with fonts that drew accented letters at Latin-1 code
points: ".VnTime" fonts used TCVN3 (ABC), one byte per letter; "VNI-Times" fonts used VNI for
Windows, a base letter followed by a mark byte. Opened without those fonts, or converted with
a Western code page, "Thanh Hóa" reads "Thanh Hãa" (TCVN3) or "Thanh Hoùa" (VNI). Every byte
involved is at or above 0xA0, where Windows-1252 and Latin-1 agree, so the mojibake is the same
whichever of the two was used.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

import attrs

from ._alphabet import (
    BREVE,
    CIRCUMFLEX,
    LETTER_TONES,
    NO_TONE,
    NON_LATIN1_LETTERS,
    TONED,
    VOWELS,
    ascii_base,
    quality_mark,
)
from ._syllable import is_plausible_syllable

TCVN3: Final = "tcvn3"
VNI: Final = "vni"
LEGACY_ENCODINGS: Final = (TCVN3, VNI)
"""Names of the legacy encodings this module knows, as `detect_legacy_encoding` returns them."""

# --- TCVN3 (TCVN 5712:1993 VN3, the "ABC" code) -------------------------------------------
# Bytes of the five toned forms of each vowel, in tone order huyền, hỏi, ngã, sắc, nặng. VN3
# has no capitals with tone marks (".VnTimeH" fonts drew these lowercase bytes as capitals), so
# both cases share them; capitals without tone marks have bytes of their own.
_TCVN3_TONED_BYTES: Final = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN: Final = "ĂÂÊÔƠƯĐăâêôơưđ"
"""Untoned letters outside ASCII, at bytes 0xA1-0xA7 (capitals) and 0xA8-0xAE."""


def _build_tcvn3() -> tuple[dict[str, str], dict[int, str]]:
    decode: dict[int, str] = {}
    encode: dict[str, str] = {}
    for base, codes in _TCVN3_TONED_BYTES.items():
        for tone, code in enumerate(codes, start=NO_TONE + 1):
            decode[code] = TONED[(base, tone)]
            encode[TONED[(base, tone)]] = encode[TONED[(base.upper(), tone)]] = chr(code)
    for code, letter in enumerate(_TCVN3_PLAIN, start=0xA1):
        decode[code] = letter
        encode[letter] = chr(code)
    return encode, decode


_TCVN3_ENCODE, _TCVN3_DECODE = _build_tcvn3()
_TCVN3_TONED_CHARS: Final = frozenset(
    chr(code) for codes in _TCVN3_TONED_BYTES.values() for code in codes
)

# --- VNI for Windows ----------------------------------------------------------------------
# Lowercase mark bytes, indexed by tone rank (none, huyền, hỏi, ngã, sắc, nặng). The marks for
# capitals are 0x20 lower, which in Latin-1 is simply the uppercase character.
_VNI_TONE: Final = ("", "ø", "û", "õ", "ù", "ï")
_VNI_CIRCUMFLEX: Final = ("â", "à", "å", "ã", "á", "ä")
_VNI_BREVE: Final = ("ê", "è", "ú", "ü", "é", "ë")
# Letters VNI stores as one byte: toned i, ỵ, and the letters ơ, ư, đ (these take tone marks).
_VNI_I: Final = ("i", "ì", "æ", "ó", "í", "ò")
_VNI_SINGLE: Final = {"ỵ": "î", "ơ": "ô", "ư": "ö", "đ": "ñ"}


def _vni_of(letter: str) -> str:
    """Return the VNI spelling of one lowercase letter."""
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    base, tone = LETTER_TONES[letter]
    if base == "i":
        return _VNI_I[tone]
    if base in _VNI_SINGLE:
        return _VNI_SINGLE[base] + _VNI_TONE[tone]
    quality = quality_mark(base)
    marks = {CIRCUMFLEX: _VNI_CIRCUMFLEX, BREVE: _VNI_BREVE}.get(quality, _VNI_TONE)
    return ascii_base(base) + marks[tone]


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = {}
    for letter in LETTER_TONES:
        if letter.islower() and not letter.isascii():
            encode[letter] = _vni_of(letter)
            encode[letter.upper()] = _vni_of(letter).upper()
    encode["đ"], encode["Đ"] = _VNI_SINGLE["đ"], _VNI_SINGLE["đ"].upper()
    decode = {code: letter for letter, code in encode.items()}
    # Be lenient on input: accept a mark of either case after a letter of either case, and a
    # tone mark after a plain i or y (some converters wrote "iù" rather than "í").
    for letter, code in list(encode.items()):
        if len(code) == 2:
            decode.setdefault(code[0] + code[1].swapcase(), letter)
    for vowel in "iyIY":
        for tone, mark in enumerate(_VNI_TONE[1:], start=NO_TONE + 1):
            for case_mark in (mark, mark.upper()):
                decode.setdefault(vowel + case_mark, TONED[(vowel, tone)])
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _build_vni()


def _vni_pattern() -> re.Pattern[str]:
    """One alternative per base letter (``a[ùøû...]``), then the one-character codes."""
    seconds: dict[str, set[str]] = {}
    for code in _VNI_DECODE:
        if len(code) == 2:
            seconds.setdefault(code[0], set()).add(code[1])
    singles = "".join(sorted(code for code in _VNI_DECODE if len(code) == 1))
    pairs = [f"{re.escape(first)}[{''.join(sorted(rest))}]" for first, rest in seconds.items()]
    return re.compile("|".join([*pairs, f"[{singles}]"]))


_VNI_DECODE_RE: Final = _vni_pattern()

# Characters that make up a word in mojibake: letters, plus everything the encoding produces.
_SOURCE_CHARS: Final = {
    TCVN3: frozenset(map(chr, _TCVN3_DECODE)),
    VNI: frozenset("".join(_VNI_DECODE)) - frozenset(VOWELS + VOWELS.upper()),
}


@functools.cache
def _token_re(encoding: str) -> re.Pattern[str]:
    extra = "".join(sorted(_SOURCE_CHARS[encoding]))
    return re.compile(rf"(?:[^\W\d_]|[{re.escape(extra)}])+")


def _check_encoding(encoding: str) -> str:
    if encoding not in LEGACY_ENCODINGS:
        known = ", ".join(repr(name) for name in LEGACY_ENCODINGS)
        raise ValueError(f"unknown legacy Vietnamese encoding {encoding!r}; expected {known}")
    return encoding


def encode_legacy(text: str, encoding: str) -> str:
    """Return ``text`` as it looks when its TCVN3 or VNI bytes are read as Windows-1252.

    ``encoding`` is ``"tcvn3"`` or ``"vni"``. Characters the encoding has no byte for are kept.
    TCVN3 has no capitals with tone marks; they get their lowercase bytes, as ".VnTimeH"
    fonts did. This makes test data and messy demo spreadsheets; `repair_legacy_encoding`
    undoes it.
    """
    table = _TCVN3_ENCODE if _check_encoding(encoding) == TCVN3 else _VNI_ENCODE
    return "".join([table.get(char, char) for char in unicodedata.normalize("NFC", text)])


def _is_capitals(pairs: list[tuple[str, str]]) -> bool | None:
    """Return whether the cased letters (skipping shared-case TCVN3 bytes) are all capitals.

    None when there are fewer than two such letters to judge by.
    """
    cased = [
        decoded
        for source, decoded in pairs
        if source not in _TCVN3_TONED_CHARS and decoded.lower() != decoded.upper()
    ]
    if len(cased) < 2:
        return None
    return all(letter.isupper() for letter in cased)


def _decode_tcvn3(text: str) -> str:
    token_re = _token_re(TCVN3)
    lines = []
    for line in text.splitlines(keepends=True):
        line_caps = _is_capitals(list(zip(line, line.translate(_TCVN3_DECODE), strict=True)))

        def decode_token(match: re.Match[str], line_caps: bool | None = line_caps) -> str:
            word = match.group()
            pairs = list(zip(word, word.translate(_TCVN3_DECODE), strict=True))
            caps = _is_capitals(pairs)
            if caps is None:
                caps = line_caps
            return "".join(
                decoded.upper() if caps and source in _TCVN3_TONED_CHARS else decoded
                for source, decoded in pairs
            )

        lines.append(token_re.sub(decode_token, line))
    return "".join(lines)


def _decode_vni(text: str) -> str:
    return _VNI_DECODE_RE.sub(lambda match: _VNI_DECODE[match.group()], text)


def _decode(text: str, encoding: str) -> str:
    decoded = _decode_tcvn3(text) if encoding == TCVN3 else _decode_vni(text)
    return unicodedata.normalize("NFC", decoded)


def _looks_like_word(word: str) -> bool:
    """Return whether ``word`` is a Vietnamese syllable written in lower, Title or UPPER case.

    Mixed case is typical of TCVN3 mojibake, whose lowercase letters include capitals such as
    "Ö" and "Õ" ("ViÖt", "BÕn").
    """
    return (word.islower() or word.isupper() or word.istitle()) and is_plausible_syllable(word)


def _evidence(text: str, encoding: str) -> int:
    """Score how much better ``text`` reads as Vietnamese once decoded from ``encoding``.

    A word that becomes a Vietnamese syllable only after decoding gains 2 when its odd
    characters sit inside the word ("Hãa"), 1 when one starts it ("µm" could be micrometres).
    A syllable that decoding would spoil costs 1; one that stays a syllable costs nothing,
    since both readings are possible (VNI "Thò" is "Thị"; TCVN3 "Céng" is "Cộng"). The score
    counts only if the gain is at least 2 and above the cost, and at least half the decoded
    words are Vietnamese syllables.
    """
    source_chars = _SOURCE_CHARS[encoding]
    gain = cost = syllables = others = 0
    for match in _token_re(encoding).finditer(text):
        word = match.group()
        decoded = _decode(word, encoding)
        good_after = _looks_like_word(decoded)
        if decoded != word:
            if _looks_like_word(word):
                cost += 0 if good_after else 1
            elif good_after and any(c.isascii() for c in word):
                gain += 1 if word[0] in source_chars else 2
        if good_after:
            syllables += 1
        else:
            others += 1
    if gain < 2 or gain <= cost or syllables < others:
        return 0
    return gain - cost


def detect_legacy_encoding(text: str) -> str | None:
    """Return ``"tcvn3"`` or ``"vni"`` if ``text`` is mojibake of that encoding, else None.

    Unicode text with any Vietnamese letter outside Latin-1 (ạ, ơ, đ, ...) is never legacy.
    Otherwise each encoding is tried word by word and wins if decoding turns more non-words
    into Vietnamese syllables than it spoils, and more than the other encoding does. One short
    cell can be ambiguous ("Céng" is TCVN3 for "Cộng" but also a well-formed syllable), so to
    judge a whole column, join its cells with newlines and detect once.
    """
    if text.isascii():
        return None
    text = unicodedata.normalize("NFC", text)
    if not NON_LATIN1_LETTERS.isdisjoint(text):
        return None
    scores = {encoding: _evidence(text, encoding) for encoding in LEGACY_ENCODINGS}
    best = max(scores, key=scores.__getitem__)
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None  # no evidence, or as much for one encoding as for the other
    return best


@attrs.frozen
class RepairResult:
    """What `repair_legacy_encoding` did to one text."""

    text: str
    """The repaired text (NFC), or the input unchanged when nothing was repaired."""
    encoding: str | None
    """The legacy encoding that was decoded, or None when nothing was done."""
    changed: bool
    """Whether ``text`` differs from the input."""


def repair_legacy_encoding(text: str, *, encoding: str | None = None) -> RepairResult:
    """Return ``text`` decoded from TCVN3 or VNI mojibake into Unicode NFC, if it is such.

    With ``encoding=None`` the encoding is found by `detect_legacy_encoding`; pass ``"tcvn3"``
    or ``"vni"`` when it is known (for example, detected once for a whole column). Text that
    is not legacy mojibake comes back unchanged, with ``encoding=None``.

    TCVN3 has no capitals with tone marks, so those come back lowercase unless the word (or,
    for short words, the line) is otherwise written in capitals: "THANH HãA" -> "THANH HÓA".
    """
    if encoding is None:
        encoding = detect_legacy_encoding(text)
        if encoding is None:
            return RepairResult(text=text, encoding=None, changed=False)
    repaired = _decode(text, _check_encoding(encoding))
    if repaired == text:
        return RepairResult(text=text, encoding=None, changed=False)
    return RepairResult(text=repaired, encoding=encoding, changed=True)
