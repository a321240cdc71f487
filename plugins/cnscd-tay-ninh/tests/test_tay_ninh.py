"""The Tây Ninh plugin: registrations, its content pack, its profile and the Ward III example."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

import cnscd_tay_ninh
import pytest

from cnscd_core.catalog import TeamRulePreset, Text
from cnscd_core.packs import check_pack
from cnscd_core.plugins import PluginHost, TeamRuleRegistry, hookimpl
from cnscd_core.units import Level, default_registry


@pytest.fixture
def host(cnscd_host: PluginHost, cnscd_register_plugin: Callable[..., str]) -> PluginHost:
    """The testing kit's fresh host with the Tây Ninh plugin registered."""
    cnscd_register_plugin(cnscd_tay_ninh, name="tay-ninh")
    return cnscd_host


def test_entry_point_names_the_package() -> None:
    (ep,) = [ep for ep in entry_points(group="cnscd") if ep.name == "tay-ninh"]
    assert ep.value == "cnscd_tay_ninh"
    assert ep.dist is not None
    assert (ep.dist.metadata["Name"], ep.dist.version) == ("cnscd-tay-ninh", "0.1.0")


def test_registrations(host: PluginHost) -> None:
    assert host.problems == []
    assert host.content_packs.owner_of("tay-ninh") == "tay-ninh"
    app = host.apps.get("tay-ninh-sothutu")
    assert host.apps.owner_of("tay-ninh-sothutu") == "pack:tay-ninh"
    assert (app.province, app.url) == ("80", "https://sothutu.tayninh.gov.vn")
    assert all(skill in host.skills for skill in app.skills)
    rules = host.team_rules.get("tay-ninh-city-2022")
    assert rules.leader_roles == ("commune_leader",)
    assert all(role in host.member_roles for role in rules.leader_roles)


def test_pack_is_clean(host: PluginHost) -> None:
    assert check_pack(cnscd_tay_ninh.PACK_PATH, host=host) == []


def test_province_profile_covers_tay_ninh_and_long_an(host: PluginHost) -> None:
    profile = host.province_profiles.get("tay-ninh")
    units = default_registry()
    # the merged province kept the name Tây Ninh and took Long An's code, 80
    assert profile.province == "80"
    assert units.current.get("80").short_name == "Tây Ninh"
    assert {units.legacy.get(code).short_name for code in profile.legacy_provinces} == {
        "Tây Ninh",
        "Long An",
    }
    # every legacy province that went into 80 is covered, and each went there only
    went_there = {
        unit.code
        for unit in units.legacy.units(Level.PROVINCE)
        if units.mapping_targets(unit.code) == (("80", True),)
    }
    assert set(profile.legacy_provinces) == went_there
    assert profile.team_rules in host.team_rules
    assert profile.notes is not None
    for pillar in ("chính quyền số", "kinh tế số", "xã hội số"):
        assert pillar in profile.notes.vi


def test_ward_iii_example_names_the_right_units() -> None:
    conversion = default_registry().convert("25459")
    assert conversion.legacy.name == "Phường 3"
    assert "Thành phố Tây Ninh" in conversion.legacy_path
    (ward,) = conversion.units
    assert (ward.name, ward.parent) == ("Phường Tân Ninh", "80")
    for lang in ("vi", "en"):
        guide = cnscd_tay_ninh.PACK_PATH / "guides" / lang / "ward-iii-campaign.md"
        text = guide.read_text(encoding="utf-8")
        assert "25459" in text and "Tân Ninh" in text


class _Clash:
    """A plugin reusing the Tây Ninh team-rule preset code."""

    @hookimpl
    def cnscd_register_team_rules(self, registry: TeamRuleRegistry) -> None:
        registry.add_team_rules(
            TeamRulePreset(code="tay-ninh-city-2022", name=Text(vi="Trùng", en="Clash"), source="")
        )


def test_duplicates_are_refused(
    host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    cnscd_register_plugin(_Clash(), name="clash")
    # plugins' hooks run before packs are read: the pack's copy is refused, naming both owners
    assert host.team_rules.owner_of("tay-ninh-city-2022") == "clash"
    (problem,) = [p for p in host.problems if p.plugin == "pack:tay-ninh"]
    assert problem.hook == "team_rules"
    assert "'tay-ninh-city-2022'" in problem.message and "'clash'" in problem.message
