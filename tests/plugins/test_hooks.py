"""Every hook works through a registry, refuses duplicates, and is documented and tested."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import click
import pytest

from cnscd_core.catalog import (
    App,
    CriteriaClass,
    CriteriaSet,
    Criterion,
    Indicator,
    MemberRole,
    Milestone,
    ProvinceProfile,
    Skill,
    StipendPreset,
    TeamRulePreset,
    Text,
    ValidationRule,
)
from cnscd_core.plugins import PluginHost, hookimpl, spec

ROOT = Path(__file__).parents[2]
T = Text(vi="Thử", en="Test")
LADDER = (Milestone(0, "none", T), Milestone(1, "aware", T), Milestone(2, "alone", T))
HOOKS = sorted(n for n in dir(spec) if n.startswith("cnscd_"))


def test_every_hookspec_is_typed_documented_and_versioned() -> None:
    assert len(HOOKS) >= 12
    for name in HOOKS:
        function = getattr(spec, name)
        doc = inspect.getdoc(function) or ""
        assert ".. versionadded::" in doc, name
        assert "Returns" in doc, name
        signature = inspect.signature(function)
        assert signature.return_annotation in ("None", None), name
        for param in signature.parameters.values():
            assert param.annotation is not inspect.Parameter.empty, (name, param.name)


def test_every_hook_has_a_documentation_entry() -> None:
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert "::: cnscd_core.plugins.spec" in docs
    for name in HOOKS:
        assert f"`{name}`" in docs, f"docs/plugins.md does not mention {name}"


def test_every_hook_has_a_test() -> None:
    sources = (
        "".join(
            p.read_text(encoding="utf-8")
            for p in [
                *ROOT.joinpath("tests").rglob("test_*.py"),
                *ROOT.joinpath("plugins").rglob("test_*.py"),
            ]
            if p.resolve() != Path(__file__).resolve()
        )
        + Path(__file__).read_text(encoding="utf-8").split("# -- per-hook tests", 1)[1]
    )
    for name in HOOKS:
        assert re.search(rf"\bdef {name}\b", sources), f"no test implements {name}"


# -- per-hook tests: one plugin implementing every hook, and checks of what it registered ----


class EveryHookPlugin:
    """A plugin implementing every hook once."""

    @hookimpl
    def cnscd_register_skills(self, registry: Any) -> None:
        registry.add_skill(Skill(code="t_skill", name=T, ladder=LADDER, alone_level=2))

    @hookimpl
    def cnscd_register_apps(self, registry: Any) -> None:
        registry.add_app(App(code="t_app", name=T, skills=("t_skill",)))

    @hookimpl
    def cnscd_register_team_rules(self, registry: Any) -> None:
        registry.add_team_rules(
            TeamRulePreset(code="t_rules", name=T, source="test", min_members=3)
        )

    @hookimpl
    def cnscd_register_member_roles(self, registry: Any) -> None:
        registry.add_member_role(MemberRole(code="t_role", name=T))

    @hookimpl
    def cnscd_register_indicators(self, registry: Any) -> None:
        registry.add_indicator(Indicator(code="t_count", name=T, unit="count"))

    @hookimpl
    def cnscd_register_validation_rules(self, registry: Any) -> None:
        registry.add_validation_rule(ValidationRule(code="t_rule", name=T, severity="warning"))

    @hookimpl
    def cnscd_register_evaluation_criteria(self, registry: Any) -> None:
        registry.add_criteria_set(
            CriteriaSet(
                code="t_criteria",
                name=T,
                source="test",
                criteria=(Criterion(indicator="t_count", weight=1.0, target=10),),
                classes=(CriteriaClass(code="pass", name=T, min_score=0.5),),
            )
        )

    @hookimpl
    def cnscd_register_stipends(self, registry: Any) -> None:
        registry.add_stipend(
            StipendPreset(code="t_stipend", name=T, source="test", per_team_per_month=1000)
        )

    @hookimpl
    def cnscd_register_province_profiles(self, registry: Any) -> None:
        registry.add_province_profile(ProvinceProfile(code="t_profile", name=T, province="14"))

    @hookimpl
    def cnscd_register_template_folders(self, registry: Any) -> None:
        registry.add_template_folder("t_templates", ROOT / "tests" / "plugins" / "templates")

    @hookimpl
    def cnscd_register_content_packs(self, registry: Any) -> None:
        registry.add_content_pack(ROOT / "tests" / "packs" / "minimal")

    @hookimpl
    def cnscd_register_commands(self, registry: Any) -> None:
        @click.command(name="t-hello")
        def hello() -> None:
            click.echo("xin chào")

        registry.add_command(hello)


@pytest.fixture
def host(cnscd_host: PluginHost, cnscd_register_plugin: Any) -> PluginHost:
    cnscd_register_plugin(EveryHookPlugin(), name="every")
    return cnscd_host


@pytest.mark.parametrize(
    ("attr", "code"),
    [
        ("skills", "t_skill"),
        ("apps", "t_app"),
        ("team_rules", "t_rules"),
        ("member_roles", "t_role"),
        ("indicators", "t_count"),
        ("validation_rules", "t_rule"),
        ("criteria", "t_criteria"),
        ("stipends", "t_stipend"),
        ("province_profiles", "t_profile"),
        ("template_folders", "t_templates"),
        ("content_packs", "minimal"),
        ("commands", "t-hello"),
    ],
)
def test_each_hook_registers(host: PluginHost, attr: str, code: str) -> None:
    registry = getattr(host, attr)
    assert code in registry
    assert registry.owner_of(code) == "every"
    assert host.problems == []


def test_pack_contents_are_registered_under_the_pack(host: PluginHost) -> None:
    assert host.skills.owner_of("minimal_skill") == "pack:minimal"
    info = {p.name: p for p in host.plugins()}["every"]
    assert "minimal_skill" in info.registers["skills"]


def test_duplicate_names_both_plugins(cnscd_host: PluginHost, cnscd_register_plugin: Any) -> None:
    cnscd_register_plugin(EveryHookPlugin(), name="first")
    cnscd_register_plugin(EveryHookPlugin(), name="second")
    problems = [p for p in cnscd_host.problems if p.hook == "cnscd_register_skills"]
    assert problems and "first" in problems[0].message and "second" in problems[0].message
    assert cnscd_host.skills.owner_of("t_skill") in {"first", "second"}


def test_plugin_that_raises_is_reported_and_dropped(
    cnscd_host: PluginHost, cnscd_register_plugin: Any
) -> None:
    class Broken:
        @hookimpl
        def cnscd_register_apps(self, registry: Any) -> None:
            registry.add_app(App(code="half", name=T, skills=()))
            raise RuntimeError("database down")

    cnscd_register_plugin(Broken(), name="broken")
    assert "half" not in cnscd_host.apps
    (problem,) = cnscd_host.problems
    assert problem.plugin == "broken" and "database down" in problem.message


def test_plugin_that_returns_garbage_is_reported(
    cnscd_host: PluginHost, cnscd_register_plugin: Any
) -> None:
    class Garbage:
        @hookimpl
        def cnscd_register_member_roles(self, registry: Any) -> list[str]:
            return ["volunteer"]

        @hookimpl
        def cnscd_register_skills(self, registry: Any) -> None:
            registry.add_skill("online_payment")

    cnscd_register_plugin(Garbage(), name="garbage")
    messages = {p.hook: p.message for p in cnscd_host.problems if p.plugin == "garbage"}
    assert "['volunteer']" in messages["cnscd_register_member_roles"]
    assert "'online_payment'" in messages["cnscd_register_skills"]
    assert "Skill" in messages["cnscd_register_skills"]


def test_misspelt_hook_fails_loudly(cnscd_host: PluginHost) -> None:
    from cnscd_core.plugins.manager import PluginError

    misspelt = SimpleNamespace(cnscd_register_skils=hookimpl(lambda registry: None))
    with pytest.raises(PluginError, match="cnscd_register_skils"):
        cnscd_host.register(misspelt, name="misspelt")
    assert not cnscd_host.pm.has_plugin("misspelt")


def test_blocking_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from cnscd_core.plugins import load_plugins

    monkeypatch.setenv("CNSCD_DISABLE_PLUGINS", "default_packs, *")
    host = load_plugins()
    assert "default_packs" in host.blocked
    assert len(host.skills) == 0
    assert not [p for p in host.plugins() if not p.default]


def test_core_defaults_go_through_the_hooks(cnscd_host: PluginHost) -> None:
    names = {p.name for p in cnscd_host.plugins()}
    assert {"default_packs", "default_commands"} <= names
    assert {"units", "plugins", "packs", "demo"} <= set(cnscd_host.commands.names())
    assert "national" in cnscd_host.content_packs


def test_template_prefix_lets_a_province_extend_the_original(host: PluginHost) -> None:
    from cnscd_core.templating import template_environment

    env = template_environment(host)
    html = env.get_template("base.html").render(name="<script>alert(1)</script>", lang="vi")
    assert "Tỉnh thử" in html  # the plugin's base.html replaced the core's...
    assert "<main>" in html  # ...and extended it through default:base.html
    assert "&lt;script&gt;" in html and "<script>alert" not in html


def test_sandbox_refuses_unsafe_attribute_access(host: PluginHost) -> None:
    import jinja2.exceptions

    from cnscd_core.templating import template_environment

    env = template_environment(host)
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()
