"""Default plugin: the core's own ``cnscd`` commands, added through the same hook as provinces'."""

from __future__ import annotations

from cnscd_core.plugins import hookimpl
from cnscd_core.plugins._registries import CommandRegistry

__all__ = ["cnscd_register_commands"]


@hookimpl
def cnscd_register_commands(registry: CommandRegistry) -> None:
    """Add the core's commands: units, plugins, packs, import, store, workload, assign, check,
    evaluate, report, extract, simulate and demo."""
    from cnscd_core.cli._check import check_command, evaluate_command
    from cnscd_core.cli._demo import demo_command
    from cnscd_core.cli._extract import extract_command
    from cnscd_core.cli._import import import_group
    from cnscd_core.cli._plugins import packs_group, plugins_group
    from cnscd_core.cli._report import report_group
    from cnscd_core.cli._simulate import simulate_command
    from cnscd_core.cli._store import store_group
    from cnscd_core.cli._units import units_group
    from cnscd_core.cli._workload import assign_command, workload_command

    for command in (
        units_group(),
        plugins_group(),
        packs_group(),
        import_group(),
        store_group(),
        workload_command(),
        assign_command(),
        check_command(),
        evaluate_command(),
        report_group(),
        extract_command(),
        simulate_command(),
        demo_command(),
    ):
        registry.add_command(command)
