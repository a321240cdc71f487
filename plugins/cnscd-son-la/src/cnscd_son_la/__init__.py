"""Sơn La plugin for cnscd_core: the Tổ CĐSCĐ of communes, bản and tiểu khu.

Sơn La (code 14) was not merged in 2025. Its teams are called "Tổ Chuyển đổi số cộng đồng"
(Tổ CĐSCĐ, community digital transformation teams) and sit at commune level and at village
level: bản (a village in the uplands) and tiểu khu (a sub-zone of a town). The plugin registers
the province profile here and its data through the content pack in ``pack/``: the Zalo group of
each bản and tiểu khu as an app, and guides on Zalo groups, the electronic health book and
school apps.
"""

from __future__ import annotations

from pathlib import Path

from cnscd_core.catalog import ProvinceProfile, Text
from cnscd_core.plugins import ContentPackRegistry, ProvinceProfileRegistry, hookimpl

__all__ = [
    "NAME",
    "PACK_PATH",
    "PROFILE",
    "TEAMS_END_2023",
    "cnscd_register_content_packs",
    "cnscd_register_province_profiles",
]

#: Plugin name (the entry point) and province-profile code.
NAME = "son-la"
#: The content pack shipped inside the package.
PACK_PATH = Path(__file__).parent / "pack"

#: Teams and members at the end of 2023, by level: (teams, members). Total 3,090 and 15,902.
TEAMS_END_2023: dict[str, tuple[int, int]] = {
    "commune": (204, 1_814),
    "village": (2_886, 14_088),
}

PROFILE = ProvinceProfile(
    code=NAME,
    name=Text(vi="Sơn La", en="Sơn La"),
    province="14",
    legacy_provinces=("14",),
    team_rules="national",
    team_name=Text(
        vi="Tổ Chuyển đổi số cộng đồng (Tổ CĐSCĐ)",
        en="Community Digital Transformation Team (Tổ CĐSCĐ)",
    ),
    notes=Text(
        vi=(
            "Cuối năm 2023 Sơn La có 3.090 Tổ CĐSCĐ với 15.902 thành viên: 204 tổ cấp xã "
            "(1.814 thành viên) và 2.886 tổ cấp bản, tiểu khu (14.088 thành viên). Nhiệm vụ: "
            "tuyên truyền chính sách; cài đặt, hướng dẫn dịch vụ công, tài khoản định danh điện "
            "tử, thanh toán hóa đơn không dùng tiền mặt, ứng dụng y tế, sổ sức khỏe điện tử, ứng "
            "dụng trường học; lập nhóm Zalo với tất cả các hộ; thu thập ý kiến người dân; khảo "
            "sát, thống kê. Quyết định 1690/QĐ-TTg (26/12/2023): xã hội hóa hoạt động của các "
            "tổ. Tỷ lệ người lớn có điện thoại thông minh (3/2022): 58,3%, cả nước 73,5%."
        ),
        en=(
            "At the end of 2023 Sơn La had 3,090 teams (Tổ CĐSCĐ) with 15,902 members: 204 "
            "commune-level teams (1,814 members) and 2,886 teams of bản and tiểu khu (14,088 "
            "members). Tasks: propagate policy; install and guide public services, e-identity "
            "accounts, cashless bills, health apps, the electronic health book, school apps; Zalo "
            "groups with all households; collect residents' opinions; surveys and statistics. "
            "Decision 1690/QĐ-TTg (26 Dec 2023): socialise the teams. Adults owning a "
            "smartphone (Mar 2022): 58.3%, against 73.5% nationally."
        ),
    ),
)


@hookimpl
def cnscd_register_content_packs(registry: ContentPackRegistry) -> None:
    """Register the Sơn La pack: the bản and tiểu khu Zalo groups and the guides."""
    registry.add_content_pack(PACK_PATH)


@hookimpl
def cnscd_register_province_profiles(registry: ProvinceProfileRegistry) -> None:
    """Say the plugin serves Sơn La (14), not merged in 2025, under the name Tổ CĐSCĐ."""
    registry.add_province_profile(PROFILE)
