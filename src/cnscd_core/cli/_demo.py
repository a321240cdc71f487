"""``cnscd demo``: the main job on the embedded demo data (grows with each capability)."""

from __future__ import annotations

import datetime as dt

import click

from cnscd_core.i18n import format_date
from cnscd_core.i18n import gettext as _

__all__ = ["demo_command"]

#: Messy inputs as they arrive in commune spreadsheets; shown by the demo.
DEMO_FIND = ("tp. ho chi minh", "Xã Xuân Bình, H. Như Xuân, Thanh Hoá")
DEMO_FIND_AS_OF = dt.date(2025, 6, 30)
DEMO_CONVERT = "P.3, TP Tây Ninh, Tây Ninh"


def demo_command() -> click.Command:
    """Build the ``demo`` command."""

    @click.command(name="demo", help=_("Run the demonstration on the embedded demo data."))
    def demo() -> int:
        from cnscd_core.units import Level, default_registry

        registry = default_registry()
        provinces = registry.current.units(Level.PROVINCE)
        click.secho(
            _("1. The {n} provinces and centrally governed cities since 2025-07-01:").format(
                n=len(provinces)
            ),
            bold=True,
        )
        names = [f"{u.code} {u.short_name}" for u in provinces]
        width = max(len(n) for n in names) + 2
        for start in range(0, len(names), 4):
            click.echo("   " + "".join(n.ljust(width) for n in names[start : start + 4]).rstrip())

        click.echo()
        click.secho(_("2. Finding units written the way spreadsheets write them:"), bold=True)
        for text in DEMO_FIND:
            day = DEMO_FIND_AS_OF if "Huyện" in text or "H." in text else None
            found = registry.find(text, as_of=day, limit=3)
            when = (
                _("units in force {day}").format(day=format_date(day))
                if day
                else _("today's units")
            )
            click.echo(f"   {text!r} ({when}):")
            for cand in found:
                click.echo(f"     {cand.score:.2f}  {cand.unit.code}  {cand.path}")
                click.echo("           " + "; ".join(cand.why))

        click.echo()
        click.secho(_("3. Converting a legacy address to the 2025 units:"), bold=True)
        conversion = registry.convert(DEMO_CONVERT)
        click.echo(f"   {DEMO_CONVERT!r}")
        click.echo(
            "   "
            + _("was: {code} {path}").format(
                code=conversion.legacy.code, path=conversion.legacy_path
            )
        )
        for unit in conversion.units:
            path = ", ".join(u.name for u in reversed(registry.current.path(unit.code)))
            click.echo("   " + _("now: {code} {path}").format(code=unit.code, path=path))

        click.echo()
        click.echo("To read this in English: cnscd --lang en demo (or set CNSCD_LANG=en).")
        return 0

    return demo
