"""Every fixed text of the reports: English message ids, translated when a report is rendered.

Templates never hold their own wording: they read ``t.<key>`` from the context, so every
label goes through the gettext catalogue (``N_`` marks it for extraction) and a province
template overriding the core's gets the same translated labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from cnscd_core.i18n import N_, translations

__all__ = ["LABELS", "LEVEL_NAMES", "POSITION_NAMES", "SEVERITY_NAMES", "labels", "period_texts"]

LABELS: dict[str, str] = {
    "title": N_("Report on the community digital technology teams"),
    "period": N_("Period"),
    "unit": N_("Unit"),
    "code": N_("Code"),
    "part_of": N_("Part of"),
    "parent_code": N_("Code of the unit above"),
    "no": N_("No."),
    "indicator": N_("Indicator"),
    "value": N_("Value"),
    "numerator": N_("Numerator"),
    "denominator": N_("Denominator"),
    "main_indicators": N_("Main indicators"),
    "charts": N_("Charts"),
    "by_unit": N_("Results by unit"),
    "findings": N_("Findings"),
    "severity": N_("Severity"),
    "message": N_("Message"),
    "no_findings": N_("No findings."),
    "notes": N_("Notes"),
    "simulated": N_("Simulated data: these are not official figures."),
    "roster": N_("Team members"),
    "roster_warning": N_(
        "This section holds personal data (the names of team members): do not publish it."
    ),
    "team_code": N_("Team code"),
    "member_code": N_("Member code"),
    "full_name": N_("Full name"),
    "position": N_("Position"),
    "role": N_("Role"),
    "chart_by_unit": N_("{indicator}, by unit"),
    "chart_skills": N_("Share of households with someone able to do each basic digital skill"),
    "chart_main": N_("Main figures"),
    "skill_short": N_("Skill {number}"),
    "all_five": N_("All five skills"),
    "generated_by": N_("Made with cnscd_core from the data in the store."),
    # Decree 30/2020/NĐ-CP layout (the DOCX report)
    "motto_1": N_("SOCIALIST REPUBLIC OF VIET NAM"),
    "motto_2": N_("Independence - Freedom - Happiness"),
    "peoples_committee": N_("PEOPLE'S COMMITTEE"),
    "number": N_("No.: {number}"),
    "blank_date": N_("date .. / .. / ...."),
    "report_upper": N_("REPORT"),
    "subtitle": N_("Results of the community digital technology teams, {period}"),
    "intro": N_(
        "{unit} reports the results of the community digital technology teams for {period} "
        "({dates}) as follows:"
    ),
    "recipients": N_("Recipients:"),
    "as_above": N_("As above"),
    "archive": N_("Archive: Office"),
    "on_behalf": N_("ON BEHALF OF THE PEOPLE'S COMMITTEE"),
    "chairperson": N_("CHAIRPERSON"),
    "signature_hint": N_("(signature, full name and seal)"),
}

LEVEL_NAMES: dict[str, str] = {
    "nation": N_("National level"),
    "province": N_("Province level"),
    "district": N_("District level"),
    "commune": N_("Commune level"),
    "village": N_("Village level"),
}

SEVERITY_NAMES: dict[str, str] = {
    "info": N_("Information"),
    "warning": N_("Warning"),
    "error": N_("Error"),
}

POSITION_NAMES: dict[str, str] = {
    "leader": N_("Leader"),
    "deputy": N_("Deputy leader"),
    "member": N_("Member"),
}

_PERIOD_QUARTER = N_("Q{quarter} {year}")
_PERIOD_MONTH = N_("{month_name} {year}")
_PERIOD_YEAR = N_("the year {year}")
_PERIOD_RANGE = N_("from {start} to {end}")
_ROMAN = ("I", "II", "III", "IV")


def _translator(lang: str) -> Callable[[str], str]:
    return translations(lang).gettext


def labels(lang: str) -> dict[str, str]:
    """Every label of ``LABELS`` in ``lang``, plus ``level_<name>``, ``severity_<name>``..."""
    translate = _translator(lang)
    out = {key: translate(message) for key, message in LABELS.items()}
    for prefix, table in (
        ("level_", LEVEL_NAMES),
        ("severity_", SEVERITY_NAMES),
        ("position_", POSITION_NAMES),
    ):
        out.update({prefix + key: translate(message) for key, message in table.items()})
    return out


def period_texts(kind: str, start: dt.date, end: dt.date, lang: str) -> tuple[str, str]:
    """``("quý III năm 2026", "từ ngày 1 tháng 7 năm 2026 đến ngày 30 tháng 9 năm 2026")``."""
    from babel.dates import format_date as babel_date

    from cnscd_core.i18n import format_date

    translate = _translator(lang)
    if kind == "quarter":
        quarter = (start.month - 1) // 3 + 1
        name = translate(_PERIOD_QUARTER).format(
            quarter=quarter, roman=_ROMAN[quarter - 1], year=start.year
        )
    elif kind == "month":
        name = translate(_PERIOD_MONTH).format(
            month_name=babel_date(start, "LLLL", locale=lang),
            month=start.month,
            year=start.year,
        )
    else:
        name = translate(_PERIOD_YEAR).format(year=start.year)
    dates = translate(_PERIOD_RANGE).format(
        start=format_date(start, lang), end=format_date(end, lang)
    )
    return name, dates
