"""``cnscd check`` (validation findings) and ``cnscd evaluate`` (scores, ranks, honours)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cnscd_core.cli._output import echo_json, echo_table, store_option
from cnscd_core.cli._workload import (
    _SEVERITIES,
    _host,
    _json_option,
    _label,
    _open,
    _unit_option,
    _unit_row,
)
from cnscd_core.i18n import format_date, format_decimal, ngettext
from cnscd_core.i18n import gettext as _

if TYPE_CHECKING:
    from cnscd_core.evaluation import Evaluation, UnitScore
    from cnscd_core.validation import CheckReport

__all__ = ["check_command", "evaluate_command"]


def _period_json(report: CheckReport) -> dict[str, Any]:
    return {
        "label": report.period.label,
        "start": report.period.start.isoformat(),
        "end": report.period.end.isoformat(),
        "as_of": report.as_of.isoformat(),
    }


def _warn(message: str) -> None:
    click.echo(_("Warning: {message}").format(message=message), err=True)


def check_command() -> click.Command:
    """Build the ``check`` command."""

    @click.command(
        name="check",
        help=_(
            "Run every validation rule on a unit (the core's and the plugins'): villages "
            "without a team, team size and leader, members' loads and training, households "
            "with no member, teams with no visit in the period. Exit code 1 when a warning or "
            "an error is found."
        ),
    )
    @store_option()
    @_unit_option
    @click.option(
        "--period",
        metavar="PERIOD",
        help=_(
            "Month (2026-09), quarter (2026-Q3) or year (2026); teams and members are taken at "
            "its end (default: today, and visits of the current quarter)."
        ),
    )
    @_json_option
    def check(store_path: Path | None, unit_code: str, period: str | None, as_json: bool) -> int:
        from cnscd_core.validation import check_unit

        with _open(store_path, write=False) as store:
            report = check_unit(store, unit_code, period, host=_host())
            unit = _unit_row(store, report.unit)
        for problem in report.problems:
            _warn(problem)
        code = 0 if report.ok else 1
        if as_json:
            echo_json(
                {
                    "unit": unit,
                    "period": _period_json(report),
                    "findings": [f.as_json() for f in report.findings],
                    "summary": report.summary(),
                }
            )
            return code
        _print_check(report, unit)
        return code

    return check


def _print_check(report: CheckReport, unit: dict[str, Any]) -> None:
    click.echo(
        _("Check of {name} ({code}) for {period}, teams and members as of {day}:").format(
            name=unit["name"],
            code=unit["code"],
            period=report.period.label,
            day=format_date(report.as_of),
        )
    )
    if report.findings:
        echo_table(
            [_("Severity"), _("Rule"), _("Unit"), _("Subject"), _("Message")],
            [
                [_label(_SEVERITIES, f.severity), f.rule, f.unit, f.subject, f.message]
                for f in report.findings
            ],
        )
    else:
        click.echo(_("Nothing found: every rule holds."))
    summary = report.summary()
    click.echo(
        ngettext(
            "{n} rule checked; errors: {errors}, warnings: {warnings}, notes: {infos}.",
            "{n} rules checked; errors: {errors}, warnings: {warnings}, notes: {infos}.",
            summary["rules_checked"],
        ).format(
            n=summary["rules_checked"],
            errors=summary["by_severity"]["error"],
            warnings=summary["by_severity"]["warning"],
            infos=summary["by_severity"]["info"],
        )
    )
    if report.unchecked:
        click.echo(
            _("Rules no plugin gave a check to (not checked): {rules}").format(
                rules=", ".join(report.unchecked)
            )
        )


def evaluate_command() -> click.Command:
    """Build the ``evaluate`` command."""

    @click.command(
        name="evaluate",
        help=_(
            "Score the communes and teams of a unit for a period against a criteria set, rank "
            "them and list the candidates for honours. A team's score is the score of the unit "
            "it serves."
        ),
    )
    @store_option()
    @_unit_option
    @click.option(
        "--period",
        metavar="PERIOD",
        required=True,
        help=_("Month (2026-09), quarter (2026-Q3) or year (2026) to evaluate."),
    )
    @click.option(
        "--criteria",
        "criteria_code",
        metavar="NAME",
        help=_(
            "Criteria set to score against (default: the province's own, else "
            "national-default; 'cnscd plugins list' shows the sets)."
        ),
    )
    @_json_option
    def evaluate_cmd(
        store_path: Path | None,
        unit_code: str,
        period: str,
        criteria_code: str | None,
        as_json: bool,
    ) -> int:
        from cnscd_core.evaluation import evaluate

        host = _host()
        with _open(store_path, write=False) as store:
            result = evaluate(store, unit_code, period, criteria_code, host=host)
            unit = _unit_row(store, result.unit)
        if as_json:
            document = result.as_json()
            document["unit"] = unit
            echo_json(document)
            return 0
        _print_evaluation(result, unit)
        return 0

    return evaluate_cmd


def _score(value: float) -> str:
    return format_decimal(round(value, 1))


def _class_name(row: UnitScore) -> str:
    return str(row.class_name) if row.class_name is not None else "-"


def _print_evaluation(result: Evaluation, unit: dict[str, Any]) -> None:
    click.echo(
        _("Evaluation of {name} ({code}) for {period} against {criteria}: {title}").format(
            name=unit["name"],
            code=unit["code"],
            period=result.period.label,
            criteria=result.criteria.code,
            title=result.criteria.name,
        )
    )
    if result.communes:
        click.echo(_("Communes:"))
        echo_table(
            [_("Rank"), _("Code"), _("Name"), _("Score"), _("Class"), _("Missing")],
            [
                [
                    r.rank,
                    r.unit,
                    r.name,
                    _score(r.score),
                    _class_name(r),
                    ", ".join(r.missing) or "-",
                ]
                for r in result.communes
            ],
        )
    if result.teams:
        click.echo(_("Teams:"))
        echo_table(
            [_("Rank"), _("Team"), _("Unit"), _("Score"), _("Class"), _("Shares its unit with")],
            [
                [
                    r.rank,
                    r.team,
                    f"{r.name} ({r.unit})",
                    _score(r.score),
                    _class_name(r),
                    ", ".join(r.shared_with) or "-",
                ]
                for r in result.teams
            ],
        )
    if not result.results:
        click.echo(_("Nothing to score: no commune or active team under the unit."))
    if result.honours:
        click.echo(_("Candidates for honours:"))
        for r in result.honours:
            click.echo(f"  {r.code} ({r.name}): {_score(r.score)}")
    else:
        click.echo(_("No candidate for honours."))
    for note in result.notes:
        click.echo(_("Note: {note}").format(note=note))
