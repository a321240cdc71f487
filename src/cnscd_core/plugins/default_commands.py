"""Default plugin: the core's own ``cnscd`` commands, added through the same hook as provinces'."""

from __future__ import annotations

from cnscd_core.plugins import hookimpl
from cnscd_core.plugins._registries import CommandRegistry

__all__ = ["cnscd_register_commands"]


@hookimpl
def cnscd_register_commands(registry: CommandRegistry) -> None:
    """Add ``units``, ``plugins``, ``packs`` and ``demo``."""
    from cnscd_core.cli._demo import demo_command
    from cnscd_core.cli._plugins import packs_group, plugins_group
    from cnscd_core.cli._units import units_group

    registry.add_command(units_group())
    registry.add_command(plugins_group())
    registry.add_command(packs_group())
    registry.add_command(demo_command())
    # field data (import, store, assign): one line per command group below
    from cnscd_core.cli._workload import assign_command, workload_command

    registry.add_command(workload_command())
    registry.add_command(assign_command())
    from cnscd_core.cli._check import check_command, evaluate_command

    registry.add_command(check_command())
    registry.add_command(evaluate_command())
    from cnscd_core.cli._report import report_group

    registry.add_command(report_group())
    from cnscd_core.cli._extract import extract_command

    registry.add_command(extract_command())
