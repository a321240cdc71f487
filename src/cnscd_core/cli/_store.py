"""``cnscd store``: what the field-data store holds."""

from __future__ import annotations

from pathlib import Path

import click

from cnscd_core.cli._output import echo_json, echo_table, store_option
from cnscd_core.i18n import N_
from cnscd_core.i18n import gettext as _

__all__ = ["store_group"]

_KIND_NAMES = {
    "teams": N_("Teams"),
    "members": N_("Members"),
    "households": N_("Households"),
    "residents": N_("Residents"),
    "visits": N_("Visits"),
    "campaigns": N_("Campaigns"),
    "feedback": N_("Feedback"),
    "villages": N_("Villages added by imports"),
}


def store_group() -> click.Group:
    """Build the ``store`` command group."""

    @click.group(name="store", help=_("The field-data store: what it holds."))
    def store() -> None:
        pass

    @store.command(name="stats", help=_("Count the records of each kind in the store."))
    @store_option()
    @click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document instead of a table.")
    )
    def stats(store_path: Path | None, as_json: bool) -> int:
        from cnscd_core.store import StoreError, default_store_path, open_store

        path = store_path or default_store_path()
        if not path.is_file():
            open_store(path, read_only=True)  # raises: the store does not exist
        try:
            opened = open_store(path)  # writable, so that an older schema is migrated
        except StoreError:
            opened = open_store(path, read_only=True)
        try:
            counts = opened.counts()
        finally:
            opened.close()
        if as_json:
            echo_json(counts)
            return 0
        translate = _  # an alias, so message extraction does not take the key for a message
        echo_table(
            [_("Kind"), _("Records")],
            [[translate(_KIND_NAMES.get(kind, kind)), n] for kind, n in counts.items()],
        )
        click.echo(_("Store: {path}").format(path=path))
        return 0

    return store
