"""The Jinja environment for reports: plugin and pack templates ahead of the core's.

Templates from plugins and packs are untrusted input: rendering uses a sandboxed,
autoescaping environment. The loader searches every registered template folder first, then
the core's own folder; ``{% extends "default:base.html" %}`` reaches the core's original, and
``"<folder name>:file"`` a named folder's, so a province template can extend what it
replaces (as datasette does).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2.sandbox import SandboxedEnvironment

if TYPE_CHECKING:
    from cnscd_core.plugins import PluginHost

__all__ = ["CORE_TEMPLATES", "template_environment"]

#: The core's own templates.
CORE_TEMPLATES = Path(__file__).parent / "templates"


def template_environment(host: PluginHost | None = None) -> SandboxedEnvironment:
    """Return a sandboxed, autoescaping environment over every template folder.

    Order: each folder registered by plugins and packs (registration order), then the core's.
    Prefixes: ``default:`` for the core's folder, ``<name>:`` for each registered folder.
    """
    core = jinja2.FileSystemLoader(CORE_TEMPLATES)
    folders = list(host.template_folders) if host is not None else []
    prefixed: dict[str, jinja2.BaseLoader] = {"default": core}
    for folder in folders:
        prefixed[folder.name] = jinja2.FileSystemLoader(folder.path)
    loader = jinja2.ChoiceLoader(
        [
            *(jinja2.FileSystemLoader(folder.path) for folder in folders),
            jinja2.PrefixLoader(prefixed, delimiter=":"),
            core,
        ]
    )
    return SandboxedEnvironment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "md"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
