"""Administrative unit values: levels, kinds and the unit record itself."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

__all__ = ["AdminUnit", "Level", "UnitKind", "strip_kind_word"]


class Level(enum.IntEnum):
    """Depth of a unit in the hierarchy (the nation is level 0)."""

    NATION = 0
    PROVINCE = 1
    DISTRICT = 2  # legacy only: the district level was abolished on 2025-07-01
    COMMUNE = 3
    VILLAGE = 4

    @property
    def label(self) -> str:
        """English lower-case name used on the command line and in JSON (``commune``)."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        """Return the level named by ``text`` (province, district, commune or village).

        Raises ``ValueError`` naming the accepted values.
        """
        key = text.strip().lower()
        for level in cls:
            if level.label == key:
                return level
        accepted = ", ".join(level.label for level in cls if level is not cls.NATION)
        raise ValueError(f"unknown level {text!r}; expected one of: {accepted}")


class UnitKind(enum.StrEnum):
    """Vietnamese type of an administrative unit (its value is the Vietnamese term)."""

    # level 1
    TINH = "tỉnh"
    THANH_PHO_TRUC_THUOC_TRUNG_UONG = "thành phố trực thuộc trung ương"
    # level 2 (legacy)
    HUYEN = "huyện"
    QUAN = "quận"
    THI_XA = "thị xã"
    THANH_PHO = "thành phố"
    # level 3
    XA = "xã"
    PHUONG = "phường"
    THI_TRAN = "thị trấn"
    DAC_KHU = "đặc khu"
    # level 4: villages and residential groups, in no national list
    THON = "thôn"
    BAN = "bản"
    AP = "ấp"
    KHOM = "khóm"
    KHU_PHO = "khu phố"
    TO_DAN_PHO = "tổ dân phố"
    TIEU_KHU = "tiểu khu"
    KHU_DAN_CU = "khu dân cư"
    LANG = "làng"
    BUON = "buôn"
    SOC = "sóc"
    PLEI = "plei"
    XOM = "xóm"
    KHU = "khu"

    @property
    def gloss(self) -> str:
        """English gloss of the Vietnamese term."""
        return _GLOSSES[self]

    @property
    def level(self) -> Level:
        """Level at which units of this kind sit."""
        return _KIND_LEVEL[self]

    @classmethod
    def parse(cls, text: str) -> UnitKind:
        """Return the kind named by ``text`` in Vietnamese (any case, with or without accents).

        Raises ``ValueError`` listing the accepted kinds.
        """
        from cnscd_core.text import compare_key, fold

        key = compare_key(text)
        for kind in cls:
            if compare_key(kind.value) == key:
                return kind
        folded = fold(text)
        matches = [kind for kind in cls if fold(kind.value) == folded]
        if len(matches) == 1:
            return matches[0]
        accepted = ", ".join(kind.value for kind in cls)
        raise ValueError(f"unknown unit kind {text!r}; expected one of: {accepted}")


_GLOSSES: dict[UnitKind, str] = {
    UnitKind.TINH: "province",
    UnitKind.THANH_PHO_TRUC_THUOC_TRUNG_UONG: "centrally governed city",
    UnitKind.HUYEN: "rural district",
    UnitKind.QUAN: "urban district",
    UnitKind.THI_XA: "district-level town",
    UnitKind.THANH_PHO: "provincial city",
    UnitKind.XA: "rural commune",
    UnitKind.PHUONG: "ward",
    UnitKind.THI_TRAN: "township",
    UnitKind.DAC_KHU: "special zone (island commune)",
    UnitKind.THON: "village",
    UnitKind.BAN: "hamlet (ethnic-minority village in the northern mountains)",
    UnitKind.AP: "hamlet (southern provinces)",
    UnitKind.KHOM: "urban quarter (Mekong delta)",
    UnitKind.KHU_PHO: "urban quarter",
    UnitKind.TO_DAN_PHO: "residential group",
    UnitKind.TIEU_KHU: "sub-area (township quarter)",
    UnitKind.KHU_DAN_CU: "residential area",
    UnitKind.LANG: "village (traditional)",
    UnitKind.BUON: "village (Central Highlands)",
    UnitKind.SOC: "village (Khmer communities)",
    UnitKind.PLEI: "village (Gia Rai and Ba Na communities)",
    UnitKind.XOM: "hamlet (sub-village)",
    UnitKind.KHU: "area (village-level residential zone)",
}

_KIND_LEVEL: dict[UnitKind, Level] = {
    UnitKind.TINH: Level.PROVINCE,
    UnitKind.THANH_PHO_TRUC_THUOC_TRUNG_UONG: Level.PROVINCE,
    UnitKind.HUYEN: Level.DISTRICT,
    UnitKind.QUAN: Level.DISTRICT,
    UnitKind.THI_XA: Level.DISTRICT,
    UnitKind.THANH_PHO: Level.DISTRICT,
    UnitKind.XA: Level.COMMUNE,
    UnitKind.PHUONG: Level.COMMUNE,
    UnitKind.THI_TRAN: Level.COMMUNE,
    UnitKind.DAC_KHU: Level.COMMUNE,
}
for _kind in UnitKind:
    _KIND_LEVEL.setdefault(_kind, Level.VILLAGE)


def strip_kind_word(name: str, kind: UnitKind) -> str:
    """Return ``name`` without a leading type word of ``kind`` ("Phường 3" -> "3").

    The comparison ignores case and accents ("phuong 3" -> "3"); a name that is only the type
    word is returned unchanged.
    """
    from cnscd_core.text import fold

    for word in (kind.value, *_KIND_SHORT_WORDS.get(kind, ())):
        n = word.count(" ") + 1
        head = name.split(" ", n)
        if len(head) > n and fold(" ".join(head[:n])) == fold(word):
            return head[n].strip() or name
    return name


# Centrally governed cities are written "Thành phố Hà Nội", not with the kind's long name.
_KIND_SHORT_WORDS = {UnitKind.THANH_PHO_TRUC_THUOC_TRUNG_UONG: ("thành phố",)}


def _check_code(instance: AdminUnit, attribute: attrs.Attribute[str], value: str) -> None:
    if not value or not value.strip() or value != value.strip():
        raise ValueError(
            f"unit code must be a non-empty string without spaces around it, got {value!r}"
        )


@attrs.frozen
class AdminUnit:
    """One administrative unit (province, legacy district, commune or village).

    ``code`` is the official code (General Statistics Office numbering: two digits for a
    province, three for a legacy district, five for a commune) or, for a village, the code its
    province data gives. ``parent`` is the parent's code, ``None`` for a province.
    ``valid_from``/``valid_to`` bound the period in which the unit existed in this form
    (inclusive; ``None`` means open).
    """

    code: str = attrs.field(validator=_check_code)
    name: str
    short_name: str
    kind: UnitKind
    level: Level
    parent: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @property
    def era(self) -> str:
        """``"2025"`` for units of the 2025 reform, ``"legacy"`` for those before it."""
        if self.valid_to is not None and self.valid_to < REFORM_DATE:
            return "legacy"
        return "2025"

    def valid_on(self, day: dt.date) -> bool:
        """Whether the unit existed in this form on ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)


#: First day of the two-level system (Resolution 202/2025/QH15): 34 provinces, no districts.
REFORM_DATE = dt.date(2025, 7, 1)
#: Last day of the legacy 63-province, three-level system.
LEGACY_END = dt.date(2025, 6, 30)
#: First day of the 63-province list (Hà Tây merged into Hà Nội on 2008-08-01). The legacy
#: commune list is its final state before the reform; earlier commune changes are not tracked.
LEGACY_START = dt.date(2008, 8, 1)
