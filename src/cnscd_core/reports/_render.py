"""Rendering a report into one of the five formats, with templates compiled once.

A ``ReportRenderer`` belongs to one plugin host. It keeps one sandboxed template environment
per set of template folders (see ``folders_for``) and the compiled ``report.html`` and
``report.md`` of each, so rendering the reports of every commune of a province parses each
template once. ``render_report`` reuses a renderer per host; ``render_many`` makes the loop
explicit.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, cast, get_args

import attrs
import jinja2
from markupsafe import Markup

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import LANGUAGES, get_language
from cnscd_core.i18n import gettext as _
from cnscd_core.reports._numbers import number_format
from cnscd_core.reports._view import build_view

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

    from cnscd_core.plugins import PluginHost, TemplateFolder
    from cnscd_core.reports._document import DocumentInfo
    from cnscd_core.rollup import Report

__all__ = [
    "FORMATS",
    "Format",
    "ReportError",
    "ReportRenderer",
    "folders_for",
    "format_from_path",
    "province_of",
    "render_many",
    "render_report",
]

Format = Literal["html", "md", "json", "docx", "xlsx"]
#: The five formats, in the order ``cnscd report --help`` lists them.
FORMATS: tuple[str, ...] = get_args(Format)
#: File-name endings of each format (the first is the one ``render_many`` writes).
SUFFIXES: dict[str, tuple[str, ...]] = {
    "html": (".html", ".htm"),
    "md": (".md", ".markdown"),
    "json": (".json",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
}


class ReportError(CnscdError):
    """A report cannot be rendered as asked (unknown format or language, bad template)."""


def format_from_path(path: str | os.PathLike[str]) -> str | None:
    """The format a file name implies (``report.xlsx`` -> ``xlsx``), or ``None``."""
    suffix = Path(path).suffix.lower()
    return next((fmt for fmt, endings in SUFFIXES.items() if suffix in endings), None)


# -- which template folders apply to a report ------------------------------------------------


def province_of(report: Report, units: Any | None = None) -> str | None:
    """The code of the province the report's unit lies in (``None`` for the nation or unknown).

    ``units`` is a ``UnitRegistry`` or ``UnitSet`` (default: the installed unit lists); both
    the 2025 and the legacy sets are searched, so a legacy code finds its legacy province.
    """
    root = report.root
    if root.level == "province":
        return root.code
    if root.level == "nation":
        return None
    if units is None:
        from cnscd_core.units import default_registry

        units = default_registry()
    unit_sets: tuple[Any, ...] = getattr(units, "sets", (units,))
    for unit_set in unit_sets:
        if root.code in unit_set:
            return str(unit_set.path(root.code)[0].code)
    return None


def folders_for(host: PluginHost, province: str | None) -> tuple[TemplateFolder, ...]:
    """The template folders that apply to a report of ``province``, in search order.

    A folder named like a registered province profile (the Bình Dương plugin registers both
    as ``binh-duong``) applies only to reports of that profile's province (2025 or legacy
    code); every other folder (a content pack's, a plugin's without a profile) applies to all.
    """
    profiles = {p.code: p for p in host.province_profiles}
    out = []
    for folder in host.template_folders:
        profile = profiles.get(folder.name)
        if profile is None or province in (profile.province, *profile.legacy_provinces):
            out.append(folder)
    return tuple(out)


def profiles_for(host: PluginHost | None, province: str | None) -> list[str]:
    """Codes of the registered province profiles serving ``province``."""
    if host is None or province is None:
        return []
    return [p.code for p in host.province_profiles if province in (p.province, *p.legacy_provinces)]


@attrs.frozen
class _FolderView:
    """Just enough of a host for ``template_environment``: the folders that apply."""

    template_folders: tuple[TemplateFolder, ...]


# -- Markdown escaping ----------------------------------------------------------------------

_MD_SPECIAL = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]<>|#"} | {"\n": " ", "\r": " ", "\t": " "}
)


def markdown_escape(value: object) -> Markup:
    """Text as literal Markdown: specials (``| * _ [ ] < > # ` \\``) backslash-escaped.

    Returns ``Markup``, so the environment's HTML autoescaping (on for ``.md`` templates) does
    not turn ``&`` into ``&amp;`` in a chat message; ``<`` and ``>`` are escaped the Markdown
    way, so a wiki never takes a name for an HTML tag.
    """
    return Markup(str(value).translate(_MD_SPECIAL))


@jinja2.pass_context
def _number_filter(context: Any, value: float | None, max_digits: int = 3) -> str:
    """``{{ x | number }}``: a number in the report's language (``1.234,5``)."""
    return number_format(context.get("lang", "vi")).number(value, max_digits)


@jinja2.pass_context
def _percent_filter(context: Any, value: float | None, digits: int = 1) -> str:
    """``{{ x | percent }}``: a ratio as a percentage in the report's language (``78,5%``)."""
    return number_format(context.get("lang", "vi")).percent(value, digits)


# -- the renderer ---------------------------------------------------------------------------


class ReportRenderer:
    """Renders reports with one host's indicators and templates, compiling each template once.

    Thread-safe for rendering; the template cache follows the host's registered folders (a
    plugin registered later is seen on the next render).
    """

    def __init__(self, host: PluginHost | None = None) -> None:
        self.host = host
        self._lock = threading.Lock()
        self._environments: dict[tuple[tuple[str, str], ...], SandboxedEnvironment] = {}
        self._templates: dict[tuple[tuple[tuple[str, str], ...], str], jinja2.Template] = {}

    # indicators and roles come from the host, else the core's own definitions
    def indicators(self) -> dict[str, Any]:
        """Indicator definitions by code, in registration order."""
        if self.host is not None:
            return {i.code: i for i in self.host.indicators}
        from cnscd_core.plugins.default_indicators import CORE_INDICATORS

        return {i.code: i for i in CORE_INDICATORS}

    def member_roles(self) -> dict[str, Any]:
        """Member roles by code (empty without a host)."""
        if self.host is None:
            return {}
        return {r.code: r for r in self.host.member_roles}

    def apps(self) -> dict[str, Any]:
        """Apps and platforms by code (empty without a host)."""
        if self.host is None:
            return {}
        return {a.code: a for a in self.host.apps}

    def folders(self, province: str | None) -> tuple[TemplateFolder, ...]:
        """The template folders that apply to a report of ``province``."""
        return () if self.host is None else folders_for(self.host, province)

    def environment(self, folders: tuple[TemplateFolder, ...]) -> SandboxedEnvironment:
        """The sandboxed environment over ``folders`` then the core's (made once per set)."""
        key = tuple((f.name, str(f.path)) for f in folders)
        env = self._environments.get(key)
        if env is None:
            with self._lock:
                env = self._environments.get(key)
                if env is None:
                    from cnscd_core.templating import template_environment

                    view = cast("PluginHost", _FolderView(folders)) if folders else None
                    env = template_environment(view)
                    env.filters["md"] = markdown_escape
                    env.filters["number"] = _number_filter
                    env.filters["percent"] = _percent_filter
                    self._environments[key] = env
        return env

    def template(self, folders: tuple[TemplateFolder, ...], name: str) -> jinja2.Template:
        """The compiled template ``name`` for ``folders`` (parsed on first use only)."""
        key = (tuple((f.name, str(f.path)) for f in folders), name)
        template = self._templates.get(key)
        if template is None:
            try:
                template = self.environment(folders).get_template(name)
            except jinja2.TemplateError as exc:
                raise ReportError(
                    _("the report template {name} cannot be used: {error}").format(
                        name=name, error=f"{type(exc).__name__}: {exc}"
                    )
                ) from exc
            self._templates[key] = template
        return template

    def docx_template(self, folders: tuple[TemplateFolder, ...]) -> Path:
        """``report.docx`` of the first folder that has one, else the core's."""
        for folder in folders:
            candidate = Path(folder.path) / "report.docx"
            if candidate.is_file():
                return candidate
        return Path(__file__).parent / "templates" / "report.docx"

    def view(
        self,
        report: Report,
        *,
        lang: str,
        roster: Sequence[Sequence[str]] | None = None,
        province: str | None = None,
    ) -> dict[str, Any]:
        """The context every format renders from."""
        return build_view(
            report,
            indicators=self.indicators(),
            lang=lang,
            roster=roster,
            member_roles=self.member_roles(),
            apps=self.apps(),
            skills=() if self.host is None else self.host.skills,
            province=province,
            profiles=profiles_for(self.host, province),
        )

    def _province(self, report: Report, units: Any | None) -> str | None:
        if self.host is None:
            return None
        profiles = list(self.host.province_profiles)
        if not profiles and units is None:
            return None  # nothing is scoped by province: skip the unit lists
        return province_of(report, units)

    def render(
        self,
        report: Report,
        fmt: str,
        *,
        lang: str | None = None,
        roster: Sequence[Sequence[str]] | None = None,
        units: Any | None = None,
        document: DocumentInfo | None = None,
    ) -> bytes:
        """The report in ``fmt`` as bytes (UTF-8 for the text formats)."""
        if fmt not in FORMATS:
            raise ReportError(
                _("unknown report format {format!r}; expected one of: {choices}").format(
                    format=fmt, choices=", ".join(FORMATS)
                )
            )
        lang = _check_language(lang)
        if fmt == "json":  # the contract: exactly Report.as_json(), never the roster
            text = json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"
            return text.encode("utf-8")
        province = self._province(report, units)
        folders = self.folders(province)
        context = self.view(report, lang=lang, roster=roster, province=province)
        if fmt in ("html", "md"):
            template = self.template(folders, f"report.{fmt}")
            try:
                return template.render(context).encode("utf-8")
            except jinja2.TemplateError as exc:
                raise ReportError(
                    _("the report template {name} cannot be used: {error}").format(
                        name=template.filename or template.name,
                        error=f"{type(exc).__name__}: {exc}",
                    )
                ) from exc
        if fmt == "xlsx":
            from cnscd_core.reports._xlsx import write_xlsx

            buffer = io.BytesIO()
            write_xlsx(context, buffer)
            return buffer.getvalue()
        from cnscd_core.reports._document import render_docx

        return render_docx(context, self.docx_template(folders), document=document, units=units)

    def write(
        self,
        report: Report,
        fmt: str,
        out: str | os.PathLike[str] | IO[bytes],
        **options: Any,
    ) -> Path | None:
        """Render and write to ``out`` (a path, written atomically, or a binary stream)."""
        data = self.render(report, fmt, **options)
        if not isinstance(out, (str, os.PathLike)):
            out.write(data)
            return None
        path = Path(out)
        _write_atomically(path, data)
        return path


def _check_language(lang: str | None) -> str:
    lang = lang or get_language()
    key = lang.strip().lower().replace("-", "_").split("_")[0]
    if key not in LANGUAGES:
        raise ReportError(
            _("unsupported language {lang!r}; expected one of: {choices}").format(
                lang=lang, choices=", ".join(LANGUAGES)
            )
        )
    return key


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no half-written report remains."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- module-level entry points --------------------------------------------------------------

_renderers: weakref.WeakKeyDictionary[PluginHost, ReportRenderer] = weakref.WeakKeyDictionary()
_core_renderer = ReportRenderer(None)


def renderer_for(host: PluginHost | None) -> ReportRenderer:
    """The renderer of ``host`` (one per host, kept while the host lives)."""
    if host is None:
        return _core_renderer
    renderer = _renderers.get(host)
    if renderer is None:
        renderer = _renderers.setdefault(host, ReportRenderer(host))
    return renderer


def render_report(
    report: Report,
    fmt: str,
    out: str | os.PathLike[str] | IO[bytes],
    *,
    host: PluginHost | None = None,
    lang: str | None = None,
    roster: Sequence[Sequence[str]] | None = None,
    units: Any | None = None,
    document: DocumentInfo | None = None,
) -> Path | None:
    """Write ``report`` as ``fmt`` (html, md, json, docx or xlsx) to ``out``; return the path.

    ``host`` supplies indicator names and province templates (``None``: the core's only, as
    plugins are never loaded implicitly); ``lang`` defaults to the active language;
    ``roster`` is a sequence of (team code, member code, full name, position, role) tuples,
    shown in a roster section of the HTML, Markdown, DOCX and XLSX reports (never in JSON);
    ``units`` (a ``UnitRegistry``) tells which province the unit lies in, for province
    templates (default: the installed unit lists); ``document`` fills the DOCX heading.
    Repeated calls with the same host reuse compiled templates. Raises ``ReportError``.
    """
    return renderer_for(host).write(
        report, fmt, out, lang=lang, roster=roster, units=units, document=document
    )


def render_many(
    reports: Iterable[Report],
    fmt: str,
    out_dir: str | os.PathLike[str],
    *,
    host: PluginHost | None = None,
    lang: str | None = None,
    units: Any | None = None,
    name: Callable[[Report], str] | None = None,
) -> list[Path]:
    """Write each report as ``fmt`` into ``out_dir``; return the paths in order.

    Files are named ``<unit code>-<period>.<ext>`` unless ``name(report)`` gives a file name.
    One renderer serves them all, so each template is compiled once.
    """
    renderer = renderer_for(host)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = SUFFIXES.get(fmt, ("." + fmt,))[0]
    paths = []
    for report in reports:
        filename = name(report) if name else f"{report.root.code}-{report.period.label}{suffix}"
        path = folder / filename
        renderer.write(report, fmt, path, lang=lang, units=units)
        paths.append(path)
    return paths
