"""Turning data rows into field records: values read, units resolved, problems collected.

Each row of a recognised sheet becomes a ``Row``; ``RowBuilder`` reads its cells into a
record of its kind, or records every problem found (a row with problems is rejected).
References to other records are checked later, across the whole import.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from cnscd_core.field import Household, Member, Resident, Team, Visit, mask
from cnscd_core.i18n import N_
from cnscd_core.i18n import gettext as _
from cnscd_core.importer._catalog import Catalog
from cnscd_core.importer._headers import FIELDS, HeaderMatch
from cnscd_core.importer._places import FieldInvalid, Place, PlaceResolver
from cnscd_core.importer._values import (
    Invalid,
    cell_text,
    is_empty,
    parse_citizen_id,
    parse_code,
    parse_count,
    parse_date,
    parse_gender,
    parse_phone,
    parse_position,
    parse_text,
    parse_year,
    parse_yes_no,
)

__all__ = ["FIRST_DATE", "Row", "RowBuilder", "Table", "data_rows"]

#: The first date a team decision or a visit may carry (the teams began in 2021–2022).
FIRST_DATE = dt.date(2021, 1, 1)
#: Largest number of persons one visit or group session may report.
MAX_PERSONS = 1000
#: Youngest age of a team member.
MIN_MEMBER_AGE = 10

_PERSONAL = {kind: {f.name for f in fields if f.personal} for kind, fields in FIELDS.items()}
_TEMPLATE_HEADER = {kind: {f.name: f.header for f in fields} for kind, fields in FIELDS.items()}


@attrs.frozen
class Table:
    """A recognised sheet: its kind and which columns hold which field."""

    file: str
    sheet: str
    kind: str
    match: HeaderMatch
    #: ``file:sheet:`` (``file:`` for a CSV file), what ``Row.source`` puts before the row.
    prefix: str = attrs.field(init=False)

    @prefix.default
    def _prefix(self) -> str:
        return "".join(f"{part}:" for part in (self.file, self.sheet) if part)

    def header(self, field: str) -> str:
        """The header of ``field`` as the sheet writes it (the template's when absent)."""
        cols = self.match.columns.get(field)
        if cols:
            return self.match.headers.get(cols[0], field)
        return _TEMPLATE_HEADER[self.kind].get(field, field)

    def where(self, row: int) -> str:
        """``file, sheet, row`` for messages."""
        if self.sheet:
            return _("{file}, sheet {sheet}, row {row}").format(
                file=self.file, sheet=self.sheet, row=row
            )
        return _("{file}, row {row}").format(file=self.file, row=row)


@attrs.define(eq=False)
class Row:
    """One data row and what became of it."""

    table: Table
    number: int
    cells: list[Any]
    #: field -> the first non-empty cell of the field's columns (empty fields absent).
    values: dict[str, Any]
    problems: list[tuple[str, str, str]] = attrs.Factory(list)  # (header, code, message)
    record: Any = None
    team: str | None = None  # members: the team of this row
    position: str | None = None  # members: the position in that team
    place: Place | None = None
    outcome: str | None = None

    @property
    def kind(self) -> str:
        """The record kind of the row's sheet."""
        return self.table.kind

    @property
    def ok(self) -> bool:
        """Whether no problem was found (so far)."""
        return not self.problems

    @property
    def source(self) -> str:
        """Where the row comes from, for the store's history: ``file:sheet:row``."""
        return f"{self.table.prefix}{self.number}"


_NUMBERING = re.compile(r"^\(?\s*(\d{1,2}|[A-Za-z])\s*\)?$")


def _is_numbering(cells: Sequence[Any]) -> bool:
    """Whether a row only numbers the columns ("(1) (2) (3)..." under official headers)."""
    values = [c for c in cells if not is_empty(c)]
    if len(values) < 2:
        return False
    numbers = []
    for cell in values:
        match = _NUMBERING.match(cell_text(cell).strip())
        if match is None:
            return False
        token = match[1]
        numbers.append(int(token) if token.isdigit() else ord(token.upper()) - 64)
    return all(b > a for a, b in itertools.pairwise(numbers))


def data_rows(table: Table, rows: Sequence[list[Any]]) -> list[Row]:
    """The non-blank data rows below the header (blank in every recognised column = skip)."""
    fields = list(table.match.columns.items())
    columns = sorted({col for _name, cols in fields for col in cols})
    first = table.match.last_row + 1
    out: list[Row] = []
    append, make_row = out.append, Row
    # The common case, one column per field: one dict comprehension per row.
    single = [(name, cols[0]) for name, cols in fields]
    if any(len(cols) > 1 for _name, cols in fields):
        single = []
    single_width = max((col for _name, col in single), default=-1) + 1
    for index in range(first, len(rows)):
        cells = rows[index]
        if single and len(cells) >= single_width:
            values = {
                name: cell
                for name, col in single
                if (cell := cells[col]) is not None
                and cell != ""
                and not (cell.__class__ is str and cell.isspace())
            }
        else:
            values = _values(cells, fields)
        if not values:
            continue
        if index == first and _is_numbering([cells[c] for c in columns if c < len(cells)]):
            continue
        append(make_row(table, index + 1, cells, values))
    return out


def _values(cells: Sequence[Any], fields: Sequence[tuple[str, tuple[int, ...]]]) -> dict[str, Any]:
    """Field -> the first non-empty cell among the field's columns."""
    width = len(cells)
    values: dict[str, Any] = {}
    for name, cols in fields:
        for col in cols:
            if col < width:
                cell = cells[col]
                if cell is None or cell == "" or (cell.__class__ is str and cell.isspace()):
                    continue
                values[name] = cell
                break
    return values


def _found(kind: str, field: str, raw: Any) -> str:
    """What a cell holds, for a message: masked when the field is personal."""
    if field in _PERSONAL[kind]:
        return mask(cell_text(raw), field)
    text = cell_text(raw)
    return repr(text if len(text) <= 60 else text[:57] + "...")


class RowBuilder:
    """Reads rows into records; caches repeated values (dates, enumerations, places)."""

    def __init__(self, places: PlaceResolver, catalog: Catalog, today: dt.date) -> None:
        self.places = places
        self.catalog = catalog
        self.today = today
        self._memo: dict[tuple[Any, ...], Any] = {}

    # -- problems ---------------------------------------------------------------------------

    @staticmethod
    def fail(row: Row, field: str, problem: str, message: str) -> None:
        """Record a problem of ``row`` in ``field`` (message already complete)."""
        row.problems.append((row.table.header(field), problem, message))

    def invalid(self, row: Row, field: str, raw: Any, exc: Invalid) -> None:
        """Record that ``raw`` in ``field`` is not what was expected."""
        self.fail(
            row,
            field,
            exc.problem,
            _("{field}: found {found}; expected {expected}").format(
                field=row.table.header(field),
                found=_found(row.kind, field, raw),
                expected=exc.expected,
            ),
        )

    def missing(self, row: Row, field: str, expected: str, translated: bool = False) -> None:
        """Record that a required ``field`` is empty; ``expected`` is a message id (``N_``)."""
        translate = _  # an alias: ``expected`` was marked for extraction where it is written
        self.fail(
            row,
            field,
            "missing_value",
            _("{field}: empty; expected {expected}").format(
                field=row.table.header(field),
                expected=expected if translated else translate(expected),
            ),
        )

    # -- reading cells ----------------------------------------------------------------------

    def get(self, row: Row, field: str, parse: Callable[..., Any], *args: Any) -> Any:
        """The value of ``field`` read by ``parse`` (``None`` if empty or invalid)."""
        raw = row.values.get(field)
        if raw is None:
            return None
        try:
            return parse(raw, *args)
        except Invalid as exc:
            self.invalid(row, field, raw, exc)
            return None

    def cached(self, row: Row, field: str, parse: Callable[..., Any], *args: Any) -> Any:
        """Like ``get``, remembering the answer for the same cell value (enumerations)."""
        raw = row.values.get(field)
        if raw is None:
            return None
        key = (parse, raw.__class__, raw, *args)
        result = self._memo.get(key, self._memo)
        if result is self._memo:
            try:
                result = parse(raw, *args)
            except Invalid as exc:
                result = exc
            self._memo[key] = result
        if isinstance(result, Invalid):
            self.invalid(row, field, raw, result)
            return None
        return result

    def code(self, row: Row, field: str, expected: str | None = None) -> str | None:
        """A code; ``expected`` (a message id) set means it is required."""
        value = self.get(row, field, parse_code)
        if value is None and expected is not None and field not in row.values:
            self.missing(row, field, expected)
        return value  # type: ignore[no-any-return]

    def date(self, row: Row, field: str) -> dt.date | None:
        """A date from ``FIRST_DATE`` to today."""
        return self.cached(row, field, parse_date, FIRST_DATE, self.today)  # type: ignore[no-any-return]

    def place(self, row: Row, need_village: bool, use_village: bool = True) -> Place | None:
        """The unit of the row's province, commune and (if ``use_village``) village columns."""
        values = row.values
        raws = [values.get("province"), values.get("commune"), values.get("village")]
        if not use_village:
            raws[2] = None
        try:
            return self.places.resolve(raws[0], raws[1], raws[2], need_village)
        except FieldInvalid as exc:
            raw = raws[("province", "commune", "village").index(exc.field)]
            if raw is None:
                self.missing(row, exc.field, exc.expected, translated=True)
            else:
                self.invalid(row, exc.field, raw, exc)
            return None

    def make(self, row: Row, cls: type[Any], **values: Any) -> Any:
        """Build the record, turning a validator's complaint into a problem of the row."""
        if not row.ok:
            return None
        try:
            return cls(**values)
        except (ValueError, TypeError) as exc:
            self.fail(row, "code", "invalid_value", str(exc))
            return None

    # -- kinds ------------------------------------------------------------------------------

    def team(self, row: Row) -> None:
        """Read a team row."""
        code = self.code(row, "code", N_("the team's code, such as 'T01'"))
        name = self.get(row, "name", parse_text) or ""
        level = self.cached(row, "level", self.catalog.team_level)
        place = self.place(row, level == "village", use_village=level != "commune")
        decision_number = self.get(row, "decision_number", parse_text) or ""
        decision_date = self.date(row, "decision_date")
        established = self.date(row, "established")
        if place is None:
            return
        row.place = place
        if level is None:
            level = place.level
        row.record = self.make(
            row,
            Team,
            code=code,
            name=name,
            level=level,
            unit=place.unit,
            legacy_unit=place.legacy_unit,
            decision_number=decision_number,
            decision_date=decision_date,
            established=established,
        )

    def member(self, row: Row) -> None:
        """Read a member row (one row per member and team)."""
        code = self.code(row, "code", N_("the member's code, such as 'TV001'"))
        full_name = self.cached(row, "full_name", parse_text)
        if full_name is None and "full_name" not in row.values:
            self.missing(row, "full_name", N_("the member's full name"))
        this_year = self.today.year
        birth_year = self.cached(row, "birth_year", parse_year, 1900, this_year - MIN_MEMBER_AGE)
        gender = self.cached(row, "gender", parse_gender)
        phone = self.get(row, "phone", parse_phone)
        position = self.cached(row, "position", parse_position)
        if position is None:
            if self.cached(row, "leader_flag", parse_yes_no):
                position = "leader"
            elif self.cached(row, "deputy_flag", parse_yes_no):
                position = "deputy"
        role_raw = row.values.get("role")
        role = self.catalog.role(role_raw) if role_raw is not None else None
        joined = self.date(row, "joined")
        row.team = self.code(row, "team")
        row.position = position or "member"
        row.record = self.make(
            row,
            Member,
            code=code,
            full_name=full_name,
            teams=(row.team,) if row.team else (),
            birth_year=birth_year,
            gender=gender,
            phone=phone,
            role=role,
            position=row.position,
            joined=joined,
        )

    def household(self, row: Row) -> None:
        """Read a household row."""
        code = self.code(row, "code", N_("the household's code, such as 'HD001'"))
        head_name = self.get(row, "head_name", parse_text) or ""  # names rarely repeat
        size = self.cached(row, "size", parse_count, 1, 50, N_("persons"))
        if size is None and "size" not in row.values:
            self.missing(row, "size", N_("the number of persons, 1 to 50"))
        smartphones = self.cached(row, "smartphones", parse_count, 0, 50, N_("smartphones"))
        if smartphones is None and "smartphones" not in row.values:
            has = self.cached(row, "has_smartphone", parse_yes_no)
            smartphones = None if has is None else int(has)
        phone = self.get(row, "phone", parse_phone)
        member = self.code(row, "member")
        place = self.place(row, need_village=False)
        if place is None:
            return
        row.place = place
        row.record = self.make(
            row,
            Household,
            code=code,
            head_name=head_name,
            size=size,
            unit=place.unit,
            smartphones=smartphones,
            legacy_unit=place.legacy_unit,
            member=member,
            phone=phone,
        )

    def resident(self, row: Row) -> None:
        """Read a resident row."""
        code = self.code(row, "code", N_("the resident's code, such as 'NK001'"))
        household = self.code(row, "household", N_("the code of the resident's household"))
        row.record = self.make(
            row,
            Resident,
            code=code,
            household=household,
            full_name=self.get(row, "full_name", parse_text) or "",
            birth_year=self.cached(row, "birth_year", parse_year, 1900, self.today.year),
            gender=self.cached(row, "gender", parse_gender),
            citizen_id=self.get(row, "citizen_id", parse_citizen_id),
            phone=self.get(row, "phone", parse_phone),
            vneid_level=self.cached(row, "vneid_level", _vneid_level),
        )

    def visit(self, row: Row) -> None:
        """Read a visit row; its code is the visit's natural key."""
        day = self.date(row, "date")
        if day is None and "date" not in row.values:
            self.missing(row, "date", N_("the date of the visit, such as 15/03/2026"))
        member = self.code(row, "member", N_("the code of the member who guided"))
        household = self.code(row, "household")
        resident = self.code(row, "resident")
        channel = "door_to_door"
        if "channel" in row.values:
            channel = self.cached(row, "channel", self.catalog.channel)
        skill, app = self.cached(row, "skill", self.catalog.skill_or_app) or (None, None)
        app_raw = row.values.get("app")
        if app_raw is not None:
            given = self.cached(row, "app", self.catalog.app)
            if given is not None:
                if skill is not None and skill not in self.catalog.app_skills(given):
                    self.invalid(
                        row,
                        "app",
                        app_raw,
                        Invalid(
                            "unknown_skill",
                            _("an app that exercises the skill {skill}").format(skill=skill),
                        ),
                    )
                app = given
        outcome = None
        if "outcome" in row.values and row.ok:
            outcome = self.cached(row, "outcome", self.catalog.outcome, skill, app)
        persons = self.cached(row, "persons", parse_count, 1, MAX_PERSONS, N_("persons"))
        if persons is None:
            persons = 1
        if not row.ok or day is None or member is None:
            return
        row.record = self.make(
            row,
            Visit,
            code=Visit.natural_key(day, member, household, channel, skill, app, resident),
            date=day,
            member=member,
            channel=channel,
            household=household,
            resident=resident,
            group_size=persons if household is None and resident is None else None,
            skill=skill,
            app=app,
            outcome=outcome,
            persons=persons,
        )


def _vneid_level(value: Any) -> int:
    """``Mức 2``, ``2``, ``mức độ 1``; ``Chưa có`` or ``Không`` -> 0."""
    from cnscd_core.text import fold

    key = fold(cell_text(value))
    digits = re.findall(r"\d", key)
    if len(digits) == 1 and digits[0] in "012":
        return int(digits[0])
    if key.strip(" .") in {"chua co", "chua", "khong", "khong co", "no", "none"}:
        return 0
    raise Invalid("invalid_value", _("Mức 1, Mức 2, or Chưa có (none)"))
