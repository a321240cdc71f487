"""Default plugin: the core's seven validation rules (their checks load on first use).

The rules are registered through ``cnscd_register_validation_rules``, the hook province
plugins use, and their functions are attached in ``VALIDATION_CHECKS`` the way a province
plugin attaches its own (see ``cnscd_core.validation``); the functions live in
``cnscd_core.validation._default_checks`` and are imported only when checks run, so starting
``cnscd`` stays cheap. Five rules read the workload check (a village without a team, a team
under or over its preset's size, a team without a leader, a member over capacity and
households without a member); two read the store (members without training, teams with no
guidance visit in the period). Findings name codes only, never a person's name or phone.
"""

from __future__ import annotations

from typing import Any

from cnscd_core.catalog import Text, ValidationRule
from cnscd_core.plugins import hookimpl
from cnscd_core.plugins._registries import ValidationRuleRegistry

__all__ = ["CORE_RULES", "cnscd_register_validation_rules"]  # and VALIDATION_CHECKS, lazily


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


@hookimpl
def cnscd_register_validation_rules(registry: ValidationRuleRegistry) -> None:
    """Register the core validation rules."""
    for rule in CORE_RULES:
        registry.add_validation_rule(rule)


def __getattr__(name: str) -> Any:
    if name == "VALIDATION_CHECKS":
        from cnscd_core.validation._default_checks import VALIDATION_CHECKS

        return VALIDATION_CHECKS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
