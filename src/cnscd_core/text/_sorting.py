"""Ordering people's names the way official Vietnamese lists do."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Final, TypeAlias

from ._alphabet import ALPHABET, LETTER_TONES, NO_TONE
from ._normalize import canonical, compare_key, nfc

WordKey: TypeAlias = tuple[tuple[int, ...], tuple[int, ...]]
"""Letter ranks of one word, then the tone rank of each letter."""
NameSortKey: TypeAlias = tuple[tuple[WordKey, ...], str, str, str]
"""What `name_sort_key` returns: word keys (given name first), then three tiebreak strings."""

_LETTER_RANK: Final = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Characters outside the alphabet (f, j, w, z, digits, hyphens, other scripts) sort after y,
# among themselves by code point.
_OTHER_RANK: Final = len(ALPHABET)


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> WordKey:
    """Return the sort key of one canonical, case-folded word."""
    ranks: list[int] = []
    tones: list[int] = []
    for char in word:
        base, tone = LETTER_TONES.get(char, (char, NO_TONE))
        rank = _LETTER_RANK.get(base)
        ranks.append(_OTHER_RANK + ord(char) if rank is None else rank)
        tones.append(tone)
    return tuple(ranks), tuple(tones)


def name_sort_key(full_name: str) -> NameSortKey:
    """Return a key that sorts full names in official Vietnamese order.

    Names compare by the given name (the last word) first, then by the remaining words from
    the family name on ("Trần Văn An" < "Lê Thị Bình" < "Nguyễn Văn Bình"). Words compare
    letter by letter in the order a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
    then, only when all letters tie, by tone: none < huyền < hỏi < ngã < sắc < nặng
    (dictionary order). Case, NFC/NFD and tone placement do not matter; the canonical
    spelling with lowercase first ("an" < "An", as dictionaries do), the NFC spelling and
    finally the string itself break remaining ties, so different strings never get equal keys.
    """
    words = compare_key(full_name).split()
    ordered = words[-1:] + words[:-1]
    return (
        tuple(_word_key(word) for word in ordered),
        canonical(full_name).swapcase(),  # swapped so that lowercase sorts first
        nfc(full_name),
        full_name,
    )


def sort_names(names: Iterable[str]) -> list[str]:
    """Return ``names`` sorted in official Vietnamese order (see `name_sort_key`)."""
    return sorted(names, key=name_sort_key)
