"""Fixtures of the validation tests: a registry with test villages, stores, plugin hosts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cnscd_core.plugins import PluginHost
from cnscd_core.store import SQLiteStore
from cnscd_core.units import UnitRegistry

from .helpers import add_commands, add_default_rules, build_store, make_registry


@pytest.fixture(scope="session")
def registry() -> UnitRegistry:
    """A registry of our own (not the process-wide one) with the test villages."""
    return make_registry()


@pytest.fixture
def host(cnscd_host: PluginHost) -> PluginHost:
    """The core defaults (no installed plugin) and the core validation rules."""
    return add_default_rules(cnscd_host)


@pytest.fixture
def bd_host() -> PluginHost:
    """A host of its own: the core defaults, the core rules and the Bình Dương plugin (its
    province profile picks plan 6037)."""
    import cnscd_binh_duong

    host = PluginHost()
    host.load_defaults()
    add_default_rules(host)
    if not host.pm.has_plugin("binh-duong"):
        host.register(cnscd_binh_duong, name="binh-duong")
    return host


@pytest.fixture
def make_store(tmp_path: Path, registry: UnitRegistry) -> Iterator[Callable[..., SQLiteStore]]:
    """``make_store(teams, members, households, visits)``: a fresh store in the test's folder."""
    opened: list[SQLiteStore] = []

    def make(*records: object) -> SQLiteStore:
        store = build_store(tmp_path / f"store{len(opened)}.sqlite", registry, *records)  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def cli_host(monkeypatch: pytest.MonkeyPatch, registry: UnitRegistry) -> None:
    """Make ``cnscd`` load the core rules and the two commands, and use our registry."""
    import cnscd_core.plugins
    import cnscd_core.units

    real = cnscd_core.plugins.load_plugins

    def load(*args: object, **kwargs: object) -> PluginHost:
        return add_commands(add_default_rules(real(*args, **kwargs)))  # type: ignore[arg-type]

    monkeypatch.setattr(cnscd_core.plugins, "load_plugins", load)
    monkeypatch.setattr(cnscd_core.units, "default_registry", lambda: registry)
