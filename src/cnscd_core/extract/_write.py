"""Write an extract: one ZIP with the tables (CSV or Parquet), README.txt and manifest.json."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from cnscd_core.extract._aggregate import UnitLevel
from cnscd_core.extract._bands import (
    BIRTH_BAND_WIDTH,
    HOUSEHOLD_SIZE_CAP,
    OLDEST_BAND_END,
    SMARTPHONES_CAP,
)
from cnscd_core.extract._build import build_tables
from cnscd_core.extract._keys import PSEUDONYM_LENGTH, ExtractError, ExtractKey, Pseudonymizer
from cnscd_core.extract._readme import render_readme
from cnscd_core.extract._suppress import DEFAULT_THRESHOLD, MIN_THRESHOLD
from cnscd_core.extract._tables import Table
from cnscd_core.i18n import gettext as _

__all__ = [
    "FORMATS",
    "UNIT_LEVELS",
    "ExtractSummary",
    "TableSummary",
    "check_options",
    "write_extract",
]

Format = Literal["csv", "parquet"]
#: Table file formats.
FORMATS: tuple[str, ...] = ("csv", "parquet")
#: Areas the aggregate tables may count by.
UNIT_LEVELS: tuple[str, ...] = ("commune", "village")
MANIFEST_VERSION = 1

_INTEGER_COLUMNS = frozenset({"count", "trainings", "households", "members", "outcome", "persons"})
_BOOLEAN_COLUMNS = frozenset({"suppressed", "has_leader"})


@attrs.frozen
class TableSummary:
    """One table file of an extract: its path in the ZIP, kind, rows and suppressed cells."""

    file: str
    kind: Literal["microdata", "aggregate"]
    rows: int
    columns: tuple[str, ...]
    suppressed_cells: int = 0
    secondary_suppressed_cells: int = 0


@attrs.frozen
class ExtractSummary:
    """What ``write_extract`` wrote (never the key: only its fingerprint)."""

    out: Path
    tables: tuple[TableSummary, ...]
    threshold: int
    unit_level: str
    aggregates_only: bool
    format: str
    key_fingerprint: str

    @property
    def rows(self) -> dict[str, int]:
        """Rows of each table file."""
        return {t.file: t.rows for t in self.tables}

    @property
    def suppressed_cells(self) -> int:
        """Suppressed cells in all aggregate tables."""
        return sum(t.suppressed_cells for t in self.tables)


def _folder(table: Table) -> str:
    return "microdata" if table.kind == "microdata" else "aggregates"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_csv(table: Table, binary: IO[bytes]) -> None:
    """Stream ``table`` as UTF-8 CSV (no BOM, ``\n`` line ends) into ``binary``."""
    with io.TextIOWrapper(binary, encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([_cell(v) for v in row] for row in table.rows())


def _pyarrow() -> tuple[Any, Any]:
    try:
        pa = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise ExtractError(
            _(
                "--format parquet needs the pyarrow package, which is not installed; install it "
                "with 'pip install pyarrow', or use --format csv"
            )
        ) from None
    return pa, pq


def _parquet_bytes(table: Table, pa: Any, pq: Any) -> bytes:
    fields = []
    for column in table.columns:
        if column in _INTEGER_COLUMNS:
            fields.append(pa.field(column, pa.int64()))
        elif column in _BOOLEAN_COLUMNS:
            fields.append(pa.field(column, pa.bool_()))
        else:
            fields.append(pa.field(column, pa.string()))
    arrow = pa.table(table.columns, schema=pa.schema(fields))
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer)
    return buffer.getvalue()


def _manifest(
    tables: Sequence[TableSummary],
    *,
    created: str,
    generator: str,
    schema_version: int | None,
    threshold: int,
    unit_level: str,
    aggregates_only: bool,
    file_format: str,
    fingerprint: str,
) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "created": created,
        "generator": generator,
        "store_schema_version": schema_version,
        "parameters": {
            "threshold": threshold,
            "unit_level": unit_level,
            "aggregates_only": aggregates_only,
            "format": file_format,
            "pseudonyms": {
                "algorithm": "HMAC-SHA256",
                "message": "kind and record code",
                "hex_characters": PSEUDONYM_LENGTH,
                "key_fingerprint": fingerprint,
            },
            "birth_band_years": BIRTH_BAND_WIDTH,
            "oldest_birth_band": f"1900-{OLDEST_BAND_END}",
            "household_size_cap": f"{HOUSEHOLD_SIZE_CAP}+",
            "smartphones_cap": f"{SMARTPHONES_CAP}+",
            "dates": "month",
            "free_text": "dropped",
        },
        "tables": [attrs.asdict(t, recurse=True) for t in tables],
        "suppressed_cells": sum(t.suppressed_cells for t in tables),
    }


def check_options(threshold: int, unit_level: str, file_format: str) -> None:
    """Refuse a threshold below ``MIN_THRESHOLD``, an unknown unit level or format, and
    ``parquet`` without pyarrow (so a command can check before it creates a key)."""
    if threshold < MIN_THRESHOLD:
        raise ExtractError(
            _(
                "threshold: found {value}; expected {least} or more (a cell of one or two people "
                "points at them)"
            ).format(value=threshold, least=MIN_THRESHOLD)
        )
    if unit_level not in UNIT_LEVELS:
        raise ExtractError(
            _("unit level: found {value!r}; expected commune or village").format(value=unit_level)
        )
    if file_format not in FORMATS:
        raise ExtractError(
            _("format: found {value!r}; expected csv or parquet").format(value=file_format)
        )
    if file_format == "parquet":
        _pyarrow()


def write_extract(
    store: Any,
    out: str | Path,
    key: bytes | ExtractKey,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    unit_level: str = "commune",
    aggregates_only: bool = False,
    format: str = "csv",
    units: Any | None = None,
) -> ExtractSummary:
    """Write a pseudonymised research extract of ``store`` into the ZIP file ``out``.

    The ZIP holds ``microdata/*.csv`` (unless ``aggregates_only``), ``aggregates/*.csv``,
    ``README.txt`` (Vietnamese and English) and ``manifest.json``; with ``format="parquet"``
    the tables are Parquet files (needs ``pyarrow``). ``key`` (bytes, or an ``ExtractKey``)
    makes the pseudonyms and is never written. ``units`` defaults to the store's
    ``unit_registry().current``. The file is replaced whole or not at all, readable by its
    owner only.
    """
    check_options(threshold, unit_level, format)
    pa_pq = _pyarrow() if format == "parquet" else None
    out = Path(out)
    key_bytes = key.key if isinstance(key, ExtractKey) else key
    if isinstance(key, ExtractKey) and out.resolve() == key.path.resolve():
        raise ExtractError(
            _("--out {path} is the key file; the extract must go to another file").format(path=out)
        )
    if out.resolve() == Path(store.path).resolve():
        raise ExtractError(
            _("--out {path} is the store itself; the extract must go to another file").format(
                path=out
            )
        )
    pseudo = Pseudonymizer(key_bytes)
    if units is None:
        units = store.unit_registry().current
    level: UnitLevel = "village" if unit_level == "village" else "commune"
    tables = build_tables(store, pseudo, units, threshold, level, aggregates_only)

    from cnscd_core import __version__

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    created = now.isoformat().replace("+00:00", "Z")
    generator = f"cnscd_core {__version__}"
    extension = format
    summaries = tuple(
        TableSummary(
            file=f"{_folder(t)}/{t.name}.{extension}",
            kind=t.kind,
            rows=len(t),
            columns=tuple(t.columns),
            suppressed_cells=t.suppressed_cells,
            secondary_suppressed_cells=t.secondary_suppressed,
        )
        for t in tables
    )
    readme = render_readme(
        tables,
        created=created,
        generator=generator,
        threshold=threshold,
        unit_level=unit_level,
        aggregates_only=aggregates_only,
        extension=extension,
        key_fingerprint=pseudo.fingerprint,
    )
    manifest = _manifest(
        summaries,
        created=created,
        generator=generator,
        schema_version=getattr(store, "schema_version", None),
        threshold=threshold,
        unit_level=unit_level,
        aggregates_only=aggregates_only,
        file_format=format,
        fingerprint=pseudo.fingerprint,
    )
    stamp = now.timetuple()[:6]

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise ExtractError(
            _("cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w") as archive:
            archive.writestr(entry("README.txt"), readme.encode("utf-8"))
            for table, summary in zip(tables, summaries, strict=True):
                if pa_pq is not None:
                    archive.writestr(entry(summary.file), _parquet_bytes(table, *pa_pq))
                else:
                    with archive.open(entry(summary.file), "w") as member:
                        _write_csv(table, member)
            manifest_text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
            archive.writestr(entry("manifest.json"), manifest_text.encode("utf-8"))
        temp.replace(out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return ExtractSummary(
        out=out,
        tables=summaries,
        threshold=threshold,
        unit_level=unit_level,
        aggregates_only=aggregates_only,
        format=format,
        key_fingerprint=pseudo.fingerprint,
    )
