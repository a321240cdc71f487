"""Registries handed to registration hooks; ``add_*`` refuses a duplicate naming both owners."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

import attrs

from cnscd_core.catalog import (
    App,
    CriteriaSet,
    Indicator,
    MemberRole,
    ProvinceProfile,
    Skill,
    StipendPreset,
    TeamRulePreset,
    ValidationRule,
)
from cnscd_core.errors import CnscdError
from cnscd_core.i18n import N_
from cnscd_core.i18n import gettext as _

__all__ = [
    "AppRegistry",
    "CommandRegistry",
    "ContentPackRegistry",
    "CriteriaRegistry",
    "DuplicateRegistrationError",
    "IndicatorRegistry",
    "MemberRoleRegistry",
    "ProvinceProfileRegistry",
    "Registry",
    "SkillRegistry",
    "StipendRegistry",
    "TeamRuleRegistry",
    "TemplateFolder",
    "TemplateFolderRegistry",
    "ValidationRuleRegistry",
]

T = TypeVar("T")


class DuplicateRegistrationError(CnscdError):
    """Two plugins (or packs) registered the same name."""


class RegistrationTypeError(CnscdError):
    """A plugin passed something that is not the record the registry holds."""


class Registry(Generic[T]):
    """Items keyed by name, each remembering which plugin or pack added it."""

    #: What the registry holds, for messages ("skill", "app"...): an English message id,
    #: marked with ``N_`` and translated when a message is shown (see ``_kind_name``).
    kind: str = N_("item")
    item_type: type[Any] = object

    def __init__(self) -> None:
        self._items: dict[str, T] = {}
        self._owners: dict[str, str] = {}
        self.owner = "?"  # set by the plugin host before each plugin's hook runs

    def _key(self, item: T) -> str:
        return str(getattr(item, "code"))  # noqa: B009 - every record has a code

    def _kind_name(self) -> str:
        """What the registry holds, in the active language (``kỹ năng``, ``skill``...)."""
        translate = _  # an alias, so message extraction does not take the kind for a message
        return translate(self.kind)

    def _add(self, item: T) -> None:
        if not isinstance(item, self.item_type):
            raise RegistrationTypeError(
                _(
                    "the plugin {owner!r} registered {item!r} as a {kind}; expected a {expected}"
                ).format(
                    owner=self.owner,
                    item=item,
                    kind=self._kind_name(),
                    expected=f"{self.item_type.__module__}.{self.item_type.__qualname__}",
                )
            )
        key = self._key(item)
        if key in self._items:
            raise DuplicateRegistrationError(
                _(
                    "the {kind} {key!r} is registered twice: by {first!r} and by {second!r}; "
                    "expected each name once (a province plugin must choose another name)"
                ).format(
                    kind=self._kind_name(), key=key, first=self._owners[key], second=self.owner
                )
            )
        self._items[key] = item
        self._owners[key] = self.owner

    def get(self, key: str) -> T:
        """Return the item named ``key`` (raises ``KeyError`` listing the known names)."""
        try:
            return self._items[key]
        except KeyError:
            known = ", ".join(sorted(self._items)) or _("(none registered)")
            raise KeyError(
                _("found the unknown {kind} {key!r}; expected one of: {choices}").format(
                    kind=self._kind_name(), key=key, choices=known
                )
            ) from None

    def owner_of(self, key: str) -> str:
        """Return the name of the plugin or pack that registered ``key``."""
        return self._owners[key]

    def by_owner(self, owner: str) -> list[str]:
        """Return the names registered by ``owner``."""
        return [k for k, o in self._owners.items() if o == owner]

    def discard_owner(self, owner: str) -> None:
        """Remove everything ``owner`` registered (used when a plugin fails half way)."""
        for key in self.by_owner(owner):
            del self._items[key]
            del self._owners[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def names(self) -> list[str]:
        """Return the registered names in registration order."""
        return list(self._items)


class SkillRegistry(Registry[Skill]):
    """Skills and their milestone ladders."""

    kind = N_("skill")
    item_type = Skill

    def add_skill(self, skill: Skill) -> None:
        """Register ``skill``; refuses a code already registered."""
        self._add(skill)


class AppRegistry(Registry[App]):
    """Apps and platforms, national and provincial."""

    kind = N_("app")
    item_type = App

    def add_app(self, app: App) -> None:
        """Register ``app``; refuses a code already registered."""
        self._add(app)


class TeamRuleRegistry(Registry[TeamRulePreset]):
    """Team-rule presets."""

    kind = N_("team-rule preset")
    item_type = TeamRulePreset

    def add_team_rules(self, preset: TeamRulePreset) -> None:
        """Register a team-rule preset; refuses a code already registered."""
        self._add(preset)


class MemberRoleRegistry(Registry[MemberRole]):
    """Member roles (backgrounds)."""

    kind = N_("member role")
    item_type = MemberRole

    def add_member_role(self, role: MemberRole) -> None:
        """Register a member role; refuses a code already registered."""
        self._add(role)


class IndicatorRegistry(Registry[Indicator]):
    """Indicator definitions."""

    kind = N_("indicator")
    item_type = Indicator

    def add_indicator(self, indicator: Indicator) -> None:
        """Register an indicator; refuses a code already registered."""
        self._add(indicator)


class ValidationRuleRegistry(Registry[ValidationRule]):
    """Validation rules."""

    kind = N_("validation rule")
    item_type = ValidationRule

    def add_validation_rule(self, rule: ValidationRule) -> None:
        """Register a validation rule; refuses a code already registered."""
        self._add(rule)


class CriteriaRegistry(Registry[CriteriaSet]):
    """Evaluation-criteria sets."""

    kind = N_("criteria set")
    item_type = CriteriaSet

    def add_criteria_set(self, criteria: CriteriaSet) -> None:
        """Register a criteria set; refuses a code already registered."""
        self._add(criteria)


class StipendRegistry(Registry[StipendPreset]):
    """Stipend presets (allowances from province resolutions)."""

    kind = N_("stipend preset")
    item_type = StipendPreset

    def add_stipend(self, preset: StipendPreset) -> None:
        """Register a stipend preset; refuses a code already registered."""
        self._add(preset)


class ProvinceProfileRegistry(Registry[ProvinceProfile]):
    """Province profiles: which 2025 province a plugin serves and its legacy scope."""

    kind = N_("province profile")
    item_type = ProvinceProfile

    def add_province_profile(self, profile: ProvinceProfile) -> None:
        """Register a province profile; refuses a code already registered."""
        self._add(profile)


@attrs.frozen
class TemplateFolder:
    """A folder of Jinja report templates and the prefix that names it (``binh-duong:``)."""

    name: str
    path: Path


class TemplateFolderRegistry(Registry[TemplateFolder]):
    """Report-template folders, searched before the core's own templates."""

    kind = N_("template folder")
    item_type = TemplateFolder

    def _key(self, item: TemplateFolder) -> str:
        return item.name

    def add_template_folder(self, name: str, path: str | Path) -> None:
        """Register the template folder ``path`` under ``name``; refuses a name already used."""
        self._add(TemplateFolder(name=name, path=Path(path)))


@attrs.frozen
class _PackEntry:
    name: str
    path: Path


class ContentPackRegistry(Registry[_PackEntry]):
    """Content-pack folders (data, not code)."""

    kind = N_("content pack")
    item_type = _PackEntry

    def _key(self, item: _PackEntry) -> str:
        return item.name

    def add_content_pack(self, path: str | Path) -> None:
        """Register the content pack in folder ``path`` (its manifest names it)."""
        from cnscd_core.packs._load import read_pack_name

        folder = Path(path)
        self._add(_PackEntry(name=read_pack_name(folder), path=folder))

    def paths(self) -> list[Path]:
        """Return the folders of the registered packs."""
        return [entry.path for entry in self]


class CommandRegistry(Registry[Any]):
    """CLI commands (click commands or groups) added to ``cnscd``."""

    kind = N_("command")

    def __init__(self) -> None:
        super().__init__()
        import click

        self.item_type = click.Command

    def _key(self, item: Any) -> str:
        return str(item.name)

    def add_command(self, command: Any) -> None:
        """Add a click command or group to ``cnscd``; refuses a name already used."""
        self._add(command)


#: Builder of a registry, by hook name (used by the host).
RegistryFactory = Callable[[], Registry[Any]]
