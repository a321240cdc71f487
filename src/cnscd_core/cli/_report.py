"""``cnscd report --unit CODE --period P --format F --out FILE``, and room for ``report merge``.

``report`` is a group whose first word routes like ``cnscd import``: a subcommand's name
(``merge``, once registered) runs that subcommand; anything else renders a report.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cnscd_core.cli._output import store_option
from cnscd_core.i18n import LANGUAGES
from cnscd_core.i18n import gettext as _

__all__ = ["ReportGroup", "add_merge_command", "report_group"]

#: Hidden command that renders a report; the group routes every other first word to it.
_RUN = "render"


class _RunContext(click.Context):
    """The hidden render command answers to its group's name (``cnscd report``)."""

    @property
    def command_path(self) -> str:
        return self.parent.command_path if self.parent is not None else super().command_path


class _RunCommand(click.Command):
    context_class = _RunContext


class ReportGroup(click.Group):
    """A group that renders a report unless its first argument names a subcommand.

    ``cnscd report --help`` shows the render options (the five formats among them) and the
    subcommands.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = [_RUN, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(
            ctx.command_path,
            "--unit CODE --period PERIOD --format html|md|json|docx|xlsx --out FILE "
            "[--store PATH] [--lang vi|en] [--roster]",
        )
        for name in self.list_commands(ctx):
            command = self.commands[name]
            if not command.hidden:
                pieces = " ".join(command.collect_usage_pieces(ctx))
                formatter.write_usage(f"{ctx.command_path} {name}", pieces)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        run = self.commands.get(_RUN)
        records = []
        for param in (run or self).get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                records.append(record)
        if records:
            with formatter.section(_("Options")):
                formatter.write_dl(records)
        self.format_commands(ctx, formatter)


def add_merge_command(group: click.Group) -> None:
    """Register ``cnscd report merge FILE... --out FILE`` on ``group`` (the lead's hook)."""
    from cnscd_core.cli._merge import merge_command

    group.add_command(merge_command())


def report_group() -> click.Group:
    """Build the ``report`` command group."""
    # The five formats, spelt out here so that building the CLI does not import the renderers.
    FORMATS = ("html", "md", "json", "docx", "xlsx")

    @click.group(
        name="report",
        cls=ReportGroup,
        help=_(
            "Write the report of a unit (a province, commune or village) for a period: its "
            "indicators and its children's down to villages, validation findings and notes. "
            "Formats: html (one self-contained page with tables and charts), md (Markdown for "
            "chat and wikis), json (the documented JSON shape), docx (an official document "
            "in the Decree 30/2020/NĐ-CP layout) and xlsx (one sheet per level). Province "
            "plugins can replace the templates. Reports hold no household or resident data; "
            "member names only with --roster. Exit code 0: written; 2: bad input (unknown "
            "unit, no data, unreadable store)."
        ),
    )
    # so that "cnscd report --help --lang en" works (the language is set before parsing)
    @click.option("--lang", type=click.Choice(LANGUAGES), expose_value=False, hidden=True)
    def group() -> None:
        pass

    @group.command(name=_RUN, cls=_RunCommand, hidden=True, help=_("Write a report."))
    @store_option()
    @click.option(
        "--unit",
        "unit_code",
        required=True,
        metavar="CODE",
        help=_("The unit: a 2025 province, commune or village code (e.g. 14, 03856)."),
    )
    @click.option(
        "--period",
        "period_text",
        required=True,
        metavar="PERIOD",
        help=_("The period: a month (2026-09), a quarter (2026-Q3) or a year (2026)."),
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        help=_("html, md, json, docx or xlsx (default: from the file name given to --out)."),
    )
    @click.option(
        "--out",
        "out",
        required=True,
        metavar="FILE",
        help=_("The file to write; '-' writes html, md or json to standard output."),
    )
    @click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        help=_("Language of the report (default vi; also CNSCD_LANG)."),
    )
    @click.option(
        "--roster",
        is_flag=True,
        help=_(
            "Add the list of team members with their names (personal data: do not publish "
            "such a report)."
        ),
    )
    def run(
        store_path: Path | None,
        unit_code: str,
        period_text: str,
        fmt: str | None,
        out: str,
        lang: str | None,
        roster: bool,
    ) -> int:
        from cnscd_core.cli._plugins import current_host
        from cnscd_core.reports import format_from_path, render_report, roster_rows
        from cnscd_core.rollup import Period, build_report
        from cnscd_core.store import default_store_path, open_store

        to_stdout = out == "-"
        fmt = fmt or (None if to_stdout else format_from_path(out))
        if fmt is None:
            raise click.BadParameter(
                _(
                    "{path}: cannot tell the format from the file name; expected --format "
                    "html, md, json, docx or xlsx"
                ).format(path=out),
                param_hint="--format",
            )
        if to_stdout and fmt not in ("html", "md", "json"):
            raise click.BadParameter(
                _("{format} is a binary format; expected a file name, not '-'").format(format=fmt),
                param_hint="--out",
            )
        period = Period.parse(period_text)
        host = current_host()
        store = open_store(store_path or default_store_path(), read_only=True)
        try:
            units = store.unit_registry()
            report = build_report(store, unit_code.strip(), period, host=host)
            members = roster_rows(store, report) if roster else None
        finally:
            store.close()
        if to_stdout:
            sys.stdout.flush()
            render_report(
                report, fmt, sys.stdout.buffer, host=host, lang=lang, roster=members, units=units
            )
            sys.stdout.buffer.flush()
            return 0
        path = render_report(
            report, fmt, Path(out), host=host, lang=lang, roster=members, units=units
        )
        click.echo(_("Report written to {path}.").format(path=path))
        return 0

    add_merge_command(group)
    return group
