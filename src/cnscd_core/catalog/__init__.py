"""The catalogue: skills, apps, member roles, team rules, indicators and other registrations.

Plugins and content packs add entries through the registration hooks
(``cnscd_core.plugins.spec``); the loaded catalogue is ``cnscd_core.plugins.load_plugins()``.
"""

from cnscd_core.catalog._records import (
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

__all__ = [
    "App",
    "CriteriaClass",
    "CriteriaSet",
    "Criterion",
    "Indicator",
    "MemberRole",
    "Milestone",
    "ProvinceProfile",
    "Skill",
    "StipendPreset",
    "TeamRulePreset",
    "Text",
    "ValidationRule",
]
