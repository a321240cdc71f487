"""``cnscd packs check``: every problem of a content pack, each naming file and place."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import attrs

from cnscd_core.i18n import format_decimal
from cnscd_core.i18n import gettext as _
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
    """One problem: the file, where in it (key or line), and what was found vs expected.

    ``where`` is a key path (``apps[0].skills``, left as written in the file) or a translated
    place (``line 3``, ``row 2, commune``); ``message`` is in the active language.
    """

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        return f"{self.file}{where}: {self.message}"


def _from_error(file: str, exc: PackError) -> list[PackProblem]:
    """The problems a ``PackError`` reading ``file`` carries, one per place."""
    return [PackProblem(file, where, what) for where, what in exc.problems]


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
                            _(
                                "is a link pointing outside the pack (to {target}); expected "
                                "files inside the pack only"
                            ).format(target=target),
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
                        _("is {size} bytes; expected at most {limit}").format(
                            size=format_decimal(size), limit=format_decimal(MAX_FILE_BYTES)
                        ),
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
                    where,
                    "pack.languages",
                    _("found {value!r}; expected one of: {choices}").format(
                        value=lang, choices=", ".join(map(repr, LANGUAGES))
                    ),
                )
            )
    if "vi" not in manifest.languages:
        problems.append(
            PackProblem(
                where,
                "pack.languages",
                _("Vietnamese is missing; expected 'vi' among the languages of every pack"),
            )
        )
    try:
        spec = SpecifierSet(manifest.requires_core)
        if Version(__version__) not in spec:
            problems.append(
                PackProblem(
                    where,
                    "pack.requires_core",
                    _("needs cnscd-core {required}; this is version {version}").format(
                        required=manifest.requires_core, version=__version__
                    ),
                )
            )
    except InvalidSpecifier:
        problems.append(
            PackProblem(
                where,
                "pack.requires_core",
                _("found {value!r}; expected a version range such as {example}").format(
                    value=manifest.requires_core, example="'>=0.1,<1'"
                ),
            )
        )
    for kind in manifest.provides:
        if kind not in ALL_KINDS:
            problems.append(
                PackProblem(
                    where,
                    "pack.provides",
                    _("found {value!r}; expected one of: {choices}").format(
                        value=kind, choices=", ".join(ALL_KINDS)
                    ),
                )
            )
    for kind, relative in manifest.files.items():
        if kind not in ALL_KINDS:
            problems.append(
                PackProblem(
                    where,
                    f"pack.files.{kind}",
                    _("found the unknown kind {value!r}; expected one of: {choices}").format(
                        value=kind, choices=", ".join(ALL_KINDS)
                    ),
                )
            )
        if _escapes(relative):
            problems.append(
                PackProblem(
                    where,
                    f"pack.files.{kind}",
                    _(
                        "found {value!r}, a path that leaves the pack; expected a path inside it"
                    ).format(value=relative),
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
                    _("says the pack provides {kind}, but {path} is missing").format(
                        kind=kind, path=manifest.path_of(kind)
                    ),
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
                    _("line {n}").format(n=exc.lineno),
                    _("the template does not parse: {error}").format(error=exc.message),
                )
            )
        except UnicodeDecodeError:
            problems.append(
                PackProblem(
                    str(path.relative_to(folder)),
                    "",
                    _("is not UTF-8 text; expected a UTF-8 template"),
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
                    _(
                        "is missing: the guide exists in another language; expected it in {lang} "
                        "too"
                    ).format(lang=lang),
                )
            )


def _listing(codes: set[str]) -> str:
    return ", ".join(sorted(codes)) if codes else _("(none registered)")


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
                _("found {value!r}; expected a 2025 province code").format(value=manifest.province),
            )
        )
    for i, app in enumerate(data.get("apps", ())):
        for skill in app.skills:
            if skills is not None and skill not in skills:
                problems.append(
                    PackProblem(
                        file_of["apps"],
                        f"apps[{i}].skills",
                        _(
                            "app {app!r} names the unknown skill {skill!r}; expected one of: "
                            "{choices}"
                        ).format(app=app.code, skill=skill, choices=_listing(skills)),
                    )
                )
        if not province_ok(app.province):
            problems.append(
                PackProblem(
                    file_of["apps"],
                    f"apps[{i}].province",
                    _("found {value!r}; expected a 2025 province code").format(value=app.province),
                )
            )
    for i, preset in enumerate(data.get("team_rules", ())):
        for role in (*preset.leader_roles, *preset.deputy_roles):
            if roles is not None and role not in roles:
                problems.append(
                    PackProblem(
                        file_of["team_rules"],
                        f"team_rules[{i}]",
                        _(
                            "preset {preset!r} names the unknown member role {role!r}; expected "
                            "one of: {choices}"
                        ).format(preset=preset.code, role=role, choices=_listing(roles)),
                    )
                )
    for i, criteria in enumerate(data.get("criteria", ())):
        for j, criterion in enumerate(criteria.criteria):
            if indicators and criterion.indicator not in indicators:  # none known: not yet
                problems.append(
                    PackProblem(
                        file_of["criteria"],
                        f"criteria[{i}].criteria[{j}]",
                        _(
                            "names the unknown indicator {indicator!r}; expected one of: {choices}"
                        ).format(indicator=criterion.indicator, choices=_listing(indicators)),
                    )
                )
        scores = [c.min_score for c in criteria.classes]
        if scores != sorted(scores, reverse=True) or len(set(scores)) != len(scores):
            problems.append(
                PackProblem(
                    file_of["criteria"],
                    f"criteria[{i}].classes",
                    _(
                        "found the minimum scores {scores}; expected them from the best class "
                        "down, each lower than the one before"
                    ).format(scores=", ".join(format_decimal(score) for score in scores)),
                )
            )
        classes = {c.code for c in criteria.classes}
        if criteria.honour_class and criteria.honour_class not in classes:
            problems.append(
                PackProblem(
                    file_of["criteria"],
                    f"criteria[{i}].honour_class",
                    _("found {value!r}; expected one of: {choices}").format(
                        value=criteria.honour_class, choices=", ".join(sorted(classes))
                    ),
                )
            )
    for i, indicator in enumerate(data.get("indicators", ())):
        for part in (indicator.numerator, indicator.denominator):
            if part is not None and indicators is not None and part not in indicators:
                problems.append(
                    PackProblem(
                        file_of["indicators"],
                        f"indicators[{i}]",
                        _(
                            "the ratio {ratio!r} names the unknown indicator {indicator!r}; "
                            "expected one of: {choices}"
                        ).format(
                            ratio=indicator.code, indicator=part, choices=_listing(indicators)
                        ),
                    )
                )
    for i, profile in enumerate(data.get("province_profiles", ())):
        if not province_ok(profile.province):
            problems.append(
                PackProblem(
                    file_of["province_profiles"],
                    f"province_profiles[{i}].province",
                    _("found {value!r}; expected a 2025 province code").format(
                        value=profile.province
                    ),
                )
            )
        for old in profile.legacy_provinces:
            if old not in units.legacy or units.legacy.get(old).level != Level.PROVINCE:
                problems.append(
                    PackProblem(
                        file_of["province_profiles"],
                        f"province_profiles[{i}].legacy_provinces",
                        _("found {value!r}; expected a legacy province code").format(value=old),
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
                    _("row {n}, column {column}").format(n=n, column="commune"),
                    _("found {value!r}; expected a 2025 commune code").format(value=row.commune),
                )
            )
        if row.legacy_commune and (
            row.legacy_commune not in units.legacy
            or units.legacy.get(row.legacy_commune).level != Level.COMMUNE
        ):
            problems.append(
                PackProblem(
                    villages_file,
                    _("row {n}, column {column}").format(n=n, column="legacy_commune"),
                    _("found {value!r}; expected a legacy commune code").format(
                        value=row.legacy_commune
                    ),
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
        return [PackProblem(str(folder), "", _("is not a folder; expected a content-pack folder"))]
    files = _walk(folder, problems)
    try:
        manifest = read_manifest(folder)
    except PackError as exc:
        problems.extend(_from_error(MANIFEST_NAME, exc))
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
                problems.extend(_from_error(manifest.path_of(kind), exc))
                continue
            seen: dict[str, int] = {}
            for i, item in enumerate(data[kind]):
                if item.code in seen:
                    problems.append(
                        PackProblem(
                            manifest.path_of(kind),
                            f"{kind}[{i}].code",
                            _(
                                "the code {code!r} is used twice (also at {other}); expected "
                                "each code once"
                            ).format(code=item.code, other=f"{kind}[{seen[item.code]}]"),
                        )
                    )
                seen.setdefault(item.code, i)
    villages: tuple[Any, ...] = ()
    if "villages" in manifest.provides and not _escapes(manifest.path_of("villages")):
        try:
            villages = read_villages(folder, manifest)
        except PackError as exc:
            problems.extend(_from_error(manifest.path_of("villages"), exc))
    if "templates" in manifest.provides:
        _template_problems(folder, files, manifest, problems)
    if "guides" in manifest.provides:
        _guide_problems(folder, manifest, problems)
    _reference_problems(manifest, data, failed, villages, host, problems)
    return problems
