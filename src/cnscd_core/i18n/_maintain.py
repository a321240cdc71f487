"""Maintainers' tool: extract messages from the source into the vi and en catalogues.

``python -m cnscd_core.i18n._maintain`` re-extracts every message, keeps the translations
already made, fills the English catalogue (message ids are English) and lists the
Vietnamese translations still missing (exit code 1 when any is). Tests use ``missing()``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from cnscd_core.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

__all__ = ["extract", "missing", "update"]

SOURCE_DIR = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "N_plural": (1, 2)}


def extract() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """Return every message id in the package with the places it is used."""
    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SOURCE_DIR), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        key: str | tuple[str, str] = message if isinstance(message, str) else tuple(message)[:2]  # type: ignore[assignment]
        found.setdefault(key, []).append((f"cnscd_core/{filename}", lineno))
    return found


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(lang: str) -> Catalog:
    path = _po_path(lang)
    if not path.is_file():
        return Catalog(locale=lang, domain=DOMAIN, project="cnscd_core")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def missing() -> list[tuple[str, str]]:
    """Return ``(language, message id)`` for every extracted message a catalogue lacks."""
    out: list[tuple[str, str]] = []
    messages = extract()
    for lang in LANGUAGES:
        catalog = _read(lang)
        for key in messages:
            msgid = key if isinstance(key, str) else key[0]
            entry = catalog.get(msgid)
            strings = entry.string if entry is not None else None
            values = strings if isinstance(strings, tuple) else (strings,)
            if entry is None or entry.fuzzy or not all(values):
                out.append((lang, msgid))
    return out


def update() -> int:
    """Rewrite both catalogues from the source; return the number of missing vi strings."""
    messages = extract()
    for lang in LANGUAGES:
        old = _read(lang)
        new = Catalog(
            locale=lang,
            domain=DOMAIN,
            project="cnscd_core",
            version="0.1",
            copyright_holder="cnscd_core developers",
            msgid_bugs_address="the cnscd_core issue tracker",
            creation_date=old.creation_date,
            revision_date=old.creation_date,
            last_translator="cnscd_core developers",
            language_team=f"{lang} <cnscd_core developers>",
            fuzzy=False,
        )
        for key, locations in sorted(messages.items(), key=lambda kv: str(kv[0])):
            previous = old.get(key if isinstance(key, str) else key[0])
            string: str | tuple[str, ...] | list[str]
            if lang == "en":
                string = key
            elif previous is not None and previous.string and not previous.fuzzy:
                string = previous.string
            else:
                string = "" if isinstance(key, str) else ("",)
            new.add(key, string, locations=locations)
        path = _po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, new, width=100, sort_output=True)
    gaps = [m for lang, m in missing() if lang == "vi"]
    for msgid in gaps:
        print(f"missing vi: {msgid!r}")
    return len(gaps)


if __name__ == "__main__":
    sys.exit(1 if update() else 0)
