"""Normal forms and keys: one spelling per word, whatever NFC/NFD, case or tone placement."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.text import canonical, compare_key, fold, has_diacritics, nfc

# --- Strategies shared by the text tests -----------------------------------------------------
# Syllables are built from onsets and rhymes written out by hand here, independently of the
# implementation. In a rhyme, "*" follows the vowel that carries the tone in canonical spelling;
# the second form is where the other common convention ("hoà", "thuỷ", "khoẻ") puts it.


def spaced(text: str) -> tuple[str, ...]:
    """Split a space-separated list written out by hand."""
    return tuple(text.split())


# Tone marks in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
SAC, NANG = 4, 5

ONSETS = ("", *spaced("b ch d đ h kh l m n ng nh ph s t th tr v x"))
OPEN_RHYMES = spaced(
    "a* e* ê* i* o* ô* ơ* u* ư* y* a*i a*o a*u a*y â*u â*y e*o ê*u i*a i*u o*i ô*i ơ*i u*a "
    "u*i ư*a ư*i ư*u iê*u oa*i oa*y uâ*y uô*i ươ*i yê*u uy*u uơ* uê*"
)
AMBIGUOUS_RHYMES = {"o*a": "oa*", "o*e": "oe*", "u*y": "uy*"}
CLOSED_RHYMES = spaced(
    "a*n a*ng a*nh a*m ă*n ă*ng ă*m â*n â*ng â*m e*n e*ng e*m ê*n ê*nh ê*m i*n i*nh i*m o*n "
    "o*ng o*m ô*n ô*ng ô*m ơ*n ơ*m u*n u*ng u*m ư*n ư*ng iê*n iê*ng iê*m yê*n yê*m uô*n uô*ng "
    "uô*m ươ*n ươ*ng ươ*m oa*n oa*ng oa*nh oă*n oă*ng uâ*n uâ*ng uyê*n uy*nh uy*n oe*n"
)
# Syllables ending in c, ch, p or t only take the sắc or nặng tone.
STOP_RHYMES = spaced(
    "a*c a*ch a*p a*t ă*c ă*p ă*t â*c â*p â*t e*c e*p e*t ê*ch ê*p ê*t i*ch i*p i*t o*c o*p "
    "o*t ô*c ô*p ô*t ơ*p ơ*t u*c u*p u*t ư*c ư*t iê*c iê*p iê*t yê*t uô*c uô*t ươ*c ươ*p ươ*t "
    "oa*c oa*ch oa*t oă*c oă*t uyê*t uy*ch uy*t uâ*t oe*t"
)


def render(onset: str, rhyme: str, tone: int) -> str:
    """Spell a syllable in NFC, putting the tone mark after the starred vowel."""
    return unicodedata.normalize("NFC", onset + rhyme.replace("*", TONE_MARKS[tone]))


@st.composite
def syllable_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A syllable spelt with canonical tone placement, and with the other placement."""
    onset = draw(st.sampled_from(ONSETS))
    kind = draw(st.sampled_from(["open", "ambiguous", "closed", "stop"]))
    if kind == "stop":
        rhyme = draw(st.sampled_from(STOP_RHYMES))
        tone = draw(st.sampled_from([SAC, NANG]))
        return render(onset, rhyme, tone), render(onset, rhyme, tone)
    tone = draw(st.integers(0, 5))
    if kind == "ambiguous":
        rhyme = draw(st.sampled_from(sorted(AMBIGUOUS_RHYMES)))
        return render(onset, rhyme, tone), render(onset, AMBIGUOUS_RHYMES[rhyme], tone)
    rhyme = draw(st.sampled_from(OPEN_RHYMES if kind == "open" else CLOSED_RHYMES))
    return render(onset, rhyme, tone), render(onset, rhyme, tone)


def cased(word: str, style: str) -> str:
    return {"lower": word, "title": word.capitalize(), "upper": word.upper()}[style]


@st.composite
def phrase_pairs(draw: st.DrawFn, max_words: int = 5) -> tuple[str, str]:
    """A phrase in canonical spelling and the same phrase with the other tone placement."""
    pairs = draw(st.lists(syllable_pairs(), min_size=1, max_size=max_words))
    styles = draw(st.lists(st.sampled_from(["lower", "title", "upper"]), min_size=len(pairs)))
    canon = " ".join(cased(c, s) for (c, _), s in zip(pairs, styles, strict=False))
    other = " ".join(cased(o, s) for (_, o), s in zip(pairs, styles, strict=False))
    return canon, other


syllables = syllable_pairs().map(lambda pair: pair[0])
phrases = phrase_pairs().map(lambda pair: pair[0])
"""Vietnamese phrases in NFC with canonical tone placement, mixed case."""


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- canonical ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_text", "expected"),
    [
        ("Hoà", "Hòa"),
        ("Hòa", "Hòa"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Thanh Hóa", "Thanh Hóa"),
        ("Thuỷ", "Thủy"),
        ("thủy", "thủy"),
        ("Khoẻ", "Khỏe"),
        ("Khỏe", "Khỏe"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("Quý", "Quý"),
        ("Quỳnh", "Quỳnh"),
        ("qúy", "quý"),  # the u of qu belongs to the consonant
        ("Nguyễn", "Nguyễn"),
        ("Giàng", "Giàng"),
        ("già", "già"),
        ("gìn giữ", "gìn giữ"),  # gi before a consonant: i is the vowel
        ("Hoàng", "Hoàng"),
        ("hòang", "hoàng"),  # closed syllable: last vowel
        ("Tuyết", "Tuyết"),
        ("Khuê", "Khuê"),
        ("Hoài", "Hoài"),
        ("hoaì", "hoài"),
        ("khuỷu", "khuỷu"),
        ("người", "người"),
        ("thuở", "thuở"),
        ("Đắk Lắk", "Đắk Lắk"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa-Vũng Tàu"),
    ],
)
def test_canonical_places_tone_marks_one_way(given_text: str, expected: str) -> None:
    assert canonical(given_text) == expected
    assert canonical(nfd(given_text)) == expected


def test_canonical_collapses_whitespace() -> None:
    assert canonical("  Thanh \t Hoá\n ") == "Thanh Hóa"


@pytest.mark.parametrize(
    "text", ["Hello world", "café crème", "Señor Muñoz", "HTML5 và CSS3", "Hoàx", "aoà"]
)
def test_canonical_leaves_words_that_are_not_vietnamese_syllables(text: str) -> None:
    assert canonical(text) == text


@given(phrase_pairs())
def test_canonical_maps_both_tone_placements_to_the_canonical_spelling(
    pair: tuple[str, str],
) -> None:
    canon, other = pair
    assert canonical(other) == canon
    assert canonical(canon) == canon
    assert canonical(nfd(other)) == canon


@given(st.text())
def test_canonical_is_idempotent_nfc_and_stripped(text: str) -> None:
    once = canonical(text)
    assert canonical(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == " ".join(once.split())


# --- compare_key -------------------------------------------------------------------------------


def test_compare_key_ignores_case_form_and_tone_placement_but_not_accents() -> None:
    assert compare_key("THANH HOÁ") == compare_key("thanh hóa") == "thanh hóa"
    assert compare_key(nfd("Thanh Hóa")) == compare_key("Thanh Hóa")
    assert compare_key("  Hoà   Bình ") == compare_key("hòa bình")
    assert compare_key("Hòa") != compare_key("Hoa")
    assert compare_key("Hòa") != compare_key("Hóa")


@given(phrase_pairs())
def test_compare_key_equal_across_placement_case_and_normal_form(pair: tuple[str, str]) -> None:
    canon, other = pair
    key = compare_key(canon)
    assert compare_key(other) == key
    assert compare_key(nfd(other)) == key
    assert compare_key(canon.upper()) == key
    assert compare_key(canon.lower()) == key


@given(st.text())
def test_compare_key_nfd_equals_nfc_and_is_idempotent(text: str) -> None:
    key = compare_key(text)
    assert compare_key(nfd(text)) == compare_key(unicodedata.normalize("NFC", text))
    assert compare_key(key) == key


# --- fold --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_text", "expected"),
    [
        ("Đắk Lắk", "dak lak"),
        ("  Thành phố   Hồ Chí Minh ", "thanh pho ho chi minh"),
        ("ĐỒNG THÁP", "dong thap"),
        ("Nguyễn Thị Ánh", "nguyen thi anh"),
        ("Hello World", "hello world"),
        ("Señor Müller", "senor muller"),
    ],
)
def test_fold_removes_accents_case_and_extra_space(given_text: str, expected: str) -> None:
    assert fold(given_text) == expected


@given(phrases)
def test_fold_of_vietnamese_is_ascii_and_matches_marks_stripped(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    stripped = "".join(c for c in nfd(text) if not unicodedata.combining(c))
    assert folded == stripped.replace("đ", "d").replace("Đ", "D").lower()


@given(st.text())
def test_fold_is_idempotent_and_form_independent(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(nfd(text)) == folded


@given(phrase_pairs())
def test_fold_ignores_tone_placement(pair: tuple[str, str]) -> None:
    assert fold(pair[0]) == fold(pair[1])


# --- has_diacritics and nfc --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoa Binh", False),
        ("", False),
        ("Hòa Bình", True),
        (nfd("Hòa Bình"), True),
        ("Dong Da", False),
        ("Đong Da", True),
        ("Văn", True),
        ("Nguyen Van A, 1990", False),
    ],
)
def test_has_diacritics(text: str, expected: bool) -> None:
    assert has_diacritics(text) is expected


@given(phrases)
def test_has_diacritics_exactly_when_folding_changes_letters(text: str) -> None:
    assert has_diacritics(text) == (fold(text) != text.lower())
    assert has_diacritics(nfd(text)) == has_diacritics(text)


def test_nfc_composes() -> None:
    assert nfc(nfd("Việt Nam")) == "Việt Nam"
    assert len(nfc("e\u0323\u0302")) == 1  # dot below and circumflex, any order, one letter
    assert nfc("e\u0302\u0323") == nfc("e\u0323\u0302") == "ệ"
