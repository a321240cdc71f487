"""``cnscd packs check``: every problem of a content pack, each naming file and place."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import attrs

from cnscd_core.packs._load import (
    ALL_KINDS,
    DATA_KINDS,
    MANIFEST_NAME,
    PackError,
    PackManifest,
    read_data,
    read_manifest,
    read_villages,
)

if TYPE_CHECKING:
    from cnscd_core.plugins import PluginHost

__all__ = ["MAX_FILE_BYTES", "PackProblem", "check_pack"]

#: Largest file a pack may hold (a pack is data and text, not media).
MAX_FILE_BYTES = 2 * 1024 * 1024
TEMPLATE_SUFFIXES = {".html", ".md", ".txt", ".j2", ".jinja", ".xml"}


@attrs.frozen
class PackProblem:
    """One problem: the file, where in it (key or line), and what was found vs expected."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        return f"{self.file}{where}: {self.message}"


def _escapes(relative: str) -> bool:
    path = PurePosixPath(relative.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or bool(os.path.splitdrive(relative)[0])


def _walk(folder: Path, problems: list[PackProblem]) -> list[Path]:
    """Every file in the pack; flags symlinks pointing out and files over the size limit."""
    root = folder.resolve()
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        current = Path(dirpath)
        for name in [*dirnames, *filenames]:
            path = current / name
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    problems.append(
                        PackProblem(
                            rel,
                            "",
                            f"is a link pointing outside the pack (to {target}); "
                            "expected files inside the pack only",
                        )
                    )
                    if name in dirnames:
                        dirnames.remove(name)
                    continue
        for name in filenames:
            path = current / name
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                continue
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(
                    PackProblem(
                        str(path.relative_to(folder)),
                        "",
                        f"is {size:,} bytes; expected at most {MAX_FILE_BYTES:,}",
                    )
                )
                continue
            files.append(path)
    return files


def _manifest_problems(folder: Path, manifest: PackManifest, problems: list[PackProblem]) -> None:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import Version

    from cnscd_core import __version__
    from cnscd_core.i18n import LANGUAGES

    where = MANIFEST_NAME
    for lang in manifest.languages:
        if lang not in LANGUAGES:
            problems.append(
                PackProblem(
                    where, "pack.languages", f"found {lang!r}; expected {' or '.join(LANGUAGES)}"
                )
            )
    if "vi" not in manifest.languages:
        problems.append(
            PackProblem(
                where, "pack.languages", "Vietnamese is missing; every pack must provide 'vi'"
            )
        )
    try:
        spec = SpecifierSet(manifest.requires_core)
        if Version(__version__) not in spec:
            problems.append(
                PackProblem(
                    where,
                    "pack.requires_core",
                    f"needs cnscd-core {manifest.requires_core}; this is {__version__}",
                )
            )
    except InvalidSpecifier:
        problems.append(
            PackProblem(
                where,
                "pack.requires_core",
                f"found {manifest.requires_core!r}; expected a version range such as '>=0.1,<1'",
            )
        )
    for kind in manifest.provides:
        if kind not in ALL_KINDS:
            problems.append(
                PackProblem(
                    where,
                    "pack.provides",
                    f"found {kind!r}; expected one of {', '.join(ALL_KINDS)}",
                )
            )
    for kind, relative in manifest.files.items():
        if kind not in ALL_KINDS:
            problems.append(
                PackProblem(
                    where,
                    f"pack.files.{kind}",
                    f"unknown kind {kind!r}; expected one of {', '.join(ALL_KINDS)}",
                )
            )
        if _escapes(relative):
            problems.append(
                PackProblem(
                    where,
                    f"pack.files.{kind}",
                    f"found {relative!r}, a path that leaves the pack; expected a path inside it",
                )
            )
    for kind in manifest.provides:
        if kind not in ALL_KINDS or _escapes(manifest.path_of(kind)):
            continue
        target = folder / manifest.path_of(kind)
        if not target.exists():
            problems.append(
                PackProblem(
                    where,
                    "pack.provides",
                    f"says the pack provides {kind}, but {manifest.path_of(kind)} is missing",
                )
            )


def _template_problems(
    folder: Path, files: list[Path], manifest: PackManifest, problems: list[PackProblem]
) -> None:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    templates = folder / manifest.path_of("templates")
    env = SandboxedEnvironment(autoescape=True)
    for path in files:
        if not path.is_relative_to(templates) or path.suffix not in TEMPLATE_SUFFIXES:
            continue
        try:
            env.parse(path.read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                PackProblem(
                    str(path.relative_to(folder)),
                    f"line {exc.lineno}",
                    f"the template does not parse: {exc.message}",
                )
            )
        except UnicodeDecodeError:
            problems.append(
                PackProblem(
                    str(path.relative_to(folder)),
                    "",
                    "is not UTF-8 text; expected a UTF-8 template",
                )
            )


def _guide_problems(folder: Path, manifest: PackManifest, problems: list[PackProblem]) -> None:
    guides = folder / manifest.path_of("guides")
    if not guides.is_dir():
        return
    by_lang = {
        lang: {p.relative_to(guides / lang).as_posix() for p in (guides / lang).rglob("*.md")}
        for lang in manifest.languages
    }
    every = set().union(*by_lang.values()) if by_lang else set()
    for lang, names in by_lang.items():
        for name in sorted(every - names):
            problems.append(
                PackProblem(
                    f"{manifest.path_of('guides')}/{lang}/{name}",
                    "",
                    f"is missing: the guide exists in another language; expected it in {lang} too",
                )
            )


def _listing(codes: set[str]) -> str:
    return ", ".join(sorted(codes)) if codes else "none registered"


def _reference_problems(
    manifest: PackManifest,
    data: dict[str, tuple[Any, ...]],
    failed: set[str],
    villages: tuple[Any, ...],
    host: PluginHost | None,
    problems: list[PackProblem],
) -> None:
    from cnscd_core.units import Level, default_registry

    def known(kind: str, attr: str) -> set[str] | None:
        """Codes a reference may name; ``None`` when the kind's own file failed to read."""
        if kind in failed:
            return None
        own = {item.code for item in data.get(kind, ())}
        if host is not None:
            registry = getattr(host, attr)
            own |= {
                name
                for name in registry.names()
                if registry.owner_of(name) != f"pack:{manifest.name}"
            }
        return own

    skills = known("skills", "skills")
    roles = known("member_roles", "member_roles")
    indicators = known("indicators", "indicators")
    units = default_registry()
    file_of = {kind: manifest.path_of(kind) for kind in DATA_KINDS}

    def province_ok(code: str | None) -> bool:
        return code is None or (
            code in units.current and units.current.get(code).level == Level.PROVINCE
        )

    if not province_ok(manifest.province):
        problems.append(
            PackProblem(
                MANIFEST_NAME,
                "pack.province",
                f"found {manifest.province!r}; expected a 2025 province code",
            )
        )
    for i, app in enumerate(data.get("apps", ())):
        for skill in app.skills:
            if skills is not None and skill not in skills:
                problems.append(
                    PackProblem(
                        file_of["apps"],
                        f"apps[{i}].skills",
                        f"app {app.code!r} names the unknown skill {skill!r}; "
                        f"expected one of {_listing(skills)}",
                    )
                )
        if not province_ok(app.province):
            problems.append(
                PackProblem(
                    file_of["apps"],
                    f"apps[{i}].province",
                    f"found {app.province!r}; expected a 2025 province code",
                )
            )
    for i, preset in enumerate(data.get("team_rules", ())):
        for role in (*preset.leader_roles, *preset.deputy_roles):
            if roles is not None and role not in roles:
                problems.append(
                    PackProblem(
                        file_of["team_rules"],
                        f"team_rules[{i}]",
                        f"preset {preset.code!r} names the unknown member role {role!r}",
                    )
                )
    for i, criteria in enumerate(data.get("criteria", ())):
        for j, criterion in enumerate(criteria.criteria):
            if indicators and criterion.indicator not in indicators:  # none known: not yet
                problems.append(
                    PackProblem(
                        file_of["criteria"],
                        f"criteria[{i}].criteria[{j}]",
                        f"names the unknown indicator {criterion.indicator!r}",
                    )
                )
        scores = [c.min_score for c in criteria.classes]
        if scores != sorted(scores, reverse=True) or len(set(scores)) != len(scores):
            problems.append(
                PackProblem(
                    file_of["criteria"],
                    f"criteria[{i}].classes",
                    f"found minimum scores {scores}; expected them from the "
                    "best class down, each lower than the one before",
                )
            )
        classes = {c.code for c in criteria.classes}
        if criteria.honour_class and criteria.honour_class not in classes:
            problems.append(
                PackProblem(
                    file_of["criteria"],
                    f"criteria[{i}].honour_class",
                    f"found {criteria.honour_class!r}; expected one of "
                    f"{', '.join(sorted(classes))}",
                )
            )
    for i, indicator in enumerate(data.get("indicators", ())):
        for part in (indicator.numerator, indicator.denominator):
            if part is not None and indicators is not None and part not in indicators:
                problems.append(
                    PackProblem(
                        file_of["indicators"],
                        f"indicators[{i}]",
                        f"ratio {indicator.code!r} names the unknown indicator {part!r}",
                    )
                )
    for i, profile in enumerate(data.get("province_profiles", ())):
        if not province_ok(profile.province):
            problems.append(
                PackProblem(
                    file_of["province_profiles"],
                    f"province_profiles[{i}].province",
                    f"found {profile.province!r}; expected a 2025 province",
                )
            )
        for old in profile.legacy_provinces:
            if old not in units.legacy or units.legacy.get(old).level != Level.PROVINCE:
                problems.append(
                    PackProblem(
                        file_of["province_profiles"],
                        f"province_profiles[{i}].legacy_provinces",
                        f"found {old!r}; expected a legacy province code",
                    )
                )
    villages_file = manifest.path_of("villages")
    for n, row in enumerate(villages, start=2):
        if row.commune not in units.current or (
            units.current.get(row.commune).level != Level.COMMUNE
        ):
            problems.append(
                PackProblem(
                    villages_file,
                    f"row {n}, commune",
                    f"found {row.commune!r}; expected a 2025 commune code",
                )
            )
        if row.legacy_commune and (
            row.legacy_commune not in units.legacy
            or units.legacy.get(row.legacy_commune).level != Level.COMMUNE
        ):
            problems.append(
                PackProblem(
                    villages_file,
                    f"row {n}, legacy_commune",
                    f"found {row.legacy_commune!r}; expected a legacy commune code",
                )
            )


def check_pack(folder: str | Path, host: PluginHost | None = None) -> list[PackProblem]:
    """Return every problem of the pack in ``folder`` (empty when it is clean).

    Refused: unknown keys, paths that leave the pack (``../``, absolute paths, links pointing
    out), files over ``MAX_FILE_BYTES``, templates that do not parse, guides missing in one
    language, references to unknown skills, roles, indicators or units. References are
    resolved against the pack itself and, when ``host`` is given, everything else registered.
    """
    folder = Path(folder)
    problems: list[PackProblem] = []
    if not folder.is_dir():
        return [PackProblem(str(folder), "", "is not a folder; expected a content-pack folder")]
    files = _walk(folder, problems)
    try:
        manifest = read_manifest(folder)
    except PackError as exc:
        problems.append(PackProblem(MANIFEST_NAME, "", str(exc).split(": ", 1)[-1]))
        return problems
    _manifest_problems(folder, manifest, problems)
    data: dict[str, tuple[Any, ...]] = {}
    failed: set[str] = set()
    for kind in manifest.provides:
        if kind in DATA_KINDS and not _escapes(manifest.path_of(kind)):
            try:
                data[kind] = read_data(folder, manifest, kind)
            except PackError as exc:
                failed.add(kind)
                problems.append(
                    PackProblem(manifest.path_of(kind), "", str(exc).split(": ", 1)[-1])
                )
                continue
            seen: dict[str, int] = {}
            for i, item in enumerate(data[kind]):
                if item.code in seen:
                    problems.append(
                        PackProblem(
                            manifest.path_of(kind),
                            f"{kind}[{i}].code",
                            f"{item.code!r} is used twice (also {kind}[{seen[item.code]}]); "
                            "expected unique codes",
                        )
                    )
                seen.setdefault(item.code, i)
    villages: tuple[Any, ...] = ()
    if "villages" in manifest.provides and not _escapes(manifest.path_of("villages")):
        try:
            villages = read_villages(folder, manifest)
        except PackError as exc:
            problems.append(
                PackProblem(manifest.path_of("villages"), "", str(exc).split(": ", 1)[-1])
            )
    if "templates" in manifest.provides:
        _template_problems(folder, files, manifest, problems)
    if "guides" in manifest.provides:
        _guide_problems(folder, manifest, problems)
    _reference_problems(manifest, data, failed, villages, host, problems)
    return problems
