"""The twenty-line plugin of docs/write-a-plugin.md registers its app and its skill."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cnscd_core.plugins import PluginHost

sys.path.insert(0, str(Path(__file__).parent))

import twenty_line_plugin


def test_twenty_line_plugin(
    cnscd_host: PluginHost, cnscd_register_plugin: Callable[..., str]
) -> None:
    cnscd_register_plugin(twenty_line_plugin, name="hue")
    assert cnscd_host.problems == []
    skill = cnscd_host.skills.get("hue-field-reports")
    assert cnscd_host.skills.owner_of("hue-field-reports") == "hue"
    assert skill.milestone(skill.alone_level).code == "alone"
    app = cnscd_host.apps.get("hue-s")
    assert cnscd_host.apps.owner_of("hue-s") == "hue"
    assert app.province == "46"
    assert all(code in cnscd_host.skills for code in app.skills)


def test_docs_show_the_same_code() -> None:
    docs = Path(__file__).parents[3] / "docs" / "write-a-plugin.md"
    if not docs.is_file():  # the plugin's sdist ships without the repository's docs
        pytest.skip("docs/write-a-plugin.md is only in the repository checkout")
    source = (Path(__file__).parent / "twenty_line_plugin.py").read_text(encoding="utf-8")
    assert source.strip() in docs.read_text(encoding="utf-8")
