"""Reports: a ``Report`` written as HTML, Markdown, JSON, DOCX or XLSX.

::

    from cnscd_core.plugins import load_plugins
    from cnscd_core.reports import render_report
    from cnscd_core.rollup import build_report

    host = load_plugins()
    report = build_report(store, "03856", "2026-Q3", host=host)
    render_report(report, "html", "bac-yen.html", host=host, lang="vi")

- ``json`` is exactly ``Report.as_json()`` (the documented contract);
- ``html`` is one self-contained page (tables and inline SVG charts, nothing fetched);
- ``md`` is Markdown for chat and wikis;
- ``xlsx`` has one sheet per level, one row per unit, one column per indicator;
- ``docx`` follows Decree 30/2020/NĐ-CP, filled from a docxtpl template.

HTML and Markdown come from ``report.html`` / ``report.md`` through the template environment,
so a province plugin or content pack can replace or extend them (``{% extends
"default:report.html" %}``); DOCX uses the first ``report.docx`` of the template folders, then
the core's. A folder named like a province profile applies only to reports of its province.

Reports carry no household or resident data; member names appear only in the roster section,
when the caller passes ``roster`` (``cnscd report --roster``).
"""

from cnscd_core.reports._document import DocumentInfo
from cnscd_core.reports._render import (
    FORMATS,
    Format,
    ReportError,
    ReportRenderer,
    folders_for,
    format_from_path,
    province_of,
    render_many,
    render_report,
)
from cnscd_core.reports._roster import roster_rows
from cnscd_core.reports._view import RosterRow

__all__ = [
    "FORMATS",
    "DocumentInfo",
    "Format",
    "ReportError",
    "ReportRenderer",
    "RosterRow",
    "folders_for",
    "format_from_path",
    "province_of",
    "render_many",
    "render_report",
    "roster_rows",
]
