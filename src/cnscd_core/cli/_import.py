"""``cnscd import FILE...`` and ``cnscd import template --out FILE.xlsx``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from cnscd_core.cli._output import echo_json, echo_table, store_option
from cnscd_core.i18n import N_
from cnscd_core.i18n import gettext as _

__all__ = ["import_group"]

#: Hidden command that imports files; the group routes every other first word to it.
_RUN = "files"
_SHOWN_REJECTIONS = 10

_KIND_NAMES = {
    "teams": N_("Teams"),
    "members": N_("Members"),
    "households": N_("Households"),
    "residents": N_("Residents"),
    "visits": N_("Visits"),
}


def _kind_name(kind: str) -> str:
    translate = _  # an alias, so message extraction does not take the key for a message
    return translate(_KIND_NAMES.get(kind, kind))


class _RunContext(click.Context):
    """The hidden import command answers to its group's name (``cnscd import``)."""

    @property
    def command_path(self) -> str:
        return self.parent.command_path if self.parent is not None else super().command_path


class _RunCommand(click.Command):
    context_class = _RunContext


class ImportGroup(click.Group):
    """A group whose first argument is a file to import unless it is a subcommand's name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = [_RUN, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(
            ctx.command_path, "FILE [FILE ...] [--store PATH] [--rejects PATH] [--json]"
        )
        formatter.write_usage(ctx.command_path, "template --out FILE.xlsx")


def _print_summary(summary: Any, store: Path, files: Sequence[Path]) -> None:
    click.echo(_("Imported {n} file(s) into the store {store}.").format(n=len(files), store=store))
    rows = [
        [_kind_name(kind), c.read, c.new, c.updated, c.unchanged, c.rejected]
        for kind, c in summary.by_kind.items()
        if c.read
    ]
    rows.append(
        [
            _("Total"),
            summary.read,
            summary.new,
            summary.updated,
            summary.unchanged,
            summary.rejected,
        ]
    )
    echo_table([_("Kind"), _("Read"), _("New"), _("Updated"), _("Unchanged"), _("Rejected")], rows)
    skipped = [s for s in summary.sheets if s.kind is None]
    for sheet in skipped:
        click.echo(
            _("Sheet {sheet!r} of {file} skipped: no recognisable header row.").format(
                sheet=sheet.sheet, file=sheet.file
            )
        )
    if summary.new_villages:
        click.echo(_("{n} new village(s) added.").format(n=summary.new_villages))
    for review in summary.village_reviews:
        click.echo(
            _(
                "To review: {spelling!r} differs from the village {name} ({code}) only by "
                "missing accents; its rows were attached to it."
            ).format(spelling=review.spelling, name=review.name, code=review.village)
        )
    if summary.rejected:
        reasons = ", ".join(f"{code}: {n}" for code, n in summary.reasons().items())
        click.echo(
            _("{n} row(s) rejected ({reasons}); every one is in {path}").format(
                n=summary.rejected, reasons=reasons, path=summary.rejects
            )
        )
        for rejection in summary.rejections[:_SHOWN_REJECTIONS]:
            click.echo("  " + str(rejection))
        if summary.rejected > _SHOWN_REJECTIONS:
            click.echo("  " + _("... and {n} more.").format(n=summary.rejected - _SHOWN_REJECTIONS))


def import_group() -> click.Group:
    """Build the ``import`` command group."""

    @click.group(
        name="import",
        cls=ImportGroup,
        help=_(
            "Import commune spreadsheets (CSV, XLSX, XLS, ODS) of teams, members, households, "
            "residents and visits into the store, in one transaction. Sheets are recognised by "
            "their headers; rejected rows go to a rejects file. Exit code 0: every row "
            "accepted; 1: some rows rejected; 2: bad usage or an unreadable file (nothing "
            "written). 'cnscd import template --out FILE.xlsx' writes a template; "
            "'cnscd import FILE --help' lists the options of an import."
        ),
    )
    def group() -> None:
        pass

    @group.command(
        name=_RUN,
        cls=_RunCommand,
        hidden=True,
        help=_("Import the files into the store."),
    )
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
    @store_option()
    @click.option(
        "--rejects",
        "rejects_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_(
            "Write the rejected rows to this file, .xlsx or .csv (default: "
            "rejects/<first file>.rejects.xlsx next to the store)."
        ),
    )
    @click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document instead of a table.")
    )
    def run(
        files: tuple[Path, ...], store_path: Path | None, rejects_path: Path | None, as_json: bool
    ) -> int:
        from cnscd_core.cli._plugins import current_host
        from cnscd_core.importer import import_files
        from cnscd_core.store import default_store_path, open_store

        if rejects_path is not None and rejects_path.suffix.lower() not in (".xlsx", ".csv"):
            raise click.BadParameter(
                _("{path}: expected a file name ending in .xlsx or .csv").format(path=rejects_path),
                param_hint="--rejects",
            )
        path = store_path or default_store_path()
        store = open_store(path)
        try:
            summary = import_files(
                files,
                store,
                host=current_host(),
                progress=sys.stderr.isatty(),
                rejects_path=rejects_path,
            )
        finally:
            store.close()
        if as_json:
            echo_json({**summary.to_json(), "store": str(path)})
        else:
            _print_summary(summary, path, files)
        return 1 if summary.rejected else 0

    @group.command(
        name="template",
        help=_("Write an XLSX template with every header the import recognises."),
    )
    @click.option(
        "--out",
        "out",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("The template file to write (.xlsx)."),
    )
    def template(out: Path) -> int:
        from cnscd_core.importer import write_template

        if out.suffix.lower() != ".xlsx":
            raise click.BadParameter(
                _("{path}: expected a file name ending in .xlsx").format(path=out),
                param_hint="--out",
            )
        write_template(out)
        click.echo(_("Template written to {path}.").format(path=out))
        return 0

    return group
