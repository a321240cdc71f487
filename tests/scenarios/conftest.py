"""Shared pieces of the scenario tests: tiny scenarios and population copies."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pytest

from cnscd_core.scenarios import Population, Scenario, scenario


def copy_population(pop: Population) -> Population:
    """A deep copy (every array copied)."""
    values: dict[str, Any] = {}
    for field in attrs.fields(Population):
        value = getattr(pop, field.name)
        values[field.name] = value.copy() if isinstance(value, np.ndarray) else value
    return Population(**values)


@pytest.fixture(scope="session")
def tiny() -> Scenario:
    """Sơn La at a scale of a few villages, 6 weeks."""
    return scenario("son-la", weeks=6, scale=0.01)
