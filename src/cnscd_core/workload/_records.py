"""Values the workload check and the assignment produce: findings, summaries, moves, plans.

Every value carries codes only (team, member, household and unit codes), never a name or a
phone number: reports and plans may be shared beyond the commune.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = [
    "FINDING_CODES",
    "AssignmentPlan",
    "AssignmentTotals",
    "Finding",
    "MemberLoad",
    "Move",
    "MoveReason",
    "ServedBy",
    "Severity",
    "Unplaced",
    "WorkloadReport",
    "WorkloadSummary",
]

#: How much a finding matters (``info`` needs no action).
Severity = Literal["info", "warning", "error"]
#: Why a household is moved (or could not be): it had no member, its member left the team,
#: or its member carries more households than the capacity.
MoveReason = Literal["unassigned", "member_left", "overloaded"]
#: Which team's member takes a household: one serving the household's own village (or, for a
#: household registered at commune level, its commune), or a commune team as the fallback.
ServedBy = Literal["village_team", "commune_team"]

#: Finding codes, in the order a report lists them.
FINDING_CODES: tuple[str, ...] = (
    "village_without_team",
    "team_too_small",
    "team_too_large",
    "team_without_leader",
    "member_overloaded",
    "member_idle",
    "household_unassigned",
)


@attrs.frozen
class Finding:
    """One thing the workload check found.

    ``unit`` is the code of the village or commune concerned; ``subject`` the code of the team,
    member or unit the finding is about; ``value`` what was measured (members, households,
    teams) and ``limit`` the bound it was held against, when there is one. ``message`` is
    already translated into the active language.
    """

    code: str = attrs.field(validator=attrs.validators.in_(FINDING_CODES))
    unit: str
    subject: str
    severity: Severity
    message: str
    value: int | None = None
    limit: int | None = None


@attrs.frozen
class WorkloadSummary:
    """Counts of a workload check, one per kind of finding plus what was checked."""

    teams_checked: int = 0
    villages_checked: int = 0
    villages_without_team: int = 0
    teams_under_size: int = 0
    teams_over_size: int = 0
    teams_without_leader: int = 0
    members_checked: int = 0
    members_overloaded: int = 0
    members_idle: int = 0
    households: int = 0
    households_unassigned: int = 0


@attrs.frozen
class WorkloadReport:
    """The team-rule and load check of one unit against one team-rule preset.

    ``capacity`` is the households one member is expected to carry (the preset's
    ``households_per_member``, 220 when the preset gives none, or the caller's value).
    """

    unit: str
    preset: str
    capacity: int
    findings: tuple[Finding, ...]
    summary: WorkloadSummary

    @property
    def ok(self) -> bool:
        """Whether nothing was found."""
        return not self.findings


@attrs.frozen
class Move:
    """One household given to another member (``from_member`` is ``None`` when it had none)."""

    household: str
    from_member: str | None
    to_member: str
    reason: MoveReason
    served_by: ServedBy


@attrs.frozen
class Unplaced:
    """A household that needed a member within capacity but found none.

    It stays where it is: with no member (``member`` is ``None``) or with its current member,
    who then stays above capacity. ``unit`` is the village or commune it lives in.
    """

    household: str
    unit: str
    member: str | None
    reason: MoveReason


@attrs.frozen
class MemberLoad:
    """Households one member carries before and after the plan (all units, not only the scope)."""

    member: str
    before: int
    after: int
    active: bool = True


@attrs.frozen
class AssignmentTotals:
    """Counts of a plan: households in the unit, what needed a member, what moved, what not."""

    households: int = 0
    unassigned: int = 0
    member_left: int = 0
    surplus: int = 0
    moved: int = 0
    unplaced: int = 0
    members: int = 0
    members_overloaded_before: int = 0
    members_overloaded_after: int = 0


@attrs.frozen
class AssignmentPlan:
    """A proposed assignment of households to members within capacity (nothing written yet).

    ``moves`` are in household order (unit, then code); ``members`` lists every member whose
    load counts for the unit (members of its teams and members holding its households).
    """

    unit: str
    capacity: int
    moves: tuple[Move, ...]
    unplaced: tuple[Unplaced, ...]
    members: tuple[MemberLoad, ...]
    totals: AssignmentTotals

    @property
    def empty(self) -> bool:
        """Whether the plan moves nothing."""
        return not self.moves
