#!/usr/bin/env python3
"""Write ``report.docx``, the DOCX report template, next to this script (no Word needed).

The template follows the layout of Decree 30/2020/NĐ-CP (A4; Times New Roman 13 pt; margins
20/20/30/15 mm): the issuing body and number on the left and the national motto on the right
in a borderless heading table, the place and date, the title, the body (the main indicators
in a table loop, results by unit, findings, notes, and the roster only when asked), then
"Nơi nhận" and the signature block. Every text is a docxtpl (Jinja) tag filled from the
report's context, so the same file serves Vietnamese and English.

A province can replace the template: build its own with ``build_template(path,
extra_section=...)`` (or edit a copy in Word, keeping the tags) and put it as ``report.docx``
in its plugin's template folder. Run ``python make_docx_template.py`` after changing this
script, and commit both.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

__all__ = ["HEADLINE_COLUMNS", "TEMPLATE_PATH", "add_heading", "add_text", "build_template"]

#: Where the core's template lives.
TEMPLATE_PATH = Path(__file__).with_name("report.docx")
#: Columns of the "results by unit" table after the row number and the unit name.
HEADLINE_COLUMNS = 5
FONT = "Times New Roman"

ParagraphHost = DocumentObject | _Cell


def add_text(
    where: ParagraphHost,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float = 13,
    align: str = "left",
    space_after: float = 0,
    first: bool = False,
) -> Paragraph:
    """Add one paragraph of one run (a docxtpl tag must stay inside a single run)."""
    paragraph = where.paragraphs[0] if first else where.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
        run.underline = underline
        run.font.size = Pt(size)
    return paragraph


def add_heading(document: DocumentObject, text: str) -> Paragraph:
    """A section heading of the body (bold, 13 pt, space before)."""
    paragraph = add_text(document, text, bold=True, space_after=3)
    paragraph.paragraph_format.space_before = Pt(6)
    return paragraph


def _set_widths(table: Table, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _loop_table(
    document: DocumentObject,
    headers: list[str],
    cells: list[str],
    loop: str,
    widths_mm: Sequence[float],
    numeric_from: int,
) -> Table:
    """A grid table: a header row, then one row repeated by ``{%tr for ... %}``."""
    table: Table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        add_text(cell, header, bold=True, size=11, align="center", first=True)
    add_text(table.rows[1].cells[0], "{%tr for " + loop + " %}", size=11, first=True)
    for n, (cell, text) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        align = "right" if n >= numeric_from else ("center" if n == 0 else "left")
        add_text(cell, text, size=11, align=align, first=True)
    add_text(table.rows[3].cells[0], "{%tr endfor %}", size=11, first=True)
    _set_widths(table, widths_mm)
    return table


def _heading_block(document: DocumentObject) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    add_text(left, "{{ doc.issuer_1 }}", bold=True, size=12, align="center", first=True)
    add_text(left, "{{ doc.issuer_2 }}", bold=True, size=12, align="center")
    add_text(left, "―――――", size=8, align="center")
    add_text(left, "{{ doc.number_line }}", size=13, align="center")
    add_text(right, "{{ t.motto_1 }}", bold=True, size=12, align="center", first=True)
    add_text(right, "{{ t.motto_2 }}", bold=True, size=13, align="center")
    add_text(right, "―――――――――――", size=8, align="center")
    add_text(right, "{{ doc.place_date }}", italic=True, size=13, align="center")
    _set_widths(table, [68, 97])


def _signature_block(document: DocumentObject) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    add_text(left, "{{ t.recipients }}", bold=True, italic=True, size=12, first=True)
    add_text(left, "{%p for recipient in doc.recipients %}", size=11)
    add_text(left, "- {{ recipient }}", size=11)
    add_text(left, "{%p endfor %}", size=11)
    add_text(right, "{{ doc.signer_1 }}", bold=True, size=13, align="center", first=True)
    add_text(right, "{{ doc.signer_2 }}", bold=True, size=13, align="center")
    add_text(right, "{{ t.signature_hint }}", italic=True, size=12, align="center")
    for _ in range(3):
        add_text(right, "", size=13)
    add_text(right, "{{ doc.signer_name }}", bold=True, size=13, align="center")
    _set_widths(table, [80, 85])


def build_template(
    path: str | Path = TEMPLATE_PATH,
    *,
    extra_section: Callable[[DocumentObject], None] | None = None,
) -> Path:
    """Write the report template to ``path``; return it.

    ``extra_section(document)`` adds a province's own section after the results by unit
    (use ``add_heading`` and ``add_text``; the context is described in ``docs/reports.md``).
    """
    document = Document()
    document.core_properties.author = "cnscd_core"
    document.core_properties.last_modified_by = "cnscd_core"
    document.core_properties.comments = ""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    fonts = normal.element.rPr.rFonts
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)

    _heading_block(document)
    add_text(document, "", space_after=6)
    add_text(document, "{{ t.report_upper }}", bold=True, size=14, align="center")
    add_text(document, "{{ doc.subtitle }}", bold=True, size=13, align="center", space_after=12)
    add_text(document, "{%p if simulated %}")
    add_text(document, "{{ t.simulated }}", italic=True, align="justify", space_after=6)
    add_text(document, "{%p endif %}")
    add_text(document, "{{ doc.intro }}", align="justify", space_after=6)

    add_heading(document, "1. {{ t.main_indicators }}")
    _loop_table(
        document,
        [
            "{{ t.no }}",
            "{{ t.indicator }}",
            "{{ t.value }}",
            "{{ t.numerator }}",
            "{{ t.denominator }}",
        ],
        [
            "{{ loop.index }}",
            "{{ row.name }}",
            "{{ row.value }}",
            "{{ row.numerator }}",
            "{{ row.denominator }}",
        ],
        "row in summary",
        [12, 83, 25, 22, 23],
        numeric_from=2,
    )

    add_text(document, "{%p if doc.children %}")
    add_heading(document, "2. {{ t.by_unit }}")
    _loop_table(
        document,
        ["{{ t.no }}", "{{ t.unit }}"]
        + [f"{{{{ doc.heads[{i}] }}}}" for i in range(HEADLINE_COLUMNS)],
        ["{{ loop.index }}", "{{ child.name }}"]
        + [f"{{{{ child.cells[{i}] }}}}" for i in range(HEADLINE_COLUMNS)],
        "child in doc.children",
        [12, 48] + [21] * HEADLINE_COLUMNS,
        numeric_from=2,
    )
    add_text(document, "{%p endif %}")

    if extra_section is not None:
        extra_section(document)

    add_text(document, "{%p if findings %}")
    add_heading(document, "{{ t.findings }}")
    add_text(document, "{%p for finding in findings %}")
    add_text(
        document,
        "- {{ finding.severity_name }}, {{ finding.unit_name }}: {{ finding.message }}",
        align="justify",
    )
    add_text(document, "{%p endfor %}")
    add_text(document, "{%p endif %}")

    add_text(document, "{%p if notes %}")
    add_heading(document, "{{ t.notes }}")
    add_text(document, "{%p for note in notes %}")
    add_text(document, "- {{ note }}", align="justify")
    add_text(document, "{%p endfor %}")
    add_text(document, "{%p endif %}")

    add_text(document, "{%p if roster %}")
    add_heading(document, "{{ t.roster }}")
    add_text(document, "{{ t.roster_warning }}", italic=True, size=11, space_after=3)
    _loop_table(
        document,
        [
            "{{ t.no }}",
            "{{ t.team_code }}",
            "{{ t.member_code }}",
            "{{ t.full_name }}",
            "{{ t.position }}",
            "{{ t.role }}",
        ],
        [
            "{{ loop.index }}",
            "{{ person.team }}",
            "{{ person.member }}",
            "{{ person.full_name }}",
            "{{ person.position }}",
            "{{ person.role }}",
        ],
        "person in roster",
        [12, 22, 25, 46, 25, 35],
        numeric_from=99,
    )
    add_text(document, "{%p endif %}")

    add_text(document, "", space_after=6)
    _signature_block(document)

    target = Path(path)
    document.save(str(target))
    return target


def main() -> int:
    """Write the core's template next to this script."""
    print(build_template())
    return 0


if __name__ == "__main__":
    sys.exit(main())
