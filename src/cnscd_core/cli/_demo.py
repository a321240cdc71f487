"""``cnscd demo``: the main job on the embedded demo data (grows with each capability)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import click

from cnscd_core.i18n import format_date, format_percent
from cnscd_core.i18n import gettext as _

__all__ = ["demo_command"]

#: Messy inputs as they arrive in commune spreadsheets; shown by the demo.
DEMO_FIND = ("tp. ho chi minh", "Xã Xuân Bình, H. Như Xuân, Thanh Hoá")
DEMO_FIND_AS_OF = dt.date(2025, 6, 30)
DEMO_CONVERT = "P.3, TP Tây Ninh, Tây Ninh"
DEMO_PERIOD = "2026-Q3"


def demo_command() -> click.Command:
    """Build the ``demo`` command."""

    @click.command(
        name="demo",
        help=_(
            "Run the main job on the embedded demo data: units, then a generated demo commune "
            "imported into a store, its workload check and its quarterly report in five formats."
        ),
    )
    @click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("cnscd-demo"),
        show_default=True,
        help=_("Folder for the demo spreadsheets, store and reports (recreated each run)."),
    )
    @click.option(
        "--seed",
        type=int,
        default=2026,
        show_default=True,
        help=_("Seed of the generated demo commune."),
    )
    def demo(out_dir: Path, seed: int) -> int:
        _units_part()
        _field_part(out_dir, seed)
        click.echo()
        click.echo("To read this in English: cnscd --lang en demo (or set CNSCD_LANG=en).")
        return 0

    return demo


def _units_part() -> None:
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
        when = _("units in force {day}").format(day=format_date(day)) if day else _("today's units")
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
        + _("was: {code} {path}").format(code=conversion.legacy.code, path=conversion.legacy_path)
    )
    for unit in conversion.units:
        path = ", ".join(u.name for u in reversed(registry.current.path(unit.code)))
        click.echo("   " + _("now: {code} {path}").format(code=unit.code, path=path))


def _field_part(out_dir: Path, seed: int) -> None:
    import shutil

    from cnscd_core.cli._import import _print_summary
    from cnscd_core.cli._plugins import current_host
    from cnscd_core.demo import DEMO_COMMUNE, generate_demo
    from cnscd_core.importer import import_files
    from cnscd_core.reports import FORMATS, render_report
    from cnscd_core.rollup import Period, build_report
    from cnscd_core.store import open_store
    from cnscd_core.workload import check_workload

    host = current_host()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    data_dir = out_dir / "data"
    files = generate_demo(data_dir, seed=seed)
    click.echo()
    click.secho(
        _("4. A demo commune, Xã Bắc Yên (Sơn La), generated from seed {seed}:").format(seed=seed),
        bold=True,
    )
    for path in files.paths:
        click.echo(f"   {path}")
    store_path = out_dir / "store.sqlite"
    store = open_store(store_path)
    try:
        summary = import_files(files.paths, store, host=host, rejects_path=out_dir / "rejects.xlsx")
        click.echo()
        click.secho(_("5. Import into the store:"), bold=True)
        _print_summary(summary, store_path, files.paths)
        again = import_files(files.paths, store, host=host, rejects_path=out_dir / "rejects.xlsx")
        click.echo(
            _(
                "   Importing the same files again changes nothing: {new} new, {updated} updated, "
                "{unchanged} unchanged."
            ).format(new=again.new, updated=again.updated, unchanged=again.unchanged)
        )
        click.echo()
        click.secho(_("6. Workload check:"), bold=True)
        registry = store.unit_registry()
        workload = check_workload(store, DEMO_COMMUNE, units=registry, host=host)
        commune = registry.current.get(DEMO_COMMUNE)
        _print_workload_briefly(workload, {"code": commune.code, "name": commune.name})
        click.echo()
        click.secho(
            _("7. Quarterly report {period}, in five formats:").format(period=DEMO_PERIOD),
            bold=True,
        )
        period = Period.parse(DEMO_PERIOD)
        for code in (DEMO_COMMUNE, registry.current.get(DEMO_COMMUNE).parent or DEMO_COMMUNE):
            report = build_report(store, code, period, host=host)
            for fmt in FORMATS:
                path = out_dir / "reports" / f"{code}-{period.label}.{fmt}"
                path.parent.mkdir(parents=True, exist_ok=True)
                render_report(report, fmt, path, host=host, units=registry)
                click.echo(f"   {path}")
        top = report.root.indicators
        rate = top.get("households_all_five_rate")
        if rate is not None and rate.value is not None:
            click.echo(
                _(
                    "   Households with someone able in all five skills: {rate} ({num} of {den})."
                ).format(
                    rate=format_percent(rate.value),
                    num=int(rate.numerator or 0),
                    den=int(rate.denominator or 0),
                )
            )
    finally:
        store.close()


def _print_workload_briefly(workload: Any, unit: dict[str, str]) -> None:
    from cnscd_core.cli._workload import _print_report

    report = workload
    shown = [f for f in report.findings if f.severity != "info"][:8]
    trimmed = attrs.evolve(report, findings=tuple(shown))
    _print_report(trimmed, unit)
    rest = len([f for f in report.findings if f.severity != "info"]) - len(shown)
    if rest > 0:
        click.echo(
            _("   ... and {n} more findings (cnscd workload --json lists them all).").format(n=rest)
        )
