"""Fixtures of the report tests: hand-built report trees, a store with names, the CLI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cnscd_core.plugins import CommandRegistry, hookimpl

from .builders import tree_report


@pytest.fixture
def report() -> Any:
    """A province -> commune -> village report whose names hold markup."""
    return tree_report()


class _ReportCommand:
    """Adds ``cnscd report`` until the core's default commands do (then it steps aside)."""

    @hookimpl
    def cnscd_register_commands(self, registry: CommandRegistry) -> None:
        from cnscd_core.cli._report import report_group

        if "report" not in registry:
            registry.add_command(report_group())


@pytest.fixture
def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> Callable[..., tuple[int, str, str]]:
    """Run ``cnscd ARGS`` in-process through ``main``; return (exit code, stdout, stderr)."""
    import cnscd_core.plugins as plugins
    from cnscd_core.cli import main
    from cnscd_core.i18n import set_language

    real = plugins.load_plugins

    def load_plugins(extra: Any = (), **kwargs: Any) -> Any:
        return real([*extra, _ReportCommand()], **kwargs)

    monkeypatch.setattr(plugins, "load_plugins", load_plugins)

    def run(*args: str) -> tuple[int, str, str]:
        capsysbinary.readouterr()
        try:
            code = main(list(args))
        finally:
            set_language(None)
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return run
