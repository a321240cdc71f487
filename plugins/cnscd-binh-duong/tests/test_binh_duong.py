"""The Bình Dương plugin: registrations, its content pack, its profile and its report template."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

import cnscd_binh_duong
import pytest

from cnscd_core.catalog import App, ProvinceProfile, Text
from cnscd_core.packs import check_pack
from cnscd_core.plugins import (
    AppRegistry,
    DuplicateRegistrationError,
    PluginHost,
    ProvinceProfileRegistry,
    hookimpl,
    load_plugins,
)
from cnscd_core.units import Level, default_registry

#: The indicator codes a Bình Dương criteria set may use.
INDICATORS = {
    "villages_with_team_rate",
    "households_assigned_rate",
    "households_all_five_rate",
    "visits",
    "persons_guided",
    "households_per_member",
}


@pytest.fixture
def host(cnscd_host: PluginHost, cnscd_register_plugin: Callable[..., str]) -> PluginHost:
    """The testing kit's fresh host with the Bình Dương plugin registered."""
    cnscd_register_plugin(cnscd_binh_duong, name="binh-duong")
    return cnscd_host


def test_entry_point_names_the_package() -> None:
    (ep,) = [ep for ep in entry_points(group="cnscd") if ep.name == "binh-duong"]
    assert ep.value == "cnscd_binh_duong"
    assert ep.dist is not None
    assert (ep.dist.metadata["Name"], ep.dist.version) == ("cnscd-binh-duong", "0.1.0")


def test_loaded_from_its_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNSCD_PLUGINS", "binh-duong")
    monkeypatch.delenv("CNSCD_DISABLE_PLUGINS", raising=False)
    infos = {info.name: info for info in load_plugins().plugins()}
    info = infos["binh-duong"]
    assert (info.distribution, info.version, info.default) == ("cnscd-binh-duong", "0.1.0", False)
    assert info.registers["apps"] == ("binh-duong-so",)
    assert info.registers["template_folders"] == ("binh-duong",)


def test_blocked_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNSCD_DISABLE_PLUGINS", "binh-duong")
    host = load_plugins()
    assert "binh-duong" in host.blocked
    assert not host.pm.has_plugin("binh-duong")
    assert "binh-duong-so" not in host.apps


def test_registrations(host: PluginHost) -> None:
    assert host.problems == []
    assert host.content_packs.owner_of("binh-duong") == "binh-duong"
    assert host.content_packs.get("binh-duong").path == cnscd_binh_duong.PACK_PATH
    app = host.apps.get("binh-duong-so")
    assert host.apps.owner_of("binh-duong-so") == "pack:binh-duong"
    assert app.province == "79"
    assert set(app.skills) == {"local_digital_platforms", "online_public_services"}
    assert all(skill in host.skills for skill in app.skills)
    assert [f.vi for f in app.features] == [
        "Trao đổi, kiến nghị với chính quyền",
        "Phản ánh hiện trường",
        "Tìm việc làm",
        "Tra cứu quy hoạch",
    ]
    assert host.template_folders.get("binh-duong").path == cnscd_binh_duong.TEMPLATES_PATH


def test_pack_is_clean(host: PluginHost) -> None:
    assert check_pack(cnscd_binh_duong.PACK_PATH, host=host) == []


def test_province_profile(host: PluginHost) -> None:
    profile = host.province_profiles.get("binh-duong")
    assert host.province_profiles.owner_of("binh-duong") == "binh-duong"
    units = default_registry()
    # since 2025-07-01 Bình Dương (74) is part of Hồ Chí Minh City (79)
    assert profile.province == "79"
    assert units.current.get("79").level == Level.PROVINCE
    assert units.current.get("79").short_name == "Hồ Chí Minh"
    assert profile.legacy_provinces == ("74",)
    assert units.legacy.get("74").short_name == "Bình Dương"
    assert profile.team_rules == "binh-duong-6037"
    rules = host.team_rules.get(profile.team_rules)
    assert (rules.households_per_member, rules.min_teams_per_village) == (220, 1)


def test_stipend_preset_of_resolution_27_2023(host: PluginHost) -> None:
    preset = host.stipends.get("binh-duong-nq27-2023")
    assert host.stipends.owner_of("binh-duong-nq27-2023") == "pack:binh-duong"
    assert preset.per_member_per_month == 60_000
    assert preset.per_person_per_working_day == 150_000
    assert preset.per_team_per_month == 0


def test_criteria_set_of_plan_6037(host: PluginHost) -> None:
    criteria = host.criteria.get("binh-duong-6037")
    assert {c.indicator for c in criteria.criteria} <= INDICATORS
    assert sum(c.weight for c in criteria.criteria) == pytest.approx(1.0)
    load = next(c for c in criteria.criteria if c.indicator == "households_per_member")
    assert (load.target, load.higher_is_better) == (220, False)
    scores = [c.min_score for c in criteria.classes]
    assert scores == sorted(scores, reverse=True) and scores[-1] == 0
    assert criteria.honour_class == criteria.classes[0].code


def test_quarterly_report_extends_the_core_base(host: PluginHost) -> None:
    from cnscd_core.templating import template_environment

    ward = default_registry().current.units(Level.COMMUNE, within="79")[0]
    template = template_environment(host).get_template("binh-duong:quarterly-report.html")
    rows = [{"name": "Lượt đến hộ", "value": "1.234"}]
    html = template.render(quarter="Quý I/2025", unit=ward.name, rows=rows)
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "Báo cáo quý Quý I/2025" in html and ward.name in html
    assert "6037/KH-UBND" in html and "Lượt đến hộ" in html and "1.234" in html
    english = template.render(quarter="Q1 2025", unit=ward.name, rows=rows, lang="en")
    assert "Quarterly report Q1 2025" in english and 'lang="en"' in english


class _Clash:
    """A careless plugin reusing the Bình Dương app and profile codes."""

    @hookimpl
    def cnscd_register_apps(self, registry: AppRegistry) -> None:
        registry.add_app(App(code="binh-duong-so", name=Text(vi="Trùng", en="Clash"), skills=()))

    @hookimpl
    def cnscd_register_province_profiles(self, registry: ProvinceProfileRegistry) -> None:
        registry.add_province_profile(
            ProvinceProfile(code="binh-duong", name=Text(vi="Trùng", en="Clash"), province="79")
        )


def test_duplicates_are_refused(
    host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    cnscd_register_plugin(_Clash(), name="clash")
    problems = {(p.plugin, p.hook): p.message for p in host.problems}
    # the profile: whichever hook runs first keeps it, the other is reported naming both
    owner = host.province_profiles.owner_of("binh-duong")
    refused = ({"binh-duong", "clash"} - {owner}).pop()
    message = problems[refused, "cnscd_register_province_profiles"]
    assert "'binh-duong'" in message and "'clash'" in message
    # the app: plugins' hooks run before packs are read, so the pack's copy is refused
    assert "binh-duong-so" in problems["pack:binh-duong", "apps"]
    with pytest.raises(DuplicateRegistrationError, match="binh-duong"):
        host.province_profiles.add_province_profile(cnscd_binh_duong.PROFILE)
