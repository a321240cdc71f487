"""Tây Ninh plugin for cnscd_core: the queue-number system and the one-stop desk channel.

Since 1 Jul 2025 Tây Ninh (legacy code 72) and Long An (legacy code 80) form one province named
Tây Ninh, under code 80. The plugin registers the province profile here and its data through
the content pack in ``pack/``: the queue-number system (sothutu.tayninh.gov.vn) as an app, the
team rules of Tây Ninh city (2022), and guides on the one-stop desk channel and on the Ward III
campaign, an example of a target and how to follow it.
"""

from __future__ import annotations

from pathlib import Path

from cnscd_core.catalog import ProvinceProfile, Text
from cnscd_core.plugins import ContentPackRegistry, ProvinceProfileRegistry, hookimpl

__all__ = [
    "NAME",
    "PACK_PATH",
    "PROFILE",
    "cnscd_register_content_packs",
    "cnscd_register_province_profiles",
]

#: Plugin name (the entry point) and province-profile code.
NAME = "tay-ninh"
#: The content pack shipped inside the package.
PACK_PATH = Path(__file__).parent / "pack"

PROFILE = ProvinceProfile(
    code=NAME,
    name=Text(vi="Tây Ninh (gồm cả Long An cũ)", en="Tây Ninh (the former Long An included)"),
    province="80",
    legacy_provinces=("72", "80"),
    team_rules="national",
    notes=Text(
        vi=(
            "Từ 1/7/2025 tỉnh Tây Ninh (mã cũ 72) và tỉnh Long An (mã cũ 80) hợp nhất thành tỉnh "
            "Tây Ninh, mang mã 80. Thành phố Tây Ninh (4/2022): 10/10 phường, xã lập tổ; tổ "
            "trưởng là lãnh đạo UBND phường, xã; thành viên làm việc tại Bộ phận một cửa. Công "
            "việc chia theo ba trụ cột: chính quyền số, kinh tế số, xã hội số. Phường III: nhóm "
            "Zalo hơn 150 thành viên, khoảng 300 tài khoản dịch vụ công, mục tiêu 1.000 tài "
            "khoản vào cuối quý II/2022."
        ),
        en=(
            "Since 1 Jul 2025 Tây Ninh province (legacy code 72) and Long An province (legacy "
            "code 80) form one province named Tây Ninh, under code 80. Tây Ninh city (Apr "
            "2022): 10/10 wards and communes set up teams; a ward or commune People's Committee "
            "leader leads each; members staff the one-stop desk. Work is grouped in three "
            "pillars: digital government, digital economy, digital society. Ward III: a Zalo "
            "group of 150+ members, about 300 public-service accounts, a target of 1,000 "
            "accounts by the end of Q2 2022."
        ),
    ),
)


@hookimpl
def cnscd_register_content_packs(registry: ContentPackRegistry) -> None:
    """Register the Tây Ninh pack: the queue-number app, team rules and guides."""
    registry.add_content_pack(PACK_PATH)


@hookimpl
def cnscd_register_province_profiles(registry: ProvinceProfileRegistry) -> None:
    """Say the plugin serves Tây Ninh (80), legacy Tây Ninh (72) and Long An (80)."""
    registry.add_province_profile(PROFILE)
