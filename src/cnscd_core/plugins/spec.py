"""Every hook a cnscd plugin can implement.

A plugin is a module (or object) with functions decorated by ``cnscd_core.plugins.hookimpl``,
published under the entry-point group ``cnscd`` by a distribution named ``cnscd-<province>``.
Registration hooks receive a registry whose ``add_*`` method refuses a name that another
plugin or pack already registered, with an error naming both. They return nothing.
Hooks only ever gain arguments; an implementation may accept a subset of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from cnscd_core.plugins._registries import (
        AppRegistry,
        CommandRegistry,
        ContentPackRegistry,
        CriteriaRegistry,
        IndicatorRegistry,
        MemberRoleRegistry,
        ProvinceProfileRegistry,
        SkillRegistry,
        StipendRegistry,
        TeamRuleRegistry,
        TemplateFolderRegistry,
        ValidationRuleRegistry,
    )

PROJECT = "cnscd"
hookspec = pluggy.HookspecMarker(PROJECT)

__all__ = [
    "cnscd_register_apps",
    "cnscd_register_commands",
    "cnscd_register_content_packs",
    "cnscd_register_evaluation_criteria",
    "cnscd_register_indicators",
    "cnscd_register_member_roles",
    "cnscd_register_province_profiles",
    "cnscd_register_skills",
    "cnscd_register_stipends",
    "cnscd_register_team_rules",
    "cnscd_register_template_folders",
    "cnscd_register_validation_rules",
]


@hookspec
def cnscd_register_skills(registry: SkillRegistry) -> None:
    """Register skills and their milestone ladders with ``registry.add_skill(Skill(...))``.

    Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_apps(registry: AppRegistry) -> None:
    """Register apps and platforms (national or provincial) with ``registry.add_app(App(...))``.

    Each app names the skill codes it exercises. Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_team_rules(registry: TeamRuleRegistry) -> None:
    """Register team-rule presets with ``registry.add_team_rules(TeamRulePreset(...))``.

    Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_member_roles(registry: MemberRoleRegistry) -> None:
    """Register member roles with ``registry.add_member_role(MemberRole(...))``.

    Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_indicators(registry: IndicatorRegistry) -> None:
    """Register indicators with ``registry.add_indicator(Indicator(...))``.

    A ratio names the codes of its numerator and denominator. Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_validation_rules(registry: ValidationRuleRegistry) -> None:
    """Register validation rules with ``registry.add_validation_rule(ValidationRule(...))``.

    Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_evaluation_criteria(registry: CriteriaRegistry) -> None:
    """Register evaluation-criteria sets with ``registry.add_criteria_set(CriteriaSet(...))``.

    Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_stipends(registry: StipendRegistry) -> None:
    """Register stipend presets (allowances, VND) with ``registry.add_stipend(...)``.

    Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_province_profiles(registry: ProvinceProfileRegistry) -> None:
    """Say which 2025 province the plugin serves, with ``registry.add_province_profile(...)``.

    The profile keeps the legacy provinces it covered before 2025-07-01. Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_template_folders(registry: TemplateFolderRegistry) -> None:
    """Register report-template folders with ``registry.add_template_folder(name, path)``.

    Templates there are found before the core's; ``{% extends "default:NAME" %}`` reaches the
    core's original. Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_content_packs(registry: ContentPackRegistry) -> None:
    """Register content-pack folders with ``registry.add_content_pack(path)``.

    A pack's skills, apps, roles, presets, criteria and stipends are registered under the
    pack's name as if by a plugin. Returns nothing.

    .. versionadded:: 0.1
    """


@hookspec
def cnscd_register_commands(registry: CommandRegistry) -> None:
    """Add click commands to ``cnscd`` with ``registry.add_command(command)``.

    Help texts should go through ``cnscd_core.i18n.gettext`` so they follow ``--lang``.
    Returns nothing.

    .. versionadded:: 0.1
    """
