"""Fixtures of the evaluation tests: those of the validation tests (same wards and hosts)."""

from __future__ import annotations

from ..validation.conftest import bd_host, cli_host, host, make_store, registry

__all__ = ["bd_host", "cli_host", "host", "make_store", "registry"]
