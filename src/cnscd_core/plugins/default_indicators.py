"""Default plugin: the core indicators, registered through the same hook as provinces' own."""

from __future__ import annotations

from cnscd_core.catalog import Indicator, Text
from cnscd_core.plugins import hookimpl
from cnscd_core.plugins._registries import IndicatorRegistry

__all__ = ["CORE_INDICATORS", "cnscd_register_indicators"]


def _t(vi: str, en: str) -> Text:
    return Text(vi=vi, en=en)


def _skill(k: int, vi: str, en: str) -> Indicator:
    return Indicator(
        code=f"households_skill_{k}",
        name=_t(
            f"Hộ có người tự thực hiện được kỹ năng {k} ({vi})",
            f"Households with someone able to do skill {k} alone ({en})",
        ),
        unit="count",
        description=_t(
            f"Hộ có ít nhất một người đạt mốc “tự làm được” trở lên ở kỹ năng số cơ bản {k} "
            "tính đến cuối kỳ.",
            f"Households where someone reached the 'does it alone' milestone or higher in basic "
            f"digital skill {k} by the end of the period.",
        ),
    )


#: The core indicators (codes are a contract: reports, criteria and plugins name them).
CORE_INDICATORS: tuple[Indicator, ...] = (
    Indicator("teams", _t("Số tổ công nghệ số cộng đồng", "Community digital technology teams"),
              "count"),
    Indicator("members", _t("Số thành viên tổ", "Team members"), "count"),
    Indicator("villages", _t("Số thôn, tổ dân phố", "Villages and residential groups"), "count"),
    Indicator("villages_with_team", _t("Số thôn, tổ dân phố có tổ", "Villages with a team"),
              "count"),
    Indicator("villages_with_team_rate",
              _t("Tỷ lệ thôn, tổ dân phố có tổ", "Share of villages with a team"), "rate",
              numerator="villages_with_team", denominator="villages"),
    Indicator("households", _t("Số hộ gia đình", "Households"), "count"),
    Indicator("households_assigned", _t("Số hộ có thành viên tổ phụ trách",
                                        "Households assigned to a member"), "count"),
    Indicator("households_assigned_rate", _t("Tỷ lệ hộ có thành viên phụ trách",
                                             "Share of households assigned to a member"), "rate",
              numerator="households_assigned", denominator="households"),
    Indicator("households_per_member", _t("Số hộ bình quân mỗi thành viên phụ trách",
                                          "Households per member"), "per_member",
              numerator="households_assigned", denominator="members"),
    Indicator("members_overloaded", _t("Số thành viên phụ trách quá định mức",
                                       "Members over their household capacity"), "count"),
    Indicator("visits", _t("Số lượt hướng dẫn", "Guidance visits"), "count", kind="flow"),
    Indicator("persons_guided", _t("Số lượt người được hướng dẫn", "Persons guided"), "count",
              kind="flow"),
    _skill(1, "dịch vụ công trực tuyến", "online public services"),
    _skill(2, "mua sắm trực tuyến", "online shopping"),
    _skill(3, "thanh toán trực tuyến", "online payment"),
    _skill(4, "tự bảo vệ trên không gian mạng", "staying safe online"),
    _skill(5, "nền tảng số của địa phương", "local digital platforms"),
    Indicator("households_all_five", _t("Số hộ có người thành thạo cả 5 kỹ năng số cơ bản",
                                        "Households with someone able in all five skills"),
              "count",
              description=_t(
                  "Mục tiêu của văn bản 3240/BTTTT-CĐSQG: mỗi hộ có ít nhất một người thành "
                  "thạo 5 kỹ năng số cơ bản.",
                  "The target of 3240/BTTTT-CĐSQG: every household has at least one person "
                  "proficient in the five basic digital skills.",
              )),
    Indicator("households_all_five_rate",
              _t("Tỷ lệ hộ có người thành thạo cả 5 kỹ năng",
                 "Share of households with someone able in all five skills"), "rate",
              numerator="households_all_five", denominator="households"),
)  # fmt: skip


@hookimpl
def cnscd_register_indicators(registry: IndicatorRegistry) -> None:
    """Register the core indicators."""
    for indicator in CORE_INDICATORS:
        registry.add_indicator(indicator)
