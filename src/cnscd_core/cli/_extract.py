"""``cnscd extract``: a pseudonymised research extract of the store (a ZIP of tables)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cnscd_core.cli._output import echo_json, echo_table
from cnscd_core.i18n import gettext as _

__all__ = ["extract_command"]


def extract_command() -> click.Command:
    """Build the ``extract`` command."""

    @click.command(
        name="extract",
        help=_(
            "Write a pseudonymised research extract of the store into a ZIP file: tables of "
            "households, residents, members, teams and visits with keyed pseudonyms instead "
            "of codes, birth years in 10-year bands, dates as months and places at commune "
            "level, and count tables by commune and month with cells below the threshold "
            "suppressed; no names, phone numbers, ID numbers or free text. The key stays with "
            "the data owner and never goes into the extract."
        ),
    )
    @click.option(
        "--store",
        "store_path",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="PATH",
        help=_("The store file (default: CNSCD_STORE or the per-user data folder)."),
    )
    @click.option(
        "--out",
        "out",
        required=True,
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="FILE",
        help=_("The ZIP file to write (replaced if it exists; readable by you only)."),
    )
    @click.option(
        "--key-file",
        "key_file",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="PATH",
        help=_(
            "File holding the secret key of the pseudonyms (default: CNSCD_EXTRACT_KEY_FILE). "
            "Keep it with the data owner: the same key gives the same pseudonyms in every "
            "extract."
        ),
    )
    @click.option(
        "--new-key",
        is_flag=True,
        help=_(
            "Create a random 32-byte key in the key file if it does not exist (mode 0600); an "
            "existing key is never overwritten."
        ),
    )
    @click.option(
        "--threshold",
        type=int,
        default=5,  # DEFAULT_THRESHOLD (not imported here: the CLI starts without numpy)
        show_default=True,
        help=_("Suppress aggregate cells counting fewer records (or households) than this."),
    )
    @click.option(
        "--unit-level",
        type=click.Choice(["commune", "village"]),
        default="commune",
        show_default=True,
        help=_(
            "Areas of the count tables. Villages are small: ask for them only when needed; the "
            "threshold still applies."
        ),
    )
    @click.option(
        "--aggregates-only",
        is_flag=True,
        help=_(
            "Write only the count tables, no microdata (pseudonymised microdata is still "
            "personal data)."
        ),
    )
    @click.option(
        "--format",
        "file_format",
        type=click.Choice(["csv", "parquet"]),
        default="csv",
        show_default=True,
        help=_("File format of the tables (parquet needs pyarrow)."),
    )
    @click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document instead of a table.")
    )
    def extract(
        store_path: Path | None,
        out: Path,
        key_file: Path | None,
        new_key: bool,
        threshold: int,
        unit_level: str,
        aggregates_only: bool,
        file_format: str,
        as_json: bool,
    ) -> int:
        from cnscd_core.extract import (
            KEY_FILE_ENV,
            ExtractError,
            check_options,
            load_key,
            write_extract,
        )
        from cnscd_core.store import default_store_path, open_store

        check_options(threshold, unit_level, file_format)  # before a key is created
        if key_file is None:
            env = os.environ.get(KEY_FILE_ENV, "").strip()
            if not env:
                raise ExtractError(
                    _(
                        "no key file: give --key-file PATH (or set {env}); add --new-key to "
                        "create a new key there"
                    ).format(env=KEY_FILE_ENV)
                )
            key_file = Path(env)
        path = store_path if store_path is not None else default_store_path()
        if out.resolve() == key_file.resolve():
            raise ExtractError(
                _("--out {path} is the key file; the extract must go to another file").format(
                    path=out
                )
            )
        with open_store(path, read_only=True) as store:  # refuses a missing store
            key = load_key(key_file, create=new_key)
            if key.created:
                click.echo(
                    _(
                        "Created a new key in {path} (readable by you only). Keep it with the "
                        "data owner and never send it with an extract."
                    ).format(path=key.path),
                    err=True,
                )
            elif key.readable_by_others:
                click.echo(
                    _(
                        "Warning: other users can read the key file {path}; run 'chmod 600 {path}'."
                    ).format(path=key.path),
                    err=True,
                )
            summary = write_extract(
                store,
                out,
                key,
                threshold=threshold,
                unit_level=unit_level,
                aggregates_only=aggregates_only,
                format=file_format,
            )
        if as_json:
            echo_json(
                {
                    "out": str(summary.out),
                    "tables": [t.file for t in summary.tables],
                    "rows": summary.rows,
                    "suppressed_cells": summary.suppressed_cells,
                    "threshold": summary.threshold,
                }
            )
            return 0
        echo_table(
            [_("Table"), _("Rows"), _("Suppressed cells")],
            [
                [t.file, t.rows, t.suppressed_cells if t.kind == "aggregate" else ""]
                for t in summary.tables
            ],
        )
        click.echo(
            _(
                "Wrote the research extract {path}: {tables} tables, {cells} cells suppressed "
                "(threshold {threshold})."
            ).format(
                path=summary.out,
                tables=len(summary.tables),
                cells=summary.suppressed_cells,
                threshold=summary.threshold,
            )
        )
        if not aggregates_only:
            click.echo(
                _(
                    "The microdata tables are still personal data: share them only under a "
                    "written agreement (see README.txt in the extract)."
                )
            )
        return 0

    return extract
