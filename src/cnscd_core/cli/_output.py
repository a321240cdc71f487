"""Output helpers shared by commands: one JSON document, or a plain aligned table."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from cnscd_core.i18n import gettext as _

__all__ = ["echo_json", "echo_table", "store_option", "unit_row"]


def echo_json(document: Any) -> None:
    """Print ``document`` as one UTF-8 JSON document on stdout (non-ASCII kept as is)."""
    text = json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some test runners)
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print rows as a plain table with left-aligned columns."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            click.echo("  ".join("-" * w for w in widths))


def unit_row(unit: Any, parent_name: str | None = None) -> dict[str, Any]:
    """JSON row of an ``AdminUnit``: code, name, kind, level, parent and validity."""
    row: dict[str, Any] = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind.value,
        "kind_en": unit.kind.gloss,
        "level": unit.level.label,
        "parent": unit.parent,
    }
    if parent_name is not None:
        row["parent_name"] = parent_name
    row["valid_from"] = unit.valid_from.isoformat() if unit.valid_from else None
    row["valid_to"] = unit.valid_to.isoformat() if unit.valid_to else None
    return row


def store_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--store PATH`` option (default: ``CNSCD_STORE`` or the per-user data folder)."""
    return click.option(
        "--store",
        "store_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("The store file (default: CNSCD_STORE or the per-user data folder)."),
    )
