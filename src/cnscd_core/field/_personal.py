"""Personal data: which fields are personal, and how they are masked wherever they are shown.

Households and residents are personal data (Decree 13/2023/NĐ-CP; the Personal Data Protection
Law in force from 2026-01-01). Names, phone numbers and citizen-ID numbers never go into
reports, logs, error messages or research extracts unless the caller asks for them.
``repr`` of every record masks them; error messages use ``mask``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["PERSONAL_FIELDS", "mask", "mask_id", "mask_name", "mask_phone", "masked_repr"]

#: The one list of personal fields, per record type.
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "Member": ("full_name", "phone"),
    "Household": ("head_name", "phone"),
    "Resident": ("full_name", "citizen_id", "phone"),
    "Feedback": ("text",),
}

_DIGITS = re.compile(r"\D+")


def mask_phone(value: object) -> str:
    """``0912345612`` -> ``09******12`` (first two and last two digits kept)."""
    if value is None:
        return "None"
    digits = _DIGITS.sub("", str(value))
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


def mask_id(value: object) -> str:
    """A citizen-ID number: ``001085012345`` -> ``00********45``."""
    return mask_phone(value)


def mask_name(value: object) -> str:
    """``Nguyễn Văn An`` -> ``N*** V** A*`` (the first letter of each word kept)."""
    if value is None:
        return "None"
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in str(value).split())


def mask(value: object, field: str) -> str:
    """Mask ``value`` the way ``field`` (a personal field name) is masked."""
    if value is None or value == "":
        return repr(value)
    if "phone" in field:
        return mask_phone(value)
    if "citizen_id" in field or field.endswith("_id"):
        return mask_id(value)
    if field == "text":
        return f"<{len(str(value))} characters>"
    return mask_name(value)


def masked_repr(field: str) -> Callable[[object], str]:
    """An attrs ``repr`` callable masking ``field``."""

    def _repr(value: object) -> str:
        return repr(mask(value, field)) if value not in (None, "") else repr(value)

    return _repr
