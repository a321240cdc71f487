"""Fixtures of the extract tests: a registry with test villages, a realistic store, a key."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from cnscd_core.store import SQLiteStore
from cnscd_core.units import UnitRegistry

from .helpers import World, build_store, make_world, register_villages


@pytest.fixture(scope="session")
def registry() -> UnitRegistry:
    """A registry of our own with the test villages (not the process-wide one)."""
    units = UnitRegistry.load()
    register_villages(units)
    return units


@pytest.fixture(scope="session")
def villages(registry: UnitRegistry) -> list[str]:
    return register_villages(registry)  # already there: returns the same codes


@pytest.fixture(scope="session")
def world(villages: list[str]) -> World:
    """Two communes, 200 households, 12 members, 600 visits (a fixed seed)."""
    return make_world(random.Random(20260101), villages, households=200, members=12, visits=600)


@pytest.fixture
def store(tmp_path: Path, registry: UnitRegistry, world: World) -> Iterator[SQLiteStore]:
    opened = build_store(tmp_path / "store.sqlite", registry, world)
    yield opened
    opened.close()


@pytest.fixture
def key() -> bytes:
    return bytes(range(32))
