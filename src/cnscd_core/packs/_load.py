"""Reading content packs: the manifest and the data files, through the one converter."""

from __future__ import annotations

import csv
import re
import tomllib
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
    """A content pack cannot be read; the message names the file and what is wrong."""


def _check_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _NAME.match(value):
        raise ValueError(
            "pack name must be lower-case letters, digits and '-' (e.g. 'binh-duong'); "
            f"got {value!r}"
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
        raise PackError(f"{_rel(path, pack)}: the file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{_rel(path, pack)}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise PackError(f"{_rel(path, pack)}: not UTF-8 text: {exc}") from None


def _rel(path: Path, pack: Path) -> str:
    try:
        return f"{pack.name}/{path.relative_to(pack)}"
    except ValueError:
        return str(path)


def structure_errors(exc: Exception) -> list[str]:
    """Readable lines for a cattrs error: the key path and what is wrong."""
    if isinstance(exc, cattrs.BaseValidationError):
        return [line.replace("@ $", "at key $") for line in cattrs.transform_error(exc)]
    return [str(exc)]


def read_pack_name(folder: Path) -> str:
    """Read only the name of the pack in ``folder`` (cheap: used at start-up).

    The full manifest is checked when the pack's contents are loaded. Raises ``PackError``.
    """
    data = _read_toml(Path(folder) / MANIFEST_NAME, Path(folder))
    name = data.get("pack", {}).get("name") if isinstance(data.get("pack"), dict) else None
    if not isinstance(name, str) or not _NAME.match(name):
        raise PackError(
            f"{_rel(Path(folder) / MANIFEST_NAME, Path(folder))}, key pack.name: found {name!r}; "
            "expected a name of lower-case letters, digits and '-'"
        )
    return name


def read_manifest(folder: Path) -> PackManifest:
    """Read and check the manifest of the pack in ``folder`` (raises ``PackError``)."""
    folder = Path(folder)
    data = _read_toml(folder / MANIFEST_NAME, folder)
    pack = data.get("pack")
    if not isinstance(pack, dict) or set(data) != {"pack"}:
        raise PackError(
            f"{_rel(folder / MANIFEST_NAME, folder)}: expected one table [pack]; found "
            f"{', '.join(sorted(data)) or 'nothing'}"
        )
    try:
        return _converter().structure(pack, PackManifest)
    except Exception as exc:
        raise PackError(
            f"{_rel(folder / MANIFEST_NAME, folder)}: " + "; ".join(structure_errors(exc))
        ) from None


def read_data(folder: Path, manifest: PackManifest, kind: str) -> tuple[Any, ...]:
    """Read one data file of the pack as a tuple of records (raises ``PackError``)."""
    _file, record_type, _attr = DATA_KINDS[kind]
    path = folder / manifest.path_of(kind)
    data = _read_toml(path, folder)
    if set(data) != {kind}:
        raise PackError(
            f"{_rel(path, folder)}: expected an array of tables [[{kind}]]; found keys "
            f"{', '.join(sorted(data)) or 'none'}"
        )
    try:
        return tuple(_converter().structure(data[kind], list[record_type]))  # type: ignore[valid-type]
    except Exception as exc:
        raise PackError(f"{_rel(path, folder)}: " + "; ".join(structure_errors(exc))) from None


VILLAGE_COLUMNS = ("code", "name", "kind", "commune", "legacy_commune")


def read_villages(folder: Path, manifest: PackManifest) -> tuple[VillageRow, ...]:
    """Read the pack's villages table (CSV, UTF-8, header ``code,name,kind,commune,...``)."""
    path = folder / manifest.path_of("villages")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = tuple(reader.fieldnames or ())
            if header[:4] != VILLAGE_COLUMNS[:4] or not set(header) <= set(VILLAGE_COLUMNS):
                raise PackError(
                    f"{_rel(path, folder)}, row 1: found columns {', '.join(header)}; expected "
                    f"{', '.join(VILLAGE_COLUMNS)} (the last one optional)"
                )
            rows = []
            for n, row in enumerate(reader, start=2):
                if not any((v or "").strip() for v in row.values()):
                    continue
                missing = [c for c in VILLAGE_COLUMNS[:4] if not (row.get(c) or "").strip()]
                if missing:
                    raise PackError(
                        f"{_rel(path, folder)}, row {n}: {', '.join(missing)} is empty; expected "
                        f"a value"
                    )
                rows.append(VillageRow(**{k: (row.get(k) or "").strip() for k in VILLAGE_COLUMNS}))
            return tuple(rows)
    except FileNotFoundError:
        raise PackError(f"{_rel(path, folder)}: the file is missing") from None
    except UnicodeDecodeError as exc:
        raise PackError(f"{_rel(path, folder)}: not UTF-8 text: {exc}") from None


def load_pack(folder: str | Path) -> PackContent:
    """Read a pack: its manifest and every data file it provides (raises ``PackError``)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    data = {
        kind: read_data(folder, manifest, kind) for kind in manifest.provides if kind in DATA_KINDS
    }
    villages = read_villages(folder, manifest) if "villages" in manifest.provides else ()
    return PackContent(path=folder, manifest=manifest, data=data, villages=villages)
