"""The embedded SQLite store: one file, WAL, foreign keys, versioned schema, history."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import orjson

from cnscd_core.errors import CnscdError
from cnscd_core.field import (
    Campaign,
    Change,
    Feedback,
    Household,
    Member,
    Resident,
    Team,
    Visit,
)
from cnscd_core.i18n import gettext as _
from cnscd_core.store._columns import Columns, build_columns
from cnscd_core.store._schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["KINDS", "SQLiteStore", "StoreError", "StoreVersionError"]

#: Record kinds the store holds, in dependency order (a kind may refer to earlier ones).
KINDS: dict[str, type[Any]] = {
    "teams": Team,
    "members": Member,
    "households": Household,
    "residents": Resident,
    "visits": Visit,
    "campaigns": Campaign,
    "feedback": Feedback,
}

Outcome = Literal["new", "updated", "unchanged"]


class StoreError(CnscdError):
    """The store cannot be opened or written; the message says which file and why."""


class StoreVersionError(StoreError):
    """The store's schema is newer than this cnscd_core, or older and opened read-only."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class SQLiteStore:
    """A store in one SQLite file (WAL mode, foreign keys on, schema migrated on open).

    Writes happen inside ``transaction()``: everything in it is committed together or, on an
    error, a crash or ``kill -9``, not at all. Records are kept as canonical JSON (made by the
    one converter) plus the columns the columnar views need; a record's row also keeps when
    and from where it was created, the ``history`` table every later change.
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        from cnscd_core.serialization import make_converter

        self.path = Path(path)
        self.read_only = read_only
        self._converter = make_converter()
        if read_only and not self.path.is_file():
            raise StoreError(
                _("the store {path} does not exist; import data first with 'cnscd import'").format(
                    path=self.path
                )
            )
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            uri = f"file:{self.path}?mode={'ro' if read_only else 'rwc'}"
            self._db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
                self._db.execute("PRAGMA cache_size = -65536")  # 64 MiB: bulk imports
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                _("cannot open the store {path}: {reason}; expected a cnscd store file").format(
                    path=self.path, reason=exc
                )
            ) from None
        self._in_transaction = False
        self._units: Any | None = None
        self._known: dict[str, dict[str, str]] = {}  # bulk_load: key -> JSON of whole tables

    # -- schema -----------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The schema version of the file (0 for an empty file)."""
        exists = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if not exists:
            return 0
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreVersionError(
                _(
                    "the store {path} has schema version {found}, newer than this cnscd_core "
                    "understands ({expected}); upgrade cnscd-core"
                ).format(path=self.path, found=version, expected=SCHEMA_VERSION)
            )
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise StoreVersionError(
                _(
                    "the store {path} has schema version {found}; this cnscd_core needs "
                    "{expected}: open it once for writing (e.g. 'cnscd store stats') to migrate"
                ).format(path=self.path, found=version, expected=SCHEMA_VERSION)
            )
        for target, script in MIGRATIONS:
            if target <= version:
                continue
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in script.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(target),),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    # -- life cycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[SQLiteStore]:
        """Run the block as one transaction: all of it is stored, or none of it.

        Foreign keys are checked at the end, so records may be written in any order.
        """
        if self.read_only:
            raise StoreError(_("the store {path} is open read-only").format(path=self.path))
        if self._in_transaction:
            yield self
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._db.execute("PRAGMA defer_foreign_keys = ON")
        self._in_transaction = True
        try:
            yield self
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        finally:
            self._in_transaction = False

    @contextlib.contextmanager
    def bulk_load(self, counts: dict[str, int]) -> Iterator[SQLiteStore]:
        """Inside ``transaction()``: write many records faster, same result.

        ``counts`` gives how many records of each kind are about to be written. A table
        about to grow by more than it holds has its secondary indexes dropped for the block
        and built again at its end, which is cheaper than updating them row by row (the
        history's index too, when the block adds more entries than it holds). Index drops
        belong to the transaction: on an error, a crash or ``kill -9`` they are rolled back
        with everything else.
        """
        if not self._in_transaction:
            raise StoreError(_("writes must run inside store.transaction()"))
        tables = [self._table(kind) for kind, n in counts.items() if n > 0]
        total = sum(counts.values())
        grows = [t for t in tables if counts[t] > self._row_count(t)]
        if total > self._row_count("history"):
            grows.append("history")
        # A table that grows more than it holds is read whole once (cheaper than looking
        # its keys up batch by batch); put_many then compares against this copy.
        self._known = {
            t: dict(self._db.execute(f"SELECT key, data FROM {t}")) for t in grows if t in KINDS
        }
        # A larger page cache for the block, so that a big load is not spilled to the WAL
        # before its commit (256 MiB at most; the default comes back after the block).
        cache = self._db.execute("PRAGMA cache_size").fetchone()[0]
        self._db.execute("PRAGMA cache_size = -262144")
        dropped: list[str] = []
        for table in grows:
            for name, sql in self._db.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                (table,),
            ).fetchall():
                self._db.execute(f'DROP INDEX "{name}"')
                dropped.append(sql)
        try:
            yield self
        finally:
            # Built again even when the block failed: a caller that catches the error and
            # commits the rest must not lose the indexes.
            self._known = {}
            self._db.execute(f"PRAGMA cache_size = {int(cache)}")
            for sql in dropped:
                self._db.execute(sql)

    def _row_count(self, table: str) -> int:
        # MAX(rowid) is read from the end of the table's B-tree: no scan; close enough here.
        row = self._db.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()
        return int(row[0] or 0)

    # -- records ----------------------------------------------------------------------------

    def _table(self, kind: str) -> str:
        if kind not in KINDS:
            raise StoreError(
                _("unknown record kind {kind!r}; expected one of {kinds}").format(
                    kind=kind, kinds=", ".join(KINDS)
                )
            )
        return kind

    def _encode(self, record: Any) -> str:
        # Canonical: keys sorted, no spaces, UTF-8 text as is (what json.dumps gives with
        # sort_keys, compact separators and ensure_ascii=False), several times faster.
        return orjson.dumps(
            self._converter.unstructure(record), option=orjson.OPT_SORT_KEYS
        ).decode()

    def get(self, kind: str, key: str) -> Any | None:
        """Return the record of ``kind`` with ``key``, or ``None``."""
        row = self._db.execute(
            f"SELECT data FROM {self._table(kind)} WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        return self._converter.structure(json.loads(row[0]), KINDS[kind])

    def keys(self, kind: str) -> set[str]:
        """Return every key of ``kind``."""
        return {r[0] for r in self._db.execute(f"SELECT key FROM {self._table(kind)}")}

    def records(self, kind: str) -> Iterator[Any]:
        """Iterate over every record of ``kind`` (for exports; bulk work uses the columns)."""
        cls = KINDS[kind]
        for (data,) in self._db.execute(f"SELECT data FROM {self._table(kind)} ORDER BY key"):
            yield self._converter.structure(json.loads(data), cls)

    def put(self, kind: str, record: Any, source: str, at: dt.datetime | None = None) -> Outcome:
        """Insert or update ``record``; return ``new``, ``updated`` or ``unchanged``.

        The natural key is the record's ``code``; content is compared, so writing the same
        record twice changes nothing. Every change is kept in the history with ``source``
        (a file, sheet and row, or the caller's name). Must run inside ``transaction()``.
        """
        return self.put_many(kind, [record], [source], at)[0]

    def put_many(
        self,
        kind: str,
        records: Sequence[Any],
        sources: Sequence[str],
        at: dt.datetime | None = None,
    ) -> list[Outcome]:
        """``put`` for many records of one kind at once (same rules, batched SQL).

        ``sources[i]`` is where ``records[i]`` came from. Must run inside ``transaction()``.
        """
        if not self._in_transaction:
            raise StoreError(_("writes must run inside store.transaction()"))
        table = self._table(kind)
        if len(records) != len(sources):
            raise ValueError("records and sources differ in length")
        encoded = [self._encode(r) for r in records]
        keys = [r.code for r in records]
        known = self._known.get(table)
        existing: dict[str, str] = {} if known is None else known
        for chunk in range(0, len(keys) if known is None else 0, 500):
            part = keys[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            existing.update(
                self._db.execute(f"SELECT key, data FROM {table} WHERE key IN ({marks})", part)
            )
        when = (at or _now()).isoformat()
        outcomes: list[Outcome] = []
        to_write: list[tuple[Any, str, str]] = []  # record, JSON, source
        replaced: list[str] = []  # keys whose old rows of derived tables must go
        history: list[tuple[str, str, str, str, str, str]] = []
        for record, data, key, source in zip(records, encoded, keys, sources, strict=True):
            old_data = existing.get(key)
            if old_data == data:
                outcomes.append("unchanged")
                continue
            if old_data is not None:  # a new record's when and where go on its own row
                new = orjson.loads(data)
                old = orjson.loads(old_data)
                changes = {
                    field: [old.get(field), new.get(field)]
                    for field in sorted(set(old) | set(new))
                    if old.get(field) != new.get(field)
                }
                history.append(
                    (kind, key, when, source, "update",
                     json.dumps(changes, ensure_ascii=False, default=str))
                )  # fmt: skip
            if old_data is None:
                outcomes.append("new")
            else:
                outcomes.append("updated")
                replaced.append(key)
            existing[key] = data  # a later duplicate in the same batch compares to this
            to_write.append((record, data, source))
        if to_write:
            self._write_many(kind, to_write, replaced, when)
            if history:
                self._db.executemany(
                    "INSERT INTO history (kind, key, at, source, action, changes) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    history,
                )
        return outcomes

    def _write_many(
        self,
        kind: str,
        items: Sequence[tuple[Any, str, str]],
        replaced: Sequence[str],
        when: str,
    ) -> None:
        """Upsert ``items`` (record, JSON, source) and their derived rows; ``replaced`` are
        the keys that were already stored (their old derived rows are deleted first). A new
        row gets ``when`` and its source as its creation; an updated row keeps its own."""
        db = self._db
        sql, row = _UPSERTS[kind]
        if replaced:
            db.executemany(sql, [(*row(record, data), when, src) for record, data, src in items])
        else:  # all new: a plain INSERT (a key stored meanwhile would fail, not be lost)
            db.executemany(
                sql.partition(" ON CONFLICT")[0],
                [(*row(record, data), when, src) for record, data, src in items],
            )
        if kind == "members":
            db.executemany("DELETE FROM member_teams WHERE member = ?", [(k,) for k in replaced])
            db.executemany(
                "INSERT INTO member_teams (member, team) VALUES (?, ?)",
                [(r.code, team) for r, _d, _s in items for team in dict.fromkeys(r.teams)],
            )
        origin = {"households": "household", "residents": "resident", "visits": "visit"}.get(kind)
        if origin is None:
            return
        db.executemany(
            "DELETE FROM skill_levels WHERE origin = ? AND origin_key = ?",
            [(origin, key) for key in replaced],
        )
        rows: list[tuple[Any, ...]] = []
        for record, _data, _source in items:
            if kind == "households":
                rows.extend(
                    (record.code, None, s, lv, None, origin, record.code)
                    for s, lv in record.skill_levels.items()
                )
            elif kind == "residents":
                rows.extend(
                    (record.household, record.code, s, lv, None, origin, record.code)
                    for s, lv in record.skill_levels.items()
                )
            elif record.household and record.skill and record.outcome is not None:
                rows.append(
                    (
                        record.household,
                        record.resident,
                        record.skill,
                        record.outcome,
                        record.date.isoformat(),
                        origin,
                        record.code,
                    )
                )
        db.executemany(
            "INSERT INTO skill_levels "
            "(household, resident, skill, level, date, origin, origin_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def history(self, kind: str, key: str) -> list[Change]:
        """Every change of one record, oldest first (who changed what, when, from where).

        The first entry is the record as it was created ("new": every field it had), then
        one entry per update with the (old, new) values of the fields that changed.
        """
        table = self._table(kind)
        out = []
        for at, source, action, changes in self._db.execute(
            "SELECT at, source, action, changes FROM history "
            "WHERE kind = ? AND key = ? ORDER BY id",
            (table, key),
        ):
            out.append(
                Change(
                    kind=kind,
                    key=key,
                    at=dt.datetime.fromisoformat(at),
                    source=source,
                    action=action,
                    changes=_changes(action, json.loads(changes)),
                )
            )
        if out and out[0].action == "new":
            return out  # written by schema version 1
        row = self._db.execute(
            f"SELECT created, source, data FROM {table} WHERE key = ?", (key,)
        ).fetchone()
        if row is None or row[0] is None:
            return out
        # The record as created: its data now, with every update undone, newest first.
        original = json.loads(row[2])
        for change in reversed(out):
            for field, (old, _new) in change.changes.items():
                original[field] = old
        created = Change(
            kind=kind,
            key=key,
            at=dt.datetime.fromisoformat(row[0]),
            source=row[1],
            action="new",
            changes=_changes("new", original),
        )
        return [created, *out]

    def counts(self) -> dict[str, int]:
        """Number of records of each kind, and of villages added by data."""
        out = {
            kind: self._db.execute(f"SELECT COUNT(*) FROM {kind}").fetchone()[0] for kind in KINDS
        }
        out["villages"] = self._db.execute("SELECT COUNT(*) FROM villages").fetchone()[0]
        return out

    # -- villages ---------------------------------------------------------------------------

    def villages(self) -> list[tuple[str, str, str, str, str | None, str | None]]:
        """Villages added by imports: (code, name, kind, commune, legacy commune, review note)."""
        return [
            tuple(row)
            for row in self._db.execute(
                "SELECT code, name, kind, commune, legacy_commune, review FROM villages "
                "ORDER BY code"
            )
        ]

    def set_village_review(self, code: str, note: str | None) -> None:
        """Record (or clear) the review note of a village added by data."""
        if not self._in_transaction:
            raise StoreError(_("writes must run inside store.transaction()"))
        self._db.execute("UPDATE villages SET review = ? WHERE code = ?", (note, code))

    def put_village(
        self,
        code: str,
        name: str,
        kind: str,
        commune: str,
        legacy_commune: str | None,
        review: str | None = None,
    ) -> bool:
        """Record a village added by data; returns whether it was new."""
        if not self._in_transaction:
            raise StoreError(_("writes must run inside store.transaction()"))
        self._units = None  # rebuilt with the new village on next use
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO villages (code, name, kind, commune, legacy_commune, review) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (code, name, kind, commune, legacy_commune, review),
        )
        return cursor.rowcount > 0

    def load_villages_into(self, registry: Any) -> None:
        """Add the store's villages to a ``UnitRegistry`` (so names and codes resolve)."""
        for code, name, kind, commune, legacy_commune, _review in self.villages():
            if code in registry.current:
                continue
            registry.add_village(name, kind, commune, legacy_commune=legacy_commune, code=code)

    # -- columnar views ---------------------------------------------------------------------

    def unit_registry(self) -> Any:
        """A ``UnitRegistry`` of its own with this store's villages added (built once)."""
        registry = self._units
        if registry is None:
            from cnscd_core.units import UnitRegistry

            registry = UnitRegistry.load()
            self.load_villages_into(registry)
            self._units = registry
        return registry

    def columns(self, kind: str, units: Any | None = None) -> Columns:
        """Columns of ``kind`` as numpy arrays, rows sorted by unit (households, residents).

        Unit codes become integer indices into ``units`` (a ``UnitSet``, default: the 2025
        set of ``unit_registry()``, which has the store's villages); references become row
        indices into the referenced kind's columns (``-1`` when empty). ``Columns.keys`` gives
        the record codes in row order; no name, phone or ID number enters a view.
        """
        return build_columns(
            self._db, kind, units if units is not None else self.unit_registry().current
        )


def _changes(action: str, stored: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The (old, new) pairs of a history entry (a new record's entry holds the record)."""
    if action == "new":
        return {field: (None, value) for field, value in stored.items() if value is not None}
    return {field: (pair[0], pair[1]) for field, pair in stored.items()}


def _upsert(table: str, columns: tuple[str, ...]) -> str:
    """Insert a row (its creation time and source last) or update its columns, not those two."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "key")
    columns = (*columns, "created", "source")
    marks = ", ".join("?" * len(columns))
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
        f"ON CONFLICT(key) DO UPDATE SET {updates}"
    )


def _iso(day: dt.date) -> str:
    return day.isoformat()


#: Per kind: the upsert statement and the row it takes from a record and its JSON.
_UPSERTS: dict[str, tuple[str, Callable[[Any, str], tuple[Any, ...]]]] = {
    "teams": (
        _upsert("teams", ("key", "unit", "level", "data")),
        lambda r, d: (r.code, r.unit, r.level, d),
    ),
    "members": (_upsert("members", ("key", "data")), lambda r, d: (r.code, d)),
    "households": (
        _upsert("households", ("key", "unit", "member", "size", "smartphones", "data")),
        lambda r, d: (r.code, r.unit, r.member, r.size, r.smartphones, d),
    ),
    "residents": (
        _upsert("residents", ("key", "household", "birth_year", "vneid_level", "data")),
        lambda r, d: (r.code, r.household, r.birth_year, r.vneid_level, d),
    ),
    "visits": (
        _upsert(
            "visits",
            (
                "key",
                "date",
                "member",
                "household",
                "resident",
                "channel",
                "skill",
                "app",
                "outcome",
                "persons",
                "data",
            ),
        ),
        lambda r, d: (
            r.code,
            _iso(r.date),
            r.member,
            r.household,
            r.resident,
            r.channel,
            r.skill,
            r.app,
            r.outcome,
            r.persons,
            d,
        ),
    ),
    "campaigns": (_upsert("campaigns", ("key", "unit", "data")), lambda r, d: (r.code, r.unit, d)),
    "feedback": (
        _upsert("feedback", ("key", "unit", "date", "data")),
        lambda r, d: (r.code, r.unit, _iso(r.date), d),
    ),
}
