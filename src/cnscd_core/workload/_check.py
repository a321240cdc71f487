"""The workload check: teams against their province's team-rule preset, members' loads."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from cnscd_core.i18n import gettext as _
from cnscd_core.i18n import ngettext
from cnscd_core.workload._records import Finding, Severity, WorkloadReport, WorkloadSummary
from cnscd_core.workload._scope import (
    BoolArray,
    IntArray,
    Scope,
    check_capacity,
    default_capacity,
    load_scope,
    member_loads,
    resolve_preset,
)

if TYPE_CHECKING:
    from cnscd_core.catalog import TeamRulePreset
    from cnscd_core.field import Team
    from cnscd_core.plugins import PluginHost
    from cnscd_core.store import Store
    from cnscd_core.units import UnitRegistry

__all__ = ["check_workload"]


def check_workload(
    store: Store,
    unit_code: str,
    preset: TeamRulePreset | str | None = None,
    units: UnitRegistry | None = None,
    *,
    capacity: int | None = None,
    as_of: dt.date | None = None,
    host: PluginHost | None = None,
) -> WorkloadReport:
    """Check the teams and members of the unit ``unit_code`` (a province, commune or village).

    Teams are held against ``preset`` (a preset, the name of a registered one, or ``None``
    for the preset of the unit's province, ``national`` when no plugin registered a profile
    for it): team size by level, a leader, and at least ``min_teams_per_village`` teams (1
    when the preset sets no number) in every village. Members' loads are held against
    ``capacity`` (default: the preset's ``households_per_member``, else 220): a member above
    it is overloaded, an active team member with no household is idle. Households with no
    active member are counted per village. Members who left and dissolved teams (as of
    ``as_of``, default today) do not count. Nothing is written.
    """
    from cnscd_core.units import Level

    scope = load_scope(store, unit_code, units, as_of)
    rules = resolve_preset(preset, scope.code, scope.registry, host)
    cap = check_capacity(capacity) if capacity is not None else default_capacity(rules)
    findings: list[Finding] = []

    # Villages: each needs its own team(s).
    villages = (
        [scope.index]
        if scope.level == Level.VILLAGE
        else list(scope.units.indices(Level.VILLAGE, within=scope.code))
    )
    team_indices = scope.in_scope_teams()
    teams_per_unit = np.bincount(
        np.asarray([scope.team_unit[i] for i in team_indices], dtype=np.int64),
        minlength=len(scope.units),
    )
    needed = rules.min_teams_per_village or 1
    severity: Severity = "error" if rules.min_teams_per_village else "warning"
    without_team = 0
    for village in villages:
        found = int(teams_per_unit[village])
        if found < needed:
            without_team += 1
            findings.append(
                Finding(
                    code="village_without_team",
                    unit=scope.units.code(village),
                    subject=scope.units.code(village),
                    severity=severity,
                    message=ngettext(
                        "{unit} ({code}) has {found} team; the preset {preset} expects at least "
                        "{limit} in every village",
                        "{unit} ({code}) has {found} teams; the preset {preset} expects at least "
                        "{limit} in every village",
                        found,
                    ).format(
                        unit=scope.units.name(village),
                        code=scope.units.code(village),
                        found=found,
                        preset=rules.code,
                        limit=needed,
                    ),
                    value=found,
                    limit=needed,
                )
            )

    # Teams: size by level, and a leader.
    under = over = leaderless = 0
    size_findings: list[Finding] = []
    leader_findings: list[Finding] = []
    for i in team_indices:
        team = scope.teams[i]
        unit = scope.units.code(scope.team_unit[i])
        rows = scope.team_members[team.code]
        low, high = _size_bounds(rules, team)
        if low is not None and len(rows) < low:
            under += 1
            size_findings.append(
                Finding(
                    code="team_too_small",
                    unit=unit,
                    subject=team.code,
                    severity="error",
                    message=ngettext(
                        "the team {team} has {found} active member; the preset {preset} expects "
                        "at least {limit}",
                        "the team {team} has {found} active members; the preset {preset} expects "
                        "at least {limit}",
                        len(rows),
                    ).format(team=team.code, found=len(rows), preset=rules.code, limit=low),
                    value=len(rows),
                    limit=low,
                )
            )
        if high is not None and len(rows) > high:
            over += 1
            size_findings.append(
                Finding(
                    code="team_too_large",
                    unit=unit,
                    subject=team.code,
                    severity="error",
                    message=_(
                        "the team {team} has {found} active members; the preset {preset} "
                        "expects at most {limit}"
                    ).format(team=team.code, found=len(rows), preset=rules.code, limit=high),
                    value=len(rows),
                    limit=high,
                )
            )
        if rules.leader_required and not _has_leader(scope, team, rows):
            leaderless += 1
            leader_findings.append(
                Finding(
                    code="team_without_leader",
                    unit=unit,
                    subject=team.code,
                    severity="error",
                    message=_(
                        "the team {team} has no active leader; the preset {preset} expects one"
                    ).format(team=team.code, preset=rules.code),
                )
            )
    findings.extend(f for f in size_findings if f.code == "team_too_small")
    findings.extend(f for f in size_findings if f.code == "team_too_large")
    findings.extend(leader_findings)

    # Members and households: loads count every household of a member, in any unit.
    households = store.columns("households", units=scope.units)
    h_unit = households["unit"].astype(np.int64)
    h_member = households["member"].astype(np.int64)
    load = member_loads(h_member, len(scope.members))
    in_scope = (h_unit >= 0) & scope.within[np.maximum(h_unit, 0)]
    has_active = _has_active_member(scope, h_member)

    in_team = sorted({row for i in team_indices for row in scope.team_members[scope.teams[i].code]})
    holding = np.unique(h_member[in_scope & (h_member >= 0)])
    checked = sorted({*in_team, *(int(r) for r in holding if scope.member_active[r])})
    overloaded = [r for r in checked if load[r] > cap]
    idle = [r for r in in_team if load[r] == 0]
    for row in overloaded:
        code = scope.member_code(row)
        findings.append(
            Finding(
                code="member_overloaded",
                unit=_member_unit(scope, row),
                subject=code,
                severity="warning",
                message=_(
                    "the member {member} carries {found} households; expected at most {limit}"
                ).format(member=code, found=int(load[row]), limit=cap),
                value=int(load[row]),
                limit=cap,
            )
        )
    for row in idle:
        code = scope.member_code(row)
        findings.append(
            Finding(
                code="member_idle",
                unit=_member_unit(scope, row),
                subject=code,
                severity="info",
                message=_("the member {member} carries no household").format(member=code),
                value=0,
                limit=cap,
            )
        )

    unassigned = in_scope & ~has_active
    per_unit = np.bincount(h_unit[unassigned], minlength=len(scope.units))
    for index in np.flatnonzero(per_unit).tolist():
        n = int(per_unit[index])
        code = scope.units.code(index)
        findings.append(
            Finding(
                code="household_unassigned",
                unit=code,
                subject=code,
                severity="warning",
                message=ngettext(
                    "{n} household of {unit} ({code}) has no active member",
                    "{n} households of {unit} ({code}) have no active member",
                    n,
                ).format(n=n, unit=scope.units.name(index), code=code),
                value=n,
            )
        )

    summary = WorkloadSummary(
        teams_checked=len(team_indices),
        villages_checked=len(villages),
        villages_without_team=without_team,
        teams_under_size=under,
        teams_over_size=over,
        teams_without_leader=leaderless,
        members_checked=len(checked),
        members_overloaded=len(overloaded),
        members_idle=len(idle),
        households=int(in_scope.sum()),
        households_unassigned=int(unassigned.sum()),
    )
    return WorkloadReport(
        unit=scope.code, preset=rules.code, capacity=cap, findings=tuple(findings), summary=summary
    )


def _size_bounds(rules: TeamRulePreset, team: Team) -> tuple[int | None, int | None]:
    """The preset's (least, most) members for a team of ``team.level``."""
    if team.level == "commune":
        low, high = rules.commune_team_min_members, rules.commune_team_max_members
    else:
        low, high = rules.village_team_min_members, rules.village_team_max_members
    return (
        low if low is not None else rules.min_members,
        high if high is not None else rules.max_members,
    )


def _has_leader(scope: Scope, team: Team, rows: tuple[int, ...]) -> bool:
    """Whether ``team.leader`` is an active member, or an active member holds ``leader``."""
    leader = scope.member_row.get(team.leader) if team.leader else None
    if leader is not None and scope.member_active[leader]:
        return True
    return any(scope.members[row].position == "leader" for row in rows)


def _has_active_member(scope: Scope, h_member: IntArray) -> BoolArray:
    """Per household: whether its member exists and is active."""
    if not len(scope.members):
        return np.zeros(len(h_member), dtype=np.bool_)
    return (h_member >= 0) & scope.member_active[np.maximum(h_member, 0)]


def _member_unit(scope: Scope, row: int) -> str:
    """The unit of the member's first active team (by team code), else the checked unit."""
    for team in sorted(scope.members[row].teams):
        i = scope.team_index.get(team)
        if i is not None and scope.team_active[i] and scope.team_unit[i] >= 0:
            return scope.units.code(scope.team_unit[i])
    return scope.code
