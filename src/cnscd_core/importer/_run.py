"""The import itself: read every file, check every row, resolve references, write once.

1. Every file is read and every sheet's kind recognised from its headers (an unreadable file,
   or one with no recognisable sheet, stops the import before anything is written).
2. Every row is read into a record of its kind, or collects the problems found.
3. Kind by kind (teams, members, households, residents, visits), references are checked
   against the records of this import and those already in the store, and rows repeating a
   code are merged into one record (a value left empty on one row is taken from another);
   rows giving a code different values are all rejected.
4. New villages are added, the rejects file is written, and every record is written in ONE
   store transaction: a crash or ``kill -9`` leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from cnscd_core.i18n import N_
from cnscd_core.i18n import gettext as _
from cnscd_core.importer._build import Row, RowBuilder, Table, data_rows
from cnscd_core.importer._catalog import Catalog
from cnscd_core.importer._files import write_rejects
from cnscd_core.importer._headers import KIND_ORDER, find_header
from cnscd_core.importer._places import PlaceResolver
from cnscd_core.importer._read import ImportFileError, Sheet, read_file
from cnscd_core.importer._summary import (
    ImportSummary,
    KindCounts,
    Rejection,
    SheetReport,
    VillageReview,
)

__all__ = ["SLOW_IMPORT_ENV", "default_rejects_path", "import_files"]

#: Test hook (never set it in production): ``N`` or ``N:SECONDS``. After writing N records,
#: inside the store transaction, the import prints a line to stderr and sleeps (default 60 s),
#: so that a test can kill the process while the transaction is open.
SLOW_IMPORT_ENV = "CNSCD_TEST_SLOW_IMPORT"

_PROGRESS_MIN_ROWS = 2000
_BATCH = 2000  # records per put_many call


def _set_outcome(rows: Sequence[Row], outcome: str) -> None:
    """The first row of a record gets the store's answer; its repeats are unchanged."""
    rows[0].outcome = outcome
    for row in rows[1:]:
        row.outcome = "unchanged"


def _slow_hook() -> Callable[[int], None]:
    spec = os.environ.get(SLOW_IMPORT_ENV, "").strip()
    if not spec:
        return lambda written: None
    count, _sep, seconds = spec.partition(":")
    after, pause = int(count), float(seconds or 60)

    fired = False

    def hook(written: int) -> None:
        nonlocal fired
        if written >= after and not fired:
            fired = True
            sys.stderr.write(f"{SLOW_IMPORT_ENV}: {written} records written, sleeping\n")
            sys.stderr.flush()
            time.sleep(pause)

    return hook


def _progress(rows: Sequence[Any], enabled: bool, label: str) -> Iterable[Any]:
    if not enabled or len(rows) < _PROGRESS_MIN_ROWS:
        return rows
    from tqdm import tqdm  # type: ignore[import-untyped]

    bar: Iterable[Any] = tqdm(rows, desc=label, unit=_("rows"), file=sys.stderr, leave=False)
    return bar


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == () or value == {}


def _differing(a: Any, b: Any) -> list[str]:
    """Fields where two records both have a value, and the values differ."""
    out = []
    for field in attrs.fields(type(a)):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if x != y and not _is_blank(x) and not _is_blank(y):
            out.append(field.name)
    return out


def _conflicts(records: Sequence[Any]) -> list[str]:
    """Fields to which the records give two or more different values."""
    out = []
    for field in attrs.fields(type(records[0])):
        values = [getattr(r, field.name) for r in records]
        given = [v for v in values if not _is_blank(v)]
        if any(v != given[0] for v in given[1:]):
            out.append(field.name)
    return out


def _merge(records: Sequence[Any]) -> Any | None:
    """One record from several of the same code: empty values filled in from the others.

    ``None`` when two of them give different values to a field.
    """
    first = records[0]
    if all(record == first for record in records[1:]):
        return first
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(first)):
        chosen: Any = None
        found = False
        for record in records:
            value = getattr(record, field.name)
            if _is_blank(value):
                continue
            if not found:
                chosen, found = value, True
            elif value != chosen:
                return None
        if found and chosen != getattr(first, field.name):
            changes[field.name] = chosen
    return attrs.evolve(first, **changes) if changes else first


_ATTRIBUTE_FIELDS = {"unit": "commune", "legacy_unit": "commune", "teams": "team"}


class _Import:
    def __init__(self, store: Any, registry: Any, host: Any, progress: bool) -> None:
        self.store = store
        self.registry = registry
        self.progress = progress
        self.places = PlaceResolver(registry)
        self.builder = RowBuilder(self.places, Catalog(host), dt.date.today())
        self.rows: dict[str, list[Row]] = {kind: [] for kind in KIND_ORDER}
        self.all_rows: list[Row] = []
        self.groups: dict[str, dict[str, list[Row]]] = {kind: {} for kind in KIND_ORDER}
        self.reports: list[SheetReport] = []
        self.reviews: list[VillageReview] = []

    # -- reading ----------------------------------------------------------------------------

    def add_file(self, path: Path, sheets: Sequence[Sheet]) -> None:
        """Recognise the sheets of one file and collect their data rows."""
        recognised = False
        for sheet in sheets:
            match = find_header(sheet.rows)
            if match is None:
                self.reports.append(
                    SheetReport(path.name, sheet.name, None, None, 0, sheet.repaired)
                )
                continue
            recognised = True
            table = Table(file=path.name, sheet=sheet.name, kind=match.kind, match=match)
            rows = data_rows(table, sheet.rows)
            self.rows[match.kind].extend(rows)
            self.all_rows.extend(rows)
            self.reports.append(
                SheetReport(
                    path.name, sheet.name, match.kind, match.last_row + 1, len(rows), sheet.repaired
                )
            )
        if not recognised:
            raise ImportFileError(
                _(
                    "{file}: no sheet has a header row this import recognises; expected "
                    "headers such as 'Mã hộ', 'Số nhân khẩu', 'Xã/Phường' (households) or "
                    "'Ngày', 'Mã thành viên' (visits); see 'cnscd import template'"
                ).format(file=path)
            )

    # -- checking ---------------------------------------------------------------------------

    def parse(self) -> None:
        """Read every row into a record of its kind."""
        readers = {
            "teams": self.builder.team,
            "members": self.builder.member,
            "households": self.builder.household,
            "residents": self.builder.resident,
            "visits": self.builder.visit,
        }
        for kind in KIND_ORDER:
            read = readers[kind]
            for row in _progress(
                self.rows[kind], self.progress, _("Checking {kind}").format(kind=kind)
            ):
                read(row)
                if row.ok and row.record is None:  # defensive: every row ends one way
                    self.builder.fail(row, "code", "invalid_value", _("unreadable row"))

    def _reference(
        self, row: Row, field: str, code: str | None, known: set[str], problem: str, what: str
    ) -> None:
        if code is None or code in known:
            return
        translate = _  # ``what`` is a message id marked where it is written
        what = translate(what)
        self.builder.fail(
            row,
            field,
            problem,
            _(
                "{field}: found {found!r}; expected the code of {what} in this import or "
                "already in the store"
            ).format(field=row.table.header(field), found=code, what=what),
        )

    def _group(self, kind: str, compare: Callable[[Row], Any]) -> dict[str, list[Row]]:
        """Group the accepted rows of ``kind`` by code; reject every row of a conflict.

        Rows of one code are one record: a value given on one row and left empty on another
        is taken; two different values are a conflict, and every row of the code is rejected.
        The first row of a group carries the merged record (``compare`` gives what is merged).
        """
        groups: dict[str, list[Row]] = {}
        repeated: list[str] = []
        for row in self.rows[kind]:
            if not row.problems:
                code = row.record.code
                group = groups.get(code)
                if group is None:
                    groups[code] = [row]
                else:
                    group.append(row)
                    repeated.append(code)
        for code in dict.fromkeys(repeated):
            rows = groups[code]
            contents = [compare(r) for r in rows]
            merged = _merge(contents)
            if merged is not None:
                rows[0].record = merged
                continue
            del groups[code]
            for i, row in enumerate(rows):
                others = [j for j in range(len(rows)) if j != i]
                other = next((j for j in others if _differing(contents[i], contents[j])), others[0])
                names = _differing(contents[i], contents[other]) or _conflicts(contents)
                headers = ", ".join(
                    dict.fromkeys(row.table.header(_ATTRIBUTE_FIELDS.get(n, n)) for n in names)
                )
                self.builder.fail(
                    row,
                    "code",
                    "duplicate_conflict",
                    _(
                        "{field}: the code {code!r} is also at {where} with a different {fields}; "
                        "expected one row per code, or identical rows"
                    ).format(
                        field=row.table.header("code"),
                        code=code,
                        where=rows[other].table.where(rows[other].number),
                        fields=headers,
                    ),
                )
        self.groups[kind] = groups
        return groups

    def check(self) -> None:
        """References and duplicates, kind by kind; team leaders from the member rows."""
        store, fail_ref = self.store, self._reference
        teams = set(self._group("teams", lambda r: r.record)) | store.keys("teams")

        for row in self.rows["members"]:
            if row.ok:
                fail_ref(row, "team", row.team, teams, "unknown_team", N_("a team"))
        members_groups = self._group(
            "members", lambda r: attrs.evolve(r.record, teams=(), position="member")
        )
        rank = {"member": 0, "deputy": 1, "leader": 2}
        for rows in members_groups.values():
            if len(rows) > 1:
                team_codes = sorted({r.team for r in rows if r.team})
                position = max((r.position or "member" for r in rows), key=rank.__getitem__)
                rows[0].record = attrs.evolve(
                    rows[0].record, teams=tuple(team_codes), position=position
                )
        members = set(members_groups) | store.keys("members")
        self._team_leaders()

        for row in self.rows["households"]:
            if row.ok:
                fail_ref(
                    row, "member", row.record.member, members, "unknown_member", N_("a member")
                )
        households = set(self._group("households", lambda r: r.record)) | store.keys("households")

        for row in self.rows["residents"]:
            if row.ok:
                fail_ref(
                    row,
                    "household",
                    row.record.household,
                    households,
                    "unknown_household",
                    N_("a household"),
                )
        residents = set(self._group("residents", lambda r: r.record)) | store.keys("residents")

        for row in self.rows["visits"]:
            if not row.ok:
                continue
            visit = row.record
            fail_ref(row, "member", visit.member, members, "unknown_member", N_("a member"))
            fail_ref(
                row,
                "household",
                visit.household,
                households,
                "unknown_household",
                N_("a household"),
            )
            fail_ref(
                row, "resident", visit.resident, residents, "unknown_resident", N_("a resident")
            )
        self._group("visits", lambda r: r.record)

    def _team_leaders(self) -> None:
        """A team's leader and deputy: from this import's member rows, else as stored."""
        chosen: dict[tuple[str, str], list[str]] = {}
        for code, rows in self.groups["members"].items():
            for row in rows:
                if row.team and row.position in ("leader", "deputy"):
                    chosen.setdefault((row.team, row.position), []).append(code)
        for code, rows in self.groups["teams"].items():
            leaders = sorted(chosen.get((code, "leader"), []))
            deputies = sorted(chosen.get((code, "deputy"), []))
            stored = self.store.get("teams", code) if not (leaders and deputies) else None
            leader = leaders[0] if leaders else (stored.leader if stored else None)
            deputy = deputies[0] if deputies else (stored.deputy if stored else None)
            rows[0].record = attrs.evolve(rows[0].record, leader=leader, deputy=deputy)

    # -- villages ---------------------------------------------------------------------------

    def _accepted_places(self) -> Iterable[tuple[Row, Any]]:
        """Each distinct place of the accepted rows, with the first row naming it (places
        are shared objects: the resolver hands out one per spelling)."""
        seen: set[int] = set()
        for kind in ("teams", "households"):
            for rows in self.groups[kind].values():
                for row in rows:
                    place = row.place
                    if place is not None and id(place) not in seen:
                        seen.add(id(place))
                        yield row, place

    def add_villages(
        self,
    ) -> tuple[list[Any], list[VillageReview], dict[str, list[tuple[str, str]]]]:
        """Add the villages the accepted rows need; list the spellings flagged for review."""
        used: dict[str, None] = {}
        flagged: dict[tuple[str, str], str] = {}
        for row, place in self._accepted_places():
            if place.unit in self.places.pending:
                used[place.unit] = None
            if place.review is not None:
                flagged.setdefault((place.review.village, place.review.spelling), row.source)
        added = []
        moved: dict[str, str] = {}
        for code in used:
            pending = self.places.pending[code]
            unit = self.registry.add_village(
                pending.short,
                pending.kind,
                pending.commune,
                legacy_commune=pending.legacy_commune,
                code=code,
            )
            if unit.code != code:  # the registry knew it under another spelling after all
                moved[code] = unit.code
                continue
            added.append(pending)
        if moved:
            for kind in ("teams", "households"):
                for rows in self.groups[kind].values():
                    record = rows[0].record
                    if record.unit in moved:
                        rows[0].record = attrs.evolve(record, unit=moved[record.unit])
        reviews: list[VillageReview] = []
        notes: dict[str, list[tuple[str, str]]] = {}
        current = self.registry.current
        for (village, spelling), source in flagged.items():
            code = moved.get(village, village)
            idx = current.index(code)
            reviews.append(
                VillageReview(
                    village=code,
                    name=current.name(idx),
                    commune=current.code(current.parent_index(idx)),
                    spelling=spelling,
                )
            )
            note = _(
                "also written {spelling!r} (without accents) in {source}: check that it is "
                "this village"
            ).format(spelling=spelling, source=source)
            notes.setdefault(code, []).append((spelling, note))
        return added, reviews, notes

    # -- writing ----------------------------------------------------------------------------

    def _write_villages(self, added: list[Any], notes: dict[str, list[tuple[str, str]]]) -> int:
        store, current = self.store, self.registry.current
        new = 0
        for pending in added:
            idx = current.index(pending.code)
            note = "; ".join(line for _s, line in notes.pop(pending.code, [])) or None
            if store.put_village(
                pending.code,
                current.name(idx),
                pending.kind.value,
                pending.commune,
                pending.legacy_commune,
                note,
            ):
                new += 1
        if notes:
            stored = {row[0]: row[5] for row in store.villages()}
            for code, lines in notes.items():
                if code not in stored:
                    idx = current.index(code)
                    store.put_village(
                        code,
                        current.name(idx),
                        current.kind(idx).value,
                        current.code(current.parent_index(idx)),
                        None,
                        "; ".join(line for _s, line in lines),
                    )
                    continue
                old = stored[code] or ""
                fresh = [line for spelling, line in lines if repr(spelling) not in old]
                if fresh:
                    _note_village_review(store, code, "; ".join([old, *fresh] if old else fresh))
        return new

    def write(self) -> int:
        """Write every accepted record in one transaction; return the villages added."""
        added, self.reviews, notes = self.add_villages()
        hook = _slow_hook()
        written = 0
        counts = {kind: len(self.groups[kind]) for kind in KIND_ORDER}
        with self.store.transaction(), self.store.bulk_load(counts):
            new_villages = self._write_villages(added, notes)
            for kind in KIND_ORDER:
                groups = list(self.groups[kind].values())
                label = _("Writing {kind}").format(kind=kind)
                batches = [groups[i : i + _BATCH] for i in range(0, len(groups), _BATCH)]
                for batch in _progress(batches, self.progress and len(groups) > 1, label):
                    outcomes = self.store.put_many(
                        kind, [g[0].record for g in batch], [g[0].source for g in batch]
                    )
                    for rows, outcome in zip(batch, outcomes, strict=True):
                        rows[0].outcome = outcome
                        if len(rows) > 1:
                            _set_outcome(rows, outcome)
                    written += len(batch)
                    hook(written)
        return new_villages

    # -- summary ----------------------------------------------------------------------------

    def rejected_rows(self) -> list[Row]:
        """The rejected rows, in reading order."""
        return [row for row in self.all_rows if not row.ok]

    def summary(self, new_villages: int, rejects: Path | None) -> ImportSummary:
        """Counts per kind (each row counted once), rejections, villages, sheets."""
        by_kind: dict[str, KindCounts] = {}
        for kind in KIND_ORDER:
            counts = {"new": 0, "updated": 0, "unchanged": 0, "rejected": 0}
            for row in self.rows[kind]:
                key = "rejected" if not row.ok else row.outcome
                if key not in counts:
                    raise AssertionError(f"row {row.source} was neither written nor rejected")
                counts[key] += 1
            by_kind[kind] = KindCounts(read=len(self.rows[kind]), **counts)
        rejections = tuple(
            Rejection(
                file=row.table.file,
                sheet=row.table.sheet,
                row=row.number,
                kind=row.kind,
                field=row.problems[0][0],
                problem=row.problems[0][1],
                message="; ".join(message for _h, _c, message in row.problems),
            )
            for row in self.rejected_rows()
        )
        return ImportSummary(
            by_kind=by_kind,
            new_villages=new_villages,
            village_reviews=tuple(self.reviews),
            rejections=rejections,
            rejects=rejects,
            sheets=tuple(self.reports),
        )


def _note_village_review(store: Any, code: str, note: str) -> None:
    """Set the review note of a village already in the store."""
    store.set_village_review(code, note)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The cycle collector off while an import builds its rows (restored after).

    An import holds a few objects per row alive until it ends, so every full collection
    would walk all of them again for nothing: about a quarter of the time of a large import.
    Reference counting still frees everything that is not in a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_rejects_path(store: Any, first: Path) -> Path:
    """Where the rejects file goes by default: ``rejects/<first file>.rejects.xlsx`` next to
    the store (the user's own data folder).
    """
    return Path(store.path).parent / "rejects" / f"{first.stem}.rejects.xlsx"


def import_files(
    paths: Sequence[str | Path],
    store: Any,
    *,
    units: Any | None = None,
    host: Any | None = None,
    progress: bool = False,
    rejects_path: str | Path | None = None,
) -> ImportSummary:
    """Import CSV files and workbooks into ``store`` in one transaction; return the summary.

    ``units`` is the ``UnitRegistry`` to resolve names with (default: a fresh one); the
    store's villages are loaded into it and new villages added to it. ``host`` is the plugin
    host whose skills, apps and member roles are recognised (default: ``load_plugins()``).
    Rejected rows go to ``rejects_path`` (CSV or XLSX; default: see ``default_rejects_path``),
    which is written only when some row is rejected.

    Raises ``ImportFileError`` (nothing written) when a file is missing, unreadable or holds
    no recognisable sheet.
    """
    if not paths:
        raise ImportFileError(
            _("no file to import; expected one or more CSV, XLSX, XLS or ODS files")
        )
    with _gc_paused():
        return _import_files(paths, store, units, host, progress, rejects_path)


def _import_files(
    paths: Sequence[str | Path],
    store: Any,
    units: Any | None,
    host: Any | None,
    progress: bool,
    rejects_path: str | Path | None,
) -> ImportSummary:
    files = [Path(p) for p in paths]
    sheets = [(path, read_file(path)) for path in files]
    if units is None:
        from cnscd_core.units import UnitRegistry

        units = UnitRegistry.load()
    store.load_villages_into(units)
    if host is None:
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
    run = _Import(store, units, host, progress)
    for path, file_sheets in sheets:
        run.add_file(path, file_sheets)
    del sheets  # the rows live on in the Row objects; let the rest go
    run.parse()
    run.check()
    rejected = run.rejected_rows()
    rejects: Path | None = None
    if rejected:
        rejects = Path(rejects_path) if rejects_path else default_rejects_path(store, files[0])
        write_rejects(rejects, rejected)
    new_villages = run.write()
    return run.summary(new_villages, rejects)
