"""``cnscd report merge``: merge lower units' JSON reports into the report of the unit above."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cnscd_core.cli._output import echo_json
from cnscd_core.i18n import gettext as _

__all__ = ["merge_command"]


def merge_command() -> click.Command:
    """Build the ``merge`` subcommand of ``report``."""

    @click.command(
        name="merge",
        help=_(
            "Merge the JSON reports of lower units (same period, no unit counted twice) into "
            "the report of the unit above them; legacy units are converted to 2025 units."
        ),
    )
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option(
        "--out",
        "out",
        required=True,
        type=click.Path(path_type=Path),
        help=_("The merged report to write (.json, or .html/.md/.xlsx/.docx to render it)."),
    )
    @click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document summarising the merge.")
    )
    def merge(files: tuple[Path, ...], out: Path, as_json: bool) -> int:
        from cnscd_core.cli._plugins import current_host
        from cnscd_core.errors import CnscdError
        from cnscd_core.reports import format_from_path, render_report
        from cnscd_core.rollup import Report, merge_reports

        reports = []
        for path in files:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                reports.append(Report.from_json(data))
            except OSError as exc:
                raise CnscdError(
                    _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
                ) from None
            except (ValueError, KeyError, TypeError) as exc:
                raise CnscdError(
                    _(
                        "{path} is not a cnscd JSON report ({reason}); expected a file written "
                        "by 'cnscd report --format json'"
                    ).format(path=path, reason=exc)
                ) from None
        host = current_host()
        merged = merge_reports(reports, host=host)
        render_report(merged, format_from_path(out) or "json", out, host=host)
        if as_json:
            echo_json(
                {
                    "out": str(out),
                    "unit": {"code": merged.root.code, "name": merged.root.name},
                    "period": merged.period.label,
                    "merged": [r.root.code for r in reports],
                    "notes": list(merged.notes),
                }
            )
        else:
            click.echo(
                _("Merged {n} report(s) into {name} ({code}), {period}: {out}").format(
                    n=len(reports),
                    name=merged.root.name,
                    code=merged.root.code,
                    period=merged.period.label,
                    out=out,
                )
            )
            for note in merged.notes:
                click.echo(f"- {note}")
        return 0

    return merge
