"""The embedded SQLite store: one file, WAL, foreign keys, versioned schema, history."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

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
    one converter) plus the columns the columnar views need.
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
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                _("cannot open the store {path}: {reason}; expected a cnscd store file").format(
                    path=self.path, reason=exc
                )
            ) from None
        self._in_transaction = False
        self._units: Any | None = None

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
        return json.dumps(
            self._converter.unstructure(record),
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )

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
        if not self._in_transaction:
            raise StoreError(_("writes must run inside store.transaction()"))
        table = self._table(kind)
        key = record.code
        data = self._encode(record)
        row = self._db.execute(f"SELECT data FROM {table} WHERE key = ?", (key,)).fetchone()
        if row is not None and row[0] == data:
            return "unchanged"
        old = json.loads(row[0]) if row is not None else {}
        new = json.loads(data)
        changes = {
            field: [old.get(field), new.get(field)]
            for field in sorted(set(old) | set(new))
            if old.get(field) != new.get(field)
        }
        action: Literal["new", "update"] = "new" if row is None else "update"
        self._write(kind, record, data)
        self._db.execute(
            "INSERT INTO history (kind, key, at, source, action, changes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                kind,
                key,
                (at or _now()).isoformat(),
                source,
                action,
                json.dumps(changes, ensure_ascii=False, default=str),
            ),
        )
        return "new" if row is None else "updated"

    def _write(self, kind: str, record: Any, data: str) -> None:
        db = self._db
        key = record.code
        if kind == "teams":
            db.execute(
                "INSERT INTO teams (key, unit, level, data) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET unit = excluded.unit, level = excluded.level, "
                "data = excluded.data",
                (key, record.unit, record.level, data),
            )
        elif kind == "members":
            db.execute(
                "INSERT INTO members (key, data) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET data = excluded.data",
                (key, data),
            )
            db.execute("DELETE FROM member_teams WHERE member = ?", (key,))
            db.executemany(
                "INSERT INTO member_teams (member, team) VALUES (?, ?)",
                [(key, team) for team in dict.fromkeys(record.teams)],
            )
        elif kind == "households":
            db.execute(
                "INSERT INTO households (key, unit, member, size, smartphones, data) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET unit = excluded.unit, "
                "member = excluded.member, size = excluded.size, "
                "smartphones = excluded.smartphones, data = excluded.data",
                (key, record.unit, record.member, record.size, record.smartphones, data),
            )
            self._replace_levels("household", key, key, None, record.skill_levels, None)
        elif kind == "residents":
            db.execute(
                "INSERT INTO residents (key, household, birth_year, vneid_level, data) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                "household = excluded.household, birth_year = excluded.birth_year, "
                "vneid_level = excluded.vneid_level, data = excluded.data",
                (key, record.household, record.birth_year, record.vneid_level, data),
            )
            self._replace_levels("resident", key, record.household, key, record.skill_levels, None)
        elif kind == "visits":
            db.execute(
                "INSERT INTO visits (key, date, member, household, resident, channel, skill, app, "
                "outcome, persons, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET date = excluded.date, member = excluded.member, "
                "household = excluded.household, resident = excluded.resident, "
                "channel = excluded.channel, skill = excluded.skill, app = excluded.app, "
                "outcome = excluded.outcome, persons = excluded.persons, data = excluded.data",
                (
                    key,
                    record.date.isoformat(),
                    record.member,
                    record.household,
                    record.resident,
                    record.channel,
                    record.skill,
                    record.app,
                    record.outcome,
                    record.persons,
                    data,
                ),
            )
            levels = (
                {record.skill: record.outcome}
                if record.household and record.skill and record.outcome is not None
                else {}
            )
            self._replace_levels(
                "visit", key, record.household, record.resident, levels, record.date
            )
        elif kind == "campaigns":
            db.execute(
                "INSERT INTO campaigns (key, unit, data) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET unit = excluded.unit, data = excluded.data",
                (key, record.unit, data),
            )
        elif kind == "feedback":
            db.execute(
                "INSERT INTO feedback (key, unit, date, data) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET unit = excluded.unit, date = excluded.date, "
                "data = excluded.data",
                (key, record.unit, record.date.isoformat(), data),
            )

    def _replace_levels(
        self,
        origin: str,
        origin_key: str,
        household: str | None,
        resident: str | None,
        levels: dict[str, int],
        date: dt.date | None,
    ) -> None:
        self._db.execute(
            "DELETE FROM skill_levels WHERE origin = ? AND origin_key = ?", (origin, origin_key)
        )
        if household is None:
            return
        self._db.executemany(
            "INSERT INTO skill_levels "
            "(household, resident, skill, level, date, origin, origin_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    household,
                    resident,
                    skill,
                    level,
                    date.isoformat() if date else None,
                    origin,
                    origin_key,
                )
                for skill, level in levels.items()
            ],
        )

    def history(self, kind: str, key: str) -> list[Change]:
        """Every change of one record, oldest first (who changed what, when, from where)."""
        out = []
        for at, source, action, changes in self._db.execute(
            "SELECT at, source, action, changes FROM history "
            "WHERE kind = ? AND key = ? ORDER BY id",
            (self._table(kind), key),
        ):
            out.append(
                Change(
                    kind=kind,
                    key=key,
                    at=dt.datetime.fromisoformat(at),
                    source=source,
                    action=action,
                    changes={k: (v[0], v[1]) for k, v in json.loads(changes).items()},
                )
            )
        return out

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
