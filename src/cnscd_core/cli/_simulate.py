"""``cnscd simulate``: run a scenario preset and print its indicators, or one JSON document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cnscd_core.cli._output import echo_json, echo_table
from cnscd_core.i18n import gettext as _

if TYPE_CHECKING:
    from cnscd_core.scenarios import Ensemble

__all__ = ["simulate_command"]


def _host() -> Any:
    from cnscd_core.cli._plugins import current_host

    return current_host()


def simulate_command() -> click.Command:
    """Build the ``simulate`` command."""

    @click.command(
        name="simulate",
        help=_(
            "Simulate the teams' work week by week on a synthetic population of a preset "
            "(national or a province's) and print the indicators by month and quarter. The "
            "same seed always prints the same numbers."
        ),
    )
    @click.option(
        "--preset",
        required=True,
        metavar="NAME",
        help=_("Scenario preset: national or a province profile (son-la, binh-duong...)."),
    )
    @click.option(
        "--weeks",
        type=click.IntRange(1, 520),
        default=26,
        show_default=True,
        help=_("Weeks to simulate."),
    )
    @click.option(
        "--seed", type=click.IntRange(min=0), default=0, show_default=True, help=_("Seed.")
    )
    @click.option(
        "--runs",
        type=click.IntRange(1, 1000),
        default=1,
        show_default=True,
        help=_("Runs (seeds spawned from the seed): medians and 10-90% bands when above 1."),
    )
    @click.option(
        "--scale",
        type=click.FloatRange(0.0, 1.0, min_open=True),
        help=_("Share of villages simulated (default: the preset's)."),
    )
    @click.option(
        "--stipend",
        metavar="CODE",
        help=_("Stipend preset for costs (default: the preset's, if any)."),
    )
    @click.option(
        "--workers",
        type=click.IntRange(1, 256),
        default=1,
        show_default=True,
        help=_("Processes to run the runs on."),
    )
    @click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document instead of a table.")
    )
    @click.option(
        "--out",
        "out_path",
        type=click.Path(path_type=Path, dir_okay=False, writable=True),
        metavar="FILE",
        help=_("Also write the JSON document to FILE."),
    )
    def simulate(
        preset: str,
        weeks: int,
        seed: int,
        runs: int,
        scale: float | None,
        stipend: str | None,
        workers: int,
        as_json: bool,
        out_path: Path | None,
    ) -> int:
        from cnscd_core.scenarios import RunResult, costs_json, run_many, scenario, simulate

        host = _host()
        changes: dict[str, Any] = {"weeks": weeks}
        if scale is not None:
            changes["scale"] = scale
        sc = scenario(preset, host=host, **changes)
        stipend_code = stipend or sc.preset.stipend
        if runs == 1:
            result: RunResult | Ensemble = simulate(sc, seed)
        elif workers > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=workers) as pool:
                result = run_many(sc, runs, seed, executor=pool)
        else:
            result = run_many(sc, runs, seed)
        document = result.to_json()
        costs = None
        if stipend_code:
            from cnscd_core.scenarios import resolve_stipend, stipend_cost

            chosen = resolve_stipend(stipend_code, host)
            runs_of = [result] if isinstance(result, RunResult) else list(result.results)
            costs = costs_json([stipend_cost(r, chosen) for r in runs_of])
        document["costs"] = costs
        if out_path is not None:
            import json

            text = json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
            out_path.write_text(text, encoding="utf-8")
        if as_json:
            echo_json(document)
            return 0
        _print(document)
        if out_path is not None:
            click.echo(_("Written to {path}.").format(path=out_path))
        return 0

    return simulate


def _percent(item: dict[str, Any]) -> str:
    value = item.get("value")
    if value is None:
        return ""
    text = f"{value:.1%}"
    if item.get("p10") is not None:
        text += f" [{item['p10']:.1%}–{item['p90']:.1%}]"
    return text


def _count(item: dict[str, Any]) -> str:
    value = item.get("value")
    return "" if value is None else f"{value:,.0f}"


def _print(document: dict[str, Any]) -> None:
    unit = document["unit"]
    population = document["population"]
    click.echo(
        _(
            "Simulated {name} ({code}), preset {preset}: {households} households, {members} "
            "members, {runs} run(s), seed {seed}, scale {scale}."
        ).format(
            name=unit["name"],
            code=unit["code"],
            preset=document["scenario"]["preset"],
            households=f"{population['households']:,}",
            members=f"{population['members']:,}",
            runs=document["runs"],
            seed=population["seed"],
            scale=population["scale_effective"],
        )
    )
    rows = []
    for period in document["periods"]:
        values = period["indicators"]
        rows.append(
            [
                period["label"] + ("" if period["complete"] else " *"),
                _percent(values["households_all_five_rate"]),
                _percent(values["households_assigned_rate"]),
                _percent(values["households_reached_rate"]),
                _count(values["visits"]),
                _count(values["persons_guided"]),
            ]
        )
    echo_table(
        [
            _("Period"),
            _("All five skills"),
            _("Assigned"),
            _("Reached"),
            _("Visits"),
            _("Persons guided"),
        ],
        rows,
    )
    if any(not p["complete"] for p in document["periods"]):
        click.echo(_("* only partly simulated"))
    costs = document.get("costs")
    if costs:

        def money(key: str) -> str:
            item = costs[key]
            value = item["value"] if isinstance(item, dict) else item
            return "" if value is None else f"{value:,.0f}"

        click.echo(
            _(
                "Cost under {stipend}: {total} VND in total ({full} VND at full scale), "
                "{per_gained} VND per household reaching all five, {per_reached} VND per "
                "household reached."
            ).format(
                stipend=costs["stipend"],
                total=money("total_vnd"),
                full=money("total_full_scale_vnd"),
                per_gained=money("per_household_gained_vnd"),
                per_reached=money("per_household_reached_vnd"),
            )
        )
