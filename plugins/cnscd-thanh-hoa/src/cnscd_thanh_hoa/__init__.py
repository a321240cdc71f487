"""Thanh Hóa plugin for cnscd_core: chip ID card campaigns and teams in mountain districts.

Thanh Hóa (code 38) was not merged in 2025. The plugin registers the province profile here and
its data through the content pack in ``pack/``: the provincial public-service portal as an app,
an extra skill (selling products online, after a Như Xuân cooperative that sells incense
online) and guides on booking chip ID card appointments with the police and on working in
mountain villages.
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
NAME = "thanh-hoa"
#: The content pack shipped inside the package.
PACK_PATH = Path(__file__).parent / "pack"

PROFILE = ProvinceProfile(
    code=NAME,
    name=Text(vi="Thanh Hóa", en="Thanh Hóa"),
    province="38",
    legacy_provinces=("38",),
    team_rules="national",
    notes=Text(
        vi=(
            'Khẩu hiệu ở Thanh Hóa: "đi từng ngõ, gõ từng nhà, ... rà từng nhân khẩu". Tháng '
            "5/2025 Thanh Hóa có 4.351 tổ với hơn 14.000 thành viên. Huyện Như Xuân (7/2023): "
            "127 tổ ở 127 thôn, bản; các tổ giúp công an đặt lịch làm căn cước gắn chíp cho "
            "100% công dân đủ điều kiện; một hợp tác xã bán hương trên mạng. Khó khăn: nhiều "
            "thành viên lớn tuổi, kỹ năng số yếu, kiêm nhiệm, không có phụ cấp; nhiều nông dân "
            "chưa có điện thoại thông minh."
        ),
        en=(
            "Thanh Hóa's motto: \"go down every lane, knock on every door, ... check every "
            'registered resident" ("... rà từng nhân khẩu"). In May 2025 Thanh Hóa had 4,351 '
            "teams with more than 14,000 members. Như Xuân district (Jul 2023): 127 teams in "
            "127 villages; the teams helped the police book chip ID card appointments for 100% "
            "of eligible citizens; a cooperative sells incense online. Problems: many members "
            "elderly with weak digital skills, part-time, without allowance; many farmers "
            "without a smartphone."
        ),
    ),
)


@hookimpl
def cnscd_register_content_packs(registry: ContentPackRegistry) -> None:
    """Register the Thanh Hóa pack: the portal, the selling-online skill and the guides."""
    registry.add_content_pack(PACK_PATH)


@hookimpl
def cnscd_register_province_profiles(registry: ProvinceProfileRegistry) -> None:
    """Say the plugin serves Thanh Hóa (38), not merged in 2025."""
    registry.add_province_profile(PROFILE)
