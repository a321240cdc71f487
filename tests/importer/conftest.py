"""Fixtures of the importer tests: a store, the plugin host, a shared units registry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cnscd_core.plugins import PluginHost, load_plugins
from cnscd_core.store import SQLiteStore, open_store
from cnscd_core.units import UnitRegistry


@pytest.fixture(autouse=True)
def _english_messages(_default_language: None) -> Iterator[None]:
    """The importer tests read rejection messages in English (Vietnamese is the default)."""
    from cnscd_core.i18n import set_language

    set_language("en")
    yield
    set_language(None)


@pytest.fixture(scope="session")
def host() -> PluginHost:
    """The plugin host with the national pack (skills, apps, member roles)."""
    return load_plugins()


@pytest.fixture(scope="session")
def shared_units() -> UnitRegistry:
    """One registry for tests that do not care which villages it already knows."""
    return UnitRegistry.load()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A fresh, empty store."""
    opened = open_store(tmp_path / "store.sqlite")
    yield opened
    opened.close()
