"""Shared test set-up: Hypothesis profiles and the language reset."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "thorough", max_examples=1000, suppress_health_check=[HealthCheck.too_slow], deadline=None
)
settings.register_profile("fast", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "fast")
)


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in the default language (Vietnamese), whatever the environment says."""
    from cnscd_core.i18n import set_language

    monkeypatch.delenv("CNSCD_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)
