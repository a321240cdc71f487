"""Writers of test files and a small clean workbook, shared by the importer tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """Write a workbook: sheet name -> rows (None for an empty cell; dates as dates)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    workbook.close()
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> Path:
    """Write a CSV file (comma-separated) in ``encoding``."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


TEAM_HEADER = ["Mã tổ", "Tên tổ", "Cấp tổ", "Tỉnh/Thành phố", "Xã/Phường", "Thôn/Tổ dân phố"]
MEMBER_HEADER = [
    "Mã thành viên",
    "Mã tổ",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Số điện thoại",
    "Chức vụ trong tổ",
    "Lực lượng",
]
HOUSEHOLD_HEADER = [
    "Mã hộ",
    "Họ tên chủ hộ",
    "Số nhân khẩu",
    "Số điện thoại thông minh",
    "Tỉnh/Thành phố",
    "Xã/Phường",
    "Thôn/Tổ dân phố",
    "Mã thành viên phụ trách",
]
VISIT_HEADER = ["Ngày", "Mã thành viên", "Mã hộ", "Hình thức", "Kỹ năng", "Kết quả", "Số người"]


def basic_sheets() -> dict[str, list[list[Any]]]:
    """A small clean workbook: one team, two members, two households, two visits."""
    return {
        "teams": [
            TEAM_HEADER,
            ["T1", "Tổ xã Xuân Bình", "xã", "Thanh Hóa", "Xuân Bình", None],
        ],
        "members": [
            MEMBER_HEADER,
            ["M1", "T1", "Lương Văn Khởi", 1978, "Nam", "0900 000 011", "Tổ trưởng", "Trưởng thôn"],
            ["M2", "T1", "Vi Thị Nhàn", "1990.0", "Nữ", "+84 900 000 012", "Thành viên", ""],
        ],
        "households": [
            HOUSEHOLD_HEADER,
            ["H1", "Lang Văn Tứ", 4, 2, "Thanh Hóa", "Xuân Bình", "Thôn Đồng Tâm", "M1"],
            ["H2", "Hà Thị Mơ", "3", 1, "Thanh Hóa", "Xuân Bình", "Thôn Tân Sơn", "M2"],
        ],
        "visits": [
            VISIT_HEADER,
            [dt.date(2026, 3, 2), "M1", "H1", "Tại nhà", "1", "Tự làm được", 2],
            ["15/03/2026", "M2", "H2", "Trực tuyến", "Thanh toán trực tuyến", "2", 1],
        ],
    }


def write_ods(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """Write a minimal OpenDocument spreadsheet (text and number cells only)."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    tables = []
    for name, rows in sheets.items():
        xml_rows = []
        for row in rows:
            cells = []
            for value in row:
                if value is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    cells.append(
                        f'<table:table-cell office:value-type="float" office:value="{value}">'
                        f"<text:p>{value}</text:p></table:table-cell>"
                    )
                else:
                    cells.append(
                        '<table:table-cell office:value-type="string">'
                        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
                    )
            xml_rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(
            f"<table:table table:name={quoteattr(name)}>{''.join(xml_rows)}</table:table>"
        )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path
