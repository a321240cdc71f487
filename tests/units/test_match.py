"""Name matching: tolerant of how spreadsheets write names, never silently guessing."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.errors import AmbiguousUnitError, InvalidQueryError, UnknownUnitError
from cnscd_core.text import fold
from cnscd_core.units import Level, UnitKind, UnitRegistry, default_registry

LEGACY_DAY = dt.date(2025, 1, 1)


@pytest.fixture(scope="module")
def registry() -> UnitRegistry:
    return default_registry()


def top(registry: UnitRegistry, text: str, **kwargs: object) -> list[str]:
    """Codes of the candidates sharing the best score."""
    found = registry.find(text, **kwargs)  # type: ignore[arg-type]
    return [c.unit.code for c in found if c.score == found[0].score] if found else []


@pytest.mark.parametrize(
    "text",
    [
        "Thanh Hóa",
        "Thanh Hoá",
        "THANH HÓA",
        "  thanh   hóa ",
        unicodedata.normalize("NFD", "Thanh Hoá"),
        "Tỉnh Thanh Hóa",
        "T. Thanh Hoá",
        "tinh thanh hoa",
    ],
)
def test_province_spellings(registry: UnitRegistry, text: str) -> None:
    assert top(registry, text, level=Level.PROVINCE) == ["38"]


@pytest.mark.parametrize(
    "text", ["TP. Hồ Chí Minh", "Tp Hồ Chí Minh", "TP.HCM", "TPHCM", "tp ho chi minh", "HCM"]
)
def test_city_abbreviations(registry: UnitRegistry, text: str) -> None:
    assert top(registry, text, level=Level.PROVINCE) == ["79"]


@pytest.mark.parametrize(
    "text",
    [
        "Phường 3, TP Tây Ninh",
        "P.3, Tây Ninh",
        "P3, Tây Ninh",
        "Phường III, Tây Ninh",
        "P. 03, Tây Ninh",
    ],
)
def test_numbered_wards(registry: UnitRegistry, text: str) -> None:
    codes = top(registry, text, as_of=LEGACY_DAY)
    assert len(codes) == 1
    unit = registry.lookup(codes[0], as_of=LEGACY_DAY)
    assert unit.short_name == "Phường 3"
    assert registry.path(unit.code, as_of=LEGACY_DAY)[0].short_name == "Tây Ninh"


def test_district_abbreviations(registry: UnitRegistry) -> None:
    codes = top(registry, "Q.1, TP HCM", as_of=LEGACY_DAY)
    assert [registry.legacy.get(c).name for c in codes] == ["Quận 1"]
    codes = top(registry, "TX Sơn Tây, Hà Nội", as_of=LEGACY_DAY)
    assert [registry.legacy.get(c).name for c in codes] == ["Thị xã Sơn Tây"]
    codes = top(registry, "H. Như Xuân", as_of=LEGACY_DAY)
    assert [registry.legacy.get(c).name for c in codes] == ["Huyện Như Xuân"]


def test_ambiguity_is_reported_with_every_candidate(registry: UnitRegistry) -> None:
    found = registry.find("thanh hoa")
    tied = [c for c in found if c.ambiguous]
    assert len(tied) >= 2
    assert "38" in {c.unit.code for c in tied}
    with pytest.raises(AmbiguousUnitError) as info:
        registry.resolve("thanh hoa")
    assert len(info.value.candidates) == len(tied)
    assert all(c.path in str(info.value) for c in info.value.candidates)


def test_accented_query_prefers_exact_accents(registry: UnitRegistry) -> None:
    found = registry.find("Thạnh Hóa")
    assert found[0].score == 1.0 and not found[0].ambiguous
    assert found[0].unit.short_name == "Thạnh Hóa"
    assert any("accents" in " ".join(c.why) or "dấu" in " ".join(c.why) for c in found[1:])


def test_address_parts_choose_among_homonyms(registry: UnitRegistry) -> None:
    found = registry.find("Xã Xuân Bình, Huyện Như Xuân, Tỉnh Thanh Hóa", as_of=LEGACY_DAY)
    assert found[0].score == 1.0 and not found[0].ambiguous
    assert found[0].path == "Xã Xuân Bình, Huyện Như Xuân, Tỉnh Thanh Hóa"
    assert found[1].score < found[0].score


def test_commune_with_province_but_no_district(registry: UnitRegistry) -> None:
    unit = registry.resolve("Xuân Bình, Thanh Hoá", as_of=LEGACY_DAY)
    assert registry.path(unit.code, as_of=LEGACY_DAY)[1].name == "Huyện Như Xuân"


def test_unknown_leading_parts_are_ignored_and_said(registry: UnitRegistry) -> None:
    found = registry.find("Số 12 ngõ 5, Phường Hoàn Kiếm, Hà Nội")
    assert found[0].unit.name == "Phường Hoàn Kiếm"
    assert any("Số 12 ngõ 5" in why for why in found[0].why)


def test_typo_is_found_with_a_lower_score(registry: UnitRegistry) -> None:
    found = registry.find("Thanh Hóaa", level=Level.PROVINCE)
    assert found and found[0].unit.code == "38"
    assert found[0].score < 0.9


def test_within_restricts(registry: UnitRegistry) -> None:
    found = registry.find("Phường 1", within="79", as_of=LEGACY_DAY, limit=100)
    assert found
    assert all(registry.path(c.unit.code, as_of=LEGACY_DAY)[0].code == "79" for c in found)


@pytest.mark.parametrize("text", ["", "   ", "...", "x" * 400])
def test_absurd_queries_are_refused(registry: UnitRegistry, text: str) -> None:
    with pytest.raises(InvalidQueryError):
        registry.find(text)


def test_nothing_found(registry: UnitRegistry) -> None:
    assert registry.find("Zzyzx Qwerty") == []
    with pytest.raises(UnknownUnitError, match="Zzyzx"):
        registry.resolve("Zzyzx Qwerty")


# -- properties over the real lists: names we did not write down ---------------------------

_OLD_STYLE = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè",
              "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý",
              "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}  # fmt: skip


def old_style(text: str) -> str:
    """Write ``text`` with the old tone placement (Hòa -> Hoà) at word ends."""
    words = []
    for word in text.split(" "):
        for new, old in _OLD_STYLE.items():
            if word.lower().endswith(new) and not word.lower().endswith("q" + new):
                word = word[: -len(new)] + (old if word[-len(new)].islower() else old.capitalize())
        words.append(word)
    return " ".join(words)


MESSINESS = st.sampled_from(["upper", "lower", "nfd", "old_tones", "no_accents", "spaces"])
PREFIXES = {
    UnitKind.XA: ["Xã ", "X. ", "xa "],
    UnitKind.PHUONG: ["Phường ", "P. ", "P."],
    UnitKind.DAC_KHU: ["Đặc khu "],
    UnitKind.THI_TRAN: ["Thị trấn ", "TT ", "TT. "],
}


def mess(text: str, how: str) -> str:
    return {
        "upper": text.upper(),
        "lower": text.lower(),
        "nfd": unicodedata.normalize("NFD", text),
        "old_tones": old_style(text),
        "no_accents": fold(text),
        "spaces": "  " + text.replace(" ", "   ") + " ",
    }[how]


@given(data=st.data(), how=MESSINESS)
def test_any_2025_commune_with_its_province_is_found(data: st.DataObject, how: str) -> None:
    registry = default_registry()
    current = registry.current
    communes = current.indices(Level.COMMUNE)
    idx = data.draw(st.sampled_from(communes))
    unit = current.unit(idx)
    province = current.unit(current.parent_index(idx))
    prefix = data.draw(st.sampled_from(PREFIXES[unit.kind]))
    text = mess(f"{prefix}{unit.short_name}, {province.name}", how)
    codes = top(registry, text, level=Level.COMMUNE)
    assert unit.code in codes
    if how != "no_accents":
        # accents kept: only units spelt the same way in that province can tie
        same = [
            i
            for i in current.child_indices(current.parent_index(idx))
            if fold(current.short_name(i)) == fold(unit.short_name)
        ]
        assert len(codes) <= len(same)


@given(data=st.data(), how=MESSINESS)
def test_any_legacy_commune_with_district_and_province_is_found(
    data: st.DataObject, how: str
) -> None:
    registry = default_registry()
    legacy = registry.legacy
    idx = data.draw(st.sampled_from(legacy.indices(Level.COMMUNE)))
    path = [legacy.unit(i) for i in (idx, *legacy.ancestor_indices(idx))]
    text = mess(", ".join(u.name for u in path), how)
    codes = top(registry, text, as_of=LEGACY_DAY)
    assert path[0].code in codes
    assert len(codes) <= 2  # a district very rarely has two communes of one spelling
