"""Bình Dương plugin for cnscd_core: Bình Dương Số, plan 6037/KH-UBND and NQ 27/2023 stipends.

Bình Dương (legacy province 74) has been part of Thành phố Hồ Chí Minh (79) since 1 Jul 2025.
The plugin registers its province profile here and its data through the content pack in
``pack/``: the Bình Dương Số app, the NQ 27/2023 stipend preset and the ``binh-duong-6037``
evaluation criteria. The team rules of plan 6037 are the national pack's ``binh-duong-6037``
preset. Report templates in ``templates/`` are reached as ``binh-duong:NAME``.
"""

from __future__ import annotations

from pathlib import Path

from cnscd_core.catalog import ProvinceProfile, Text
from cnscd_core.plugins import (
    ContentPackRegistry,
    ProvinceProfileRegistry,
    TemplateFolderRegistry,
    hookimpl,
)

__all__ = [
    "NAME",
    "PACK_PATH",
    "PROFILE",
    "TEMPLATES_PATH",
    "cnscd_register_content_packs",
    "cnscd_register_province_profiles",
    "cnscd_register_template_folders",
]

#: Plugin name (the entry point), province-profile code and template-folder prefix.
NAME = "binh-duong"
#: The content pack shipped inside the package.
PACK_PATH = Path(__file__).parent / "pack"
#: The report templates shipped inside the package.
TEMPLATES_PATH = Path(__file__).parent / "templates"

PROFILE = ProvinceProfile(
    code=NAME,
    name=Text(
        vi="Bình Dương (nay thuộc TP. Hồ Chí Minh)", en="Bình Dương (now in Hồ Chí Minh City)"
    ),
    province="79",
    legacy_provinces=("74",),
    team_rules="binh-duong-6037",
    notes=Text(
        vi=(
            "Từ 1/7/2025 tỉnh Bình Dương (mã cũ 74) thuộc Thành phố Hồ Chí Minh (mã 79). "
            "Kế hoạch 6037/KH-UBND (24/10/2024): mỗi khu phố, ấp có ít nhất một tổ từ 3 thành "
            "viên; mỗi thành viên hỗ trợ khoảng 220 hộ; báo cáo hằng quý; khen thưởng tổ tiêu "
            "biểu. Kế hoạch 4862/KH-UBND (2022): tổ trưởng là trưởng ấp/khu phố, tổ phó là bí "
            "thư Đoàn, 3–7 thành viên, ít nhất một người có kiến thức CNTT; có thể lập tổ trong "
            "doanh nghiệp. 1,2 triệu tài khoản VNeID mức 2 (3/2024)."
        ),
        en=(
            "Since 1 Jul 2025 Bình Dương province (legacy code 74) is part of Hồ Chí Minh City "
            "(code 79). Plan 6037/KH-UBND (24 Oct 2024): every khu phố and ấp (urban quarter, "
            "hamlet) has at least one team of 3 or more members; each member supports about 220 "
            "households; quarterly reports; honours for the best teams. Plan 4862/KH-UBND "
            "(2022): the hamlet head leads, the Youth Union secretary is deputy, 3-7 members, at "
            "least one with IT knowledge; teams may also exist inside businesses. 1.2 million "
            "level-2 VNeID accounts (Mar 2024)."
        ),
    ),
)


@hookimpl
def cnscd_register_content_packs(registry: ContentPackRegistry) -> None:
    """Register the Bình Dương pack: its app, stipend preset, criteria set and guides."""
    registry.add_content_pack(PACK_PATH)


@hookimpl
def cnscd_register_province_profiles(registry: ProvinceProfileRegistry) -> None:
    """Say the plugin serves Hồ Chí Minh City (79) within legacy Bình Dương (74)."""
    registry.add_province_profile(PROFILE)


@hookimpl
def cnscd_register_template_folders(registry: TemplateFolderRegistry) -> None:
    """Register the quarterly report template folder under the prefix ``binh-duong``."""
    registry.add_template_folder(NAME, TEMPLATES_PATH)
