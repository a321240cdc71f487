"""Headers: matched whatever the accents, case, spacing and punctuation; found below titles."""

from __future__ import annotations

import unicodedata

import pytest

from cnscd_core.importer import FIELDS, header_key
from cnscd_core.importer._headers import find_header


@pytest.mark.parametrize(
    "written",
    [
        "Tỉnh/Thành phố",
        "TỈNH / THÀNH PHỐ",
        "tinh thanh pho",
        "Tỉnh, thành phố",
        unicodedata.normalize("NFD", "Tỉnh/Thành phố"),
        "  Tỉnh   /Thành  phố* ",
    ],
)
def test_header_key_ignores_case_accents_spacing_punctuation(written: str) -> None:
    assert header_key(written) == header_key("Tỉnh/Thành phố") == "tinhthanhpho"


def test_no_two_fields_of_a_kind_share_a_header() -> None:
    for kind, fields in FIELDS.items():
        keys = [header_key(a) for f in fields for a in (f.header, *f.aliases)]
        owners = {header_key(a): f.name for f in fields for a in (f.header, *f.aliases)}
        assert len(owners) <= len(keys), kind


@pytest.mark.parametrize(
    ("kind", "headers"),
    [
        (
            "teams",
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
        ),
        (
            "members",
            [
                "Mã thành viên",
                "Mã tổ",
                "Họ và tên",
                "Năm sinh",
                "Giới tính",
                "Số điện thoại",
                "Chức vụ trong tổ",
                "Lực lượng",
            ],
        ),
        (
            "households",
            [
                "Mã hộ",
                "Họ tên chủ hộ",
                "Số nhân khẩu",
                "Số điện thoại thông minh",
                "Tỉnh/Thành phố",
                "Xã/Phường",
                "Thôn/Tổ dân phố",
                "Mã thành viên phụ trách",
            ],
        ),
        (
            "visits",
            ["Ngày", "Mã thành viên", "Mã hộ", "Hình thức", "Kỹ năng", "Kết quả", "Số người"],
        ),
    ],
)
def test_the_issue_headers_give_every_field(kind: str, headers: list[str]) -> None:
    match = find_header([headers])
    assert match is not None and match.kind == kind
    assert len(match.columns) == len(headers)


def test_header_below_title_rows_and_after_blank_columns() -> None:
    rows = [
        ["", "UBND XÃ XUÂN BÌNH", "", ""],
        ["", "", "", ""],
        ["", "DANH SÁCH HỘ GIA ĐÌNH", "", ""],
        ["", "", "", "", "", ""],
        ["", "", "STT", "MÃ HỘ", "Số Nhân Khẩu", "Xã / Phường"],
        ["", "", "1", "H1", 4, "Xuân Bình"],
    ]
    match = find_header(rows)
    assert match is not None
    assert (match.kind, match.last_row) == ("households", 4)
    assert match.columns == {"code": (3,), "size": (4,), "commune": (5,)}
    assert match.headers[3] == "MÃ HỘ"


def test_header_split_over_two_rows_under_a_merged_cell() -> None:
    rows = [
        ["Mã hộ", "Họ tên chủ hộ", "Địa bàn", "", "", "Số nhân khẩu"],
        ["", "", "Tỉnh", "Xã", "Thôn", ""],
        ["H1", "A", "Thanh Hóa", "Xuân Bình", "Thôn 1", 3],
    ]
    match = find_header(rows)
    assert match is not None and match.last_row == 1
    assert match.columns["province"] == (2,)
    assert match.columns["village"] == (4,)


def test_a_data_row_is_not_taken_for_a_second_header_row() -> None:
    rows = [
        ["Mã hộ", "Số nhân khẩu", "Xã"],
        ["H1", 3, "Xã"],  # a value that happens to be a header word
    ]
    match = find_header(rows)
    assert match is not None and match.last_row == 0


def test_kind_is_taken_from_headers_not_sheet_order() -> None:
    visits = find_header([["Ngày", "Mã TV", "Mã hộ", "Kỹ năng"]])
    members = find_header([["Mã TV", "Họ tên", "Mã tổ"]])
    assert visits is not None and visits.kind == "visits"
    assert members is not None and members.kind == "members"


def test_unrecognised_sheet() -> None:
    assert find_header([["Ghi chú", "Nội dung"], ["a", "b"]]) is None
    assert find_header([]) is None


def test_the_template_header_is_read_before_a_looser_alias() -> None:
    # "Thành viên" may hold the member's name; "Mã thành viên" holds the code.
    match = find_header([["Ngày", "Thành viên", "Mã thành viên", "Mã hộ"]])
    assert match is not None and match.columns["member"] == (2, 1)
