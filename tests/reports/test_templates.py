"""Province plugins and packs override the report templates; templates compile once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import jinja2
import pytest

from cnscd_core.catalog import ProvinceProfile, Text
from cnscd_core.plugins import (
    PluginHost,
    ProvinceProfileRegistry,
    TemplateFolderRegistry,
    hookimpl,
)
from cnscd_core.reports import ReportError, ReportRenderer, folders_for, render_report
from cnscd_core.rollup import Report

from .test_formats import docx_text

EXTENDING_HTML = """\
{% extends "default:report.html" %}
{% block province_sections %}
<section id="province-extra"><h2>Mục riêng của tỉnh</h2>
<p>{{ unit.name }}: {{ indicators.households.value }} hộ; {{ 0.5 | percent }}</p></section>
{% endblock %}
"""
EXTENDING_MD = """\
{% extends "default:report.md" %}
{% block province_sections %}

## {{ "Mục riêng của tỉnh" | md }}
{% endblock %}
"""


def folder_plugin(name: str, path: Path, province: str | None = None) -> object:
    """A plugin registering a template folder (and a province profile of the same name)."""

    class Plugin:
        @hookimpl
        def cnscd_register_template_folders(self, registry: TemplateFolderRegistry) -> None:
            registry.add_template_folder(name, path)

        if province is not None:

            @hookimpl
            def cnscd_register_province_profiles(self, registry: ProvinceProfileRegistry) -> None:
                registry.add_province_profile(
                    ProvinceProfile(name, Text(vi="Tỉnh thử", en="Test province"), province)
                )

    return Plugin()


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def html_of(report: Report, host: PluginHost, tmp_path: Path, **options: Any) -> str:
    path = tmp_path / "out.html"
    render_report(report, "html", path, host=host, **options)
    return path.read_text(encoding="utf-8")


def test_a_plugin_folder_extends_the_core_report(
    report: Report,
    cnscd_host: PluginHost,
    cnscd_register_plugin: Callable[..., str],
    tmp_path: Path,
) -> None:
    before = html_of(report, cnscd_host, tmp_path)
    assert "province-extra" not in before
    folder = write(tmp_path / "tpl", {"report.html": EXTENDING_HTML, "report.md": EXTENDING_MD})
    cnscd_register_plugin(folder_plugin("test-pack", folder), name="test-pack")
    html = html_of(report, cnscd_host, tmp_path)
    assert "Mục riêng của tỉnh" in html
    assert "Tỉnh Sơn La: 2.690 hộ; 50,0%" in html  # the context and the number filters
    assert "Các chỉ tiêu chủ yếu" in html and "<svg" in html  # the core's page around it
    md_path = tmp_path / "out.md"
    render_report(report, "md", md_path, host=cnscd_host)
    assert "## Mục riêng của tỉnh" in md_path.read_text(encoding="utf-8")


def test_a_province_folder_applies_only_to_its_province(
    report: Report,
    cnscd_host: PluginHost,
    cnscd_register_plugin: Callable[..., str],
    tmp_path: Path,
) -> None:
    folder = write(tmp_path / "tpl", {"report.html": EXTENDING_HTML})
    cnscd_register_plugin(folder_plugin("thu", folder, province="14"), name="thu")
    assert "province-extra" in html_of(report, cnscd_host, tmp_path)
    assert "thu" in [f.name for f in folders_for(cnscd_host, "14")]
    assert "thu" not in [f.name for f in folders_for(cnscd_host, "79")]
    # a commune of Sơn La is in province 14 too (looked up in the unit lists)
    commune = attrs.evolve(report, root=report.root.children[0])
    assert "province-extra" in html_of(commune, cnscd_host, tmp_path)
    elsewhere = attrs.evolve(report, root=attrs.evolve(report.root, code="79"))
    assert "province-extra" not in html_of(elsewhere, cnscd_host, tmp_path)


def test_a_province_replaces_the_docx_template(
    report: Report,
    cnscd_host: PluginHost,
    cnscd_register_plugin: Callable[..., str],
    tmp_path: Path,
) -> None:
    from cnscd_core.reports.templates.make_docx_template import add_text, build_template

    folder = tmp_path / "tpl"
    folder.mkdir()
    build_template(
        folder / "report.docx",
        extra_section=lambda doc: add_text(doc, "Mục riêng: {{ unit.name }}"),
    )
    out = tmp_path / "out.docx"
    render_report(report, "docx", out, host=cnscd_host)
    assert "Mục riêng" not in docx_text(out)
    cnscd_register_plugin(folder_plugin("thu", folder, province="14"), name="thu")
    render_report(report, "docx", out, host=cnscd_host)
    text = docx_text(out)
    assert "Mục riêng: Tỉnh Sơn La" in text and "Nơi nhận:" in text


def test_the_core_docx_template_is_what_the_script_makes(tmp_path: Path) -> None:
    import zipfile

    from cnscd_core.reports.templates.make_docx_template import TEMPLATE_PATH, build_template

    made = build_template(tmp_path / "report.docx")
    with zipfile.ZipFile(made) as fresh, zipfile.ZipFile(TEMPLATE_PATH) as committed:
        assert fresh.read("word/document.xml") == committed.read("word/document.xml")


def test_templates_are_compiled_once(
    report: Report, cnscd_host: PluginHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    renderer = ReportRenderer(cnscd_host)
    first = renderer.render(report, "html", lang="vi")
    renderer.render(report, "md", lang="vi")

    def no_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a template was read again")

    monkeypatch.setattr(jinja2.FileSystemLoader, "get_source", no_reading)
    assert renderer.render(report, "html", lang="vi") == first
    renderer.render(report, "md", lang="en")


def test_a_broken_or_unsafe_province_template_is_a_clear_error(
    report: Report,
    cnscd_host: PluginHost,
    cnscd_register_plugin: Callable[..., str],
    tmp_path: Path,
) -> None:
    broken = write(tmp_path / "broken", {"report.html": "{% extends 'default:report.html' %"})
    cnscd_register_plugin(folder_plugin("broken", broken), name="broken")
    with pytest.raises(ReportError, match=r"report\.html"):
        html_of(report, cnscd_host, tmp_path)
    cnscd_host.unregister("broken")
    unsafe = write(
        tmp_path / "unsafe", {"report.html": "{{ report.__class__.__init__.__globals__ }}"}
    )
    cnscd_register_plugin(folder_plugin("unsafe", unsafe), name="unsafe")
    with pytest.raises(ReportError, match=r"SecurityError|unsafe"):
        html_of(report, cnscd_host, tmp_path)


def test_binh_duong_adds_its_section_when_its_templates_are_installed(
    report: Report, cnscd_host: PluginHost, tmp_path: Path
) -> None:
    import cnscd_binh_duong as plugin  # installed by make test with the other plugins

    assert (Path(plugin.TEMPLATES_PATH) / "report.html").is_file()
    cnscd_host.register(plugin, name="binh-duong")
    hcmc = attrs.evolve(report, root=attrs.evolve(report.root, code="79", name="TP. HCM"))
    assert "Bình Dương Số" in html_of(hcmc, cnscd_host, tmp_path)
    assert "Bình Dương Số" not in html_of(report, cnscd_host, tmp_path)  # Sơn La
