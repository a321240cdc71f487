"""Checking functions of validation rules, keyed by rule code, and how plugins attach them.

A ``ValidationRule`` record says what a rule is (code, name, severity); the function that
checks it lives next to the hook that registers it. A plugin puts a ``RuleChecks`` mapping
in the module attribute ``VALIDATION_CHECKS`` and attaches one function per rule code::

    VALIDATION_CHECKS = RuleChecks()

    @VALIDATION_CHECKS.attach("team_without_it_member")
    def _team_without_it_member(context: CheckContext) -> Iterator[Finding]: ...

The plugin host is left as it is: ``collect_checks(host)`` reads that attribute on every
registered plugin, in registration order (the core's defaults first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Protocol, overload

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _

if TYPE_CHECKING:
    from cnscd_core.plugins import PluginHost
    from cnscd_core.rollup import Finding
    from cnscd_core.validation._context import CheckContext

__all__ = [
    "CHECKS_ATTRIBUTE",
    "CheckConflictError",
    "CollectedChecks",
    "RuleCheck",
    "RuleChecks",
    "collect_checks",
]

#: The module (or object) attribute where a plugin keeps its ``RuleChecks``.
CHECKS_ATTRIBUTE = "VALIDATION_CHECKS"


class RuleCheck(Protocol):
    """A rule's checking function: reads the context, yields the rule's findings."""

    def __call__(self, context: CheckContext, /) -> Iterable[Finding]:
        """Yield one ``Finding`` per thing found (nothing when the rule holds)."""
        ...


class CheckConflictError(CnscdError):
    """Two checking functions were attached to the same rule code."""


class RuleChecks(Mapping[str, RuleCheck]):
    """Checking functions keyed by rule code; each code takes one function."""

    def __init__(self) -> None:
        self._checks: dict[str, RuleCheck] = {}

    @overload
    def attach(self, code: str) -> Callable[[RuleCheck], RuleCheck]: ...

    @overload
    def attach(self, code: str, check: RuleCheck) -> RuleCheck: ...

    def attach(
        self, code: str, check: RuleCheck | None = None
    ) -> RuleCheck | Callable[[RuleCheck], RuleCheck]:
        """Attach ``check`` to the rule ``code``; without ``check``, a decorator that does.

        Refuses a code that already has a function, with ``CheckConflictError``.
        """
        if check is None:

            def decorator(function: RuleCheck) -> RuleCheck:
                return self.attach(code, function)

            return decorator
        if code in self._checks:
            raise CheckConflictError(
                _(
                    "the validation rule {code!r} has a checking function already; expected "
                    "one function per rule"
                ).format(code=code)
            )
        self._checks[code] = check
        return check

    def __getitem__(self, code: str) -> RuleCheck:
        return self._checks[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._checks)

    def __len__(self) -> int:
        return len(self._checks)

    def __repr__(self) -> str:
        return f"RuleChecks({', '.join(self._checks)})"


class CollectedChecks(Mapping[str, RuleCheck]):
    """Every plugin's checking functions, with the plugin that attached each one."""

    def __init__(self) -> None:
        self._checks: dict[str, tuple[str, RuleCheck]] = {}
        #: Messages about functions that were ignored (a second one for the same rule).
        self.problems: list[str] = []

    def _add(self, plugin: str, code: str, check: RuleCheck) -> None:
        if code in self._checks:
            self.problems.append(
                _(
                    "the plugin {second!r} attaches a checking function to the validation rule "
                    "{code!r}, which {first!r} already did; the first one is used"
                ).format(second=plugin, code=code, first=self._checks[code][0])
            )
            return
        self._checks[code] = (plugin, check)

    def plugin_of(self, code: str) -> str:
        """Name of the plugin that attached the function of rule ``code``."""
        return self._checks[code][0]

    def __getitem__(self, code: str) -> RuleCheck:
        return self._checks[code][1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._checks)

    def __len__(self) -> int:
        return len(self._checks)


def collect_checks(host: PluginHost) -> CollectedChecks:
    """The checking functions of every plugin registered on ``host`` (``VALIDATION_CHECKS``).

    Plugins are read in registration order, so the core's defaults come first; a function
    attached to a rule code that already has one is ignored and named in ``problems``.
    """
    collected = CollectedChecks()
    # pluggy lists plugins in registration order (a dict underneath).
    for name, plugin in host.pm.list_name_plugin():
        if plugin is None:  # blocked
            continue
        checks = getattr(plugin, CHECKS_ATTRIBUTE, None)
        if not isinstance(checks, Mapping):
            continue
        for code, check in checks.items():
            if callable(check):
                collected._add(name, str(code), check)
            else:
                collected.problems.append(
                    _(
                        "the plugin {plugin!r} attaches {value!r} to the validation rule "
                        "{code!r}; expected a function"
                    ).format(plugin=name, value=check, code=code)
                )
    return collected
