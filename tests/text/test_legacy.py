"""TCVN3 (ABC) and VNI mojibake: tables, round trips, detection that never misfires."""

from __future__ import annotations

import unicodedata

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cnscd_core.text import (
    LEGACY_ENCODINGS,
    RepairResult,
    detect_legacy_encoding,
    encode_legacy,
    repair_legacy_encoding,
)

from .test_normalize import phrases

VOWELS = "aăâeêioôơuưy"
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
LOWER_LETTERS = sorted(
    {unicodedata.normalize("NFC", v + m) for v in VOWELS for m in TONE_MARKS} - set("aeiouy")
    | {"đ"}
)
UPPER_LETTERS = [letter.upper() for letter in LOWER_LETTERS]

UNICODE_SENTENCES = [
    "Tổ công nghệ số cộng đồng",
    "đi từng ngõ, gõ từng nhà, hướng dẫn từng người",
    "Thành phố Hồ Chí Minh",
    "Ủy ban nhân dân tỉnh Thanh Hóa",
    "Xã Hòa Bình, huyện Như Xuân",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Danh sách hộ gia đình tham gia tập huấn kỹ năng số",
    "Nguyễn Thị Minh Khai",
    "Bà Rịa - Vũng Tàu",
    "Đắk Lắk",
    "Bến Tre",
    "Khánh Hoà",
    "Cà Mau, Gò Vấp",
]
NOT_LEGACY = [
    # Unicode Vietnamese whose letters all exist in Latin-1, the hardest case.
    "Chí Minh",
    "Cà Mau",
    "Có",
    "Hoà",
    "Khoá học",
    "Chó và mèo",
    # Other languages.
    "Hello world",
    "Monthly report, Q3 2024 (draft)",
    "café crème brûlée",
    "Señor Muñoz vivía en São Paulo",
    "naïve résumé",
    "Müller Straße",
    "Je ne sais pas où",
    "Kích thước 5 µm",
    "5 µm",
    "© 2024 · ½ × ¾",
]


# --- known spellings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mojibake", "encoding", "unicode"),
    [
        ("Thanh Hãa", "tcvn3", "Thanh Hóa"),
        ("Nh\xad Xu©n", "tcvn3", "Như Xuân"),
        ("Thanh Hoùa", "vni", "Thanh Hóa"),
        ("Nhö Xuaân", "vni", "Như Xuân"),
        ("B¸o c¸o tµi chÝnh quý II n¨m 2008", "tcvn3", "Báo cáo tài chính quý II năm 2008"),
        (
            "céng hßa x· héi chñ nghÜa viÖt nam\n§éc lËp - Tù do - H¹nh phóc",
            "tcvn3",
            "cộng hòa xã hội chủ nghĩa việt nam\nĐộc lập - Tự do - Hạnh phúc",
        ),
        (
            "QuyÕt ®Þnh cña Bé tr\xadëng Bé Tµi chÝnh",
            "tcvn3",
            "Quyết định của Bộ trưởng Bộ Tài chính",
        ),
        ("Uû ban nh©n d©n tØnh", "tcvn3", "Uỷ ban nhân dân tỉnh"),
        ("THANH HãA", "tcvn3", "THANH HÓA"),  # no toned capitals in TCVN3: restored from context
        ("UBND TØNH THANH HãA", "tcvn3", "UBND TỈNH THANH HÓA"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "vni", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "vni", "Độc lập - Tự do - Hạnh phúc"),
        ("ñöôïc nhöõng Chæ thò Myõ", "vni", "được những Chỉ thị Mỹ"),
        ("Nguyeãn Vaên Thöû", "vni", "Nguyễn Văn Thử"),
    ],
)
def test_repairs_real_mojibake(mojibake: str, encoding: str, unicode: str) -> None:
    assert detect_legacy_encoding(mojibake) == encoding
    assert repair_legacy_encoding(mojibake) == RepairResult(
        text=unicode, encoding=encoding, changed=True
    )


@pytest.mark.parametrize(
    ("letter", "tcvn3", "vni"),
    [
        ("ộ", "\xe9", "oä"),
        ("đ", "\xae", "ñ"),
        ("Đ", "\xa7", "Ñ"),
        ("ư", "\xad", "ö"),
        ("ừ", "\xf5", "öø"),
        ("ă", "\xa8", "aê"),
        ("ặ", "\xc6", "aë"),
        ("ĩ", "\xdc", "ó"),
        ("ỵ", "\xfe", "î"),
        ("Ỵ", "\xfe", "Î"),
        ("Ế", "\xd5", "EÁ"),
    ],
)
def test_encodes_single_letters_to_the_published_codes(letter: str, tcvn3: str, vni: str) -> None:
    assert encode_legacy(letter, "tcvn3") == tcvn3
    assert encode_legacy(letter, "vni") == vni


def test_tables_cover_all_134_letters() -> None:
    assert len(LOWER_LETTERS) == len(UPPER_LETTERS) == 67
    for encoding in LEGACY_ENCODINGS:
        for letter in LOWER_LETTERS + UPPER_LETTERS:
            # A letter without a code would stay outside Latin-1 (ý, í and ì happen to be
            # their own codes, so distinctness below checks that nothing is missing).
            assert encode_legacy(letter, encoding).encode("latin-1")
    # TCVN3: 67 distinct codes, capitals with tone marks share the lowercase ones.
    assert len({encode_legacy(letter, "tcvn3") for letter in LOWER_LETTERS}) == 67
    assert len({encode_legacy(letter, "vni") for letter in LOWER_LETTERS + UPPER_LETTERS}) == 134


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
@pytest.mark.parametrize("letter", LOWER_LETTERS + UPPER_LETTERS)
def test_every_letter_round_trips(encoding: str, letter: str) -> None:
    # Capitals in a capital word, so that TCVN3 can tell their case from the neighbours.
    word = f"NG{letter}N" if letter.isupper() else f"ng{letter}n"
    repaired = repair_legacy_encoding(encode_legacy(word, encoding), encoding=encoding)
    assert repaired.text == word
    assert repaired.changed == (word != encode_legacy(word, encoding))  # VNI "í" is "í"
    assert repaired.encoding == (encoding if repaired.changed else None)


def test_tcvn3_capitals_with_tone_marks_come_back_lowercase_without_context() -> None:
    assert repair_legacy_encoding(encode_legacy("Ánh", "tcvn3"), encoding="tcvn3").text == "ánh"
    assert repair_legacy_encoding(encode_legacy("Ánh", "vni"), encoding="vni").text == "Ánh"


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", UNICODE_SENTENCES)
def test_detects_each_encoding_of_real_sentences(sentence: str) -> None:
    assert detect_legacy_encoding(sentence) is None
    assert repair_legacy_encoding(sentence) == RepairResult(
        text=sentence, encoding=None, changed=False
    )
    for encoding in LEGACY_ENCODINGS:
        mojibake = encode_legacy(sentence, encoding)
        assert detect_legacy_encoding(mojibake) == encoding
        repaired = repair_legacy_encoding(mojibake).text
        if encoding == "vni" or not sentence[0].isupper():
            assert repaired == sentence
        assert repaired.casefold() == sentence.casefold()


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_does_not_misfire_on_other_text(text: str) -> None:
    assert detect_legacy_encoding(text) is None
    assert repair_legacy_encoding(text).text == text


def test_short_ambiguous_text_is_left_alone_unless_the_encoding_is_given() -> None:
    # "Céng" is TCVN3 for "Cộng", but also a well-formed syllable.
    assert detect_legacy_encoding("Céng") is None
    assert repair_legacy_encoding("Céng").changed is False
    assert repair_legacy_encoding("Céng", encoding="tcvn3").text == "Cộng"
    # With one more word the evidence is enough.
    assert detect_legacy_encoding("Céng hßa") == "tcvn3"


def test_forcing_an_encoding_on_clean_text_changes_nothing() -> None:
    result = repair_legacy_encoding("Hello", encoding="vni")
    assert result == RepairResult(text="Hello", encoding=None, changed=False)


def test_unknown_encoding_is_refused_with_the_known_names() -> None:
    with pytest.raises(ValueError, match=r"'viscii'.*'tcvn3', 'vni'"):
        encode_legacy("Hà Nội", "viscii")
    with pytest.raises(ValueError, match="viscii"):
        repair_legacy_encoding("Hà Nội", encoding="viscii")


def test_repair_result_is_frozen() -> None:
    result = repair_legacy_encoding("Thanh Hãa")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]


# --- properties --------------------------------------------------------------------------------

lowercase_phrases = phrases.map(str.lower)
separators = st.sampled_from([" ", ", ", " - ", "\n", "; "])


@st.composite
def texts(draw: st.DrawFn, phrase_strategy: st.SearchStrategy[str] = phrases) -> str:
    """Several phrases joined by punctuation, like a spreadsheet cell or a line of a form."""
    parts = draw(st.lists(phrase_strategy, min_size=1, max_size=4))
    seps = draw(st.lists(separators, min_size=len(parts) - 1, max_size=len(parts) - 1))
    return parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:], strict=True))


@given(texts(lowercase_phrases), st.sampled_from(LEGACY_ENCODINGS))
def test_round_trip_is_exact_for_lowercase_text(text: str, encoding: str) -> None:
    repaired = repair_legacy_encoding(encode_legacy(text, encoding), encoding=encoding)
    assert repaired.text == text


@given(texts())
def test_vni_round_trip_is_exact_in_any_case(text: str) -> None:
    assert repair_legacy_encoding(encode_legacy(text, "vni"), encoding="vni").text == text


@given(texts())
def test_tcvn3_round_trip_loses_at_most_the_case_of_toned_capitals(text: str) -> None:
    repaired = repair_legacy_encoding(encode_legacy(text, "tcvn3"), encoding="tcvn3").text
    assert repaired.casefold() == text.casefold()


@given(texts(), st.sampled_from(["NFC", "NFD"]))
def test_never_detects_legacy_encoding_in_unicode_vietnamese(text: str, form: str) -> None:
    normalized = unicodedata.normalize(form, text)  # type: ignore[arg-type]
    assert detect_legacy_encoding(normalized) is None
    assert repair_legacy_encoding(normalized).changed is False


@given(st.text(st.characters(max_codepoint=127)))
def test_never_detects_legacy_encoding_in_ascii(text: str) -> None:
    assert detect_legacy_encoding(text) is None


@given(texts(), st.sampled_from(LEGACY_ENCODINGS))
@example("đuỷnh", "tcvn3")  # VNI read it as "®ủnh" before "unh" stopped being a syllable
def test_detection_never_picks_the_wrong_encoding(text: str, encoding: str) -> None:
    assert detect_legacy_encoding(encode_legacy(text, encoding)) in (encoding, None)


@given(st.text(), st.sampled_from(LEGACY_ENCODINGS))
def test_repair_output_is_nfc(text: str, encoding: str) -> None:
    result = repair_legacy_encoding(text, encoding=encoding)
    assert unicodedata.is_normalized("NFC", result.text) or not result.changed
    assert result.changed == (result.text != text)
