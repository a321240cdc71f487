"""Messages in Vietnamese (the default) and English, and CLDR number and date formats.

Message catalogues are gettext ``.po`` files under ``locale/``, compiled to ``.mo`` when the
package is built or installed. Message ids are English; the Vietnamese catalogue translates
every one of them, and the English catalogue is complete too (a test checks both).
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import os
from decimal import Decimal
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "N_plural",
    "format_date",
    "format_decimal",
    "format_percent",
    "get_language",
    "gettext",
    "ngettext",
    "set_language",
    "translations",
]

#: Languages with a complete catalogue; the first is the default.
LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
DOMAIN = "cnscd"
LOCALE_DIR = Path(__file__).parent / "locale"

_active: str | None = None
_cache: dict[str, _gettext.NullTranslations] = {}


def _normalise(lang: str) -> str:
    key = lang.strip().lower().replace("-", "_").split("_")[0]
    if key not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of: {', '.join(LANGUAGES)}")
    return key


def set_language(lang: str | None) -> str:
    """Make ``lang`` (``vi`` or ``en``) the active language; ``None`` restores the default.

    The default is ``CNSCD_LANG`` from the environment when set, else Vietnamese. Returns the
    language now active. Raises ``ValueError`` for an unsupported language.
    """
    global _active
    _active = None if lang is None else _normalise(lang)
    return get_language()


def get_language() -> str:
    """Return the active language code (``vi`` unless set or ``CNSCD_LANG`` says otherwise)."""
    if _active is not None:
        return _active
    env = os.environ.get("CNSCD_LANG")
    if env:
        try:
            return _normalise(env)
        except ValueError:
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def translations(lang: str | None = None) -> _gettext.NullTranslations:
    """Return the gettext translations for ``lang`` (default: the active language).

    Uses the compiled ``.mo`` catalogue; in a source tree where it was not built yet, the
    ``.po`` file is compiled in memory.
    """
    key = _normalise(lang) if lang else get_language()
    cached = _cache.get(key)
    if cached is not None:
        return cached
    folder = LOCALE_DIR / key / "LC_MESSAGES"
    mo_path = folder / f"{DOMAIN}.mo"
    po_path = folder / f"{DOMAIN}.po"
    result: _gettext.NullTranslations
    if mo_path.is_file() and not _newer(po_path, mo_path):
        with mo_path.open("rb") as fh:
            result = _gettext.GNUTranslations(fh)
    else:  # a source tree where the catalogue was edited after the last build
        result = _compile_in_memory(po_path)
    _cache[key] = result
    return result


def _newer(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_mtime_ns > b.stat().st_mtime_ns
    except OSError:
        return False


def _compile_in_memory(po_path: Path) -> _gettext.NullTranslations:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    if not po_path.is_file():
        return _gettext.NullTranslations()
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def gettext(message: str) -> str:
    """Translate ``message`` (an English message id) into the active language."""
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a singular and a plural form for the count ``n``."""
    return translations().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translate when shown)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural message pair for extraction without translating it now."""
    return (singular, plural)


def format_decimal(value: float | int | Decimal, lang: str | None = None) -> str:
    """Format a number the CLDR way: ``1.234,5`` in Vietnamese, ``1,234.5`` in English."""
    from babel.numbers import format_decimal as _fmt

    return _fmt(value, locale=lang or get_language())


def format_percent(value: float, lang: str | None = None, digits: int = 1) -> str:
    """Format a ratio (0.5 is 50 %) as a percentage in the CLDR style of ``lang``."""
    from babel.numbers import format_percent as _fmt

    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return _fmt(value, format=pattern, locale=lang or get_language())


def format_date(day: dt.date, lang: str | None = None, style: str = "long") -> str:
    """Format a date for ``lang``; Vietnamese long style is ``ngày 19 tháng 6 năm 2023``.

    ``style`` is a CLDR style (``short``, ``medium``, ``long``, ``full``). The Vietnamese long
    style follows Decree 30/2020/NĐ-CP, which writes ``ngày 19 tháng 6 năm 2023`` (no zero
    padding, lower-case "ngày").
    """
    from babel.dates import format_date as _fmt

    key = _normalise(lang) if lang else get_language()
    pattern = _DECREE_30_DATE if key == "vi" and style == "long" else style
    return _fmt(day, format=pattern, locale=key)


# CLDR's Vietnamese long date is "19 tháng 6, 2023"; official documents write it this way.
_DECREE_30_DATE = "'ngày' d 'tháng' M 'năm' y"
