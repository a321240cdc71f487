"""The DOCX report: a docxtpl template in the Decree 30/2020/NĐ-CP layout, filled in.

The template is Jinja inside Word. Templates from province plugins are untrusted: they are
rendered in a sandboxed environment with autoescaping, so a unit name holding ``<`` or
``&`` stays text and cannot break the document's XML.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from cnscd_core.i18n import format_date

__all__ = ["DocumentInfo", "render_docx"]

_HEADLINE_COLUMNS = 5


@attrs.frozen
class DocumentInfo:
    """The heading and signature fields of an official (DOCX) report; blanks get defaults.

    Defaults: the issuing body is the People's Committee of the report's unit; the number is
    ``.../BC-UBND``; the place is the unit's short name; the date is left as dots to be
    written when the document is signed; recipients are "As above" and the archive.
    """

    issuer: tuple[str, ...] = ()
    number: str = ""
    place: str = ""
    date: dt.date | None = None
    recipients: tuple[str, ...] = ()
    signer_title: tuple[str, ...] = ()
    signer_name: str = ""


def _place(context: Mapping[str, Any], units: Any | None) -> str:
    unit = context["unit"]
    for unit_set in getattr(units, "sets", (units,)) if units is not None else ():
        if unit["code"] in unit_set:
            return str(unit_set.get(unit["code"]).short_name)
    if units is None and unit["level"] in ("province", "commune"):
        from cnscd_core.units import default_registry

        for unit_set in default_registry().sets:
            if unit["code"] in unit_set:
                return str(unit_set.get(unit["code"]).short_name)
    return str(unit["name"])


def document_fields(
    context: Mapping[str, Any], info: DocumentInfo | None = None, units: Any | None = None
) -> dict[str, Any]:
    """The ``doc`` part of the DOCX context: heading, intro, recipients, signature, tables."""
    info = info or DocumentInfo()
    t = context["t"]
    lang = context["lang"]
    unit_name = context["unit"]["name"]
    issuer = info.issuer or (t["peoples_committee"], unit_name.upper())
    place = info.place or _place(context, units)
    date = format_date(info.date, lang) if info.date else t["blank_date"]
    recipients = list(info.recipients or (t["as_above"], t["archive"]))
    recipients = [r.rstrip(";.") + ";" for r in recipients[:-1]] + [
        recipients[-1].rstrip(";.") + "."
    ]
    signer = info.signer_title or (t["on_behalf"], t["chairperson"])
    heads = [c["name"] for c in context["headline"]][:_HEADLINE_COLUMNS]
    pad = [""] * (_HEADLINE_COLUMNS - len(heads))
    return {
        "issuer_1": issuer[0],
        "issuer_2": " ".join(issuer[1:]),
        "number_line": t["number"].format(number=info.number or ".../BC-UBND"),
        "place_date": f"{place}, {date}",
        "subtitle": t["subtitle"].format(period=context["period"]["name"]),
        "intro": t["intro"].format(
            unit=unit_name, period=context["period"]["name"], dates=context["period"]["dates"]
        ),
        "recipients": recipients,
        "signer_1": signer[0],
        "signer_2": " ".join(signer[1:]),
        "signer_name": info.signer_name,
        "heads": heads + pad,
        "children": [
            {**child, "cells": list(child["cells"][:_HEADLINE_COLUMNS]) + pad}
            for child in context["children"]
        ],
    }


def render_docx(
    context: Mapping[str, Any],
    template: Path,
    *,
    document: DocumentInfo | None = None,
    units: Any | None = None,
) -> bytes:
    """Fill the DOCX ``template`` with the report ``context``; return the document's bytes."""
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]
    from jinja2.sandbox import SandboxedEnvironment

    from cnscd_core.reports._render import ReportError

    filled = {**context, "doc": document_fields(context, document, units)}
    try:
        tpl = DocxTemplate(str(template))
        tpl.render(filled, jinja_env=SandboxedEnvironment(), autoescape=True)
        buffer = io.BytesIO()
        tpl.save(buffer)
    except Exception as exc:  # a province's template: docxtpl raises many kinds
        from cnscd_core.i18n import gettext as _

        raise ReportError(
            _("the report template {name} cannot be used: {error}").format(
                name=template, error=f"{type(exc).__name__}: {exc}"
            )
        ) from exc
    return buffer.getvalue()
