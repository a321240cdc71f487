"""The XLSX report: one sheet per level (province, commune, village...), one row per unit.

Cells hold numbers (ratios as fractions with a percent format), so a province clerk can sum
and chart them; the header row is in the report's language. Every text is written as a
string, never as a formula, so a name such as ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import IO, Any

__all__ = ["write_xlsx"]

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_FORMATS = {"rate": "0.0%", "per_member": "#,##0.0", "count": "#,##0.###"}


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", name).strip("' ")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def write_xlsx(context: Mapping[str, Any], out: IO[bytes]) -> None:
    """Write the workbook for the report ``context`` to the binary stream ``out``."""
    import xlsxwriter  # type: ignore[import-untyped]

    t = context["t"]
    columns = context["columns"]
    workbook = xlsxwriter.Workbook(
        out,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    workbook.set_properties({"title": t["title"], "subject": context["period"]["name"]})
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    number_formats = {unit: workbook.add_format({"num_format": f}) for unit, f in _FORMATS.items()}
    used: set[str] = set()
    fixed = [t["code"], t["unit"], t["parent_code"], t["part_of"]]
    for level in context["all_levels"]:
        sheet = workbook.add_worksheet(_sheet_name(level["name"], used))
        for c, text in enumerate(fixed + [col["name"] for col in columns]):
            sheet.write_string(0, c, text, header)
        for r, row in enumerate(level["rows"], start=1):
            sheet.write_string(r, 0, row["code"])
            sheet.write_string(r, 1, row["name"])
            sheet.write_string(r, 2, row["parent_code"])
            sheet.write_string(r, 3, row["parent_name"])
            for c, (col, value) in enumerate(zip(columns, row["values"], strict=True), start=4):
                if value is None:
                    sheet.write_blank(r, c, None)
                else:
                    sheet.write_number(r, c, value, number_formats.get(col["unit"]))
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 1, 28)
        sheet.set_column(2, 2, 10)
        sheet.set_column(3, 3, 24)
        sheet.set_column(4, 3 + len(columns), 16)
        sheet.set_row(0, 60)
        sheet.freeze_panes(1, 2)
        sheet.autofilter(0, 0, len(level["rows"]), 3 + len(columns))
    roster = context.get("roster")
    if roster is not None:  # only when the caller asked for names (cnscd report --roster)
        sheet = workbook.add_worksheet(_sheet_name(t["roster"], used))
        titles = [t["team_code"], t["member_code"], t["full_name"], t["position"], t["role"]]
        for c, text in enumerate(titles):
            sheet.write_string(0, c, text, header)
        for r, person in enumerate(roster, start=1):
            for c, key in enumerate(("team", "member", "full_name", "position", "role")):
                sheet.write_string(r, c, str(person[key]))
        sheet.set_column(0, 4, 20)
        sheet.freeze_panes(1, 0)
    workbook.close()
