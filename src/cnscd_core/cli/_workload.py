"""``cnscd workload`` and ``cnscd assign``: team rules, members' loads, households to members."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from cnscd_core.cli._output import echo_json, echo_table, store_option
from cnscd_core.i18n import N_, ngettext
from cnscd_core.i18n import gettext as _

if TYPE_CHECKING:
    from cnscd_core.store import SQLiteStore
    from cnscd_core.workload import AssignmentPlan, WorkloadReport

__all__ = ["assign_command", "workload_command"]

_SEVERITIES = {"info": N_("info"), "warning": N_("warning"), "error": N_("error")}
_REASONS = {
    "unassigned": N_("no member"),
    "member_left": N_("member left"),
    "overloaded": N_("member overloaded"),
}
_SERVED_BY = {"village_team": N_("village team"), "commune_team": N_("commune team")}
_SUMMARY = {
    "teams_checked": N_("teams checked"),
    "villages_checked": N_("villages checked"),
    "villages_without_team": N_("villages without a team"),
    "teams_under_size": N_("teams under size"),
    "teams_over_size": N_("teams over size"),
    "teams_without_leader": N_("teams without a leader"),
    "members_checked": N_("members checked"),
    "members_overloaded": N_("members overloaded"),
    "members_idle": N_("members idle"),
    "households": N_("households"),
    "households_unassigned": N_("households with no active member"),
}
_TOTALS = {
    "households": N_("households"),
    "unassigned": N_("households with no member"),
    "member_left": N_("households whose member left"),
    "surplus": N_("households above capacity"),
    "moved": N_("households moved"),
    "unplaced": N_("households left unplaced"),
    "members": N_("active members"),
    "members_overloaded_before": N_("members overloaded before"),
    "members_overloaded_after": N_("members overloaded after"),
}


def _label(labels: dict[str, str], key: str) -> str:
    """Translated label of ``key`` (marked with ``N_`` above)."""
    translate = _  # an alias, so message extraction does not take the key for a message
    return translate(labels[key])


def _unit_option(function: Any) -> Any:
    return click.option(
        "--unit",
        "unit_code",
        required=True,
        metavar="CODE",
        help=_("Code of the 2025 province, commune or village to work on."),
    )(function)


def _capacity_option(function: Any) -> Any:
    return click.option(
        "--capacity",
        type=click.IntRange(min=1),
        help=_(
            "Households one member carries at most (default: the preset's households per "
            "member, else 220)."
        ),
    )(function)


def _json_option(function: Any) -> Any:
    return click.option(
        "--json", "as_json", is_flag=True, help=_("Print one JSON document instead of a table.")
    )(function)


def _open(path: Path | None, write: bool) -> SQLiteStore:
    """Open an existing store (a missing file is an error, never created here)."""
    from cnscd_core.store import default_store_path, open_store

    path = path if path is not None else default_store_path()
    store = open_store(path, read_only=True)  # refuses a missing file
    if not write:
        return store
    store.close()
    return open_store(path)


def _unit_row(store: SQLiteStore, code: str) -> dict[str, Any]:
    from cnscd_core.units import default_registry

    registry = default_registry()
    store.load_villages_into(registry)
    unit = registry.current.get(code)
    return {"code": unit.code, "name": unit.name, "level": unit.level.label}


def _host() -> Any:
    from cnscd_core.cli._plugins import current_host

    return current_host()


def workload_command() -> click.Command:
    """Build the ``workload`` command."""

    @click.command(
        name="workload",
        help=_(
            "Check a unit's teams against the team rules of its province (size, leader, a team "
            "in every village) and its members' loads (overloaded and idle members, households "
            "with no member). Exit code 1 when anything is found."
        ),
    )
    @store_option()
    @_unit_option
    @click.option(
        "--preset",
        metavar="NAME",
        help=_("Team-rule preset to check against (default: the province's, else national)."),
    )
    @_capacity_option
    @_json_option
    def workload(
        store_path: Path | None,
        unit_code: str,
        preset: str | None,
        capacity: int | None,
        as_json: bool,
    ) -> int:
        from cnscd_core.serialization import default_converter
        from cnscd_core.workload import check_workload

        with _open(store_path, write=False) as store:
            report = check_workload(store, unit_code, preset, capacity=capacity, host=_host())
            unit = _unit_row(store, report.unit)
        if as_json:
            document = default_converter().unstructure(report)
            echo_json(
                {
                    "unit": unit,
                    "preset": report.preset,
                    "capacity": report.capacity,
                    "ok": report.ok,
                    "summary": document["summary"],
                    "findings": document["findings"],
                }
            )
            return 0 if report.ok else 1
        _print_report(report, unit)
        return 0 if report.ok else 1

    return workload


def _print_report(report: WorkloadReport, unit: dict[str, Any]) -> None:
    click.echo(
        _(
            "Workload of {name} ({code}): team-rule preset {preset}, at most {capacity} "
            "households per member."
        ).format(
            name=unit["name"], code=unit["code"], preset=report.preset, capacity=report.capacity
        )
    )
    if report.findings:
        echo_table(
            [_("Severity"), _("Finding"), _("Unit"), _("Subject"), _("Message")],
            [
                [_label(_SEVERITIES, f.severity), f.code, f.unit, f.subject, f.message]
                for f in report.findings
            ],
        )
    else:
        click.echo(_("Nothing found: the teams follow the preset and no member is overloaded."))
    click.echo(_("Summary:"))
    for key, value in attrs.asdict(report.summary).items():
        click.echo(f"  {_label(_SUMMARY, key)}: {value}")


def assign_command() -> click.Command:
    """Build the ``assign`` command."""

    @click.command(
        name="assign",
        help=_(
            "Propose who carries the households with no member and the surplus of overloaded "
            "members, within capacity, keeping households with a member of their own village "
            "and moving as few as possible. Writes nothing unless --apply is given. Exit code 0 "
            "when there is nothing to do or the plan was written whole, 1 otherwise."
        ),
    )
    @store_option()
    @_unit_option
    @_capacity_option
    @click.option(
        "--apply",
        "apply_plan",
        is_flag=True,
        help=_(
            "Write the plan into the store (one transaction, kept in each household's history)."
        ),
    )
    @_json_option
    def assign(
        store_path: Path | None,
        unit_code: str,
        capacity: int | None,
        apply_plan: bool,
        as_json: bool,
    ) -> int:
        from cnscd_core.serialization import default_converter
        from cnscd_core.workload import apply_assignment, propose_assignment

        with _open(store_path, write=apply_plan) as store:
            plan = propose_assignment(store, unit_code, capacity, host=_host())
            changed = 0
            if apply_plan and plan.moves:
                changed = apply_assignment(
                    store,
                    plan,
                    source=f"cnscd assign --unit {plan.unit} --capacity {plan.capacity}",
                )
            unit = _unit_row(store, plan.unit)
        done = not plan.unplaced and (not plan.moves or apply_plan)
        if as_json:
            document = default_converter().unstructure(plan)
            echo_json(
                {
                    "unit": unit,
                    "capacity": plan.capacity,
                    "applied": apply_plan and bool(plan.moves),
                    "changed": changed,
                    "totals": document["totals"],
                    "moves": document["moves"],
                    "unplaced": document["unplaced"],
                    "members": document["members"],
                }
            )
            return 0 if done else 1
        _print_plan(plan, unit, apply_plan, changed)
        return 0 if done else 1

    return assign


def _print_plan(plan: AssignmentPlan, unit: dict[str, Any], applied: bool, changed: int) -> None:
    click.echo(
        _("Assignment in {name} ({code}): at most {capacity} households per member.").format(
            name=unit["name"], code=unit["code"], capacity=plan.capacity
        )
    )
    if not plan.moves and not plan.unplaced:
        click.echo(_("Nothing to do: every household has an active member within capacity."))
        return
    if plan.moves:
        echo_table(
            [_("Household"), _("From"), _("To"), _("Why"), _("Served by")],
            [
                [
                    m.household,
                    m.from_member or "-",
                    m.to_member,
                    _label(_REASONS, m.reason),
                    _label(_SERVED_BY, m.served_by),
                ]
                for m in plan.moves
            ],
        )
    if plan.unplaced:
        click.echo(
            ngettext(
                "No member has room for {n} household; it stays where it is:",
                "No member has room for {n} households; they stay where they are:",
                len(plan.unplaced),
            ).format(n=len(plan.unplaced))
        )
        echo_table(
            [_("Household"), _("Unit"), _("Member"), _("Why")],
            [
                [u.household, u.unit, u.member or "-", _label(_REASONS, u.reason)]
                for u in plan.unplaced
            ],
        )
    click.echo(_("Totals:"))
    for key, value in attrs.asdict(plan.totals).items():
        click.echo(f"  {_label(_TOTALS, key)}: {value}")
    if applied:
        click.echo(
            ngettext(
                "Written: {n} household changed.", "Written: {n} households changed.", changed
            ).format(n=changed)
        )
    elif plan.moves:
        click.echo(_("Nothing written; add --apply to write this plan."))
