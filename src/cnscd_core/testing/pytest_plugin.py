"""pytest plugin for plugin authors (entry point ``pytest11``: ``cnscd``).

Fixtures:

- ``cnscd_host``: a fresh plugin host with the core defaults and no installed plugins;
- ``cnscd_register_plugin``: register a temporary plugin on that host (removed afterwards);
- ``cnscd_content_pack``: write a temporary content pack from a mapping of files;
- ``cnscd_demo_dataset``: a tiny demo dataset (a commune of Sơn La with three villages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from cnscd_core.plugins import PluginHost
    from cnscd_core.testing import DemoDataset

MINIMAL_MANIFEST = """\
[pack]
name = "{name}"
version = "0.1.0"
title = {{ vi = "Gói thử", en = "Test pack" }}
languages = ["vi", "en"]
licence = "CC0-1.0"
requires_core = ">=0.1"
provides = [{provides}]
"""


@pytest.fixture
def cnscd_host() -> PluginHost:
    """A fresh plugin host: the core's default plugins only (installed plugins not loaded)."""
    from cnscd_core.plugins import PluginHost

    host = PluginHost()
    host.load_defaults()
    return host


@pytest.fixture
def cnscd_register_plugin(cnscd_host: PluginHost) -> Iterator[Callable[..., str]]:
    """Register a temporary plugin on ``cnscd_host``: ``cnscd_register_plugin(obj, name=...)``."""
    names: list[str] = []

    def register(plugin: object, name: str | None = None) -> str:
        registered = cnscd_host.register(plugin, name=name)
        names.append(registered)
        return registered

    yield register
    for name in names:
        if cnscd_host.pm.has_plugin(name):
            cnscd_host.unregister(name)


@pytest.fixture
def cnscd_content_pack(tmp_path: Path) -> Callable[..., Path]:
    """Write a content pack: ``cnscd_content_pack({"skills.toml": "..."}, name="test")``.

    Without a ``cnscd-pack.toml`` in ``files``, a minimal manifest is written whose
    ``provides`` lists the kinds the files imply.
    """

    def make(files: Mapping[str, str | bytes] | None = None, name: str = "test-pack") -> Path:
        from cnscd_core.packs import DATA_KINDS, MANIFEST_NAME

        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        files = dict(files or {})
        if MANIFEST_NAME not in files:
            provides = [k for k, (f, _t, _a) in DATA_KINDS.items() if f in files]
            if any(f.startswith("guides/") for f in files):
                provides.append("guides")
            if any(f.startswith("templates/") for f in files):
                provides.append("templates")
            if "villages.csv" in files:
                provides.append("villages")
            files[MANIFEST_NAME] = MINIMAL_MANIFEST.format(
                name=name, provides=", ".join(f'"{p}"' for p in provides)
            )
        for relative, content in files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return make


@pytest.fixture
def cnscd_demo_dataset() -> DemoDataset:
    """A tiny demo dataset: a unit registry with a Sơn La commune and three villages."""
    from cnscd_core.testing import tiny_demo_dataset

    return tiny_demo_dataset()


def pytest_configure(config: Any) -> None:
    """Nothing to configure; the fixtures above are the kit."""
