"""Attaching checking functions: ``RuleChecks``, province plugins, conflicts and failures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest

from cnscd_core.catalog import Text, ValidationRule
from cnscd_core.plugins import PluginHost, ValidationRuleRegistry, hookimpl
from cnscd_core.rollup import Finding, build_report
from cnscd_core.store import SQLiteStore
from cnscd_core.validation import (
    CHECKS_ATTRIBUTE,
    CheckConflictError,
    CheckContext,
    RuleChecks,
    check_unit,
    collect_checks,
    run_checks,
)

from .helpers import PERIOD, SON_LA_WARD, VILLAGES, full_team, household, visit

MakeStore = Callable[..., SQLiteStore]


def _rule(code: str, severity: str = "warning") -> ValidationRule:
    return ValidationRule(code, Text(vi=f"Quy tắc {code}", en=f"Rule {code}"), severity)  # type: ignore[arg-type]


class ProvincePlugin:
    """A province plugin with one rule of its own and its checking function."""

    def __init__(self, code: str = "small_households", severity: str = "info") -> None:
        self.code = code
        self.severity = severity
        self.VALIDATION_CHECKS = RuleChecks()
        self.VALIDATION_CHECKS.attach(code, self.check)
        self.contexts: list[CheckContext] = []

    @hookimpl
    def cnscd_register_validation_rules(self, registry: ValidationRuleRegistry) -> None:
        registry.add_validation_rule(_rule(self.code, self.severity))

    def check(self, context: CheckContext) -> Iterator[Finding]:
        self.contexts.append(context)
        for team in context.active_teams():
            yield context.finding(f"team {team.code} checked", subject=team.code, unit=team.unit)


@pytest.fixture
def store(make_store: MakeStore) -> SQLiteStore:
    """Both hamlets of the Sơn La ward with a full team each: no core rule finds anything."""
    hamlets = VILLAGES[SON_LA_WARD]
    t1, m1 = full_team("T-1", hamlets[0])
    t2, m2 = full_team("T-2", hamlets[1])
    visits = [visit("T-1-1", "H1"), visit("T-2-1", None)]
    return make_store([t1, t2], m1 + m2, [household("H1", hamlets[0], "T-1-1")], visits)


def test_rule_checks_attach_and_refuse_a_second_function() -> None:
    checks = RuleChecks()

    @checks.attach("a")
    def check_a(context: CheckContext) -> list[Finding]:
        return []

    checks.attach("b", check_a)
    assert list(checks) == ["a", "b"] and checks["a"] is check_a and len(checks) == 2
    with pytest.raises(CheckConflictError, match="'a'"):
        checks.attach("a", check_a)
    assert "a, b" in repr(checks)


def test_a_province_plugin_attaches_its_check(
    store: SQLiteStore, host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    plugin = ProvincePlugin()
    cnscd_register_plugin(plugin, name="province")
    assert CHECKS_ATTRIBUTE == "VALIDATION_CHECKS"
    collected = collect_checks(host)
    assert collected.plugin_of("small_households") == "province"
    assert collected.plugin_of("team_size") == "default_rules"
    report = check_unit(store, SON_LA_WARD, PERIOD, host=host)
    hamlets = VILLAGES[SON_LA_WARD]
    assert report.findings == (
        Finding("small_households", hamlets[0], "info", "team T-1 checked", "T-1"),
        Finding("small_households", hamlets[1], "info", "team T-2 checked", "T-2"),
    )
    assert report.ok  # info only
    [context] = plugin.contexts  # one call per run
    assert context.rule.code == "small_households" and context.unit == SON_LA_WARD
    assert context.as_of.isoformat() == "2026-09-30" and context.period.label == PERIOD


def test_rules_share_one_workload_check(
    store: SQLiteStore, host: PluginHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cnscd_core.workload

    calls: list[str] = []
    real = cnscd_core.workload.check_workload

    def counting(*args: object, **kwargs: object) -> object:
        calls.append("x")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cnscd_core.workload, "check_workload", counting)
    check_unit(store, SON_LA_WARD, PERIOD, host=host)
    assert calls == ["x"]


def test_a_second_function_for_a_rule_is_ignored_and_named(
    store: SQLiteStore, host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    first, second = ProvincePlugin(), ProvincePlugin()
    cnscd_register_plugin(first, name="first")
    cnscd_register_plugin(SimpleNamespace(VALIDATION_CHECKS=second.VALIDATION_CHECKS), "second")
    report = check_unit(store, SON_LA_WARD, PERIOD, host=host)
    assert len(first.contexts) == 1 and second.contexts == []
    [problem] = report.problems
    assert "'second'" in problem and "'first'" in problem and "small_households" in problem


def test_a_rule_without_a_function_is_listed(
    store: SQLiteStore, host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    class RuleOnly:
        @hookimpl
        def cnscd_register_validation_rules(self, registry: ValidationRuleRegistry) -> None:
            registry.add_validation_rule(_rule("paper_only"))

    cnscd_register_plugin(RuleOnly(), name="paper")
    report = check_unit(store, SON_LA_WARD, PERIOD, host=host)
    assert report.unchecked == ("paper_only",) and "paper_only" not in report.rules
    assert report.summary()["rules_unchecked"] == ["paper_only"]


def test_a_function_without_a_rule_does_not_run(
    store: SQLiteStore, host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    orphan = ProvincePlugin()
    cnscd_register_plugin(SimpleNamespace(VALIDATION_CHECKS=orphan.VALIDATION_CHECKS), "orphan")
    assert run_checks(store, SON_LA_WARD, PERIOD, host=host) == []
    assert orphan.contexts == []


def test_a_failing_check_becomes_an_error_finding(
    store: SQLiteStore,
    host: PluginHost,
    cnscd_register_plugin: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CNSCD_DEBUG", raising=False)
    broken = ProvincePlugin("broken", "warning")

    def explode(context: CheckContext) -> list[Finding]:
        raise RuntimeError("Nguyễn Văn An 0912345678")

    broken.VALIDATION_CHECKS = RuleChecks()
    broken.VALIDATION_CHECKS.attach("broken", explode)
    wrong = ProvincePlugin("wrong", "warning")
    wrong.VALIDATION_CHECKS = RuleChecks()
    wrong.VALIDATION_CHECKS.attach("wrong", lambda context: ["not a finding"])  # type: ignore[call-overload]
    cnscd_register_plugin(broken, name="broken-plugin")
    cnscd_register_plugin(wrong, name="wrong-plugin")
    report = check_unit(store, SON_LA_WARD, PERIOD, host=host)
    by_rule = {f.rule: f for f in report.findings}
    assert by_rule["broken"].severity == "error" and "RuntimeError" in by_rule["broken"].message
    assert "broken-plugin" in by_rule["broken"].message
    assert "0912345678" not in by_rule["broken"].message  # the exception text may be personal
    assert "TypeError" in by_rule["wrong"].message and not report.ok
    assert len(report.problems) == 2
    monkeypatch.setenv("CNSCD_DEBUG", "1")
    with pytest.raises(RuntimeError):
        check_unit(store, SON_LA_WARD, PERIOD, host=host)


def test_a_non_function_is_named(
    store: SQLiteStore, host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    cnscd_register_plugin(SimpleNamespace(VALIDATION_CHECKS={"team_size": 3}), name="odd")
    assert any("'odd'" in p for p in collect_checks(host).problems)


def test_blocking_the_default_plugin_removes_rules_and_checks(store: SQLiteStore) -> None:
    bare = PluginHost()
    bare.load_defaults()
    if bare.pm.has_plugin("default_rules"):
        bare.unregister("default_rules")
    report = check_unit(store, SON_LA_WARD, PERIOD, host=bare)
    assert report.rules == () and report.findings == ()


def test_build_report_carries_the_findings(make_store: MakeStore, host: PluginHost) -> None:
    hamlets = VILLAGES[SON_LA_WARD]
    t, members = full_team("T-1", hamlets[0], size=2)
    store = make_store([t], members, [household("H1", hamlets[1])])
    report = build_report(store, SON_LA_WARD, PERIOD, host=host)
    assert list(report.findings) == run_checks(store, SON_LA_WARD, PERIOD, host=host)
    assert {f["rule"] for f in report.as_json()["findings"]} >= {"team_size"}
