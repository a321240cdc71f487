"""Reading CSV files and workbooks (XLSX, XLS, XLSB, ODS) into lists of rows.

Workbooks are read with python-calamine, every sheet as it is (row numbers as Excel shows
them). CSV files may be UTF-8 (with or without BOM), UTF-16, Windows-1258, or legacy TCVN3/VNI
text; the delimiter is sniffed. Text columns in a legacy encoding are repaired column by column.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _

__all__ = ["ImportFileError", "Sheet", "read_file", "repair_columns"]

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
_SAMPLE_ROWS = 300
_NON_ASCII_LINE = re.compile(r"^.*[^\x00-\x7f].*$", re.MULTILINE)


class ImportFileError(CnscdError):
    """A file cannot be read, or holds no sheet an import recognises (nothing is written)."""


@attrs.define
class Sheet:
    """One sheet of a file: its rows as read (a CSV file is one sheet named ``""``)."""

    path: Path
    name: str
    rows: list[list[Any]]
    #: Legacy encoding repaired in at least one column (``tcvn3``, ``vni``) or ``None``.
    repaired: str | None = None


def _unreadable(path: Path, reason: object) -> ImportFileError:
    return ImportFileError(
        _("cannot read {file}: {reason}; expected a CSV, XLSX, XLS or ODS file").format(
            file=path, reason=reason
        )
    )


def _decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8/UTF-16 by BOM, UTF-8, or an 8-bit Vietnamese code page."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from cnscd_core.text import detect_legacy_encoding

    latin = data.decode("latin-1")
    sample = "\n".join(line for line in latin.splitlines()[:_SAMPLE_ROWS] if not line.isascii())
    if detect_legacy_encoding(sample) is not None:
        return latin  # TCVN3/VNI bytes: repaired column by column after parsing
    # Windows-1258 writes tone marks as combining characters: compose them.
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def _read_csv(path: Path) -> list[Sheet]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc.strerror or exc) from None
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _unreadable(path, _("it is a binary file, not text"))
    text = _decode(data)
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        rows: list[list[Any]] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _unreadable(path, exc) from None
    return [Sheet(path, "", rows)]


def _read_workbook(path: Path) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for damaged files
        raise _unreadable(path, exc) from None
    sheets = []
    try:
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(Sheet(path, name, rows))
    except Exception as exc:
        raise _unreadable(path, exc) from None
    finally:
        workbook.close()
    return sheets


def _is_workbook(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return True
    if suffix in CSV_SUFFIXES:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise _unreadable(path, exc.strerror or exc) from None
    # ZIP (XLSX, ODS) or OLE2 (XLS) containers.
    return head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))


def read_file(path: str | Path) -> list[Sheet]:
    """Every sheet of a CSV file or workbook, with legacy-encoded columns repaired.

    Raises ``ImportFileError`` for a missing, unreadable or damaged file.
    """
    path = Path(path)
    if not path.is_file():
        raise _unreadable(path, _("no such file"))
    sheets = _read_workbook(path) if _is_workbook(path) else _read_csv(path)
    for sheet in sheets:
        sheet.repaired = repair_columns(sheet.rows)
    return sheets


def repair_columns(rows: list[list[Any]]) -> str | None:
    """Repair TCVN3/VNI mojibake column by column, in place; return an encoding repaired.

    Each column is judged once, on a sample of its text cells joined by newlines (one short
    cell can be ambiguous; a column rarely is).
    """
    from cnscd_core.text import detect_legacy_encoding, repair_legacy_encoding

    width = max((len(r) for r in rows), default=0)
    repaired: str | None = None
    if all(len(row) == width for row in rows):
        columns: Iterable[Sequence[Any]] = zip(*rows, strict=True)
    else:
        columns = ([row[col] if col < len(row) else "" for row in rows] for col in range(width))
    for col, column in enumerate(columns):
        # Scanned in C: a column's text cells as lines (numbers, dates and empty cells have no
        # letters to repair), the first lines with a non-ASCII letter as the sample.
        kinds = set(map(type, column))
        if str not in kinds:
            continue
        texts = column if len(kinds) == 1 else [c for c in column if c.__class__ is str]
        joined = "\n".join(texts)
        if joined.isascii():
            continue  # codes, numbers, empty columns: nothing to repair
        sample = [
            m.group() for m in itertools.islice(_NON_ASCII_LINE.finditer(joined), _SAMPLE_ROWS)
        ]
        if not sample:
            continue
        encoding = detect_legacy_encoding("\n".join(sample))
        if encoding is None:
            continue
        repaired = encoding
        for row in rows:
            if col < len(row):
                cell = row[col]
                if isinstance(cell, str) and not cell.isascii():
                    row[col] = _recapitalise(repair_legacy_encoding(cell, encoding=encoding).text)
    return repaired


def _recapitalise(text: str) -> str:
    """Give back the capital TCVN3 could not write ("Lương Thị én" -> "Lương Thị Én").

    TCVN3 has no capitals with tone marks, so they come back lower-case; in a cell whose
    other words (two or more) are all capitalised, as names are, a lower-case word is one.
    """
    words = text.split(" ")
    lower = [i for i, w in enumerate(words) if w[:1].islower()]
    if not lower or len(words) - len(lower) < 2:
        return text
    if not all(w[:1].isupper() for i, w in enumerate(words) if w and i not in lower):
        return text
    return " ".join(w[:1].upper() + w[1:] if i in lower else w for i, w in enumerate(words))
