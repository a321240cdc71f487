"""What a rule's checking function reads: the store, the unit, the period, the plugin host."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from cnscd_core.rollup import Finding, Period

if TYPE_CHECKING:
    from cnscd_core.catalog import ValidationRule
    from cnscd_core.field import Team
    from cnscd_core.plugins import PluginHost
    from cnscd_core.store import Store
    from cnscd_core.units import UnitRegistry, UnitSet
    from cnscd_core.workload import WorkloadReport
    from cnscd_core.workload._scope import Scope

__all__ = ["CheckContext", "Severity"]

#: How much a finding matters: ``info`` needs no action; ``warning`` and ``error`` do.
Severity = Literal["info", "warning", "error"]

T = TypeVar("T")


@attrs.frozen
class CheckContext:
    """The unit being checked and everything a rule's check may read.

    ``unit`` is the code of the 2025 province, commune or village checked; ``period`` the
    period whose flows (visits) are looked at; ``as_of`` the day stocks are taken on (teams
    and members active then; the end of ``period`` when a period was given, else today).
    ``rule`` is the rule whose check is running. Expensive reads are shared by every rule of
    one run through ``cached`` (the workload check is read once for five core rules).
    """

    store: Store
    unit: str
    period: Period
    as_of: dt.date
    host: PluginHost
    units: UnitRegistry
    rule: ValidationRule
    _cache: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, alias="cache")

    @property
    def unit_set(self) -> UnitSet:
        """The 2025 unit set (with the store's villages)."""
        return self.units.current

    def for_rule(self, rule: ValidationRule) -> CheckContext:
        """The same context for another rule (sharing what was read)."""
        return attrs.evolve(self, rule=rule)

    def cached(self, key: str, make: Callable[[], T]) -> T:
        """``make()`` once per run under ``key``; later calls return the same value.

        Plugins should prefix their keys with their own name.
        """
        if key not in self._cache:
            self._cache[key] = make()
        value: T = self._cache[key]
        return value

    def workload(self) -> WorkloadReport:
        """The workload check of the unit as of ``as_of``, with its province's preset."""
        from cnscd_core.workload import check_workload

        return self.cached(
            "core:workload",
            lambda: check_workload(
                self.store, self.unit, None, self.units, as_of=self.as_of, host=self.host
            ),
        )

    def scope(self) -> Scope:
        """The unit's teams and members as of ``as_of`` (what the workload check reads)."""
        from cnscd_core.workload._scope import load_scope

        return self.cached(
            "core:scope", lambda: load_scope(self.store, self.unit, self.units, self.as_of)
        )

    def active_teams(self) -> tuple[Team, ...]:
        """The teams active on ``as_of`` that serve the unit or a unit below it, by code."""
        scope = self.scope()
        return tuple(sorted((scope.teams[i] for i in scope.in_scope_teams()), key=_code))

    def finding(
        self,
        message: str,
        *,
        subject: str = "",
        unit: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of the running rule: its code, and its severity unless one is given.

        ``message`` is already translated; it names codes, never a person's name or phone.
        """
        return Finding(
            rule=self.rule.code,
            unit=unit if unit is not None else self.unit,
            severity=severity if severity is not None else self.rule.severity,
            message=message,
            subject=subject,
        )


def _code(team: Team) -> str:
    return team.code
