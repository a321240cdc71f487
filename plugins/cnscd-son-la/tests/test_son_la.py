"""The Sơn La plugin: registrations, its content pack, its profile and its figures."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

import cnscd_son_la
import pytest

from cnscd_core.packs import check_pack, load_pack
from cnscd_core.plugins import ContentPackRegistry, PluginHost, hookimpl
from cnscd_core.units import Level, default_registry


@pytest.fixture
def host(cnscd_host: PluginHost, cnscd_register_plugin: Callable[..., str]) -> PluginHost:
    """The testing kit's fresh host with the Sơn La plugin registered."""
    cnscd_register_plugin(cnscd_son_la, name="son-la")
    return cnscd_host


def test_entry_point_names_the_package() -> None:
    (ep,) = [ep for ep in entry_points(group="cnscd") if ep.name == "son-la"]
    assert ep.value == "cnscd_son_la"
    assert ep.dist is not None
    assert (ep.dist.metadata["Name"], ep.dist.version) == ("cnscd-son-la", "0.1.0")


def test_registrations(host: PluginHost) -> None:
    assert host.problems == []
    assert host.content_packs.owner_of("son-la") == "son-la"
    app = host.apps.get("son-la-zalo-ban")
    assert host.apps.owner_of("son-la-zalo-ban") == "pack:son-la"
    assert app.province == "14"
    assert all(skill in host.skills for skill in app.skills)
    assert "Thu thập ý kiến người dân" in [f.vi for f in app.features]
    # the Sơn La group specialises the national one, it does not replace it
    assert "zalo_community_group" in host.apps


def test_pack_is_clean(host: PluginHost) -> None:
    assert check_pack(cnscd_son_la.PACK_PATH, host=host) == []
    guides = cnscd_son_la.PACK_PATH / "guides"
    assert {p.name for p in (guides / "vi").glob("*.md")} == {
        p.name for p in (guides / "en").glob("*.md")
    }
    assert load_pack(cnscd_son_la.PACK_PATH).manifest.province == "14"


def test_province_profile(host: PluginHost) -> None:
    profile = host.province_profiles.get("son-la")
    units = default_registry()
    # Sơn La was not merged: the same code before and after 2025-07-01
    assert profile.province == "14" and profile.legacy_provinces == ("14",)
    assert units.current.get("14").level == Level.PROVINCE
    assert units.current.get("14").short_name == units.legacy.get("14").short_name == "Sơn La"
    assert profile.team_name is not None
    assert profile.team_name.vi == "Tổ Chuyển đổi số cộng đồng (Tổ CĐSCĐ)"
    assert profile.team_rules in host.team_rules


def test_end_2023_figures_add_up() -> None:
    teams = sum(t for t, _m in cnscd_son_la.TEAMS_END_2023.values())
    members = sum(m for _t, m in cnscd_son_la.TEAMS_END_2023.values())
    assert (teams, members) == (3_090, 15_902)
    notes = cnscd_son_la.PROFILE.notes
    assert notes is not None
    readme = (cnscd_son_la.PACK_PATH.parents[2] / "README.md").read_text(encoding="utf-8")
    for level_teams, level_members in [*cnscd_son_la.TEAMS_END_2023.values(), (teams, members)]:
        assert f"{level_teams:,}".replace(",", ".") in notes.vi
        assert f"{level_members:,}" in notes.en
        assert f"| {level_members:,} |".replace(",", ".") in readme.replace("**", "")


class _SecondCopy:
    """A plugin that registers the Sơn La pack a second time."""

    @hookimpl
    def cnscd_register_content_packs(self, registry: ContentPackRegistry) -> None:
        registry.add_content_pack(cnscd_son_la.PACK_PATH)


def test_a_second_copy_of_the_pack_is_refused(
    host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    cnscd_register_plugin(_SecondCopy(), name="second-copy")
    (problem,) = [p for p in host.problems if p.hook == "cnscd_register_content_packs"]
    assert "'son-la'" in problem.message
    assert host.content_packs.owner_of("son-la") in {"son-la", "second-copy"}
    # the pack's contents are registered once, whoever won
    assert host.apps.names().count("son-la-zalo-ban") == 1
