"""``cnscd plugins`` and ``cnscd packs``: what is installed, and checking a content pack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cnscd_core.cli._output import echo_json, echo_table
from cnscd_core.i18n import gettext as _

__all__ = ["current_host", "packs_group", "plugins_group"]


def current_host() -> Any:
    """The plugin host of the running ``cnscd`` (loaded by the group)."""
    ctx = click.get_current_context()
    host = ctx.find_root().obj
    if host is None:  # a command invoked on its own, e.g. in a test
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
        ctx.find_root().obj = host
    return host


def plugins_group() -> click.Group:
    """Build the ``plugins`` command group."""

    @click.group(name="plugins", help=_("Installed plugins: the core defaults and provinces'."))
    def plugins() -> None:
        pass

    @plugins.command(
        name="list",
        help=_("List every plugin with its distribution, version and what it registers."),
    )
    @click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document instead of a table.")
    )
    def list_plugins(as_json: bool) -> int:
        host = current_host()
        rows = [
            {
                "name": info.name,
                "distribution": info.distribution,
                "version": info.version,
                "default": info.default,
                "hooks": list(info.hooks),
                "registers": {k: list(v) for k, v in info.registers.items()},
            }
            for info in host.plugins()
        ]
        problems = [
            {"plugin": p.plugin, "hook": p.hook, "message": p.message} for p in host.problems
        ]
        if as_json:
            echo_json({"plugins": rows, "problems": problems, "blocked": list(host.blocked)})
            return 1 if problems else 0
        echo_table(
            [_("Plugin"), _("Distribution"), _("Version"), _("Registers")],
            [
                [
                    r["name"],
                    r["distribution"],
                    r["version"],
                    "; ".join(f"{k}: {len(v)}" for k, v in r["registers"].items()),
                ]
                for r in rows
            ],
        )
        for p in problems:
            click.echo(_("Problem in {plugin} ({hook}): {message}").format(**p), err=True)
        return 1 if problems else 0

    return plugins


def packs_group() -> click.Group:
    """Build the ``packs`` command group."""

    @click.group(
        name="packs", help=_("Content packs: data folders of skills, apps, guides and templates.")
    )
    def packs() -> None:
        pass

    @packs.command(name="list", help=_("List the installed content packs and who provides them."))
    @click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document instead of a table.")
    )
    def list_packs(as_json: bool) -> int:
        from cnscd_core.packs import read_manifest

        host = current_host()
        rows = []
        for entry in host.content_packs:
            manifest = read_manifest(entry.path)
            rows.append(
                {
                    "name": manifest.name,
                    "version": manifest.version,
                    "title": manifest.title.get(_lang()),
                    "languages": list(manifest.languages),
                    "provides": list(manifest.provides),
                    "province": manifest.province,
                    "provided_by": host.content_packs.owner_of(entry.name),
                    "path": str(entry.path),
                }
            )
        if as_json:
            echo_json(rows)
            return 0
        echo_table(
            [_("Pack"), _("Version"), _("Title"), _("Provided by")],
            [[r["name"], r["version"], r["title"], r["provided_by"]] for r in rows],
        )
        return 0

    @packs.command(
        name="check",
        help=_("Check a content pack and print every problem found; exit 0 only when clean."),
    )
    @click.argument("path", type=click.Path(path_type=Path))
    @click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document instead of a table.")
    )
    def check(path: Path, as_json: bool) -> int:
        from cnscd_core.packs import check_pack

        problems = check_pack(path, host=current_host())
        if as_json:
            echo_json(
                {
                    "path": str(path),
                    "ok": not problems,
                    "problems": [
                        {"file": p.file, "where": p.where, "message": p.message} for p in problems
                    ],
                }
            )
            return 1 if problems else 0
        if not problems:
            click.echo(_("{path}: no problem found.").format(path=path))
            return 0
        for problem in problems:
            click.echo(str(problem))
        click.echo(_("{n} problem(s) found in {path}.").format(n=len(problems), path=path))
        return 1

    return packs


def _lang() -> str:
    from cnscd_core.i18n import get_language

    return get_language()
