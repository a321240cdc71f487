"""README.txt of an extract, in Vietnamese and English: columns, banding, suppression, law.

The README is part of the data, not of the interface, so it carries both languages at once
whatever the active language is.
"""

from __future__ import annotations

from collections.abc import Sequence

from cnscd_core.extract._bands import HOUSEHOLD_SIZE_CAP, OLDEST_BAND_END, SMARTPHONES_CAP
from cnscd_core.extract._keys import PSEUDONYM_LENGTH
from cnscd_core.extract._tables import Table

__all__ = ["COLUMN_DOCS", "TABLE_DOCS", "render_readme"]

#: What each table holds: (Vietnamese, English).
TABLE_DOCS: dict[str, tuple[str, str]] = {
    "households": ("Mỗi dòng một hộ gia đình.", "One row per household."),
    "residents": (
        "Mỗi dòng một nhân khẩu (người trong hộ) có trong dữ liệu.",
        "One row per resident (a person of a household) in the data.",
    ),
    "members": (
        "Mỗi dòng một thành viên Tổ công nghệ số cộng đồng.",
        "One row per member of a community digital technology team.",
    ),
    "teams": ("Mỗi dòng một Tổ công nghệ số cộng đồng.", "One row per team."),
    "visits": (
        "Mỗi dòng một lượt hướng dẫn (đến hộ, tại bộ phận một cửa, trực tuyến, họp, điện thoại).",
        "One row per guidance visit (door to door, one-stop desk, online, meeting, phone).",
    ),
    "households_by_size": ("Số hộ theo quy mô hộ.", "Households by household size."),
    "households_by_smartphones": (
        "Số hộ theo số điện thoại thông minh.",
        "Households by number of smartphones.",
    ),
    "residents_by_birth_band": (
        "Số nhân khẩu theo nhóm năm sinh.",
        "Residents by birth-year band.",
    ),
    "residents_by_vneid_level": (
        "Số nhân khẩu theo mức tài khoản VNeID.",
        "Residents by VNeID account level.",
    ),
    "members_by_position": (
        "Số thành viên Tổ theo chức danh trong Tổ.",
        "Team members by position in the team.",
    ),
    "visits_by_channel": (
        "Số lượt hướng dẫn theo tháng và hình thức.",
        "Guidance visits by month and channel.",
    ),
    "visits_by_skill": (
        "Số lượt hướng dẫn theo tháng và kỹ năng.",
        "Guidance visits by month and skill.",
    ),
}

#: What each column holds: (Vietnamese, English).
COLUMN_DOCS: dict[str, tuple[str, str]] = {
    "household_id": ("mã giả danh của hộ", "pseudonym of the household"),
    "resident_id": ("mã giả danh của nhân khẩu", "pseudonym of the resident"),
    "member_id": (
        "mã giả danh của thành viên Tổ (trong households: người phụ trách hộ; trong visits: "
        "người hướng dẫn); trống nếu không có",
        "pseudonym of a team member (in households: the one in charge of the household; in "
        "visits: the one who guided); empty if none",
    ),
    "team_id": ("mã giả danh của Tổ", "pseudonym of the team"),
    "team_ids": (
        "mã giả danh các Tổ của thành viên, cách nhau bởi dấu ;",
        "pseudonyms of the member's teams, separated by ;",
    ),
    "visit_id": ("mã giả danh của lượt hướng dẫn", "pseudonym of the visit"),
    "province_code": (
        "mã tỉnh, thành phố (danh mục từ 01/7/2025); 'unknown' nếu không xác định được",
        "province code (units since 2025-07-01); 'unknown' when the unit is not in the lists",
    ),
    "province_name": ("tên tỉnh, thành phố", "province name"),
    "commune_code": (
        "mã xã, phường, đặc khu (danh mục từ 01/7/2025); 'unknown' nếu không xác định được",
        "commune code (units since 2025-07-01); 'unknown' when the unit is not in the lists",
    ),
    "commune_name": ("tên xã, phường, đặc khu", "commune name"),
    "village_code": (
        "mã thôn, bản, ấp, tổ dân phố...; 'none': hộ đăng ký ở cấp xã, không rõ thôn",
        "village code (thôn, bản, ấp, tổ dân phố...); 'none': recorded at the commune itself",
    ),
    "village_name": ("tên thôn, bản, ấp, tổ dân phố...", "village name"),
    "area_level": (
        "cấp của dòng: province (tổng tỉnh), commune (xã), village (thôn)",
        "level of the row: province (province total), commune, village",
    ),
    "size_band": (
        f"số người trong hộ: 1 đến {HOUSEHOLD_SIZE_CAP - 1}, '{HOUSEHOLD_SIZE_CAP}+'",
        f"persons in the household: 1 to {HOUSEHOLD_SIZE_CAP - 1}, '{HOUSEHOLD_SIZE_CAP}+'",
    ),
    "smartphones_band": (
        f"số điện thoại thông minh của hộ: 0 đến {SMARTPHONES_CAP - 1}, '{SMARTPHONES_CAP}+'; "
        "trống/'unknown' nếu không rõ",
        f"smartphones in the household: 0 to {SMARTPHONES_CAP - 1}, '{SMARTPHONES_CAP}+'; "
        "empty/'unknown' when not known",
    ),
    "birth_band": (
        f"nhóm năm sinh 10 năm ('1980-1989'); sinh đến {OLDEST_BAND_END} gộp "
        f"'1900-{OLDEST_BAND_END}'; trống/'unknown' nếu không rõ",
        f"10-year birth band ('1980-1989'); births up to {OLDEST_BAND_END} pooled in "
        f"'1900-{OLDEST_BAND_END}'; empty/'unknown' when not known",
    ),
    "vneid_level": (
        "mức tài khoản định danh điện tử VNeID: 0 (chưa có), 1, 2; trống/'unknown' nếu không rõ",
        "VNeID e-identity account level: 0 (none), 1, 2; empty/'unknown' when not known",
    ),
    "joined_month": ("tháng vào Tổ (YYYY-MM)", "month the member joined (YYYY-MM)"),
    "left_month": ("tháng rời Tổ (YYYY-MM); trống nếu còn", "month the member left; empty if not"),
    "trainings": ("số khóa tập huấn đã dự", "number of trainings attended"),
    "households": ("số hộ được giao phụ trách", "number of households the member is in charge of"),
    "level": ("cấp của Tổ: commune (xã) hoặc village (thôn)", "team level: commune or village"),
    "members": ("số thành viên của Tổ", "number of members of the team"),
    "established_month": ("tháng thành lập (YYYY-MM)", "month established (YYYY-MM)"),
    "dissolved_month": ("tháng giải thể (YYYY-MM); trống nếu còn", "month dissolved; empty if not"),
    "has_leader": ("Tổ có tổ trưởng hay không", "whether the team has a leader"),
    "month": ("tháng của lượt hướng dẫn (YYYY-MM)", "month of the visit (YYYY-MM)"),
    "period": ("tháng (YYYY-MM)", "month (YYYY-MM)"),
    "channel": (
        "hình thức: door_to_door (đến nhà), one_stop_desk (bộ phận một cửa), online, meeting "
        "(họp), phone (điện thoại)",
        "channel: door_to_door, one_stop_desk, online, meeting, phone",
    ),
    "skill": (
        "mã kỹ năng được hướng dẫn; trống/'none' nếu không ghi",
        "code of the skill taught; empty/'none' when not recorded",
    ),
    "outcome": ("mức đạt được sau hướng dẫn (theo thang của kỹ năng)", "milestone level reached"),
    "persons": ("số người được hướng dẫn", "persons guided"),
    "position": (
        "chức danh trong Tổ: leader (tổ trưởng), deputy (tổ phó), member (thành viên)",
        "position in the team: leader, deputy, member",
    ),
    "count": (
        "số đếm; trống nếu ô bị ẩn (suppressed = true)",
        "the count; empty when the cell is suppressed (suppressed = true)",
    ),
    "suppressed": (
        "true nếu ô bị ẩn để bảo vệ dữ liệu cá nhân",
        "true when the cell is suppressed to protect personal data",
    ),
}


def _describe(tables: Sequence[Table], extension: str, lang: int) -> list[str]:
    """Each table (file, rows, what a row is, its columns), then every column once."""
    lines: list[str] = []
    columns: dict[str, None] = {}
    for table in tables:
        folder = "microdata" if table.kind == "microdata" else "aggregates"
        rows = f"{len(table)} dòng" if lang == 0 else f"{len(table)} rows"
        lines.append(f"{folder}/{table.name}.{extension} ({rows})")
        lines.append("  " + TABLE_DOCS.get(table.name, ("", ""))[lang])
        lines.append("  " + ", ".join(table.columns))
        lines.append("")
        columns.update(dict.fromkeys(table.columns))
    lines.append("Các cột:" if lang == 0 else "Columns:")
    for column in columns:
        lines.append(f"- {column}: {COLUMN_DOCS.get(column, ('', ''))[lang]}")
    return lines


def render_readme(
    tables: Sequence[Table],
    *,
    created: str,
    generator: str,
    threshold: int,
    unit_level: str,
    aggregates_only: bool,
    extension: str,
    key_fingerprint: str,
) -> str:
    """The README.txt of an extract of ``tables`` made with these parameters."""
    hex_len = PSEUDONYM_LENGTH
    bits = hex_len * 4
    level_vi = "thôn, bản, tổ dân phố" if unit_level == "village" else "xã, phường"
    vi = [
        "TRÍCH XUẤT DỮ LIỆU PHỤC VỤ NGHIÊN CỨU — TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG",
        "(Tiếng Việt trước; English below.)",
        "",
        f"Tạo lúc (UTC): {created}, bằng {generator}.",
        f"Ngưỡng ẩn ô: {threshold}. Cấp địa bàn của bảng tổng hợp: {level_vi}.",
        f"Chỉ có bảng tổng hợp: {'có' if aggregates_only else 'không'}.",
        f"Dấu vân tay khóa: {key_fingerprint} (chỉ để biết hai bản trích xuất có dùng chung "
        "một khóa hay không; đây không phải là khóa).",
        "",
        "1. ĐÃ BẢO VỆ DỮ LIỆU CÁ NHÂN NHƯ THẾ NÀO",
        "- Không có họ tên, số điện thoại, số căn cước/định danh cá nhân, địa chỉ, giới tính, "
        "vai trò, nội dung ý kiến phản ánh (văn bản tự do) hay câu trả lời khảo sát.",
        "- Mã hồ sơ (hộ, nhân khẩu, thành viên, Tổ, lượt hướng dẫn) được thay bằng mã giả "
        f"danh: HMAC-SHA256 của loại hồ sơ và mã, lấy {hex_len} ký tự thập lục phân đầu "
        f"({bits} bit). Khóa bí mật do chủ sở hữu dữ liệu giữ, không có trong tệp này; không "
        "có khóa thì không thể tính hay dò ngược mã giả danh. Cùng một khóa cho cùng một mã "
        "giả danh ở mọi bảng và mọi lần trích xuất, nên có thể nối các bảng (hộ - nhân khẩu - "
        "thành viên - lượt hướng dẫn); khóa khác cho mã khác hẳn.",
        "- Năm sinh được thay bằng nhóm 10 năm ('1980-1989'); người sinh đến năm "
        f"{OLDEST_BAND_END} gộp chung nhóm '1900-{OLDEST_BAND_END}'.",
        f"- Quy mô hộ từ {HOUSEHOLD_SIZE_CAP} người trở lên ghi '{HOUSEHOLD_SIZE_CAP}+'; số "
        f"điện thoại thông minh từ {SMARTPHONES_CAP} trở lên ghi '{SMARTPHONES_CAP}+'.",
        "- Ngày tháng chỉ giữ tháng (YYYY-MM): các Tổ báo cáo theo tháng, quý; một tuần ở "
        "một xã nhỏ đủ để nhận ra một lượt đến nhà.",
        "- Địa bàn chỉ ghi đến xã, phường (danh mục từ 01/7/2025); thôn, tổ dân phố quá nhỏ. "
        "Bảng tổng hợp chỉ tính theo thôn khi được yêu cầu rõ, và khi đó vẫn áp dụng ngưỡng.",
        "",
        "2. BẢNG TỔNG HỢP VÀ VIỆC ẨN Ô NHỎ",
        "- Mỗi dòng là một ô: địa bàn, (tháng), nhóm, số đếm. Mỗi địa bàn có dòng nhóm 'total' "
        "(tổng các nhóm); mỗi xã và mỗi tỉnh có dòng cộng các địa bàn bên dưới (chỉ các địa "
        "bàn có trong bản trích xuất này).",
        f"- Ẩn cấp 1: ô có ít hơn {threshold} bản ghi, hoặc do ít hơn {threshold} hộ (thành "
        "viên) tạo nên, bị ẩn: count để trống, suppressed = true. Ô bằng 0 cũng bị ẩn.",
        "- Ẩn cấp 2: trong mỗi quan hệ cộng (một dòng với dòng 'total'; các thôn/xã với tổng "
        "của xã/tỉnh), nếu chỉ có đúng một ô bị ẩn thì ô nhỏ nhất còn lại cũng bị ẩn, lặp lại "
        "đến khi không còn quan hệ nào chỉ có một ô ẩn. Như vậy không thể tính lại một ô bị "
        "ẩn bằng phép trừ từ một tổng. Quy tắc đơn giản này không chống được mọi suy luận "
        "(ví dụ kết hợp nhiều bảng); hãy coi bảng tổng hợp là bản công bố, không thêm tổng nào "
        "khác.",
        "- Các bảng của cùng một tập hợp (hai bảng hộ, hai bảng nhân khẩu, hai bảng lượt "
        "hướng dẫn) dùng chung dòng 'total' và được ẩn cùng nhau: tổng bị ẩn ở bảng này cũng "
        "bị ẩn ở bảng kia.",
        "- Mọi ô được công bố đều có count từ ngưỡng trở lên.",
        "",
        "3. VI DỮ LIỆU (MICRODATA): TRÁCH NHIỆM PHÁP LÝ",
    ]
    if aggregates_only:
        vi.append(
            "Bản trích xuất này chỉ có bảng tổng hợp, không có vi dữ liệu. Vẫn nên kiểm tra "
            "trước khi công bố."
        )
    else:
        vi += [
            "Các bảng trong thư mục microdata/ là DỮ LIỆU CÁ NHÂN đã được giả danh hóa, không "
            "phải dữ liệu ẩn danh: kết hợp với khóa hoặc với dữ liệu khác vẫn có thể nhận ra "
            "người. Chúng chịu sự điều chỉnh của Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá "
            "nhân và Luật Bảo vệ dữ liệu cá nhân (hiệu lực từ 01/01/2026). Người nhận phải:",
            "- chỉ dùng cho mục đích nghiên cứu đã thỏa thuận bằng văn bản với bên cung cấp "
            "dữ liệu (chủ sở hữu dữ liệu);",
            "- không tìm cách nhận diện lại người, không ghép với dữ liệu khác có thể nhận ra "
            "người, không liên hệ với hộ hay thành viên Tổ;",
            "- lưu trữ có mã hóa, chỉ những người có tên trong thỏa thuận được truy cập; không "
            "chuyển cho bên thứ ba, không chuyển ra nước ngoài khi chưa làm thủ tục theo luật;",
            "- chỉ công bố số liệu tổng hợp đã ẩn các ô nhỏ hơn ngưỡng;",
            "- xóa dữ liệu khi kết thúc nghiên cứu và báo lại cho bên cung cấp;",
            "- báo ngay cho bên cung cấp khi dữ liệu bị lộ, để họ thông báo cho cơ quan có thẩm "
            "quyền trong thời hạn luật định (72 giờ theo Nghị định 13/2023/NĐ-CP).",
        ]
    files_vi = "tệp CSV mã hóa UTF-8" if extension == "csv" else "tệp Parquet"
    vi += ["", f"4. CÁC BẢNG VÀ CÁC CỘT ({files_vi}; ô trống = không có giá trị)", ""]
    vi += _describe(tables, extension, 0)

    level_en = "villages" if unit_level == "village" else "communes"
    en = [
        "RESEARCH EXTRACT — COMMUNITY DIGITAL TECHNOLOGY TEAMS",
        "",
        f"Created (UTC): {created}, by {generator}.",
        f"Suppression threshold: {threshold}. Areas of the aggregate tables: {level_en}.",
        f"Aggregate tables only: {'yes' if aggregates_only else 'no'}.",
        f"Key fingerprint: {key_fingerprint} (tells whether two extracts used the same key; "
        "it is not the key).",
        "",
        "1. HOW PERSONAL DATA WAS PROTECTED",
        "- No names, phone numbers, citizen-ID numbers, addresses, gender, roles, feedback "
        "text (free text) or survey answers.",
        "- Record codes (household, resident, member, team, visit) are replaced by "
        f"pseudonyms: HMAC-SHA256 of the kind of record and its code, cut to {hex_len} "
        f"hexadecimal characters ({bits} bits). The secret key stays with the data owner and "
        "is not in this file; without it nobody can compute or reverse a pseudonym. The same "
        "key gives the same pseudonym in every table and every extract, so tables join "
        "(household - resident - member - visit); another key gives unrelated pseudonyms.",
        "- Birth years become 10-year bands ('1980-1989'); births up to "
        f"{OLDEST_BAND_END} share the band '1900-{OLDEST_BAND_END}'.",
        f"- Households of {HOUSEHOLD_SIZE_CAP} or more persons are written "
        f"'{HOUSEHOLD_SIZE_CAP}+'; {SMARTPHONES_CAP} or more smartphones '{SMARTPHONES_CAP}+'.",
        "- Dates keep the month only (YYYY-MM): teams report by month and quarter, and a week "
        "in a small commune is enough to recognise a home visit.",
        "- Places stop at the commune (units since 2025-07-01): villages are too small. "
        "Aggregate tables count by village only when asked explicitly, with the same threshold.",
        "",
        "2. AGGREGATE TABLES AND SUPPRESSION",
        "- Each row is one cell: area, (month), category, count. Each area has a 'total' "
        "category row (sum of the categories); each commune and province has rows adding up "
        "the areas below it (those in this extract only).",
        f"- Primary suppression: a cell of fewer than {threshold} records, or made up by "
        f"fewer than {threshold} households (members), is suppressed: count empty, "
        "suppressed = true. Zero cells are suppressed too.",
        "- Secondary suppression: in each additive relation (a row and its 'total'; the "
        "villages or communes and their commune or province total), when exactly one cell is "
        "suppressed the smallest other cell is suppressed too, repeated until no relation has "
        "exactly one suppressed cell, so no suppressed cell is a total minus published cells. "
        "This simple rule does not stop every inference (combining tables, for instance): "
        "treat the aggregate tables as the release and publish no further totals.",
        "- Tables of one population (the two household tables, the two resident tables, "
        "the two visit tables) share their 'total' rows and are suppressed together: a total "
        "hidden in one is hidden in the other.",
        "- Every published cell counts at least the threshold.",
        "",
        "3. MICRODATA: LEGAL CARE",
    ]
    if aggregates_only:
        en.append(
            "This extract holds aggregate tables only, no microdata. Still review it before "
            "publishing."
        )
    else:
        en += [
            "The tables in microdata/ are PERSONAL DATA, pseudonymised, not anonymous: with "
            "the key or other data, people can still be recognised. Decree 13/2023/NĐ-CP on "
            "personal data protection and the Personal Data Protection Law (in force from "
            "2026-01-01) apply. Recipients must:",
            "- use them only for the research purpose agreed in writing with the data owner;",
            "- not try to re-identify anyone, not link them with data that identifies people, "
            "not contact households or team members;",
            "- store them encrypted, open to the people named in the agreement only; not pass "
            "them on, nor transfer them abroad without the steps the law requires;",
            "- publish only aggregates with cells below the threshold suppressed;",
            "- delete them at the end of the research and tell the data owner;",
            "- tell the data owner at once of any breach, so that it can notify the "
            "authorities in time (72 hours under Decree 13/2023/NĐ-CP).",
        ]
    files_en = "UTF-8 CSV files" if extension == "csv" else "Parquet files"
    en += ["", f"4. TABLES AND COLUMNS ({files_en}; an empty cell = no value)", ""]
    en += _describe(tables, extension, 1)
    return "\n".join([*vi, "", "=" * 72, "", *en]).rstrip() + "\n"
