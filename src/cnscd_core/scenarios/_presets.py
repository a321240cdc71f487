"""Scenario presets: the nation and every province profile a plugin registers.

A preset is built from the plugin host (the province profile's 2025 and legacy province
codes, its team-rule preset) and from the figures in DOMAIN.md that concern the province
(teams, members, villages, smartphone ownership). Figures without a source are guesses and
say so in ``PopulationPreset.sources``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cnscd_core.catalog import Text
from cnscd_core.i18n import gettext as _
from cnscd_core.scenarios._params import (
    Detail,
    ModelParams,
    PopulationPreset,
    Scenario,
    ScenarioError,
)

if TYPE_CHECKING:
    from cnscd_core.catalog import TeamRulePreset
    from cnscd_core.plugins import PluginHost

__all__ = [
    "NATIONAL_SMARTPHONE_RATE",
    "SMARTPHONE_RATES",
    "scenario",
    "scenario_preset",
    "scenario_presets",
]

#: Adults owning a smartphone, Mar 2022, nationally (DOMAIN.md).
NATIONAL_SMARTPHONE_RATE = 0.735
#: Adults owning a smartphone, Mar 2022, by legacy province code (DOMAIN.md). A 2025 commune
#: takes the rate of the legacy province most of its legacy communes came from; provinces not
#: listed take the national rate.
SMARTPHONE_RATES: dict[str, float] = {
    "14": 0.583,  # Sơn La
    "02": 0.561,  # Hà Giang (now in Tuyên Quang)
    "12": 0.566,  # Lai Châu
    "11": 0.576,  # Điện Biên
    "31": 0.784,  # Hải Phòng
    "48": 0.778,  # Đà Nẵng
    "79": 0.757,  # Hồ Chí Minh City
    "01": 0.745,  # Hà Nội
}

_NATIONAL_SOURCES = (
    "2019 census: 26,870,079 households, 96,208,984 people, 3.5 per household",
    "Smartphone ownership of adults, Mar 2022: 73.5% nationally, by province where known",
    "MIC national summary, Jun 2023: 74,422 teams, 348,362 members (4.68 per team)",
    "VNeID: over 64 M accounts activated by Q2 2025 (about 64 of 75 M people aged 14+)",
)

# Province figures from DOMAIN.md, keyed by province-profile code (= plugin name).
_PROVINCE_DATA: dict[str, dict[str, Any]] = {
    "son-la": {
        "villages": 2_886,
        "members_per_village_team": 14_088 / 2_886,
        "commune_team_members_per_legacy_commune": 1_814 / 204,
        "model_overrides": (("village_zalo_word_of_mouth", 0.015),),
        "sources": (
            "Sơn La end 2023: 3,090 teams, 15,902 members; 204 commune teams (1,814 members), "
            "2,886 village teams (14,088 members): one team per bản or tiểu khu",
            "Sơn La: Zalo groups with all households (village Zalo word of mouth 0.015, guess)",
        ),
    },
    "thanh-hoa": {
        "members_per_village_team": 14_000 / 4_351,
        "commune_team_members_per_legacy_commune": 14_000 / 4_351,
        "sources": (
            "Thanh Hóa May 2025: 4,351 teams, more than 14,000 members (3.2 per team)",
            "Như Xuân 2023: many elderly members, many farmers without a smartphone",
        ),
    },
    "tay-ninh": {
        "model_overrides": (("desk_sessions_per_member_week", 10.0),),
        "sources": (
            "Tây Ninh city 2022: members staff the one-stop desk (desk sessions doubled, guess)",
        ),
    },
    "binh-duong": {
        "stipend": "binh-duong-nq27-2023",
        "sources": (
            "Bình Dương plan 6037/KH-UBND (2024): teams of 3 or more, about 220 households per "
            "member; NQ 27/2023 allowances",
        ),
    },
}


def _rules(host: PluginHost, code: str) -> dict[str, Any]:
    try:
        rules: TeamRulePreset = host.team_rules.get(code)
    except KeyError:
        return {"team_rules": code}
    low = rules.village_team_min_members or rules.min_members or 1
    high = rules.village_team_max_members or rules.max_members
    out: dict[str, Any] = {"team_rules": code, "min_members": int(low), "max_members": high}
    if rules.households_per_member:
        out["households_per_member"] = int(rules.households_per_member)
        out["capacity"] = int(rules.households_per_member)
    return out


def scenario_presets(host: PluginHost | None = None) -> dict[str, PopulationPreset]:
    """Every preset: ``national`` and one per registered province profile, by code."""
    if host is None:
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
    presets: dict[str, PopulationPreset] = {
        "national": PopulationPreset(
            code="national",
            name=Text(vi="Toàn quốc", en="The whole nation"),
            # Villages with a village team in 2023: (74,422 teams - about 10,600 commune teams)
            # / about 100,000 villages.
            village_team_share=(74_422 - 10_600) / 100_000,
            default_scale=0.002,
            sources=(
                *_NATIONAL_SOURCES,
                "Village-team share 0.64 = (74,422 teams - ~10,600 commune teams) / ~100,000 "
                "villages (2023)",
            ),
            **_rules(host, "national"),
        )
    }
    for profile in host.province_profiles:
        data = dict(_PROVINCE_DATA.get(profile.code, {}))
        sources = (*_NATIONAL_SOURCES, *data.pop("sources", ()))
        legacy = profile.legacy_provinces
        # Only restrict to legacy provinces when the 2025 province holds others too.
        restrict = tuple(legacy) if legacy and profile.province not in legacy else ()
        presets[profile.code] = PopulationPreset(
            code=profile.code,
            name=profile.name,
            provinces=(profile.province,),
            legacy_provinces=restrict,
            sources=sources,
            **{**_rules(host, profile.team_rules), **data},
        )
    return presets


def scenario_preset(name: str, host: PluginHost | None = None) -> PopulationPreset:
    """The preset called ``name``, or a 2025 province code (``42``) for a province no plugin
    has a profile for (national rules and figures); raises ``ScenarioError`` otherwise."""
    if host is None:
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
    presets = scenario_presets(host)
    if name in presets:
        return presets[name]
    province = _province_preset(name, host, presets)
    if province is not None:
        return province
    raise ScenarioError(
        _(
            "unknown scenario preset {name!r}; expected one of: {known}, or a 2025 province "
            "code such as 42"
        ).format(name=name, known=", ".join(sorted(presets)))
    )


def _province_preset(
    code: str, host: PluginHost, presets: dict[str, PopulationPreset]
) -> PopulationPreset | None:
    from cnscd_core.units import Level, default_registry

    current = default_registry().current
    if code not in current or current.level(current.index(code)) != Level.PROVINCE:
        return None
    for preset in presets.values():
        if preset.provinces == (code,) and not preset.legacy_provinces:
            return preset
    name = current.name(current.index(code))
    return PopulationPreset(
        code=code,
        name=Text(vi=name, en=name),
        provinces=(code,),
        sources=(*_NATIONAL_SOURCES, "No province profile: national team rules and figures"),
        **_rules(host, "national"),
    )


def scenario(name: str, host: PluginHost | None = None, **changes: Any) -> Scenario:
    """A scenario on the preset ``name`` (its model overrides applied), with ``changes``.

    ``scale`` defaults to the preset's ``default_scale`` and ``detail`` to communes (provinces
    for the nation); ``changes`` are as for ``Scenario.replace`` (scenario fields, model
    parameters or preset fields).
    """
    preset = scenario_preset(name, host)
    params = ModelParams().replace(**dict(preset.model_overrides))
    detail: Detail = "commune" if preset.provinces else "province"  # national JSON stays small
    base = Scenario(preset=preset, params=params, scale=preset.default_scale, detail=detail)
    return base.replace(**changes) if changes else base
