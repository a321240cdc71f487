"""CLDR number formats for report cells, fast enough for thousands of cells per report.

``babel.numbers.format_decimal`` parses its pattern and looks up the locale on every call
(about 15 µs); a report of a province holds tens of thousands of cells. ``NumberFormat`` reads
the CLDR symbols once per language and formats with ``decimal`` (same rounding as babel:
half-even on the decimal value), giving the same text as ``cnscd_core.i18n.format_decimal``
and ``format_percent`` ("1.234,5" and "78,5%" in Vietnamese; a test compares both).
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

import attrs

__all__ = ["MISSING", "NumberFormat", "number_format"]

#: Shown for a value that cannot be computed (a ratio whose denominator is zero).
MISSING = "–"

_QUANTUM = {digits: Decimal(1).scaleb(-digits) for digits in range(7)}


@attrs.frozen
class NumberFormat:
    """The decimal and group symbols and the percent sign of one language."""

    decimal: str
    group: str
    percent_sign: str

    def _text(self, value: float, digits: int, fixed: bool) -> str:
        if not fixed and float(value).is_integer() and abs(value) < 1e15:
            # counts: most cells; exact, and far cheaper than the Decimal path below
            return f"{int(value):,}".replace(",", self.group)
        try:
            exact = Decimal(repr(float(value))).quantize(_QUANTUM[digits], ROUND_HALF_EVEN)
        except (InvalidOperation, ValueError, OverflowError):
            return MISSING  # nan or infinity: nothing sensible to print
        if exact == 0:
            exact = abs(exact)  # babel prints 0, never -0
        text = f"{exact:,f}"
        if not fixed and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.translate({ord(","): self.group, ord("."): self.decimal})

    def number(self, value: float | None, max_digits: int = 3) -> str:
        """``1.234,568`` (vi) / ``1,234.568`` (en): at most ``max_digits`` decimals, no zeros."""
        if value is None:
            return MISSING
        return self._text(value, max_digits, fixed=False)

    def percent(self, value: float | None, digits: int = 1) -> str:
        """``78,5%`` (vi) / ``78.5%`` (en) for the ratio 0.785, with ``digits`` decimals."""
        if value is None:
            return MISSING
        return self._text(float(value) * 100, digits, fixed=True) + self.percent_sign


@functools.cache
def number_format(lang: str) -> NumberFormat:
    """The number format of ``lang`` (``vi`` or ``en``) from CLDR, read once."""
    from babel import Locale

    symbols = Locale.parse(lang).number_symbols["latn"]
    return NumberFormat(symbols["decimal"], symbols["group"], symbols["percentSign"])
