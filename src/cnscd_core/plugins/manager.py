"""The one plugin manager: loading, blocking, per-plugin error capture, typed accessors."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import attrs
import pluggy

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _
from cnscd_core.plugins import _registries as r
from cnscd_core.plugins import spec
from cnscd_core.plugins.spec import PROJECT

__all__ = [
    "ENTRY_POINT_GROUP",
    "PluginError",
    "PluginHost",
    "PluginInfo",
    "PluginProblem",
    "load_plugins",
]

ENTRY_POINT_GROUP = "cnscd"
#: The core's own behaviour, shipped as plugins that use the same hooks as provinces.
DEFAULT_PLUGINS = (
    "cnscd_core.plugins.default_indicators",
    "cnscd_core.plugins.default_packs",
    "cnscd_core.plugins.default_commands",
    "cnscd_core.validation.default_rules",
)
DISABLE_ENV = "CNSCD_DISABLE_PLUGINS"
ONLY_ENV = "CNSCD_PLUGINS"

RegistryT = TypeVar("RegistryT", bound=r.Registry[Any])


class PluginError(CnscdError):
    """A plugin could not be loaded or implements a hook that does not exist."""


@attrs.frozen
class PluginProblem:
    """Something a plugin or pack did wrong; it is reported, and its registrations dropped."""

    plugin: str
    hook: str
    message: str


@attrs.frozen
class PluginInfo:
    """A loaded plugin: where it comes from and what it registered."""

    name: str
    distribution: str
    version: str
    default: bool
    hooks: tuple[str, ...]
    registers: dict[str, tuple[str, ...]]


# hook name -> (attribute on the host, registry class); content packs first
_REGISTRATION_HOOKS: dict[str, tuple[str, type[r.Registry[Any]]]] = {
    "cnscd_register_content_packs": ("content_packs", r.ContentPackRegistry),
    "cnscd_register_skills": ("skills", r.SkillRegistry),
    "cnscd_register_apps": ("apps", r.AppRegistry),
    "cnscd_register_member_roles": ("member_roles", r.MemberRoleRegistry),
    "cnscd_register_team_rules": ("team_rules", r.TeamRuleRegistry),
    "cnscd_register_indicators": ("indicators", r.IndicatorRegistry),
    "cnscd_register_validation_rules": ("validation_rules", r.ValidationRuleRegistry),
    "cnscd_register_evaluation_criteria": ("criteria", r.CriteriaRegistry),
    "cnscd_register_stipends": ("stipends", r.StipendRegistry),
    "cnscd_register_province_profiles": ("province_profiles", r.ProvinceProfileRegistry),
    "cnscd_register_template_folders": ("template_folders", r.TemplateFolderRegistry),
    "cnscd_register_commands": ("commands", r.CommandRegistry),
}

_ATTR_HOOKS = {attr: (hook, cls) for hook, (attr, cls) in _REGISTRATION_HOOKS.items()}
#: Registries a content pack can add to (its data kinds, and its templates folder).
_PACK_ATTRS = frozenset({attr for attr in _ATTR_HOOKS if attr not in ("commands", "content_packs")})


def _names_from_env(variable: str) -> set[str]:
    return {n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()}


class PluginHost:
    """Owns the pluggy manager; collects every registration once, on first use.

    Registries are built lazily and rebuilt after a plugin is registered or unregistered.
    A plugin whose hook raises, returns something, or passes garbage to a registry is recorded
    in ``problems`` by name and its registrations are dropped; the rest carry on.
    """

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(spec)
        self._origin: dict[str, tuple[str, str, bool]] = {}
        self._registries: dict[str, r.Registry[Any]] = {}
        self._pack_cache: dict[Path, Any] = {}
        self._problems: list[PluginProblem] = []
        self.blocked: list[str] = []

    # -- loading ----------------------------------------------------------------------------

    def register(
        self,
        plugin: object,
        name: str | None = None,
        distribution: str = "",
        version: str = "",
        default: bool = False,
    ) -> str:
        """Register ``plugin`` (a module or object with hook implementations); return its name.

        Raises ``PluginError`` when it implements a hook that does not exist (a misspelt hook
        fails loudly) or when the name is taken.
        """
        try:
            plugin_name = self.pm.register(plugin, name=name)
        except ValueError as exc:
            raise PluginError(
                _("cannot register the plugin {name!r}: {reason}").format(name=name, reason=exc)
            ) from exc
        if plugin_name is None:  # blocked in pluggy
            return name or ""
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=plugin_name)
            raise PluginError(
                _(
                    "the plugin {name!r} implements an unknown hook: {reason}; fix its spelling "
                    "or block it with {env}={name}"
                ).format(name=plugin_name, reason=exc, env=DISABLE_ENV)
            ) from exc
        self._origin[plugin_name] = (distribution, version, default)
        self._reset()
        return plugin_name

    def unregister(self, name: str) -> None:
        """Remove the plugin registered as ``name``."""
        self.pm.unregister(name=name)
        self._origin.pop(name, None)
        self._reset()

    def _reset(self) -> None:
        self._registries = {}
        self._pack_cache = {}
        self._problems = [p for p in self._problems if p.hook == "load"]

    def load_defaults(self) -> None:
        """Register the core's default plugins (unless blocked by name)."""
        import importlib

        from cnscd_core import __version__

        blocked = _names_from_env(DISABLE_ENV)
        for module_name in DEFAULT_PLUGINS:
            short = module_name.rsplit(".", 1)[1]
            if short in blocked:
                self.blocked.append(short)
                continue
            module = importlib.import_module(module_name)
            self.register(
                module, name=short, distribution="cnscd-core", version=__version__, default=True
            )

    def load_entry_points(self) -> None:
        """Register the plugins installed under the ``cnscd`` entry-point group.

        ``CNSCD_DISABLE_PLUGINS=a,b`` blocks plugins by name (``*`` blocks all of them);
        ``CNSCD_PLUGINS=a,b`` loads only those. A plugin that fails to import is recorded in
        ``problems``; one with a misspelt hook raises ``PluginError``.
        """
        from importlib.metadata import entry_points

        blocked = _names_from_env(DISABLE_ENV)
        only = _names_from_env(ONLY_ENV)
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if "*" in blocked or ep.name in blocked or (only and ep.name not in only):
                self.blocked.append(ep.name)
                continue
            if self.pm.has_plugin(ep.name):
                continue
            dist = ep.dist
            try:
                plugin = ep.load()
            except Exception as exc:
                self._problems.append(
                    PluginProblem(
                        ep.name,
                        "load",
                        _("the plugin could not be imported: {error}").format(
                            error=f"{type(exc).__name__}: {exc}"
                        ),
                    )
                )
                continue
            self.register(
                plugin,
                name=ep.name,
                distribution=dist.metadata["Name"] if dist else "",
                version=dist.version if dist else "",
            )

    # -- collecting -------------------------------------------------------------------------

    def _build(self, attr: str) -> r.Registry[Any]:
        hook_name, cls = _ATTR_HOOKS[attr]
        if attr != "content_packs":
            self._registry("content_packs")
        registry = cls()
        self._registries[attr] = registry
        self._call_each(hook_name, registry)
        if attr != "content_packs":
            self._add_pack_contents(attr, registry)
        return registry

    def _call_each(self, hook_name: str, registry: r.Registry[Any]) -> None:
        hook = getattr(self.pm.hook, hook_name)
        for impl in hook.get_hookimpls():  # registration order: the core defaults first
            registry.owner = impl.plugin_name
            kwargs = dict.fromkeys(impl.argnames, registry)
            try:
                result = impl.function(**kwargs)
            except Exception as exc:  # a plugin's bug must not take the CLI down
                registry.discard_owner(impl.plugin_name)
                self._add_problem(
                    PluginProblem(impl.plugin_name, hook_name, f"{type(exc).__name__}: {exc}")
                )
                continue
            if result is not None:
                registry.discard_owner(impl.plugin_name)
                self._add_problem(
                    PluginProblem(
                        impl.plugin_name,
                        hook_name,
                        _("returned {value}; expected nothing (use registry.add_*)").format(
                            value=repr(result)[:200]
                        ),
                    )
                )

    def _add_problem(self, problem: PluginProblem) -> None:
        if problem not in self._problems:
            self._problems.append(problem)

    def _add_pack_contents(self, attr: str, registry: r.Registry[Any]) -> None:
        if attr not in _PACK_ATTRS:
            return  # packs are data: they never provide commands
        from cnscd_core.packs import PackError, load_pack

        for entry in self._registries["content_packs"]:
            owner = f"pack:{entry.name}"
            registry.owner = owner
            try:
                content = self._pack_cache.get(entry.path)
                if content is None:
                    content = self._pack_cache[entry.path] = load_pack(entry.path)
                items = content.items(attr)
                for item in items:
                    registry._add(item)
            except (PackError, CnscdError) as exc:
                registry.discard_owner(owner)
                self._add_problem(PluginProblem(owner, attr, str(exc)))

    def _registry(self, attr: str) -> Any:
        registry = self._registries.get(attr)
        if registry is None:
            registry = self._build(attr)
        return registry

    def collect(self) -> None:
        """Collect every registration now (normally done on first use of each registry)."""
        for attr in _ATTR_HOOKS:
            self._registry(attr)

    @property
    def problems(self) -> list[PluginProblem]:
        """Every problem met while loading and collecting (each names its plugin or pack)."""
        self.collect()
        return list(self._problems)

    @property
    def problems_so_far(self) -> list[PluginProblem]:
        """Problems met so far, without collecting the registries not used yet."""
        return list(self._problems)

    # -- typed accessors --------------------------------------------------------------------

    @property
    def skills(self) -> r.SkillRegistry:
        """Every registered skill."""
        return self._registry("skills")  # type: ignore[no-any-return]

    @property
    def apps(self) -> r.AppRegistry:
        """Every registered app or platform."""
        return self._registry("apps")  # type: ignore[no-any-return]

    @property
    def member_roles(self) -> r.MemberRoleRegistry:
        """Every registered member role."""
        return self._registry("member_roles")  # type: ignore[no-any-return]

    @property
    def team_rules(self) -> r.TeamRuleRegistry:
        """Every registered team-rule preset."""
        return self._registry("team_rules")  # type: ignore[no-any-return]

    @property
    def indicators(self) -> r.IndicatorRegistry:
        """Every registered indicator."""
        return self._registry("indicators")  # type: ignore[no-any-return]

    @property
    def validation_rules(self) -> r.ValidationRuleRegistry:
        """Every registered validation rule."""
        return self._registry("validation_rules")  # type: ignore[no-any-return]

    @property
    def criteria(self) -> r.CriteriaRegistry:
        """Every registered evaluation-criteria set."""
        return self._registry("criteria")  # type: ignore[no-any-return]

    @property
    def stipends(self) -> r.StipendRegistry:
        """Every registered stipend preset."""
        return self._registry("stipends")  # type: ignore[no-any-return]

    @property
    def province_profiles(self) -> r.ProvinceProfileRegistry:
        """Every registered province profile."""
        return self._registry("province_profiles")  # type: ignore[no-any-return]

    @property
    def template_folders(self) -> r.TemplateFolderRegistry:
        """Every registered template folder (packs' ``templates/`` folders included)."""
        return self._registry("template_folders")  # type: ignore[no-any-return]

    @property
    def content_packs(self) -> r.ContentPackRegistry:
        """Every registered content pack."""
        return self._registry("content_packs")  # type: ignore[no-any-return]

    @property
    def commands(self) -> r.CommandRegistry:
        """Every command added to ``cnscd``."""
        return self._registry("commands")  # type: ignore[no-any-return]

    def plugins(self) -> list[PluginInfo]:
        """Describe every registered plugin: distribution, version, hooks and registrations."""
        self.collect()
        out: list[PluginInfo] = []
        for name, plugin in sorted(self.pm.list_name_plugin(), key=lambda np: np[0]):
            if plugin is None:
                continue
            distribution, version, default = self._origin.get(name, ("", "", False))
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
            registers: dict[str, tuple[str, ...]] = {}
            for attr, registry in self._registries.items():
                owned = registry.by_owner(name)
                if attr == "content_packs":
                    for pack in owned:
                        for pack_attr, pack_registry in self._registries.items():
                            pack_owned = pack_registry.by_owner(f"pack:{pack}")
                            if pack_owned:
                                registers.setdefault(pack_attr, ())
                                registers[pack_attr] += tuple(pack_owned)
                if owned:
                    registers[attr] = registers.get(attr, ()) + tuple(owned)
            out.append(PluginInfo(name, distribution, version, default, hooks, registers))
        return out


def load_plugins(
    extra: Iterable[object] = (),
    entry_points: bool = True,
    on_problem: Callable[[PluginProblem], None] | None = None,
) -> PluginHost:
    """Create a host, register the defaults, the installed plugins and ``extra``; return it.

    Loading is always this explicit call, never an import side effect.
    """
    host = PluginHost()
    host.load_defaults()
    if entry_points:
        host.load_entry_points()
    for plugin in extra:
        host.register(plugin)
    if on_problem is not None:
        for problem in host.problems:
            on_problem(problem)
    return host
