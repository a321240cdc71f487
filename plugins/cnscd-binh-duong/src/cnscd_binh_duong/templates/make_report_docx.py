#!/usr/bin/env python3
"""Write Bình Dương's ``report.docx`` next to this script: the core's DOCX report template
plus a section on Bình Dương Số (plan 6037/KH-UBND). Run it after changing it; commit both."""

from __future__ import annotations

import sys
from pathlib import Path

from docx.document import Document

from cnscd_core.reports.templates.make_docx_template import add_heading, add_text, build_template


def binh_duong_so(document: Document) -> None:
    """The Bình Dương Số section (after the results by unit)."""
    add_heading(document, "3. Bình Dương Số")
    add_text(
        document,
        '{{ "Plan 6037/KH-UBND (24 Oct 2024) asks the community digital technology teams to '
        'teach residents to use the Bình Dương Số app." if lang == "en" else "Kế hoạch '
        "6037/KH-UBND ngày 24/10/2024 giao các Tổ công nghệ số cộng đồng hướng dẫn người dân "
        'sử dụng ứng dụng Bình Dương Số." }}',
        align="justify",
    )
    add_text(document, '{%p if "households_skill_5" in indicators %}')
    add_text(
        document,
        '- {{ indicators["households_skill_5"].name }}: '
        '{{ indicators["households_skill_5"].value }}.',
        align="justify",
    )
    add_text(document, "{%p endif %}")


def main() -> int:
    print(build_template(Path(__file__).with_name("report.docx"), extra_section=binh_duong_so))
    return 0


if __name__ == "__main__":
    sys.exit(main())
