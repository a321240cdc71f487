"""The Thanh Hóa plugin: registrations, its content pack, its extra skill and its profile."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

import cnscd_thanh_hoa
import pytest

from cnscd_core.catalog import App, Text
from cnscd_core.packs import check_pack
from cnscd_core.plugins import AppRegistry, PluginHost, hookimpl
from cnscd_core.units import Level, default_registry


@pytest.fixture
def host(cnscd_host: PluginHost, cnscd_register_plugin: Callable[..., str]) -> PluginHost:
    """The testing kit's fresh host with the Thanh Hóa plugin registered."""
    cnscd_register_plugin(cnscd_thanh_hoa, name="thanh-hoa")
    return cnscd_host


def test_entry_point_names_the_package() -> None:
    (ep,) = [ep for ep in entry_points(group="cnscd") if ep.name == "thanh-hoa"]
    assert ep.value == "cnscd_thanh_hoa"
    assert ep.dist is not None
    assert (ep.dist.metadata["Name"], ep.dist.version) == ("cnscd-thanh-hoa", "0.1.0")


def test_registrations(host: PluginHost) -> None:
    assert host.problems == []
    assert host.content_packs.owner_of("thanh-hoa") == "thanh-hoa"
    app = host.apps.get("thanh-hoa-dichvucong")
    assert host.apps.owner_of("thanh-hoa-dichvucong") == "pack:thanh-hoa"
    assert (app.province, app.url) == ("38", "https://dichvucong.thanhhoa.gov.vn")
    assert all(skill in host.skills for skill in app.skills)


def test_extra_skill_is_not_a_national_one(host: PluginHost) -> None:
    skill = host.skills.get("thanh-hoa-online-selling")
    assert host.skills.owner_of("thanh-hoa-online-selling") == "pack:thanh-hoa"
    assert skill.number is None
    assert skill.milestone(skill.alone_level).code == "alone"
    assert [step.level for step in skill.ladder] == [0, 1, 2, 3, 4]
    national = [s for s in host.skills if s.number is not None]
    assert sorted(s.number for s in national if s.number is not None) == [1, 2, 3, 4, 5]


def test_pack_is_clean(host: PluginHost) -> None:
    assert check_pack(cnscd_thanh_hoa.PACK_PATH, host=host) == []


def test_province_profile(host: PluginHost) -> None:
    profile = host.province_profiles.get("thanh-hoa")
    units = default_registry()
    # Thanh Hóa was not merged: the same code before and after 2025-07-01
    assert profile.province == "38" and profile.legacy_provinces == ("38",)
    assert units.current.get("38").level == Level.PROVINCE
    assert units.current.get("38").short_name == units.legacy.get("38").short_name == "Thanh Hóa"
    assert units.mapping_targets("38") == (("38", True),)
    assert profile.team_rules in host.team_rules
    assert profile.notes is not None
    assert "rà từng nhân khẩu" in profile.notes.vi and "rà từng nhân khẩu" in profile.notes.en
    assert "4.351" in profile.notes.vi and "4,351" in profile.notes.en
    assert "127 tổ ở 127 thôn, bản" in profile.notes.vi


def test_nhu_xuan_is_a_legacy_district_of_thanh_hoa() -> None:
    # the guides speak of Như Xuân district, which the 2025 reform abolished with every district
    units = default_registry()
    (district,) = [
        unit
        for unit in units.legacy.units(Level.DISTRICT, within="38")
        if unit.short_name == "Như Xuân"
    ]
    assert district.parent == "38"
    assert not units.current.units(Level.DISTRICT)


class _Clash:
    """A plugin reusing the Thanh Hóa portal's app code."""

    @hookimpl
    def cnscd_register_apps(self, registry: AppRegistry) -> None:
        registry.add_app(
            App(code="thanh-hoa-dichvucong", name=Text(vi="Trùng", en="Clash"), skills=())
        )


def test_duplicates_are_refused(
    host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    cnscd_register_plugin(_Clash(), name="clash")
    assert host.apps.owner_of("thanh-hoa-dichvucong") == "clash"
    (problem,) = [p for p in host.problems if p.plugin == "pack:thanh-hoa"]
    assert "'thanh-hoa-dichvucong'" in problem.message
    # the pack's other registrations of that kind are dropped with it, other kinds stay
    assert "thanh-hoa-online-selling" in host.skills
