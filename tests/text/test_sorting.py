"""Official order of people's names: given name first, Vietnamese alphabet, tones as tiebreak."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cnscd_core.text import compare_key, name_sort_key, sort_names

from .test_normalize import phrase_pairs, spaced, syllable_pairs, syllables

ALPHABET = list(spaced("a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y"))


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def shuffled(items: list[str], seed: int = 7) -> list[str]:
    copy = list(items)
    random.Random(seed).shuffle(copy)
    return copy


names = st.lists(syllables, min_size=1, max_size=4).map(" ".join)
"""Full names of one to four words."""


def precedes(first: str, second: str) -> bool:
    return name_sort_key(first) < name_sort_key(second)


# --- examples ----------------------------------------------------------------------------------


def test_given_name_decides_first() -> None:
    people = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Cường", "Phạm Thị Ánh"]
    assert sort_names(people) == [
        "Trần Thị An",
        "Phạm Thị Ánh",
        "Nguyễn Văn Bình",
        "Lê Văn Cường",
    ]


def test_family_name_then_middle_names_break_ties() -> None:
    people = ["Trần Văn An", "Lê Văn An", "Nguyễn An", "Lê Thị An"]
    assert sort_names(people) == ["Lê Thị An", "Lê Văn An", "Nguyễn An", "Trần Văn An"]


def test_letters_follow_the_vietnamese_alphabet() -> None:
    assert sort_names(shuffled(ALPHABET)) == ALPHABET
    assert sort_names(shuffled([letter.upper() for letter in ALPHABET])) == [
        letter.upper() for letter in ALPHABET
    ]
    assert sort_names(["Đức", "Dung", "Em", "Duy"]) == ["Dung", "Duy", "Đức", "Em"]
    assert sort_names(["Ơn", "Oanh", "Ổn", "Phúc"]) == ["Oanh", "Ổn", "Ơn", "Phúc"]
    assert sort_names(["Ưng", "Uyên", "Vân"]) == ["Uyên", "Ưng", "Vân"]


def test_tones_follow_dictionary_order() -> None:
    expected = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]  # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sort_names(shuffled(expected)) == expected


def test_tones_only_break_ties_between_equal_letters() -> None:
    assert sort_names(["Ao", "Ánh", "Anh"]) == ["Anh", "Ánh", "Ao"]
    assert sort_names(["Mai", "Mạ"]) == ["Mạ", "Mai"]


def test_ignores_case_normal_form_and_tone_placement() -> None:
    assert name_sort_key("LÊ THỊ HOÀ")[0] == name_sort_key("lê thị hòa")[0]
    assert name_sort_key(nfd("Lê Thị Hòa"))[0] == name_sort_key("Lê Thị Hòa")[0]
    assert sort_names(["nguyễn văn bình", "LÊ VĂN AN"]) == ["LÊ VĂN AN", "nguyễn văn bình"]


def test_other_characters_sort_after_the_alphabet_by_code_point() -> None:
    assert sort_names(["Zung", "Yến", "Fan", "Anh"]) == ["Anh", "Yến", "Fan", "Zung"]
    assert sort_names(["An2", "An1", "Anh"]) == ["Anh", "An1", "An2"]


def test_lowercase_before_capitals_when_all_else_ties() -> None:
    assert sort_names(["AN", "An", "an"]) == ["an", "An", "AN"]


def test_equal_keys_are_broken_deterministically() -> None:
    variants = ["Hòa", "Hoà", "HÒA", nfd("Hòa"), "hòa"]
    first = sort_names(variants)
    assert sort_names(reversed(variants)) == first
    assert len({name_sort_key(v) for v in variants}) == len(variants)


def test_empty_and_blank_names_sort_first() -> None:
    assert sort_names(["An", "", "  "]) == ["", "  ", "An"]


# --- properties --------------------------------------------------------------------------------


@given(st.lists(names, max_size=12), st.randoms(use_true_random=False))
def test_order_does_not_depend_on_input_order(people: list[str], rnd: random.Random) -> None:
    result = sort_names(people)
    assert Counter(result) == Counter(people)
    other = list(people)
    rnd.shuffle(other)
    assert sort_names(other) == result


@given(st.lists(st.text(), max_size=8))
def test_key_is_total_on_any_text(texts: list[str]) -> None:
    keys = [name_sort_key(text) for text in texts]
    for text, key in zip(texts, keys, strict=True):
        for other, other_key in zip(texts, keys, strict=True):
            assert (key == other_key) == (text == other)
    assert sort_names(texts) == sorted(texts, key=name_sort_key)


@given(st.lists(names, max_size=10))
def test_order_does_not_depend_on_normal_form(people: list[str]) -> None:
    from_nfc = sort_names(people)
    from_nfd = sort_names([nfd(p) for p in people])
    assert [nfd(p) for p in from_nfc] == from_nfd


@given(st.lists(phrase_pairs(max_words=4), max_size=10))
def test_order_does_not_depend_on_tone_placement(pairs: list[tuple[str, str]]) -> None:
    canonical_names = [canon for canon, _ in pairs]
    other_names = [other for _, other in pairs]
    assert [compare_key(n) for n in sort_names(other_names)] == [
        compare_key(n) for n in sort_names(canonical_names)
    ]


@given(names, names, syllables, syllables)
def test_given_name_dominates_the_rest(
    rest_a: str, rest_b: str, given_a: str, given_b: str
) -> None:
    assume(compare_key(given_a) != compare_key(given_b))
    assert precedes(f"{rest_a} {given_a}", f"{rest_b} {given_b}") == precedes(given_a, given_b)


@given(syllable_pairs(), syllable_pairs(), st.lists(syllables, max_size=2), syllables)
def test_family_name_decides_between_equal_given_names(
    family_a: tuple[str, str], family_b: tuple[str, str], middle: list[str], given_name: str
) -> None:
    a, b = family_a[0], family_b[0]
    assume(compare_key(a) != compare_key(b))
    middle_part = " ".join(middle)
    full_a = " ".join(filter(None, [a, middle_part, given_name]))
    full_b = " ".join(filter(None, [b, given_name]))
    assert precedes(full_a, full_b) == precedes(a, b)


@pytest.mark.parametrize("vowel", [letter for letter in ALPHABET if letter in "aăâeêioôơuưy"])
def test_toned_vowels_sort_between_their_letter_and_the_next(vowel: str) -> None:
    index = ALPHABET.index(vowel)
    others = ALPHABET[:index] + ALPHABET[index + 1 :]
    for mark in ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323"):
        word = unicodedata.normalize("NFC", vowel + mark)
        assert sort_names(shuffled([*others, word, vowel])) == [
            *ALPHABET[: index + 1],
            word,
            *ALPHABET[index + 1 :],
        ]
