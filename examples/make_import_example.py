"""Write a small, realistically messy set of commune spreadsheets to ``examples/data/``.

Everything is invented: the people, codes and phone numbers (all ``0900 000 0xx``) are fake;
only the units are real (Xã Xuân Bình, Thanh Hóa, and the legacy communes merged into it on
2025-07-01). Run with ``.venv/bin/python examples/make_import_example.py``; then import with::

    cnscd import examples/data/xuan_binh_2026.xlsx examples/data/thanh_vien.csv \\
        examples/data/ho_bai_tranh_tcvn3.csv --store /tmp/xuan_binh.sqlite

What is messy, on purpose:

- ``xuan_binh_2026.xlsx``: the sheets come in no particular order and their names say nothing
  (the importer reads the headers); title rows and merged cells above the headers; a header
  split over two rows ("Địa bàn" over "Tỉnh", "Xã", "Thôn"); a row numbering the columns;
  blank rows and columns; dates as Excel dates, as text (``15/03/2026``, ``2026-03-16``) and
  as serial numbers; old tone placement ("Thanh Hoá"); a village written without accents.
- ``thanh_vien.csv``: members, Windows-1258, semicolons, a member in two teams, phones with
  spaces, dots and ``+84``, years written ``1985.0``.
- ``ho_bai_tranh_tcvn3.csv``: households typed with a TCVN3 (".VnTime") font, addressed with
  the legacy commune and district ("Xã Bãi Trành, Huyện Như Xuân"), converted on import.
- A few rows are wrong, so that the rejects file has something to show: an impossible date,
  an unknown member, an unknown skill, an invalid phone, a negative household size, and one
  household code given twice with different sizes.
"""

from __future__ import annotations

import datetime
import datetime as dt
import unicodedata
from pathlib import Path

import xlsxwriter

from cnscd_core.text import encode_legacy

DATA = Path(__file__).parent / "data"
WORKBOOK = "xuan_binh_2026.xlsx"
MEMBERS_CSV = "thanh_vien.csv"
LEGACY_CSV = "ho_bai_tranh_tcvn3.csv"
FILES = (WORKBOOK, MEMBERS_CSV, LEGACY_CSV)


def _phone(n: int) -> str:
    """An obviously fake phone number."""
    return f"0900 000 {n:03d}"


TEAMS = [
    # code, name, level, province, commune, village, decision no., decision date
    (
        "XB",
        "Tổ CNSCĐ xã Xuân Bình",
        "xã",
        "Thanh Hoá",
        "Xã Xuân Bình",
        "",
        "45/QĐ-UBND",
        "2025-07-15",
    ),
    (
        "XB-DT",
        "Tổ CNSCĐ thôn Đồng Tâm",
        "thôn",
        "Thanh Hoá",
        "Xuân Bình",
        "Thôn Đồng Tâm",
        "52/QĐ-UBND",
        "20/07/2025",
    ),
    (
        "XB-TS",
        "Tổ CNSCĐ thôn Tân Sơn",
        "thôn",
        "thanh hoa",
        "xa Xuan Binh",
        "Thôn Tân Sơn",
        "52/QĐ-UBND",
        "20/07/2025",
    ),
]

MEMBERS = [
    # code, team, name, birth year, gender, phone, position, force
    (
        "TV01",
        "XB",
        "Lương Văn Khởi",
        "1978",
        "Nam",
        "0900.000.011",
        "Tổ trưởng",
        "Phó Chủ tịch UBND xã",
    ),
    ("TV02", "XB", "Vi Thị Nhàn", "1990.0", "Nữ", "+84 900 000 012", "Tổ phó", "Công chức một cửa"),
    ("TV03", "XB-DT", "Hà Văn Sáng", "1969", "Nam", "0900 000 013", "Tổ trưởng", "Trưởng thôn"),
    ("TV03", "XB", "Hà Văn Sáng", "1969", "Nam", "0900 000 013", "Thành viên", "Trưởng thôn"),
    ("TV04", "XB-DT", "Cầm Thị Thu", "2001", "Nữ", "0900000014", "Thành viên", "Đoàn thanh niên"),
    ("TV05", "XB-TS", "Lò Văn Đức", "1985.0", "nam", "0900 000 015", "Tổ trưởng", "Trưởng thôn"),
    ("TV06", "XB-TS", "Phạm Thị Lụa", "1998", "Nữ", "0900 000 016", "Thành viên", "Công an xã"),
    ("TV07", "XB-TS", "Đinh Công Tráng", "1994", "Nam", "12345", "Thành viên", "Viettel"),
]

HOUSEHOLDS = [
    # code, head, size, smartphones, province, commune, village, member
    ("HD001", "Lang Văn Tứ", 4, 2, "Thanh Hoá", "Xã Xuân Bình", "Thôn Đồng Tâm", "TV03"),
    ("HD002", "Vi Thị Hoà", 3, 1, "Thanh Hoá", "Xã Xuân Bình", "thôn  đồng tâm", "TV03"),
    ("HD003", "Lương Văn Phúc", 6, 3, "Thanh Hoá", "Xã Xuân Bình", "Thon Dong Tam", "TV04"),
    ("HD004", "Hà Thị Mơ", 2, 0, "Thanh Hoá", "Xuân Bình", "Thôn Tân Sơn", "TV05"),
    ("HD005", "Lò Văn Khương", 5.0, 2, "Thanh Hoá", "Xuân Bình", "Thôn Tân Sơn", "TV06"),
    ("HD006", "Cầm Thị Nguyệt", "-2", 1, "Thanh Hoá", "Xuân Bình", "Thôn Tân Sơn", "TV06"),
    ("HD007", "Phạm Văn Lực", 7, 4, "Thanh Hoá", "Xuân Bình", "Thôn Tân Sơn", "TV05"),
    ("HD007", "Phạm Văn Lực", 8, 4, "Thanh Hoá", "Xuân Bình", "Thôn Tân Sơn", "TV05"),
]

LEGACY_HOUSEHOLDS = [
    # code, head, size, smartphones, province, commune (legacy, with its district), village, member
    (
        "HD101",
        "Lương Thị Én",
        "4",
        "1",
        "Thanh Hóa",
        "Xã Bãi Trành, Huyện Như Xuân",
        "Thôn Hợp Thành",
        "TV05",
    ),
    (
        "HD102",
        "Hà Văn Tuấn",
        "3",
        "2",
        "Thanh Hóa",
        "Xã Bãi Trành, Huyện Như Xuân",
        "Thôn Hợp Thành",
        "TV06",
    ),
    (
        "HD103",
        "Vi Văn Bình",
        "5",
        "1",
        "Thanh Hóa",
        "Xã Xuân Hòa, Huyện Như Xuân",
        "Thôn Đồng Tâm",
        "TV04",
    ),
]

VISITS = [
    # date, member, household, channel, skill or app, outcome, persons
    (dt.date(2026, 3, 2), "TV03", "HD001", "Tại nhà", "1", "Tự làm được", 2),
    ("15/03/2026", "TV03", "HD002", "Tại nhà", "VNeID mức 2", "Làm được khi có hướng dẫn", 1),
    ("2026-03-16", "TV04", "HD003", "Tại nhà", "Thanh toán trực tuyến", "3", 1),
    (46097, "TV05", "HD004", "Qua Zalo", "VssID", "2", 1),
    ("17-3-2026", "TV06", "HD005", "Tại nhà", "Ví điện tử", "Đã biết", 2),
    ("18/03/2026", "TV05", "HD101", "Tại nhà", "Tự bảo vệ mình trên không gian mạng", "2", 1),
    ("20/03/2026", "TV06", "HD102", "Nhà văn hóa thôn", "Dịch vụ công trực tuyến", "1", 1),
    ("21/03/2026", "TV04", "HD103", "Tại nhà", "2", "Tự đặt hàng được", 1),
    ("22/03/2026", "TV01", "", "Họp thôn", "5", "", 35),
    ("31/02/2026", "TV04", "HD001", "Tại nhà", "1", "2", 1),
    ("23/03/2026", "TV09", "HD002", "Tại nhà", "1", "2", 1),
    ("24/03/2026", "TV05", "HD004", "Tại nhà", "Học tiếng Anh", "2", 1),
]


def _cp1258(text: str) -> bytes:
    """Windows-1258: letters it has precomposed (â, ê, ô, ă, ơ, ư, đ), tones as marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = [c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


def write_workbook(path: Path) -> None:
    """The commune's workbook: visits, households and teams sheets, in that order."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    workbook.set_properties({"created": datetime.datetime(2026, 1, 1)})  # same bytes each run
    title = workbook.add_format({"bold": True, "align": "center"})
    head = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter"})
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})

    visits = workbook.add_worksheet("Tháng 3")
    visits.merge_range("A1:H1", "UBND XÃ XUÂN BÌNH", title)
    visits.merge_range("A2:H2", "NHẬT KÝ HƯỚNG DẪN KỸ NĂNG SỐ - THÁNG 3/2026", title)
    visits.write_row(
        3, 0, ["STT", "Ngày", "Mã TV", "Mã hộ", "Hình thức", "Kỹ năng", "Kết quả", "Số người"], head
    )
    visits.write_row(4, 0, [f"({i})" for i in range(1, 9)])
    for i, (day, member, house, channel, skill, outcome, persons) in enumerate(VISITS):
        r = 5 + i + (1 if i >= 6 else 0)  # a blank row in the middle
        visits.write_number(r, 0, i + 1)
        if isinstance(day, dt.date):
            visits.write_datetime(r, 1, dt.datetime.combine(day, dt.time()), date)
        elif isinstance(day, int):
            visits.write_number(r, 1, day)  # a date typed as a serial number
        else:
            visits.write_string(r, 1, day)
        visits.write_row(r, 2, [member, house, channel, skill, outcome])
        visits.write_number(r, 7, persons)

    houses = workbook.add_worksheet("DS hộ")
    houses.merge_range("B1:J1", "DANH SÁCH HỘ GIA ĐÌNH XÃ XUÂN BÌNH", title)
    # A header over two rows: "Địa bàn" is merged over Tỉnh / Xã / Thôn.
    houses.merge_range("B3:B4", "Mã hộ", head)
    houses.merge_range("C3:C4", "Họ và tên chủ hộ", head)
    houses.merge_range("D3:D4", "Số nhân khẩu", head)
    houses.merge_range("E3:E4", "Số ĐTTM", head)
    houses.merge_range("F3:H3", "Địa bàn", head)
    houses.write_row(3, 5, ["Tỉnh", "Xã", "Thôn"], head)
    houses.merge_range("I3:I4", "Thành viên phụ trách", head)
    for i, (code, name, size, phones, province, commune, village, member) in enumerate(HOUSEHOLDS):
        r = 4 + i
        houses.write_string(r, 1, code)
        houses.write_string(r, 2, name)
        if isinstance(size, str):
            houses.write_string(r, 3, size)
        else:
            houses.write_number(r, 3, size)
        houses.write_number(r, 4, phones)
        houses.write_row(r, 5, [province, commune, village, member])

    teams = workbook.add_worksheet("Sheet3")
    teams.write_row(
        0,
        0,
        [
            "Mã tổ",
            "Tên tổ",
            "Cấp tổ",
            "Tỉnh/Thành phố",
            "Xã/Phường",
            "Thôn/Tổ dân phố",
            "Số quyết định",
            "Ngày quyết định",
        ],
        head,
    )
    for r, row in enumerate(TEAMS, start=1):
        teams.write_row(r, 0, row)
    workbook.close()


def write_members_csv(path: Path) -> None:
    """Members, as exported by an old office suite: Windows-1258, semicolons."""
    lines = [
        "Mã thành viên;Mã tổ;Họ và tên;Năm sinh;Giới tính;Số điện thoại;Chức vụ trong tổ;Lực lượng"
    ]
    lines += [";".join(row) for row in MEMBERS]
    path.write_bytes(_cp1258("\r\n".join(lines) + "\r\n"))


def write_legacy_csv(path: Path) -> None:
    """Households typed before 2025 with a TCVN3 font, legacy commune names."""
    header = "Mã hộ,Họ tên chủ hộ,Số nhân khẩu,Số điện thoại thông minh,Tỉnh/Thành phố,"
    header += "Xã/Phường,Thôn/Tổ dân phố,Mã thành viên phụ trách,Số điện thoại"
    lines = [header]
    for n, row in enumerate(LEGACY_HOUSEHOLDS, start=21):
        cells = [f'"{cell}"' if "," in cell else cell for cell in row]
        lines.append(",".join([*cells, _phone(n)]))
    text = encode_legacy("\r\n".join(lines) + "\r\n", "tcvn3")
    path.write_bytes(text.encode("latin-1"))


def main() -> list[Path]:
    """Write the three files; return their paths."""
    DATA.mkdir(parents=True, exist_ok=True)
    write_workbook(DATA / WORKBOOK)
    write_members_csv(DATA / MEMBERS_CSV)
    write_legacy_csv(DATA / LEGACY_CSV)
    paths = [DATA / name for name in FILES]
    for path in paths:
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return paths


if __name__ == "__main__":
    main()
