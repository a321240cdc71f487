"""The report model: indicator values of a unit and its children for one period.

The JSON shape (a contract other programs rely on)::

    {
      "unit": {"code": "03856", "name": "Xã Bắc Yên", "level": "commune"},
      "period": {"label": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30"},
      "indicators": {"households": {"value": 3001},
                     "households_all_five_rate": {"value": 0.41, "numerator": 1230,
                                                  "denominator": 3001}, ...},
      "children": [ {"unit": {...}, "indicators": {...}, "children": [...]}, ... ],
      "findings": [ {"rule": ..., "unit": ..., "severity": ..., "message": ...}, ... ],
      "notes": ["..."],
      "simulated": false
    }

Children go down to villages. Ratios carry their numerator and denominator, so a parent's
ratio is always recomputed from summed parts, never averaged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from cnscd_core.rollup._period import Period

__all__ = ["Finding", "IndicatorValue", "Report", "UnitReport"]


@attrs.frozen
class IndicatorValue:
    """A value; for ratios also the numerator and denominator it was computed from."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None

    def as_json(self) -> dict[str, Any]:
        """``{"value": ...}`` plus ``numerator`` and ``denominator`` for ratios."""
        out: dict[str, Any] = {"value": _plain(self.value)}
        if self.denominator is not None:
            out["numerator"] = _plain(self.numerator)
            out["denominator"] = _plain(self.denominator)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IndicatorValue:
        """Read ``{"value": ..., "numerator": ..., "denominator": ...}``."""
        return cls(data.get("value"), data.get("numerator"), data.get("denominator"))


def _plain(value: float | None) -> float | int | None:
    if value is None:
        return None
    if float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return round(float(value), 6)


@attrs.frozen
class Finding:
    """A validation finding: which rule, where, how severe, and a message in the language."""

    rule: str
    unit: str
    severity: str
    message: str
    subject: str = ""

    def as_json(self) -> dict[str, Any]:
        """The finding as a JSON object."""
        return {
            "rule": self.rule,
            "unit": self.unit,
            "subject": self.subject,
            "severity": self.severity,
            "message": self.message,
        }


@attrs.frozen
class UnitReport:
    """The indicators of one unit and, recursively, of its children."""

    code: str
    name: str
    level: str
    indicators: dict[str, IndicatorValue]
    children: tuple[UnitReport, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """``{"unit": ..., "indicators": ..., "children": [...]}``."""
        return {
            "unit": {"code": self.code, "name": self.name, "level": self.level},
            "indicators": {k: v.as_json() for k, v in self.indicators.items()},
            "children": [c.as_json() for c in self.children],
        }

    def walk(self) -> Iterator[tuple[int, UnitReport]]:
        """Every unit of the tree with its depth (0 for this one), parents before children."""
        stack: list[tuple[int, UnitReport]] = [(0, self)]
        while stack:
            depth, node = stack.pop()
            yield depth, node
            stack.extend((depth + 1, c) for c in reversed(node.children))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> UnitReport:
        """Read the JSON shape written by ``as_json``."""
        unit = data["unit"]
        return cls(
            code=str(unit["code"]),
            name=str(unit.get("name", "")),
            level=str(unit.get("level", "")),
            indicators={
                k: IndicatorValue.from_json(v) for k, v in dict(data["indicators"]).items()
            },
            children=tuple(cls.from_json(c) for c in data.get("children", ())),
        )


@attrs.frozen
class Report:
    """A report: a unit tree of indicator values for one period, findings and notes."""

    root: UnitReport
    period: Period
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    simulated: bool = False

    def as_json(self) -> dict[str, Any]:
        """The report in the documented JSON shape."""
        root = self.root.as_json()
        return {
            "unit": root["unit"],
            "period": {
                "label": self.period.label,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "indicators": root["indicators"],
            "children": root["children"],
            "findings": [f.as_json() for f in self.findings],
            "notes": list(self.notes),
            "simulated": self.simulated,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Report:
        """Read a report written by ``as_json``; raises ``KeyError``/``ValueError`` if malformed."""
        import datetime as dt

        period = data["period"]
        parsed = Period.parse(period["label"])
        if parsed.start != dt.date.fromisoformat(period["start"]) or parsed.end != (
            dt.date.fromisoformat(period["end"])
        ):
            raise ValueError(f"period {period['label']!r} does not match its start and end dates")
        return cls(
            root=UnitReport.from_json(data),
            period=parsed,
            findings=tuple(
                Finding(
                    rule=f["rule"],
                    unit=f["unit"],
                    severity=f["severity"],
                    message=f["message"],
                    subject=f.get("subject", ""),
                )
                for f in data.get("findings", ())
            ),
            notes=tuple(data.get("notes", ())),
            simulated=bool(data.get("simulated", False)),
        )
