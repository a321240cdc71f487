"""Testing helpers for cnscd_core and for province plugin authors.

- ``cnscd_core.testing.strategies``: Hypothesis strategies for the domain records (needs the
  ``testing`` extra: ``pip install cnscd-core[testing]``).
- ``cnscd_core.testing.pytest_plugin``: fixtures loaded automatically by pytest
  (``cnscd_host``, ``cnscd_register_plugin``, ``cnscd_content_pack``, ``cnscd_demo_dataset``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from cnscd_core.units import AdminUnit, UnitRegistry

__all__ = ["DemoDataset", "tiny_demo_dataset"]

#: Villages of the tiny demo commune: invented names of the usual Sơn La kinds, for tests only.
DEMO_VILLAGES = (("Bản Mường Chiên", "bản"), ("Bản Nà Ngụa", "bản"), ("Tiểu khu 1", "tiểu khu"))


@attrs.frozen
class DemoDataset:
    """A small, fully known dataset for tests: a registry, one commune and its villages."""

    units: UnitRegistry
    province: AdminUnit
    commune: AdminUnit
    villages: tuple[AdminUnit, ...]


def tiny_demo_dataset() -> DemoDataset:
    """Build the tiny demo dataset (a fresh registry each time, so tests may add to it)."""
    from cnscd_core.units import Level, UnitRegistry

    units = UnitRegistry.load()
    province = units.current.get("14")  # Sơn La
    commune = units.current.units(Level.COMMUNE, within=province.code)[0]
    villages = tuple(units.add_village(name, kind, commune.code) for name, kind in DEMO_VILLAGES)
    return DemoDataset(units=units, province=province, commune=commune, villages=villages)
