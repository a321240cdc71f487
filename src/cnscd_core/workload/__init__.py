"""Assignment and workload: teams against their province's rules, households to members.

``check_workload`` holds a unit's teams against a team-rule preset (size, leader, a team in
every village) and its members' loads against the households one member is expected to carry
(about 220 in Bình Dương plan 6037). ``propose_assignment`` proposes who should carry the
households with no member and the surplus of overloaded members, keeping households with a
member of their own village and moving as few as possible; ``apply_assignment`` writes a plan
in one transaction. Plans and reports carry codes only, never names or phone numbers::

    from cnscd_core.store import open_store
    from cnscd_core.workload import check_workload, propose_assignment

    with open_store("store.sqlite") as store:
        report = check_workload(store, "26506")
        plan = propose_assignment(store, "26506")
"""

from cnscd_core.workload._assign import apply_assignment, fill_least_loaded, propose_assignment
from cnscd_core.workload._check import check_workload
from cnscd_core.workload._records import (
    FINDING_CODES,
    AssignmentPlan,
    AssignmentTotals,
    Finding,
    MemberLoad,
    Move,
    Unplaced,
    WorkloadReport,
    WorkloadSummary,
)
from cnscd_core.workload._scope import (
    DEFAULT_CAPACITY,
    DEFAULT_PRESET,
    PlanOutdatedError,
    default_capacity,
    preset_for_unit,
    resolve_preset,
)

__all__ = [
    "DEFAULT_CAPACITY",
    "DEFAULT_PRESET",
    "FINDING_CODES",
    "AssignmentPlan",
    "AssignmentTotals",
    "Finding",
    "MemberLoad",
    "Move",
    "PlanOutdatedError",
    "Unplaced",
    "WorkloadReport",
    "WorkloadSummary",
    "apply_assignment",
    "check_workload",
    "default_capacity",
    "fill_least_loaded",
    "preset_for_unit",
    "propose_assignment",
    "resolve_preset",
]
