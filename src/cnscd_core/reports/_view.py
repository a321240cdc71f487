"""The view of a report that every format renders: labels, formatted cells, tables, charts.

One pass over the unit tree builds plain dicts and lists (cheap to read from sandboxed
Jinja, DOCX and XLSX alike). Numbers are formatted here, once, in the active language.
Nothing personal enters the view except the roster, and only when the caller passes one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from cnscd_core.reports._labels import labels, period_texts
from cnscd_core.reports._numbers import NumberFormat, number_format

__all__ = ["CHART_WIDTH", "HEADLINE", "RosterRow", "build_view"]

#: Indicators shown where there is room for only a few (Markdown, DOCX), in this order.
HEADLINE = (
    "teams",
    "members",
    "households",
    "households_assigned_rate",
    "households_all_five_rate",
)
#: Preferred indicator of the "by unit" chart.
_CHART_PREFERENCE = (
    "households_all_five_rate",
    "households_assigned_rate",
    "villages_with_team_rate",
)
_SKILLS = tuple(f"households_skill_{k}" for k in range(1, 6))

#: SVG geometry (user units of the viewBox; the chart scales to the page width).
CHART_WIDTH = 480
_BAR_MAX = 390
_ROW_HEIGHT = 40
_LABEL_CHARS = 60


class RosterRow(NamedTuple):
    """One team member in the roster section (only with ``--roster``)."""

    team: str
    member: str
    full_name: str
    position: str
    role: str


def _column(code: str, indicator: Any, lang: str) -> dict[str, Any]:
    if indicator is None:
        return {"code": code, "name": code, "unit": "count", "ratio": False}
    return {
        "code": code,
        "name": indicator.name.get(lang),
        "unit": indicator.unit,
        "ratio": indicator.denominator is not None,
    }


def _cell(fmt: NumberFormat, unit: str, value: Any) -> str:
    if value is None:
        return fmt.number(None)
    if unit == "rate":
        return fmt.percent(value)
    if unit == "per_member":
        return fmt.number(value, max_digits=1)
    return fmt.number(value)


def _columns(root: Any, indicators: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """Every indicator the tree holds: registered ones in order, then unknown codes."""
    present: set[str] = set()
    for _depth, node in root.walk():
        present.update(node.indicators)
    ordered = [code for code in indicators if code in present]
    ordered += sorted(present.difference(indicators))
    return [_column(code, indicators.get(code), lang) for code in ordered]


def _bars(
    items: Iterable[tuple[str, float | None, str]], scale: float
) -> tuple[list[dict[str, Any]], int]:
    bars = []
    for n, (label, value, text) in enumerate(items):
        share = 0.0 if value is None or scale <= 0 else max(0.0, min(1.0, value / scale))
        short = label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"
        bars.append(
            {
                "label": short,
                "full_label": label,
                "text": text,
                "y": n * _ROW_HEIGHT,
                "width": round(share * _BAR_MAX, 1),
            }
        )
    return bars, max(1, len(bars)) * _ROW_HEIGHT + 4


def _chart(
    chart_id: str, title: str, items: list[tuple[str, float | None, str]], scale: float
) -> dict[str, Any]:
    bars, height = _bars(items, scale)
    return {
        "id": chart_id,
        "title": title,
        "bars": bars,
        "height": height,
        "width": CHART_WIDTH,
        "bar_max": _BAR_MAX,
    }


def _charts(
    root: Any,
    columns: list[dict[str, Any]],
    t: Mapping[str, str],
    fmt: NumberFormat,
    skill_names: Mapping[str, str],
) -> list[dict[str, Any]]:
    by_code = {c["code"]: c for c in columns}
    charts: list[dict[str, Any]] = []
    children = root.children
    if children:
        chosen = next(
            (
                by_code[code]
                for code in _CHART_PREFERENCE
                if code in by_code
                and any(c.indicators.get(code, _NONE).value is not None for c in children)
            ),
            None,
        ) or next((c for c in columns if c["unit"] == "rate"), None)
        if chosen is not None:
            code = chosen["code"]
            values = [c.indicators.get(code, _NONE).value for c in children]
            charts.append(
                _chart(
                    "chart-by-unit",
                    t["chart_by_unit"].format(indicator=chosen["name"]),
                    [
                        (c.name, v, _cell(fmt, "rate", v))
                        for c, v in zip(children, values, strict=True)
                    ],
                    1.0,
                )
            )
    own = root.indicators
    households = own.get("households", _NONE).value
    if households and any(code in own for code in _SKILLS):
        items: list[tuple[str, float | None, str]] = []
        for code in (*_SKILLS, "households_all_five"):
            if code in own and own[code].value is not None:
                share = own[code].value / households
                if code == "households_all_five":
                    label = t["all_five"]
                else:
                    label = t["skill_short"].format(number=code[-1])
                    if code[-1] in skill_names:
                        label = f"{label}: {skill_names[code[-1]]}"
                items.append((label, share, fmt.percent(share)))
        charts.append(_chart("chart-skills", t["chart_skills"], items, 1.0))
    if not charts:  # no children and no skills: the unit's own main figures
        rates = [
            (c["name"], own.get(c["code"], _NONE).value) for c in columns if c["unit"] == "rate"
        ]
        if rates:
            items = [(name, v, fmt.percent(v)) for name, v in rates]
            charts.append(_chart("chart-main", t["chart_main"], items, 1.0))
        else:
            counts = [
                (c["name"], own.get(c["code"], _NONE).value)
                for c in columns
                if c["unit"] == "count"
            ]
            top = max((v or 0.0 for _n, v in counts), default=0.0)
            items = [(name, v, fmt.number(v)) for name, v in counts]
            charts.append(_chart("chart-main", t["chart_main"], items, top))
    return charts


class _Missing:
    value = None
    numerator = None
    denominator = None


_NONE: Any = _Missing()


def build_view(
    report: Any,
    *,
    indicators: Mapping[str, Any],
    lang: str,
    roster: Sequence[Sequence[str]] | None = None,
    member_roles: Mapping[str, Any] | None = None,
    apps: Mapping[str, Any] | None = None,
    skills: Iterable[Any] = (),
    province: str | None = None,
    profiles: Sequence[str] = (),
    headline: Sequence[str] = HEADLINE,
) -> dict[str, Any]:
    """The context every format renders from (the keys are documented in ``docs/reports.md``).

    ``indicators`` maps codes to indicator definitions in the order reports list them;
    codes the report holds but no plugin defines are shown by code, after the others.
    """
    t = labels(lang)
    fmt = number_format(lang)
    root = report.root
    columns = _columns(root, indicators, lang)
    units_of = [c["unit"] for c in columns]
    codes = [c["code"] for c in columns]

    summary = []
    for column in columns:
        value = root.indicators.get(column["code"], _NONE)
        summary.append(
            {
                **column,
                "raw": value.value,
                "value": _cell(fmt, column["unit"], value.value),
                "numerator": "" if value.denominator is None else fmt.number(value.numerator),
                "denominator": "" if value.denominator is None else fmt.number(value.denominator),
            }
        )

    levels: dict[str, dict[str, Any]] = {}
    names = {root.code: root.name}
    stack: list[tuple[int, Any, Any]] = [(0, root, None)]
    while stack:  # depth first, parents before children, children in their order
        depth, node, parent = stack.pop()
        level = levels.get(node.level)
        if level is None:
            level = levels[node.level] = {
                "level": node.level,
                "name": t.get("level_" + node.level, node.level),
                "depth": depth,
                "rows": [],
            }
        own = node.indicators
        level["rows"].append(
            {
                "code": node.code,
                "name": node.name,
                "parent_code": "" if parent is None else parent.code,
                "parent_name": "" if parent is None else parent.name,
                "values": [own.get(code, _NONE).value for code in codes],
                "cells": [
                    _cell(fmt, unit, own.get(code, _NONE).value)
                    for code, unit in zip(codes, units_of, strict=True)
                ],
            }
        )
        names[node.code] = node.name
        stack.extend((depth + 1, child, node) for child in reversed(node.children))

    heads = [i for i, code in enumerate(codes) if code in headline]
    heads.sort(key=lambda i: headline.index(codes[i]))
    children = [
        {
            "code": row["code"],
            "name": row["name"],
            "level_name": level["name"],
            "cells": [row["cells"][i] for i in heads],
        }
        for level in levels.values()
        if level["depth"] == 1
        for row in level["rows"]
    ]

    skill_names = {
        str(skill.number): skill.name.get(lang)
        for skill in skills
        if getattr(skill, "number", None) is not None
    }
    period_name, period_dates = period_texts(
        report.period.kind, report.period.start, report.period.end, lang
    )
    roles = member_roles or {}
    roster_rows = None
    if roster is not None:
        roster_rows = [
            {
                "team": team,
                "member": member,
                "full_name": full_name,
                "position": t.get("position_" + position, position),
                "role": roles[role].name.get(lang) if role in roles else role,
            }
            for team, member, full_name, position, role in roster
        ]
    return {
        "lang": lang,
        "t": t,
        "report": report,
        "unit": {
            "code": root.code,
            "name": root.name,
            "level": root.level,
            "level_name": t.get("level_" + root.level, root.level),
        },
        "period": {
            "label": report.period.label,
            "kind": report.period.kind,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "name": period_name,
            "dates": period_dates,
        },
        "simulated": report.simulated,
        "columns": columns,
        "summary": summary,
        "indicators": {row["code"]: row for row in summary},
        "levels": [lv for lv in levels.values() if lv["depth"] > 0],
        "all_levels": list(levels.values()),
        "headline": [columns[i] for i in heads],
        "headline_index": heads,
        "children": children,
        "charts": _charts(root, columns, t, fmt, skill_names),
        "findings": [
            {
                "rule": f.rule,
                "unit": f.unit,
                "unit_name": names.get(f.unit, f.unit),
                "subject": f.subject,
                "severity": f.severity,
                "severity_name": t.get("severity_" + f.severity, f.severity),
                "message": f.message,
            }
            for f in report.findings
        ],
        "notes": list(report.notes),
        "roster": roster_rows,
        "apps": {
            code: {
                "code": code,
                "name": app.name.get(lang),
                "description": app.description.get(lang) if app.description else "",
                "features": [feature.get(lang) for feature in app.features],
                "province": app.province,
            }
            for code, app in (apps or {}).items()
        },
        "province": province,
        "profiles": list(profiles),
    }
