"""Hand-built reports and a small store holding personal data, for the report tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cnscd_core.field import Household, Member, Resident, Team, Visit
from cnscd_core.plugins.default_indicators import CORE_INDICATORS
from cnscd_core.rollup import Finding, IndicatorValue, Period, Report, UnitReport

#: Unit names that try to inject markup into every format.
SCRIPT_NAME = "Bản <script>document.title='pwned'</script>"
IMG_NAME = "Thôn <img src=x onerror=\"document.title='img'\"> & | *đậm* _nghiêng_"
FORMULA_NAME = '=HYPERLINK("http://example.invalid","x")'

Q3 = Period.parse("2026-Q3")


def values(counts: Mapping[str, float]) -> dict[str, IndicatorValue]:
    """Indicator values from counts: counts as they are, ratios from their parts."""
    out: dict[str, IndicatorValue] = {}
    for indicator in CORE_INDICATORS:
        if indicator.numerator and indicator.denominator:
            num = counts.get(indicator.numerator)
            den = counts.get(indicator.denominator)
            if num is None or den is None:
                continue
            out[indicator.code] = IndicatorValue(num / den if den else None, num, den)
        elif indicator.code in counts:
            out[indicator.code] = IndicatorValue(counts[indicator.code])
    return out


def village_counts(households: int, assigned: int, all_five: int, members: int) -> dict[str, float]:
    """Counts of one village with a team."""
    return {
        "teams": 1,
        "members": members,
        "villages": 1,
        "villages_with_team": 1,
        "households": households,
        "households_assigned": assigned,
        "members_overloaded": 0,
        "visits": 2 * assigned,
        "persons_guided": 3 * assigned,
        **{f"households_skill_{k}": all_five + 6 - k for k in range(1, 6)},
        "households_all_five": all_five,
    }


def unit(
    code: str, name: str, level: str, children: Sequence[tuple[UnitReport, dict[str, float]]]
) -> tuple[UnitReport, dict[str, float]]:
    """A parent whose counts are the sums of its children's."""
    counts: dict[str, float] = {}
    for _child, child_counts in children:
        for key, value in child_counts.items():
            counts[key] = counts.get(key, 0) + value
    return UnitReport(code, name, level, values(counts), tuple(c for c, _ in children)), counts


def leaf(code: str, name: str, counts: dict[str, float]) -> tuple[UnitReport, dict[str, float]]:
    """A village."""
    return UnitReport(code, name, "village", values(counts)), counts


def tree_report(*, simulated: bool = False) -> Report:
    """Province 14 (Sơn La) -> two communes -> three villages, with a finding and a note."""
    bac_yen = unit(
        "03856",
        "Xã Bắc Yên",
        "commune",
        [
            leaf("03856.001", SCRIPT_NAME, village_counts(1200, 1100, 480, 6)),
            leaf("03856.002", IMG_NAME, village_counts(850, 400, 125, 4)),
        ],
    )
    chieng_la = unit(
        "03754",
        "Xã Chiềng La",
        "commune",
        [leaf("03754.001", FORMULA_NAME, village_counts(640, 640, 321, 3))],
    )
    root, _counts = unit("14", "Tỉnh Sơn La", "province", [bac_yen, chieng_la])
    return Report(
        root=root,
        period=Q3,
        findings=(
            Finding(
                "households_without_member",
                "03856.002",
                "warning",
                "450 hộ chưa có thành viên phụ trách <b>",
            ),
        ),
        notes=("Số liệu thử nghiệm.",),
        simulated=simulated,
    )


#: Personal data put into the store; none of it may reach a report (member names only in
#: the roster).
MEMBER_NAMES = ("Nguyễn Thị Bảo Mật", "Trần Văn Riêng Tư")
HOUSEHOLD_HEADS = ("Lò Văn Chủ Hộ", "Cầm Thị Kín Đáo")
RESIDENT_NAMES = ("Hà Văn Nhân Khẩu",)
PHONES = ("0912345678", "0987654321", "0911222333", "0944555666")
CITIZEN_IDS = ("014123456789",)
PERSONAL = MEMBER_NAMES + HOUSEHOLD_HEADS + RESIDENT_NAMES + PHONES + CITIZEN_IDS


def store_with_people(path: Path) -> Any:
    """A store of Sơn La: one village of Xã Bắc Yên with a team, members, households, visits."""
    from cnscd_core.store import open_store

    store = open_store(path)
    village = "03856.001"
    with store.transaction():
        store.put_village(village, "Bản Mường Chiên", "bản", "03856", None)
        store.put(
            "teams", Team("T1", "Tổ công nghệ số Bản Mường Chiên", "village", village), "test"
        )
        store.put(
            "members",
            Member(
                "M1",
                MEMBER_NAMES[0],
                teams=("T1",),
                phone=PHONES[0],
                position="leader",
                role="village_head",
                birth_year=1980,
            ),
            "test",
        )
        store.put(
            "members",
            Member(
                "M2",
                MEMBER_NAMES[1],
                teams=("T1",),
                phone=PHONES[1],
                position="member",
                left=dt.date(2026, 8, 1),
            ),
            "test",
        )
        store.put(
            "households",
            Household("H1", HOUSEHOLD_HEADS[0], 4, village, member="M1", phone=PHONES[2]),
            "test",
        )
        store.put(
            "households", Household("H2", HOUSEHOLD_HEADS[1], 3, village, phone=PHONES[3]), "test"
        )
        store.put(
            "residents",
            Resident(
                "R1",
                "H1",
                RESIDENT_NAMES[0],
                citizen_id=CITIZEN_IDS[0],
                skill_levels={"online_payment": 3},
            ),
            "test",
        )
        day = dt.date(2026, 8, 15)
        key = Visit.natural_key(day, "M1", "H1", "door_to_door", "online_payment", None)
        store.put(
            "visits",
            Visit(
                key, day, "M1", "door_to_door", household="H1", skill="online_payment", outcome=3
            ),
            "test",
        )
    return store
