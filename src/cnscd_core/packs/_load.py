"""Reading content packs: the manifest and the data files, through the one converter."""

from __future__ import annotations

import csv
import datetime as dt
import re
import tomllib
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import cattrs

from cnscd_core.catalog import (
    App,
    CriteriaSet,
    Indicator,
    MemberRole,
    ProvinceProfile,
    Skill,
    StipendPreset,
    TeamRulePreset,
    Text,
    ValidationRule,
)
from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _
from cnscd_core.i18n import ngettext

__all__ = [
    "DATA_KINDS",
    "MANIFEST_NAME",
    "PackContent",
    "PackError",
    "PackManifest",
    "VillageRow",
    "load_pack",
    "read_manifest",
]

MANIFEST_NAME = "cnscd-pack.toml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# tomllib's messages end with the place: "Invalid value (at line 1, column 8)".
_TOML_PLACE = re.compile(r"^(?P<error>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$", re.S)

#: Data kinds a pack can provide: kind -> (default file, record type, registry attribute).
DATA_KINDS: dict[str, tuple[str, type[Any], str]] = {
    "skills": ("skills.toml", Skill, "skills"),
    "apps": ("apps.toml", App, "apps"),
    "member_roles": ("member_roles.toml", MemberRole, "member_roles"),
    "team_rules": ("team_rules.toml", TeamRulePreset, "team_rules"),
    "indicators": ("indicators.toml", Indicator, "indicators"),
    "validation_rules": ("validation_rules.toml", ValidationRule, "validation_rules"),
    "criteria": ("criteria.toml", CriteriaSet, "criteria"),
    "stipends": ("stipends.toml", StipendPreset, "stipends"),
    "province_profiles": ("province_profiles.toml", ProvinceProfile, "province_profiles"),
}
#: Folder kinds: kind -> default folder.
FOLDER_KINDS = {"guides": "guides", "templates": "templates"}
TABLE_KINDS = {"villages": "villages.csv"}
ALL_KINDS = (*DATA_KINDS, *FOLDER_KINDS, *TABLE_KINDS)


class PackError(CnscdError):
    """A content pack cannot be read; the message names the file and what is wrong.

    ``file`` is the file's path as shown (``pack/skills.toml``) and ``problems`` holds each
    problem as ``(where, what)``: ``where`` is a key path (``skills[0].code``), a translated
    row (``row 3``) or empty, ``what`` the translated description (found vs expected).
    """

    def __init__(
        self, message: str, *, file: str = "", problems: Sequence[tuple[str, str]] = ()
    ) -> None:
        super().__init__(message)
        self.file = file
        self.problems: tuple[tuple[str, str], ...] = tuple(problems) or (("", message),)


def _pack_error(file: str, problems: Sequence[tuple[str, str]]) -> PackError:
    """A ``PackError`` whose message lists every ``(where, what)`` of ``file``."""
    parts = [f"{where}: {what}" if where else what for where, what in problems]
    message = f"{file}, {'; '.join(parts)}" if problems[0][0] else f"{file}: {'; '.join(parts)}"
    return PackError(message, file=file, problems=problems)


def _check_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise ValueError(
            _(
                "found {value!r}; expected a pack name of lower-case letters, digits and '-' "
                "(e.g. 'binh-duong')"
            ).format(value=value)
        )


@attrs.frozen
class PackManifest:
    """The manifest ``cnscd-pack.toml`` at the root of a pack."""

    name: str = attrs.field(validator=_check_name)
    version: str
    title: Text
    languages: tuple[str, ...]
    licence: str
    requires_core: str
    provides: tuple[str, ...]
    description: Text | None = None
    province: str | None = None
    files: dict[str, str] = attrs.Factory(dict)

    def path_of(self, kind: str) -> str:
        """Relative path of the file or folder that holds ``kind`` in the pack."""
        if kind in self.files:
            return self.files[kind]
        if kind in DATA_KINDS:
            return DATA_KINDS[kind][0]
        if kind in FOLDER_KINDS:
            return FOLDER_KINDS[kind]
        return TABLE_KINDS[kind]


@attrs.frozen
class VillageRow:
    """A village a province pack adds under a 2025 commune (and its legacy commune)."""

    code: str
    name: str
    kind: str
    commune: str
    legacy_commune: str = ""


@attrs.frozen
class PackContent:
    """Everything a pack provides, read and structured."""

    path: Path
    manifest: PackManifest
    data: dict[str, tuple[Any, ...]]
    villages: tuple[VillageRow, ...] = ()

    def items(self, attr: str) -> tuple[Any, ...]:
        """Records for a host registry attribute (``skills``, ``template_folders``...)."""
        if attr == "template_folders":
            from cnscd_core.plugins import TemplateFolder

            folder = self.path / self.manifest.path_of("templates")
            if "templates" in self.manifest.provides and folder.is_dir():
                return (TemplateFolder(name=self.manifest.name, path=folder),)
            return ()
        for kind, (_file, _type, registry_attr) in DATA_KINDS.items():
            if registry_attr == attr:
                return self.data.get(kind, ())
        return ()


def _converter() -> cattrs.Converter:
    from cnscd_core.serialization import make_converter

    return make_converter()


def _read_toml(path: Path, pack: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise _pack_error(_rel(path, pack), [("", _("the file is missing"))]) from None
    except tomllib.TOMLDecodeError as exc:
        where, error = "", str(exc)
        place = _TOML_PLACE.match(error)
        if place:
            where = _("line {n}, column {column}").format(
                n=place.group("line"), column=place.group("column")
            )
            error = place.group("error")
        raise _pack_error(
            _rel(path, pack),
            [(where, _("the file is not valid TOML: {error}").format(error=error))],
        ) from None
    except UnicodeDecodeError as exc:
        raise _pack_error(
            _rel(path, pack), [("", _("the file is not UTF-8 text: {error}").format(error=exc))]
        ) from None


def _rel(path: Path, pack: Path) -> str:
    try:
        return f"{pack.name}/{path.relative_to(pack)}"
    except ValueError:
        return str(path)


def _describe(tp: Any) -> str:
    """What a value of type ``tp`` looks like in a TOML file, in the active language."""
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return _("one of: {choices}").format(
            choices=", ".join(repr(choice) for choice in typing.get_args(tp))
        )
    if origin in (typing.Union, types.UnionType):
        parts = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        return _describe(parts[0]) if len(parts) == 1 else " | ".join(map(_describe, parts))
    if origin in (tuple, list, set, frozenset, Sequence) or tp in (tuple, list):
        return _("a list [...]")
    if origin is dict or tp is dict:
        return _("a table of keys and values")
    if tp is bool:
        return _("true or false")
    if tp is int:
        return _("a whole number")
    if tp is float:
        return _("a number")
    if tp is str:
        return _("a text in quotes")
    if tp is dt.date:
        return _("a date written YYYY-MM-DD")
    if tp is Text:
        return _("a text in both languages, e.g. {example}").format(
            example='{ vi = "...", en = "..." }'
        )
    if attrs.has(tp):
        return _("a table with the keys {keys}").format(
            keys=", ".join(field.name for field in attrs.fields(tp))
        )
    return str(getattr(tp, "__name__", tp))


def _format_exception(exc: BaseException, tp: Any) -> str:
    """Describe one structuring error in the active language (the key path is added later)."""
    if isinstance(exc, KeyError):
        return _("a required key is missing")
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        known = ", ".join(field.name for field in attrs.fields(exc.cl)) if attrs.has(exc.cl) else ""
        extra = sorted(exc.extra_fields)
        return ngettext(
            "found the unknown key {keys}; expected only the keys {known}",
            "found the unknown keys {keys}; expected only the keys {known}",
            len(extra),
        ).format(keys=", ".join(repr(key) for key in extra), known=known)
    if tp is not None:
        return _("found a value that does not fit; expected {what}").format(what=_describe(tp))
    if isinstance(exc, ValueError):  # a record's validator: its message is translated already
        return str(exc)
    if isinstance(exc, (TypeError, AttributeError)):
        return _("found a value that does not fit; expected {what}").format(
            what=_("a table of keys and values")
        )
    return _("unexpected error: {error}").format(error=exc)


def structure_errors(exc: Exception, root: str = "") -> list[tuple[str, str]]:
    """``(key path, what is wrong)`` for each error of a cattrs failure, in the active language.

    ``root`` starts the key paths (``skills`` gives ``skills[0].code``).
    """
    if isinstance(exc, cattrs.BaseValidationError):
        out = []
        for line in cattrs.transform_error(exc, "$", _format_exception):
            what, _sep, path = line.rpartition(" @ ")
            key = root + path.removeprefix("$")
            out.append((key, what))
        return out
    return [(root, _format_exception(exc, None))]


def read_pack_name(folder: Path) -> str:
    """Read only the name of the pack in ``folder`` (cheap: used at start-up).

    The full manifest is checked when the pack's contents are loaded. Raises ``PackError``.
    """
    data = _read_toml(Path(folder) / MANIFEST_NAME, Path(folder))
    name = data.get("pack", {}).get("name") if isinstance(data.get("pack"), dict) else None
    if not isinstance(name, str) or not _NAME.match(name):
        raise _pack_error(
            _rel(Path(folder) / MANIFEST_NAME, Path(folder)),
            [
                (
                    "pack.name",
                    _(
                        "found {value!r}; expected a pack name of lower-case letters, digits "
                        "and '-' (e.g. 'binh-duong')"
                    ).format(value=name),
                )
            ],
        )
    return name


def read_manifest(folder: Path) -> PackManifest:
    """Read and check the manifest of the pack in ``folder`` (raises ``PackError``)."""
    folder = Path(folder)
    data = _read_toml(folder / MANIFEST_NAME, folder)
    pack = data.get("pack")
    if not isinstance(pack, dict) or set(data) != {"pack"}:
        raise _pack_error(
            _rel(folder / MANIFEST_NAME, folder),
            [
                (
                    "",
                    _("found {found}; expected exactly one table [pack]").format(
                        found=", ".join(sorted(data)) or _("nothing")
                    ),
                )
            ],
        )
    try:
        return _converter().structure(pack, PackManifest)
    except Exception as exc:
        raise _pack_error(
            _rel(folder / MANIFEST_NAME, folder), structure_errors(exc, "pack")
        ) from None


def read_data(folder: Path, manifest: PackManifest, kind: str) -> tuple[Any, ...]:
    """Read one data file of the pack as a tuple of records (raises ``PackError``)."""
    _file, record_type, _attr = DATA_KINDS[kind]
    path = folder / manifest.path_of(kind)
    data = _read_toml(path, folder)
    if set(data) != {kind}:
        raise _pack_error(
            _rel(path, folder),
            [
                (
                    "",
                    _("found the keys {found}; expected only an array of tables {expected}").format(
                        found=", ".join(sorted(data)) or _("nothing"), expected=f"[[{kind}]]"
                    ),
                )
            ],
        )
    try:
        return tuple(_converter().structure(data[kind], list[record_type]))  # type: ignore[valid-type]
    except Exception as exc:
        raise _pack_error(_rel(path, folder), structure_errors(exc, kind)) from None


VILLAGE_COLUMNS = ("code", "name", "kind", "commune", "legacy_commune")


def read_villages(folder: Path, manifest: PackManifest) -> tuple[VillageRow, ...]:
    """Read the pack's villages table (CSV, UTF-8, header ``code,name,kind,commune,...``)."""
    path = folder / manifest.path_of("villages")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = tuple(reader.fieldnames or ())
            if header[:4] != VILLAGE_COLUMNS[:4] or not set(header) <= set(VILLAGE_COLUMNS):
                raise _pack_error(
                    _rel(path, folder),
                    [
                        (
                            _("row {n}").format(n=1),
                            _(
                                "found the columns {found}; expected {expected} (the last one "
                                "optional)"
                            ).format(
                                found=", ".join(header) or _("nothing"),
                                expected=", ".join(VILLAGE_COLUMNS),
                            ),
                        )
                    ],
                )
            rows = []
            for n, row in enumerate(reader, start=2):
                if not any((v or "").strip() for v in row.values()):
                    continue
                missing = [c for c in VILLAGE_COLUMNS[:4] if not (row.get(c) or "").strip()]
                if missing:
                    raise _pack_error(
                        _rel(path, folder),
                        [
                            (
                                _("row {n}").format(n=n),
                                ngettext(
                                    "the column {columns} is empty; expected a value",
                                    "the columns {columns} are empty; expected a value",
                                    len(missing),
                                ).format(columns=", ".join(missing)),
                            )
                        ],
                    )
                rows.append(VillageRow(**{k: (row.get(k) or "").strip() for k in VILLAGE_COLUMNS}))
            return tuple(rows)
    except FileNotFoundError:
        raise _pack_error(_rel(path, folder), [("", _("the file is missing"))]) from None
    except UnicodeDecodeError as exc:
        raise _pack_error(
            _rel(path, folder), [("", _("the file is not UTF-8 text: {error}").format(error=exc))]
        ) from None


def load_pack(folder: str | Path) -> PackContent:
    """Read a pack: its manifest and every data file it provides (raises ``PackError``)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    data = {
        kind: read_data(folder, manifest, kind) for kind in manifest.provides if kind in DATA_KINDS
    }
    villages = read_villages(folder, manifest) if "villages" in manifest.provides else ()
    return PackContent(path=folder, manifest=manifest, data=data, villages=villages)
