"""Vietnamese text: normal forms, comparison keys, name order and legacy-encoding repair.

Everything in cnscd_core that compares or sorts Vietnamese text goes through these functions:

- `nfc`, `canonical`: display forms (NFC; one tone-mark placement, case kept).
- `compare_key`: equality key that keeps accents ("Thanh Hoá" == "THANH HÓA").
- `fold`, `has_diacritics`: accent-free search key ("Đắk Lắk" -> "dak lak").
- `name_sort_key`, `sort_names`: official order of people's names (given name first).
- `detect_legacy_encoding`, `repair_legacy_encoding`, `encode_legacy`: TCVN3 (ABC) and VNI
  mojibake from old spreadsheets.

The legacy-encoding names load on first use, so that importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._normalize import canonical, compare_key, fold, has_diacritics, nfc
from ._sorting import NameSortKey, name_sort_key, sort_names

if TYPE_CHECKING:
    from ._legacy import (
        LEGACY_ENCODINGS,
        RepairResult,
        detect_legacy_encoding,
        encode_legacy,
        repair_legacy_encoding,
    )

_LEGACY_NAMES = frozenset(
    {
        "LEGACY_ENCODINGS",
        "RepairResult",
        "detect_legacy_encoding",
        "encode_legacy",
        "repair_legacy_encoding",
    }
)

__all__ = [
    "LEGACY_ENCODINGS",
    "NameSortKey",
    "RepairResult",
    "canonical",
    "compare_key",
    "detect_legacy_encoding",
    "encode_legacy",
    "fold",
    "has_diacritics",
    "name_sort_key",
    "nfc",
    "repair_legacy_encoding",
    "sort_names",
]


def __getattr__(name: str) -> object:
    # PEP 562: import the legacy-encoding module (and attrs) only when one of its names is used.
    if name in _LEGACY_NAMES:
        from . import _legacy

        value = getattr(_legacy, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
