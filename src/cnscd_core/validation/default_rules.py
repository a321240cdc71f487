"""Default plugin: the core's seven validation rules and their checking functions.

The rules are registered through ``cnscd_register_validation_rules``, the hook province
plugins use, and their functions are attached in ``VALIDATION_CHECKS`` the way a province
plugin attaches its own (see ``cnscd_core.validation``). Five rules read the workload check
(``cnscd_core.workload.check_workload``, run once per check): a village without a team, a
team under or over its preset's size, a team without a leader, a member over capacity and
households without a member. Two read the store: members without training, and teams with
no guidance visit in the period. Findings name codes only, never a person's name or phone.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from cnscd_core.catalog import Text, ValidationRule
from cnscd_core.i18n import format_date
from cnscd_core.i18n import gettext as _
from cnscd_core.plugins import hookimpl
from cnscd_core.plugins._registries import ValidationRuleRegistry
from cnscd_core.rollup import Finding
from cnscd_core.validation._checks import RuleCheck, RuleChecks
from cnscd_core.validation._context import CheckContext

__all__ = ["CORE_RULES", "VALIDATION_CHECKS", "cnscd_register_validation_rules"]


def _t(vi: str, en: str) -> Text:
    return Text(vi=vi, en=en)


#: The core rules, in the order a check reports them (codes are a contract).
CORE_RULES: tuple[ValidationRule, ...] = (
    ValidationRule(
        "village_without_team",
        _t("Thôn, tổ dân phố chưa có tổ", "Village without a team"),
        "warning",
        _t(
            "Mỗi thôn, bản, ấp, khu phố, tổ dân phố có ít nhất một tổ (số tổ tối thiểu theo bộ "
            "quy tắc của tỉnh); là lỗi khi bộ quy tắc quy định số tổ mỗi thôn.",
            "Every village (thôn, bản, ấp, khu phố, tổ dân phố) has at least one team (or the "
            "number the province's preset asks for); an error when the preset sets that number.",
        ),
    ),
    ValidationRule(
        "team_size",
        _t("Tổ không đủ hoặc vượt số thành viên", "Team under or over its preset's size"),
        "error",
        _t(
            "Số thành viên đang hoạt động của tổ nằm trong giới hạn của bộ quy tắc của tỉnh "
            "(theo cấp xã hoặc thôn).",
            "A team's active members are within the bounds of its province's preset (by "
            "commune or village level).",
        ),
    ),
    ValidationRule(
        "team_without_leader",
        _t("Tổ chưa có tổ trưởng", "Team without a leader"),
        "error",
        _t(
            "Tổ có tổ trưởng là thành viên đang hoạt động (khi bộ quy tắc yêu cầu).",
            "A team has a leader who is an active member (when the preset requires one).",
        ),
    ),
    ValidationRule(
        "member_overloaded",
        _t("Thành viên phụ trách quá định mức hộ", "Member over capacity"),
        "warning",
        _t(
            "Một thành viên phụ trách không quá số hộ định mức (Kế hoạch 6037/KH-UBND Bình "
            "Dương: khoảng 220 hộ).",
            "A member carries no more households than the capacity (Bình Dương plan "
            "6037/KH-UBND: about 220).",
        ),
    ),
    ValidationRule(
        "household_unassigned",
        _t("Hộ chưa có thành viên phụ trách", "Household unassigned"),
        "warning",
        _t(
            "Mỗi hộ có một thành viên tổ đang hoạt động phụ trách.",
            "Every household has an active team member looking after it.",
        ),
    ),
    ValidationRule(
        "member_untrained",
        _t("Thành viên chưa được tập huấn", "Member without training"),
        "warning",
        _t(
            "Mỗi thành viên đang hoạt động đã dự ít nhất một khóa tập huấn đến cuối kỳ.",
            "Every active member attended at least one training by the end of the period.",
        ),
    ),
    ValidationRule(
        "team_without_visits",
        _t("Tổ không có lượt hướng dẫn trong kỳ", "Team with no visits in the period"),
        "warning",
        _t(
            "Mỗi tổ đang hoạt động có ít nhất một lượt hướng dẫn của thành viên trong kỳ.",
            "Every active team has at least one guidance visit by one of its members in the "
            "period.",
        ),
    ),
)

#: The functions that check the core rules, keyed by rule code.
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


@hookimpl
def cnscd_register_validation_rules(registry: ValidationRuleRegistry) -> None:
    """Register the core validation rules."""
    for rule in CORE_RULES:
        registry.add_validation_rule(rule)
