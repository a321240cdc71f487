"""Reading cell values the way people write them: dates, years, phones, counts, yes/no.

Every parser takes one cell (text, number, date or empty) and returns the value, ``None`` for
an empty cell, or raises ``Invalid`` with what was expected. Parsers of values that repeat
(dates, enumerations) are cached per import by the caller.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from cnscd_core.i18n import gettext as _
from cnscd_core.text import canonical, fold, nfc

__all__ = [
    "EXCEL_EPOCH",
    "Invalid",
    "cell_text",
    "is_empty",
    "parse_citizen_id",
    "parse_code",
    "parse_count",
    "parse_date",
    "parse_gender",
    "parse_phone",
    "parse_position",
    "parse_text",
    "parse_year",
    "parse_yes_no",
]

#: Day 0 of Excel's serial dates (1900 date system, with its leap-year bug folded in).
EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 10_000, 80_000  # 1927 .. 2119


class Invalid(ValueError):
    """A cell that cannot be read as the field's value; ``problem`` is a short stable code."""

    def __init__(self, problem: str, expected: str) -> None:
        super().__init__(expected)
        self.problem = problem
        self.expected = expected


def is_empty(value: Any) -> bool:
    """Whether a cell is empty (nothing, or only spaces)."""
    if value.__class__ is str:
        return not value or value.isspace()
    return value is None or (isinstance(value, str) and (not value or value.isspace()))


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing ``.0``, dates as ``YYYY-MM-DD``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parse_text(value: Any) -> str | None:
    """Free text (a name): NFC, spaces collapsed, canonical tone placement."""
    if is_empty(value):
        return None
    return canonical(cell_text(value))


def parse_code(value: Any) -> str | None:
    """A code: ``101.0`` -> ``101``; text trimmed, inner spaces collapsed."""
    if value.__class__ is str:
        text = value.strip()
        if text.isascii() and "  " not in text and text.isprintable():
            return text or None  # the common case, kept fast
    if is_empty(value):
        return None
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        raise Invalid("invalid_code", _("a code such as 'HD001'"))
    return " ".join(nfc(cell_text(value)).split())


_INT_TEXT = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")


def parse_count(value: Any, low: int, high: int, what: str) -> int | None:
    """A whole number from ``low`` to ``high`` (``4``, ``4.0``, ``"04"``).

    ``what`` (the unit counted, "persons") is an untranslated message id (``N_``).
    """
    if is_empty(value):
        return None

    def fail(problem: str) -> Invalid:
        translate = _  # ``what`` is a message id marked where it is written
        return Invalid(
            problem,
            _("a whole number from {low} to {high} ({what})").format(
                low=low, high=high, what=translate(what)
            ),
        )

    if isinstance(value, bool):
        raise fail("invalid_number")
    if isinstance(value, float):
        if not value.is_integer():
            raise fail("invalid_number")
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        if not _INT_TEXT.match(text):
            raise fail("invalid_number")
        number = int(re.split(r"[.,]", text)[0])
    else:
        raise fail("invalid_number")
    if not low <= number <= high:
        raise fail("invalid_size")
    return number


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:[ T].*)?$")
_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*|,\s*)?(\d{4})$")


def _century(year: int) -> int:
    if year >= 100:
        return year
    this = dt.date.today().year % 100
    return 2000 + year if year <= this + 1 else 1900 + year


def parse_date(value: Any, first: dt.date, last: dt.date) -> dt.date | None:
    """A date written ``15/03/2026``, ``15-3-2026``, ``2026-03-15``, ``ngày 15 tháng 3 năm
    2026`` or as an Excel date or serial number, from ``first`` to ``last``.
    """
    if is_empty(value):
        return None
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, bool):
        raise _bad_date(first, last)
    elif isinstance(value, (int, float)):
        if not _SERIAL_MIN <= value <= _SERIAL_MAX:
            raise _bad_date(first, last)
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))
    elif isinstance(value, str):
        text = value.strip()
        parts: tuple[int, int, int] | None = None
        if m := _DMY.match(text):
            parts = (_century(int(m[3])), int(m[2]), int(m[1]))
        elif m := _YMD.match(text):
            parts = (int(m[1]), int(m[2]), int(m[3]))
        elif m := _WORDS.match(fold(text)):
            parts = (int(m[3]), int(m[2]), int(m[1]))
        elif re.fullmatch(r"\d{5}(?:\.0+)?", text):
            return parse_date(float(text), first, last)
        if parts is None:
            raise _bad_date(first, last)
        try:
            day = dt.date(*parts)
        except ValueError:
            raise _bad_date(first, last) from None
    else:
        raise _bad_date(first, last)
    if not first <= day <= last:
        raise _bad_date(first, last)
    return day


def _bad_date(first: dt.date, last: dt.date) -> Invalid:
    return Invalid(
        "invalid_date",
        _(
            "a date from {first} to {last}, written like 15/03/2026 or 2026-03-15 (day first)"
        ).format(first=first.strftime("%d/%m/%Y"), last=last.strftime("%d/%m/%Y")),
    )


def parse_year(value: Any, first: int, last: int) -> int | None:
    """A year written ``1985``, ``1985.0`` or as a full date of birth, from ``first`` to
    ``last``.
    """
    if is_empty(value):
        return None
    year: int | None = None
    if isinstance(value, dt.date):
        year = value.year
    elif isinstance(value, bool):
        raise _bad_year(first, last)
    elif (isinstance(value, float) and value.is_integer()) or isinstance(value, int):
        year = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}(?:[.,]0+)?", text):
            year = int(text[:4])
        else:
            try:
                birth = parse_date(text, dt.date(1, 1, 1), dt.date(9999, 12, 31))
            except Invalid:
                raise _bad_year(first, last) from None
            year = birth.year if birth else None
    if year is None or not first <= year <= last:
        raise _bad_year(first, last)
    return year


def _bad_year(first: int, last: int) -> Invalid:
    return Invalid(
        "invalid_year",
        _("a year from {first} to {last}, such as 1985").format(first=first, last=last),
    )


_PHONE_JUNK = re.compile(r"[\s.\-()/_]")
_PHONE = re.compile(r"^0\d{9,10}$")


def _bad_phone() -> Invalid:
    return Invalid("invalid_phone", _("a phone number of 10 or 11 digits starting with 0 (or +84)"))


def parse_phone(value: Any) -> str | None:
    """A Vietnamese phone number: ``0912 345 678``, ``0912.345.678``, ``+84 912 345 678``.

    Returned as digits starting with 0 (10 digits for mobiles, 11 for landlines). A number
    whose leading 0 a spreadsheet dropped (``912345678``) gets it back.
    """
    if is_empty(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _bad_phone()
    text = _PHONE_JUNK.sub("", cell_text(value))
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    elif text.isdigit() and len(text) in (9, 10) and not text.startswith("0"):
        text = "0" + text
    if not _PHONE.match(text):
        raise _bad_phone()
    return text


def _bad_id() -> Invalid:
    return Invalid("invalid_id", _("12 digits (citizen ID card) or 9 digits (old identity card)"))


def parse_citizen_id(value: Any) -> str | None:
    """A citizen-ID number: 12 digits (căn cước) or 9 (old identity card)."""
    if is_empty(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _bad_id()
    text = _PHONE_JUNK.sub("", cell_text(value))
    if not isinstance(value, str) and text.isdigit() and len(text) in (10, 11):
        text = text.zfill(12)  # a number cell dropped the leading zeros
    if not text.isdigit() or len(text) not in (9, 12):
        raise _bad_id()
    return text


_YES = frozenset({"co", "x", "v", "yes", "y", "true", "1", "dung", "da co", "\u2713", "\u2714"})
_NO = frozenset({"khong", "k", "no", "n", "false", "0", "chua", "chua co", "-"})


def parse_yes_no(value: Any) -> bool | None:
    """Yes/no written ``Có``/``Không``, ``x`` (a tick), ``1``/``0``, ``yes``/``no``."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    key = fold(cell_text(value)).strip(" .")
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise Invalid("invalid_value", _("Có or Không (or x for yes)"))


_GENDERS = {
    "nam": "male",
    "male": "male",
    "m": "male",
    "trai": "male",
    "nu": "female",
    "female": "female",
    "f": "female",
    "gai": "female",
    "khac": "other",
    "other": "other",
}


def parse_gender(value: Any) -> str | None:
    """``Nam``, ``Nữ`` or ``Khác`` (also ``male``, ``female``, ``M``, ``F``)."""
    if is_empty(value):
        return None
    found = _GENDERS.get(fold(cell_text(value)).strip(" ."))
    if found is None:
        raise Invalid("invalid_value", _("Nam, Nữ or Khác"))
    return found


def parse_position(value: Any) -> str | None:
    """``Tổ trưởng`` -> leader, ``Tổ phó`` -> deputy, ``Thành viên`` -> member."""
    if is_empty(value):
        return None
    key = fold(cell_text(value))
    words = set(re.split(r"[^a-z0-9]+", key))
    if "pho" in words or "deputy" in words:
        return "deputy"
    if "truong" in words or "leader" in words:
        return "leader"
    if key in {"thanh vien", "tv", "member", "to vien", "uy vien"}:
        return "member"
    raise Invalid("invalid_value", _("Tổ trưởng, Tổ phó or Thành viên"))
