"""The ``cnscd`` group, language selection, and error handling for every command."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import LANGUAGES, gettext, set_language
from cnscd_core.i18n import gettext as _

if TYPE_CHECKING:
    from cnscd_core.plugins import PluginHost

__all__ = ["build_cli", "main"]


def _language_from_argv(argv: Sequence[str]) -> str | None:
    """Find ``--lang X`` / ``--lang=X`` before the command is built (help texts need it)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _localise_click() -> None:
    """Route click's own messages ("Usage:", "Options"...) through our catalogues."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    from cnscd_core.i18n import ngettext

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ):
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def build_cli(host: PluginHost | None = None) -> click.Group:
    """Build the ``cnscd`` command group in the active language, with every plugin's commands.

    Plugin problems are reported on stderr, one line each, and do not stop the CLI.
    """
    from cnscd_core.plugins import load_plugins

    if host is None:
        host = load_plugins()

    @click.group(
        name="cnscd",
        help=_(
            "Tools for the Community Digital Technology Teams: administrative units, field "
            "data, indicators and reports."
        ),
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    @click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        help=_("Language of messages and help (default vi; also CNSCD_LANG)."),
        expose_value=False,
        is_eager=True,
    )
    @click.version_option(package_name="cnscd-core", prog_name="cnscd")
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        ctx.obj = host

    for command in host.commands:
        cli.add_command(command)
    for problem in host.problems_so_far:
        click.echo(
            _("Warning: plugin {plugin} ({hook}): {message}").format(
                plugin=problem.plugin, hook=problem.hook, message=problem.message
            ),
            err=True,
        )
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns (and, as a console script, exits with) the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = _language_from_argv(args)
    try:
        set_language(lang if lang in LANGUAGES else None)
    except ValueError:
        set_language(None)
    _localise_click()
    try:
        cli = build_cli()
        result = cli.main(args=args, prog_name="cnscd", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(_("Aborted."), err=True)
        return 1
    except click.exceptions.ClickException as exc:
        hint = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = " " + _("(see '{command} --help')").format(command=ctx.command_path)
        click.echo(_("Error: {message}").format(message=exc.format_message()) + hint, err=True)
        return exc.exit_code
    except CnscdError as exc:
        click.echo(_("Error: {message}").format(message=exc.message), err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo(_("Interrupted."), err=True)
        return 130
    except BrokenPipeError:
        # The reader went away (cnscd ... | head); not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug of ours or of a plugin: one line, traceback on request
        if os.environ.get("CNSCD_DEBUG"):
            raise
        click.echo(
            _(
                "Internal error: {error}. Please report it; set CNSCD_DEBUG=1 to see the traceback."
            ).format(error=f"{type(exc).__name__}: {exc}"),
            err=True,
        )
        return 3
    return result if isinstance(result, int) else 0
