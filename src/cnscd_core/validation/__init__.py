"""Validation: rules that find what is wrong in a unit's teams, members and households.

A rule is two things. Its record (``cnscd_core.catalog.ValidationRule``: code, name,
severity, description) is registered through the hook ``cnscd_register_validation_rules``;
its checking function (a ``RuleCheck``: ``(context) -> Iterable[Finding]``) is attached to
the rule code in a ``RuleChecks`` mapping that the plugin keeps in its module attribute
``VALIDATION_CHECKS``. The core's seven rules are a default plugin built the same way
(``cnscd_core.validation.default_rules``)::

    from cnscd_core.validation import run_checks

    with open_store("store.sqlite") as store:
        for finding in run_checks(store, "25747", "2026-Q3"):
            print(finding.severity, finding.rule, finding.unit, finding.message)

A province plugin adds a rule of its own::

    from cnscd_core.catalog import Text, ValidationRule
    from cnscd_core.plugins import hookimpl
    from cnscd_core.validation import CheckContext, RuleChecks

    VALIDATION_CHECKS = RuleChecks()

    @hookimpl
    def cnscd_register_validation_rules(registry):
        registry.add_validation_rule(ValidationRule("bd_team_without_it", Text(...), "warning"))

    @VALIDATION_CHECKS.attach("bd_team_without_it")
    def _team_without_it(context: CheckContext):
        for team in context.active_teams():
            if ...:
                yield context.finding(_("the team {team} ...").format(team=team.code),
                                      subject=team.code, unit=team.unit)

Findings carry codes, never a person's name or phone, and their messages are translated.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cnscd_core.validation._checks import (
        CHECKS_ATTRIBUTE,
        CheckConflictError,
        CollectedChecks,
        RuleCheck,
        RuleChecks,
        collect_checks,
    )
    from cnscd_core.validation._context import CheckContext, Severity
    from cnscd_core.validation._run import (
        SEVERITIES,
        CheckReport,
        check_unit,
        default_period,
        run_checks,
    )

__all__ = [
    "CHECKS_ATTRIBUTE",
    "SEVERITIES",
    "CheckConflictError",
    "CheckContext",
    "CheckReport",
    "CollectedChecks",
    "RuleCheck",
    "RuleChecks",
    "Severity",
    "check_unit",
    "collect_checks",
    "default_period",
    "run_checks",
]

_HOME = {
    "CHECKS_ATTRIBUTE": "_checks",
    "CheckConflictError": "_checks",
    "CollectedChecks": "_checks",
    "RuleCheck": "_checks",
    "RuleChecks": "_checks",
    "collect_checks": "_checks",
    "CheckContext": "_context",
    "Severity": "_context",
    "SEVERITIES": "_run",
    "CheckReport": "_run",
    "check_unit": "_run",
    "default_period": "_run",
    "run_checks": "_run",
}


def __getattr__(name: str) -> Any:
    # Names load on first use: the default rules plugin is imported at every start of cnscd.
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'cnscd_core.validation' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"cnscd_core.validation.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
