"""Files the importer writes: the rejects file (CSV or XLSX) and the XLSX template."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _
from cnscd_core.importer._build import Row
from cnscd_core.importer._headers import FIELDS, KIND_ORDER
from cnscd_core.importer._values import cell_text, is_empty

__all__ = ["write_rejects", "write_template"]

# Strings stay strings: a phone "+84..." or a code "=A1" must not become a number or formula.
_WORKBOOK_OPTIONS = {
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


def _column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _rejects_table(rows: Sequence[Row]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the rejects file: where, why, then the row's cells as given."""
    fixed = [_("File"), _("Sheet"), _("Row"), _("Field"), _("Reason")]
    columns: dict[str, int] = {}
    for row in rows:
        headers = row.table.match.headers
        for col, cell in enumerate(row.cells):
            if is_empty(cell):
                continue
            name = headers.get(col) or _("column {letter}").format(letter=_column_letter(col))
            columns.setdefault(name, len(columns))
    out: list[list[Any]] = []
    for row in rows:
        fields = list(dict.fromkeys(header for header, _code, _msg in row.problems))
        values: list[Any] = [None] * len(columns)
        headers = row.table.match.headers
        for col, cell in enumerate(row.cells):
            if is_empty(cell):
                continue
            name = headers.get(col) or _("column {letter}").format(letter=_column_letter(col))
            values[columns[name]] = cell
        out.append(
            [
                row.table.file,
                row.table.sheet,
                row.number,
                ", ".join(fields),
                "; ".join(message for _h, _c, message in row.problems),
                *values,
            ]
        )
    return [*fixed, *columns], out


def write_rejects(path: Path, rows: Sequence[Row]) -> None:
    """Write every rejected row, as given, with its file, sheet, row, field and reason.

    An ``.xlsx`` path gives a workbook; any other a UTF-8 CSV file (with BOM, so that Excel
    reads the Vietnamese letters). The file holds the user's own data, unmasked, so that they
    can fix it; keep it where the original files are kept.
    """
    header, table = _rejects_table(rows)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() == ".xlsx":
            _write_xlsx(path, header, table)
        else:
            with path.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                for values in table:
                    writer.writerow(["" if v is None else cell_text(v) for v in values])
    except OSError as exc:
        raise CnscdError(
            _("cannot write the rejects file {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None


def _write_xlsx(path: Path, header: list[str], table: list[list[Any]]) -> None:
    import xlsxwriter  # type: ignore[import-untyped]

    workbook = xlsxwriter.Workbook(str(path), _WORKBOOK_OPTIONS)
    try:
        bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "text_wrap": True})
        date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
        sheet = workbook.add_worksheet(_("Rejected rows")[:31])
        sheet.write_row(0, 0, header, bold)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, 1, 18)
        sheet.set_column(4, 4, 60)
        for r, values in enumerate(table, start=1):
            for c, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                else:
                    sheet.write_string(r, c, cell_text(value))
    finally:
        workbook.close()


#: Sheet names of the template, by kind.
_SHEET_NAMES = {
    "teams": "Tổ CNSCĐ",
    "members": "Thành viên",
    "households": "Hộ gia đình",
    "residents": "Nhân khẩu",
    "visits": "Lượt hướng dẫn",
}

# Drop-down lists of the template, by field.
_CHOICES = {
    "level": ["xã", "thôn"],
    "gender": ["Nam", "Nữ", "Khác"],
    "position": ["Tổ trưởng", "Tổ phó", "Thành viên"],
    "channel": ["Tại nhà", "Bộ phận một cửa", "Trực tuyến", "Họp", "Điện thoại"],
    "leader_flag": ["Có", "Không"],
    "deputy_flag": ["Có", "Không"],
    "has_smartphone": ["Có", "Không"],
    "vneid_level": ["Mức 1", "Mức 2", "Chưa có"],
}


def write_template(path: str | Path) -> Path:
    """Write an XLSX template: one sheet per kind with every recognised header.

    A last sheet lists, for every column, the other headers accepted for it. Returns the path.
    """
    import xlsxwriter

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook = xlsxwriter.Workbook(str(path), _WORKBOOK_OPTIONS)
    except OSError as exc:
        raise CnscdError(
            _("cannot write the template {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    try:
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
        text = workbook.add_format({"num_format": "@"})
        for kind in KIND_ORDER:
            sheet = workbook.add_worksheet(_SHEET_NAMES[kind])
            for col, field in enumerate(FIELDS[kind]):
                sheet.write_string(0, col, field.header, bold)
                # Codes and phones as text, so that leading zeros stay.
                is_text = field.name in {"code", "phone", "citizen_id", "member", "team"}
                sheet.set_column(col, col, 18, text if is_text else None)
                choices = _CHOICES.get(field.name)
                if choices:
                    sheet.data_validation(
                        1, col, 5000, col, {"validate": "list", "source": choices}
                    )
            sheet.freeze_panes(1, 0)
        notes = workbook.add_worksheet(_("Column names"))
        notes.write_row(0, 0, [_("Sheet and column"), _("Also accepted")], bold)
        r = 1
        for kind in KIND_ORDER:
            for field in FIELDS[kind]:
                # One cell "sheet → column", so that this sheet is never read as data.
                label = f"{_SHEET_NAMES[kind]} → {field.header}"
                notes.write_row(r, 0, [label, "; ".join(field.aliases)])
                r += 1
        notes.set_column(0, 0, 40)
        notes.set_column(1, 1, 90)
    finally:
        workbook.close()
    return path
