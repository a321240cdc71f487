"""The plugin system: one marker, one spec module, one manager.

Provinces add apps, skills, team rules, indicators, validation rules, evaluation criteria,
report templates, content packs and commands through the hooks in ``cnscd_core.plugins.spec``.
The core's own defaults are plugins too (``default_*`` modules) and go through the same hooks.

Loading is an explicit call::

    from cnscd_core.plugins import load_plugins
    host = load_plugins()
    host.skills.get("online_payment")

``CNSCD_DISABLE_PLUGINS=a,b`` blocks plugins by name (``*`` blocks every external one).
"""

import pluggy

from cnscd_core.plugins.spec import PROJECT

hookimpl = pluggy.HookimplMarker(PROJECT)

from cnscd_core.plugins._registries import (  # noqa: E402 - hookimpl must exist first
    AppRegistry,
    CommandRegistry,
    ContentPackRegistry,
    CriteriaRegistry,
    DuplicateRegistrationError,
    IndicatorRegistry,
    MemberRoleRegistry,
    ProvinceProfileRegistry,
    Registry,
    SkillRegistry,
    StipendRegistry,
    TeamRuleRegistry,
    TemplateFolder,
    TemplateFolderRegistry,
    ValidationRuleRegistry,
)
from cnscd_core.plugins.manager import (  # noqa: E402
    ENTRY_POINT_GROUP,
    PluginHost,
    PluginInfo,
    PluginProblem,
    load_plugins,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "PROJECT",
    "AppRegistry",
    "CommandRegistry",
    "ContentPackRegistry",
    "CriteriaRegistry",
    "DuplicateRegistrationError",
    "IndicatorRegistry",
    "MemberRoleRegistry",
    "PluginHost",
    "PluginInfo",
    "PluginProblem",
    "ProvinceProfileRegistry",
    "Registry",
    "SkillRegistry",
    "StipendRegistry",
    "TeamRuleRegistry",
    "TemplateFolder",
    "TemplateFolderRegistry",
    "ValidationRuleRegistry",
    "hookimpl",
    "load_plugins",
]
