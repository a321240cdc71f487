"""Running every registered validation rule on a unit: ``check_unit`` and ``run_checks``."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

import attrs

from cnscd_core.i18n import gettext as _
from cnscd_core.rollup import Finding, Period
from cnscd_core.validation._checks import collect_checks
from cnscd_core.validation._context import CheckContext

if TYPE_CHECKING:
    from cnscd_core.plugins import PluginHost
    from cnscd_core.store import Store
    from cnscd_core.units import UnitRegistry, UnitSet

__all__ = ["SEVERITIES", "CheckReport", "check_unit", "default_period", "run_checks"]

#: Severities from the least to the most serious.
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")


@attrs.frozen
class CheckReport:
    """The findings of every registered rule on one unit, and what could not be checked.

    ``rules`` are the codes of the rules whose check ran, in registration order;
    ``unchecked`` the registered rules no plugin attached a checking function to;
    ``problems`` messages about plugins' checking functions (ignored or failed ones).
    """

    unit: str
    period: Period
    as_of: dt.date
    findings: tuple[Finding, ...]
    rules: tuple[str, ...]
    unchecked: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether nothing above ``info`` was found."""
        return all(f.severity == "info" for f in self.findings)

    def summary(self) -> dict[str, Any]:
        """Counts: rules run and not checked, findings by severity and by rule."""
        by_severity = dict.fromkeys(SEVERITIES, 0)
        by_rule = dict.fromkeys(self.rules, 0)
        for finding in self.findings:
            by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
            by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
        return {
            "rules_checked": len(self.rules),
            "rules_unchecked": list(self.unchecked),
            "findings": len(self.findings),
            "by_severity": by_severity,
            "by_rule": by_rule,
            "ok": self.ok,
        }


def default_period(today: dt.date | None = None) -> Period:
    """The period a check looks at when none is given: the quarter that holds ``today``.

    Plan 6037/KH-UBND (Bình Dương) asks for quarterly reports.
    """
    return Period.containing(today or dt.date.today(), "quarter")


def _registry(store: Store, units: UnitRegistry | UnitSet | None) -> UnitRegistry:
    """A unit registry with the store's villages: ``units`` itself, or the store's own."""
    from cnscd_core.units import UnitRegistry, default_registry

    if isinstance(units, UnitRegistry):
        return units
    unit_registry = getattr(store, "unit_registry", None)
    base: UnitRegistry = unit_registry() if unit_registry is not None else default_registry()
    if units is None or base.current is units:
        return base
    # A unit set of its own (the roll-up may pass one): the registry's legacy side is
    # borrowed, since a check only looks at 2025 units.
    return UnitRegistry(units, base.legacy, {}, {})


def check_unit(
    store: Store,
    unit_code: str,
    period: Period | str | None = None,
    *,
    host: PluginHost | None = None,
    units: UnitRegistry | UnitSet | None = None,
) -> CheckReport:
    """Run every registered validation rule on the unit ``unit_code`` (2025 units).

    Stocks are taken at the end of ``period`` (a ``Period`` or its label); without one, today,
    and the visits rule looks at the current quarter. Each rule runs the function a plugin
    attached to it (see ``RuleChecks``); a function that raises becomes an ``error`` finding
    naming the rule and the plugin, and the other rules carry on. Nothing is written.
    Raises ``UnknownUnitError`` for an unknown unit and ``PeriodError`` for a bad period.
    """
    if host is None:
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
    if isinstance(period, str):
        period = Period.parse(period)
    as_of = period.end if period is not None else dt.date.today()
    looked_at = period if period is not None else default_period(as_of)
    registry = _registry(store, units)
    code = registry.current.get(unit_code).code  # raises UnknownUnitError

    checks = collect_checks(host)
    problems = list(checks.problems)
    context: CheckContext | None = None
    findings: list[Finding] = []
    ran: list[str] = []
    unchecked: list[str] = []
    for rule in host.validation_rules:
        check = checks.get(rule.code)
        if check is None:
            unchecked.append(rule.code)
            continue
        context = (
            context.for_rule(rule)
            if context is not None
            else CheckContext(store, code, looked_at, as_of, host, registry, rule)
        )
        ran.append(rule.code)
        try:
            found = [_as_finding(f) for f in check(context)]
        except Exception as exc:  # a plugin's bug must not stop the other rules
            if os.environ.get("CNSCD_DEBUG"):
                raise
            # Only the type: an exception's text may quote a person's name or phone.
            message = _(
                "the check of the validation rule {rule} (plugin {plugin}) failed: {error}; "
                "report it to the plugin's authors (CNSCD_DEBUG=1 shows the traceback)"
            ).format(rule=rule.code, plugin=checks.plugin_of(rule.code), error=type(exc).__name__)
            problems.append(message)
            found = [Finding(rule=rule.code, unit=code, severity="error", message=message)]
        findings.extend(found)
    return CheckReport(
        unit=code,
        period=looked_at,
        as_of=as_of,
        findings=tuple(findings),
        rules=tuple(ran),
        unchecked=tuple(unchecked),
        problems=tuple(problems),
    )


def _as_finding(value: object) -> Finding:
    if not isinstance(value, Finding) or value.severity not in SEVERITIES:
        raise TypeError(
            f"a check yielded {value!r}; expected a cnscd_core.rollup.Finding with a severity "
            f"of {', '.join(SEVERITIES)}"
        )
    return value


def run_checks(
    store: Store,
    unit_code: str,
    period: Period | str | None = None,
    *,
    host: PluginHost | None = None,
    units: UnitRegistry | UnitSet | None = None,
) -> list[Finding]:
    """The findings of every registered validation rule on ``unit_code`` (see ``check_unit``)."""
    return list(check_unit(store, unit_code, period, host=host, units=units).findings)
