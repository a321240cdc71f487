"""The store: an embedded SQLite file by default, behind a small interface.

``open_store(path)`` opens (and creates or migrates) a store; the path defaults to
``CNSCD_STORE`` or a per-user data folder. Writes run in ``store.transaction()``; imports are
idempotent (natural keys plus content comparison). ``store.columns(kind)`` hands out numpy
columns with integer unit indices for roll-ups and simulations. A PostgreSQL backend can
follow by implementing ``Store``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

from cnscd_core.field import Change
from cnscd_core.store._columns import Columns
from cnscd_core.store._schema import SCHEMA_VERSION
from cnscd_core.store._sqlite import KINDS, SQLiteStore, StoreError, StoreVersionError

__all__ = [
    "KINDS",
    "SCHEMA_VERSION",
    "Columns",
    "SQLiteStore",
    "Store",
    "StoreError",
    "StoreVersionError",
    "default_store_path",
    "open_store",
]


class Store(Protocol):
    """What every store backend provides (the SQLite one is ``SQLiteStore``)."""

    path: Path

    def transaction(self) -> contextlib.AbstractContextManager[Any]:
        """All writes in the block are stored together, or none."""
        ...

    def bulk_load(self, counts: dict[str, int]) -> contextlib.AbstractContextManager[Any]:
        """Inside ``transaction()``: about to write ``counts[kind]`` records of each kind
        (a backend may defer its index upkeep to the end of the block; same result)."""
        ...

    def get(self, kind: str, key: str) -> Any | None:
        """The record of ``kind`` with ``key``, or ``None``."""
        ...

    def keys(self, kind: str) -> set[str]:
        """Every key of ``kind``."""
        ...

    def records(self, kind: str) -> Iterator[Any]:
        """Every record of ``kind``."""
        ...

    def put(
        self, kind: str, record: Any, source: str, at: dt.datetime | None = None
    ) -> Literal["new", "updated", "unchanged"]:
        """Insert or update a record, keeping its history."""
        ...

    def put_many(
        self,
        kind: str,
        records: Sequence[Any],
        sources: Sequence[str],
        at: dt.datetime | None = None,
    ) -> list[Literal["new", "updated", "unchanged"]]:
        """``put`` for a batch of records of one kind."""
        ...

    def put_village(
        self,
        code: str,
        name: str,
        kind: str,
        commune: str,
        legacy_commune: str | None,
        review: str | None = None,
    ) -> bool:
        """Record a village added by data; whether it was new."""
        ...

    def set_village_review(self, code: str, note: str | None) -> None:
        """Record the review note of a village added by data."""
        ...

    def history(self, kind: str, key: str) -> list[Change]:
        """Every change of one record."""
        ...

    def counts(self) -> dict[str, int]:
        """Records per kind."""
        ...

    def columns(self, kind: str, units: Any | None = None) -> Columns:
        """Numpy columns of ``kind`` with integer unit indices."""
        ...

    def close(self) -> None:
        """Close the store."""
        ...


def default_store_path() -> Path:
    """``CNSCD_STORE`` if set, else ``cnscd/store.sqlite`` in the per-user data folder."""
    env = os.environ.get("CNSCD_STORE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path("~/.local/share").expanduser())
    return Path(base) / "cnscd" / "store.sqlite"


def open_store(path: str | Path | None = None, read_only: bool = False) -> SQLiteStore:
    """Open the store at ``path`` (default ``default_store_path()``), creating it if needed."""
    return SQLiteStore(Path(path) if path is not None else default_store_path(), read_only)
