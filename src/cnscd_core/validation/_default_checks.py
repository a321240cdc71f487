"""The checking functions of the core's seven validation rules (see ``default_rules``)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from cnscd_core.i18n import format_date
from cnscd_core.i18n import gettext as _
from cnscd_core.rollup import Finding
from cnscd_core.validation._checks import RuleCheck, RuleChecks
from cnscd_core.validation._context import CheckContext

__all__ = ["VALIDATION_CHECKS"]


VALIDATION_CHECKS = RuleChecks()


def _from_workload(*codes: str) -> RuleCheck:
    """A check yielding the workload check's findings of ``codes`` (severity kept: it
    depends on the preset)."""

    def check(context: CheckContext) -> Iterator[Finding]:
        for found in context.workload().findings:
            if found.code in codes:
                yield context.finding(
                    found.message, subject=found.subject, unit=found.unit, severity=found.severity
                )

    return check


VALIDATION_CHECKS.attach("village_without_team", _from_workload("village_without_team"))
VALIDATION_CHECKS.attach("team_size", _from_workload("team_too_small", "team_too_large"))
VALIDATION_CHECKS.attach("team_without_leader", _from_workload("team_without_leader"))
VALIDATION_CHECKS.attach("member_overloaded", _from_workload("member_overloaded"))
VALIDATION_CHECKS.attach("household_unassigned", _from_workload("household_unassigned"))


@VALIDATION_CHECKS.attach("member_untrained")
def _member_untrained(context: CheckContext) -> Iterator[Finding]:
    """Active members of the unit's active teams with no training dated by ``as_of``."""
    scope = context.scope()
    first_team: dict[int, tuple[str, str]] = {}  # member row -> (team, unit), first team by code
    for team in context.active_teams():
        for row in scope.team_members[team.code]:
            first_team.setdefault(row, (team.code, team.unit))
    day = format_date(context.as_of)
    for row in sorted(first_team, key=scope.member_code):
        member = scope.members[row]
        if any(training.date <= context.as_of for training in member.trainings):
            continue
        team_code, unit = first_team[row]
        yield context.finding(
            _("the member {member} of the team {team} has no training recorded by {date}").format(
                member=member.code, team=team_code, date=day
            ),
            subject=member.code,
            unit=unit,
        )


@VALIDATION_CHECKS.attach("team_without_visits")
def _team_without_visits(context: CheckContext) -> Iterator[Finding]:
    """Active teams none of whose members (past or present) recorded a visit in the period.

    A visit counts for every team of the member who made it (a member can sit in a commune
    team and a village team).
    """
    scope = context.scope()
    visited = _members_with_visits(context)
    teams_visited = {
        team for row in visited if row < len(scope.members) for team in scope.members[row].teams
    }
    for team in context.active_teams():
        if team.code in teams_visited:
            continue
        yield context.finding(
            _("the team {team} recorded no guidance visit in {period}").format(
                team=team.code, period=context.period.label
            ),
            subject=team.code,
            unit=team.unit,
        )


def _members_with_visits(context: CheckContext) -> set[int]:
    """Rows (in the store's member order) of the members who made a visit in the period."""
    visits = context.store.columns("visits", units=context.unit_set)
    if not len(visits):
        return set()
    dates = visits["date"]
    member = visits["member"]
    keep = (
        (dates >= np.datetime64(context.period.start))
        & (dates <= np.datetime64(context.period.end))
        & (member >= 0)
    )
    return {int(row) for row in np.unique(member[keep])}
