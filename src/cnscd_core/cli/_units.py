"""``cnscd units``: list, find and convert administrative units."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from cnscd_core.cli._output import echo_json, echo_table, unit_row
from cnscd_core.i18n import N_
from cnscd_core.i18n import gettext as _

__all__ = ["units_group"]

_LEVELS = ("province", "district", "commune", "village")
_LEVEL_NAMES = {
    "province": N_("province"),
    "district": N_("district"),
    "commune": N_("commune"),
    "village": N_("village"),
}


def _level_name(level: str) -> str:
    """Translated name of a level label (``commune`` -> ``xã``)."""
    translate = _  # an alias, so message extraction does not take the key for a message
    return translate(_LEVEL_NAMES[level])


class _DateType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """A calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(
                _("{value!r} is not a date; expected YYYY-MM-DD, e.g. 2025-06-30").format(
                    value=value
                ),
                param,
                ctx,
            )


def units_group() -> click.Group:
    """Build the ``units`` command group."""

    @click.group(
        name="units",
        help=_(
            "Administrative units: 34 provinces and 3,321 communes since 2025-07-01, the legacy "
            "63 provinces before, and villages from province data."
        ),
    )
    def units() -> None:
        pass

    level_option = click.option(
        "--level",
        type=click.Choice(_LEVELS),
        help=_("Only units of this level."),
    )
    as_of_option = click.option(
        "--as-of",
        "as_of",
        type=_DateType(),
        help=_("Use the units valid on this date (default: today)."),
    )
    json_option = click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document instead of a table.")
    )

    @units.command(name="list", help=_("List units, by level and below a unit."))
    @level_option
    @click.option("--within", metavar="CODE", help=_("Only units below the unit with this code."))
    @as_of_option
    @json_option
    def list_units(
        level: str | None, within: str | None, as_of: dt.date | None, as_json: bool
    ) -> int:
        from cnscd_core.units import Level, default_registry
        from cnscd_core.units._registry import era_label

        unit_set = default_registry().on(as_of)
        lvl = Level.parse(level) if level else None
        indices = unit_set.indices(lvl, within)
        rows = []
        for idx in indices:
            parent = unit_set.parent_index(idx)
            rows.append(
                unit_row(unit_set.unit(idx), unit_set.name(parent) if parent >= 0 else None)
            )
        if as_json:
            echo_json(rows)
            return 0
        echo_table(
            [_("Code"), _("Name"), _("Kind"), _("Level"), _("Belongs to")],
            [
                [r["code"], r["name"], r["kind"], _level_name(r["level"]), r.get("parent_name", "")]
                for r in rows
            ],
        )
        click.echo(_("{n} units, from {era}.").format(n=len(rows), era=era_label(unit_set.era)))
        return 0

    @units.command(
        name="find",
        help=_(
            "Find units by name. Tolerates missing accents, old tone placement, abbreviations "
            "(P.3, TP., TX, Q.1) and addresses such as 'Xã X, Huyện Y, Tỉnh Z'."
        ),
    )
    @click.argument("text")
    @level_option
    @click.option("--within", metavar="CODE", help=_("Only units below the unit with this code."))
    @as_of_option
    @click.option(
        "--limit",
        type=click.IntRange(1, 100),
        default=10,
        show_default=True,
        help=_("At most this many candidates."),
    )
    @json_option
    def find(
        text: str,
        level: str | None,
        within: str | None,
        as_of: dt.date | None,
        limit: int,
        as_json: bool,
    ) -> int:
        from cnscd_core.units import Level, default_registry

        registry = default_registry()
        found = registry.find(
            text,
            level=Level.parse(level) if level else None,
            within=within,
            as_of=as_of,
            limit=limit,
        )
        rows = [
            {
                **unit_row(c.unit),
                "path": c.path,
                "score": c.score,
                "ambiguous": c.ambiguous,
                "why": list(c.why),
            }
            for c in found
        ]
        if as_json:
            echo_json(rows)
            return 0 if rows else 1
        if not rows:
            click.echo(_("No unit matches {text!r}.").format(text=text))
            return 1
        echo_table(
            [_("Score"), _("Code"), _("Unit"), _("Why")],
            [[f"{r['score']:.2f}", r["code"], r["path"], "; ".join(r["why"])] for r in rows],
        )
        if any(r["ambiguous"] for r in rows):
            click.echo(
                _(
                    "Several units match equally well: add the district or province, or use the "
                    "code."
                )
            )
        return 0

    @units.command(
        name="convert",
        help=_(
            "Convert a legacy unit (before 2025-07-01), given by code, name or address, to the "
            "2025 unit(s) it became."
        ),
    )
    @click.argument("text", metavar="LEGACY_ADDRESS_OR_NAME")
    @json_option
    def convert(text: str, as_json: bool) -> int:
        from cnscd_core.units import default_registry

        conversion = default_registry().convert(text)
        current = default_registry().current
        units_rows = []
        for unit in conversion.units:
            idx = current.index(unit.code)
            path = ", ".join(current.name(i) for i in (idx, *current.ancestor_indices(idx)))
            units_rows.append(
                {**unit_row(unit), "path": path, "default": unit.code == conversion.default}
            )
        document = {
            "query": text,
            "legacy": {**unit_row(conversion.legacy), "path": conversion.legacy_path},
            "units": units_rows,
            "split": conversion.split,
        }
        if as_json:
            echo_json(document)
            return 0
        click.echo(
            _("Legacy unit: {code} {path}").format(
                code=conversion.legacy.code, path=conversion.legacy_path
            )
        )
        if conversion.split:
            click.echo(_("It went to {n} units since 2025-07-01:").format(n=len(units_rows)))
        else:
            click.echo(_("Since 2025-07-01 it is part of:"))
        for row in units_rows:
            mark = " " + _("(main part)") if row["default"] and conversion.split else ""
            click.echo(f"  {row['code']}  {row['path']}{mark}")
        return 0

    return units
