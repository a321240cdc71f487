"""Importing workbooks and CSV files: counts, references, villages, rejections, idempotence."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from cnscd_core.importer import ImportFileError, ImportSummary, import_files, write_template
from cnscd_core.plugins import PluginHost
from cnscd_core.store import SQLiteStore

from .helpers import (
    HOUSEHOLD_HEADER,
    MEMBER_HEADER,
    TEAM_HEADER,
    VISIT_HEADER,
    basic_sheets,
    write_csv,
    write_xlsx,
)

XUAN_BINH = "16177"  # Xã Xuân Bình, Thanh Hóa (2025)


def run(paths: list[Path], store: SQLiteStore, host: PluginHost, **kw: Any) -> ImportSummary:
    summary = import_files(paths, store, host=host, **kw)
    assert_accounted(summary)
    return summary


def assert_accounted(summary: ImportSummary) -> None:
    document = summary.to_json()
    for counts in [document, *document["by_kind"].values()]:
        assert counts["read"] == (
            counts["new"] + counts["updated"] + counts["unchanged"] + counts["rejected"]
        )
    assert document["rejected"] == len(summary.rejections) == sum(document["reasons"].values())


def one_rejection(summary: ImportSummary) -> Any:
    assert summary.rejected == 1, [str(r) for r in summary.rejections]
    return summary.rejections[0]


def test_clean_workbook_then_again(tmp_path: Path, store: SQLiteStore, host: PluginHost) -> None:
    path = write_xlsx(tmp_path / "xa.xlsx", basic_sheets())
    first = run([path], store, host)
    assert (first.read, first.new, first.rejected) == (7, 7, 0)
    assert first.by_kind["visits"].new == 2
    assert first.new_villages == 2 and first.rejects is None
    assert store.counts()["households"] == 2 and store.counts()["villages"] == 2
    second = run([path], store, host)
    assert (second.read, second.unchanged, second.new, second.updated) == (7, 7, 0, 0)
    assert second.new_villages == 0


def test_records_are_read_as_people_write_them(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    run([write_xlsx(tmp_path / "xa.xlsx", basic_sheets())], store, host)
    team = store.get("teams", "T1")
    assert (team.level, team.unit, team.leader) == ("commune", XUAN_BINH, "M1")
    member = store.get("members", "M2")
    assert (member.birth_year, member.phone, member.gender) == (1990, "0900000012", "female")
    assert store.get("members", "M1").role == "village_head"
    household = store.get("households", "H1")
    assert household.unit.startswith(XUAN_BINH + ".") and household.size == 4
    names = {v[1] for v in store.villages()}
    assert names == {"Thôn Đồng Tâm", "Thôn Tân Sơn"}
    visits = {v.household: v for v in store.records("visits")}
    assert visits["H1"].skill == "online_public_services" and visits["H1"].outcome == 3
    assert visits["H1"].date == dt.date(2026, 3, 2) and visits["H1"].persons == 2
    assert visits["H2"].channel == "online" and visits["H2"].skill == "online_payment"


def test_sheets_and_files_in_any_order(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    sheets = basic_sheets()
    a = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": sheets["visits"], "Sheet2": sheets["members"]})
    b = write_csv(tmp_path / "b.csv", sheets["households"])
    c = write_xlsx(tmp_path / "c.xlsx", {"x": sheets["teams"]})
    summary = run([a, b, c], store, host)
    assert (summary.new, summary.rejected) == (7, 0)


def test_references_to_records_already_in_the_store(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    sheets = basic_sheets()
    run(
        [write_xlsx(tmp_path / "a.xlsx", {"t": sheets["teams"], "m": sheets["members"]})],
        store,
        host,
    )
    later = write_xlsx(tmp_path / "b.xlsx", {"h": sheets["households"], "v": sheets["visits"]})
    summary = run([later], store, host)
    assert (summary.new, summary.rejected) == (4, 0)


def test_updates_are_counted(tmp_path: Path, store: SQLiteStore, host: PluginHost) -> None:
    sheets = basic_sheets()
    run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    sheets["households"][1][2] = 5  # H1 grew
    summary = run([write_xlsx(tmp_path / "b.xlsx", sheets)], store, host)
    assert summary.by_kind["households"].updated == 1 and summary.updated == 1
    assert store.get("households", "H1").size == 5


def test_identical_rows_are_one_record_and_a_member_in_two_teams(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    sheets = basic_sheets()
    sheets["teams"].append(
        ["T2", "Tổ thôn Đồng Tâm", "thôn", "Thanh Hóa", "Xuân Bình", "Thôn Đồng Tâm"]
    )
    sheets["members"].append(
        ["M1", "T2", "Lương Văn Khởi", 1978, "Nam", "0900.000.011", "Thành viên", "Trưởng thôn"]
    )
    sheets["households"].append(list(sheets["households"][1]))  # the same row twice
    summary = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    assert summary.rejected == 0
    assert summary.by_kind["households"].unchanged == 1
    assert summary.by_kind["members"].unchanged == 1
    member = store.get("members", "M1")
    assert member.teams == ("T1", "T2") and member.position == "leader"
    assert store.get("teams", "T1").leader == "M1" and store.get("teams", "T2").leader is None
    assert store.get("teams", "T2").level == "village"


def test_legacy_commune_names_are_converted(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    sheets = basic_sheets()
    sheets["households"][1][4:7] = ["Thanh Hóa", "Xã Bãi Trành, Huyện Như Xuân", "Thôn Hợp Thành"]
    sheets["households"][2][4:7] = ["Thanh Hoá", "Xã Xuân Hòa, H. Như Xuân", ""]
    summary = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    assert summary.rejected == 0
    h1, h2 = store.get("households", "H1"), store.get("households", "H2")
    assert h1.unit.startswith(XUAN_BINH + ".") and h1.legacy_unit == "16177"  # Bãi Trành
    assert (h2.unit, h2.legacy_unit) == (XUAN_BINH, "16180")  # Xuân Hòa, Như Xuân


def test_village_spellings(tmp_path: Path, store: SQLiteStore, host: PluginHost) -> None:
    sheets = basic_sheets()
    variants = ["THÔN  ĐỒNG TÂM", unicodedata.normalize("NFD", "Thôn Đồng Tâm"), "thôn đồng tâm"]
    for n, village in enumerate(variants, start=3):
        sheets["households"].append([f"H{n}", "A B", 2, 0, "Thanh Hóa", "Xuân Bình", village, "M1"])
    sheets["households"].append(
        ["H9", "A B", 2, 0, "Thanh Hóa", "Xuân Bình", "Thon Dong Tam", "M1"]
    )
    summary = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    units = {store.get("households", f"H{n}").unit for n in (1, 3, 4, 5, 9)}
    assert len(units) == 1 and summary.rejected == 0
    assert summary.new_villages == 2
    (review,) = summary.village_reviews
    assert review.spelling == "Thon Dong Tam" and review.name == "Thôn Đồng Tâm"
    assert summary.to_json()["villages_for_review"] == 1
    notes = {code: note for code, _n, _k, _c, _l, note in store.villages()}
    assert "'Thon Dong Tam'" in notes[units.pop()]
    again = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    assert again.new == 0 and again.updated == 0 and again.villages_for_review == 1


def test_tone_placement_is_the_same_village(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    sheets = basic_sheets()
    sheets["households"][1][6] = "Thôn Hoà Bình"
    sheets["households"][2][6] = "Thôn Hòa Bình"
    summary = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    assert summary.new_villages == 1 and not summary.village_reviews
    assert store.get("households", "H1").unit == store.get("households", "H2").unit


def _reject(
    tmp_path: Path,
    store: SQLiteStore,
    host: PluginHost,
    kind: str,
    col: int,
    value: Any,
    row: int = 1,
) -> Any:
    sheets = basic_sheets()
    sheets[kind][row][col] = value
    path = write_xlsx(
        tmp_path / "x.xlsx",
        {"Danh sách": sheets[kind]} | {k: v for k, v in sheets.items() if k != kind},
    )
    return run([path], store, host)


@pytest.mark.parametrize(
    ("kind", "col", "value", "problem", "field"),
    [
        ("households", 5, "Xã Không Có Thật", "unknown_unit", "Xã/Phường"),
        ("households", 4, "Tỉnh Không Có", "unknown_unit", "Tỉnh/Thành phố"),
        ("households", 7, "M99", "unknown_member", "Mã thành viên phụ trách"),
        ("households", 2, -2, "invalid_size", "Số nhân khẩu"),
        ("households", 2, 400, "invalid_size", "Số nhân khẩu"),
        ("households", 3, "nhiều", "invalid_number", "Số điện thoại thông minh"),
        ("members", 1, "T9", "unknown_team", "Mã tổ"),
        ("members", 3, "1850", "invalid_year", "Năm sinh"),
        ("members", 5, "12345", "invalid_phone", "Số điện thoại"),
        ("members", 2, "", "missing_value", "Họ và tên"),
        ("visits", 0, "31/02/2026", "invalid_date", "Ngày"),
        ("visits", 0, "01/01/2099", "invalid_date", "Ngày"),
        ("visits", 1, "M99", "unknown_member", "Mã thành viên"),
        ("visits", 2, "H99", "unknown_household", "Mã hộ"),
        ("visits", 3, "Bồ câu đưa thư", "unknown_channel", "Hình thức"),
        ("visits", 4, "Học tiếng Anh", "unknown_skill", "Kỹ năng"),
        ("visits", 4, "9", "unknown_skill", "Kỹ năng"),
        ("visits", 5, "Thành thạo tuyệt đối", "unknown_outcome", "Kết quả"),
        ("visits", 5, "7", "unknown_outcome", "Kết quả"),
        ("visits", 6, 5000, "invalid_size", "Số người"),
        ("teams", 2, "huyện", "invalid_value", "Cấp tổ"),
    ],
)
def test_each_rejection_names_file_sheet_row_field_found_and_expected(
    tmp_path: Path,
    store: SQLiteStore,
    host: PluginHost,
    kind: str,
    col: int,
    value: Any,
    problem: str,
    field: str,
) -> None:
    summary = _reject(tmp_path, store, host, kind, col, value)
    rejected = [r for r in summary.rejections if r.kind == kind]
    assert rejected, [str(r) for r in summary.rejections]
    first = rejected[0]
    assert (first.problem, first.field, first.file, first.sheet, first.row) == (
        problem,
        field,
        "x.xlsx",
        "Danh sách",
        2,
    )
    assert "expected" in first.message
    assert str(first).startswith("x.xlsx, sheet Danh sách, row 2: ")


def test_ambiguous_unit_without_province(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    sheets = basic_sheets()
    sheets["households"][1][4:7] = ["", "Phường 1", ""]
    summary = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    rejection = next(r for r in summary.rejections if r.kind == "households")
    assert rejection.problem == "ambiguous_unit" and "province" in rejection.message


def test_a_duplicate_code_with_conflicting_content_rejects_every_copy(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    sheets = basic_sheets()
    copy = list(sheets["households"][1])
    copy[2] = 9
    sheets["households"].append(copy)
    summary = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    rejected = [r for r in summary.rejections if r.kind == "households"]
    assert [r.row for r in rejected] == [2, 4]
    assert all(r.problem == "duplicate_conflict" and "Số nhân khẩu" in r.message for r in rejected)
    assert store.get("households", "H1") is None
    # The visit to H1 is rejected too: its household is not in the import nor in the store.
    assert any(r.problem == "unknown_household" for r in summary.rejections)


def test_personal_values_are_masked_in_messages(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    summary = _reject(tmp_path, store, host, "members", 5, "0900 000 01")
    message = summary.rejections[0].message
    assert "0900 000 01" not in message and "09*****01" in message
    # The member's household and visit go too, each saying why.
    assert [r.problem for r in summary.rejections] == [
        "invalid_phone",
        "unknown_member",
        "unknown_member",
    ]


def test_rejects_file_keeps_the_rows_as_given(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    summary = _reject(tmp_path, store, host, "members", 5, "0900 000 01")
    assert summary.rejects is not None and summary.rejects.suffix == ".xlsx"
    workbook = CalamineWorkbook.from_path(str(summary.rejects))
    rows = workbook.get_sheet_by_index(0).to_python()
    header, row = rows[0], rows[1]
    assert row[:4] == ["x.xlsx", "Danh sách", 2.0, "Số điện thoại"]
    assert "expected" in row[4]
    assert row[header.index("Số điện thoại")] == "0900 000 01"
    assert row[header.index("Họ và tên")] == "Lương Văn Khởi"
    csv_path = tmp_path / "loi.csv"
    summary = _reject(tmp_path, store, host, "members", 5, "0900 000 01", row=2)
    summary = run([tmp_path / "x.xlsx"], store, host, rejects_path=csv_path)
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "Vi Thị Nhàn" in text and "0900 000 01" in text


def test_unreadable_or_unrecognised_file_writes_nothing(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    good = write_xlsx(tmp_path / "a.xlsx", basic_sheets())
    notes = write_xlsx(tmp_path / "notes.xlsx", {"Ghi chú": [["Nội dung"], ["xin chào"]]})
    with pytest.raises(ImportFileError, match=r"notes\.xlsx"):
        import_files([good, notes], store, host=host)
    with pytest.raises(ImportFileError, match=r"missing\.csv"):
        import_files([good, tmp_path / "missing.csv"], store, host=host)
    with pytest.raises(ImportFileError):
        import_files([], store, host=host)
    assert all(n == 0 for n in store.counts().values())


def test_template_has_every_header_and_imports_empty(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    path = write_template(tmp_path / "mau.xlsx")
    workbook = CalamineWorkbook.from_path(str(path))
    headers = {
        name: workbook.get_sheet_by_name(name).to_python()[0] for name in workbook.sheet_names
    }
    found = {h for row in headers.values() for h in row}
    for needed in (TEAM_HEADER, MEMBER_HEADER, HOUSEHOLD_HEADER, VISIT_HEADER):
        assert set(needed) <= found
    assert {"Số quyết định", "Ngày quyết định"} <= found
    summary = run([path], store, host)
    assert summary.read == 0
    kinds = [s.kind for s in summary.sheets]
    assert kinds == ["teams", "members", "households", "residents", "visits", None]


def test_template_filled_in_imports(tmp_path: Path, store: SQLiteStore, host: PluginHost) -> None:
    from cnscd_core.importer import FIELDS

    sheets = basic_sheets()
    # Reorder every sheet's columns the template's way, as a clerk filling it in would.
    filled = {}
    for kind, rows in sheets.items():
        order = [f.header for f in FIELDS[kind]]
        header = rows[0]
        filled[kind] = [order] + [
            [row[header.index(h)] if h in header else None for h in order] for row in rows[1:]
        ]
    summary = run([write_xlsx(tmp_path / "filled.xlsx", filled)], store, host)
    assert (summary.new, summary.rejected) == (7, 0)


def test_residents(tmp_path: Path, store: SQLiteStore, host: PluginHost) -> None:
    sheets: dict[str, Any] = basic_sheets()
    sheets["residents"] = [
        ["Mã nhân khẩu", "Mã hộ", "Họ và tên", "Năm sinh", "Số CCCD", "Mức VNeID"],
        ["NK1", "H1", "Lang Văn Tứ", 1960, "999 000 000 001", "Mức 2"],
        ["NK2", "H1", "Lang Thị Hoa", 1990, "123", "Mức 1"],
        ["NK3", "H77", "Lang Văn Út", 2015, "", "Chưa có"],
    ]
    summary = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    assert summary.by_kind["residents"].new == 1
    assert {r.problem for r in summary.rejections} == {"invalid_id", "unknown_household"}
    resident = store.get("residents", "NK1")
    assert (resident.citizen_id, resident.vneid_level) == ("999000000001", 2)


def test_progress_bar_on_long_files(capsys: pytest.CaptureFixture[str]) -> None:
    from cnscd_core.importer._run import _progress

    assert list(_progress(list(range(10)), True, "x")) == list(range(10))  # short: no bar
    assert sum(1 for _ in _progress(list(range(3000)), True, "Checking")) == 3000
    assert "Checking" in capsys.readouterr().err
    assert sum(1 for _ in _progress(list(range(3000)), False, "Quiet")) == 3000
    assert "Quiet" not in capsys.readouterr().err


def test_a_value_left_empty_on_a_repeated_row_is_not_a_conflict(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    sheets = basic_sheets()
    sheets["teams"].append(["T2", "Tổ thôn", "thôn", "Thanh Hóa", "Xuân Bình", "Thôn Đồng Tâm"])
    # The second row of M1 (its other team) leaves year, phone and force empty.
    sheets["members"].append(["M1", "T2", "Lương Văn Khởi", None, None, None, "Tổ trưởng", None])
    summary = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    assert summary.rejected == 0
    member = store.get("members", "M1")
    assert (member.teams, member.birth_year, member.phone, member.role) == (
        ("T1", "T2"),
        1978,
        "0900000011",
        "village_head",
    )
    assert store.get("teams", "T2").leader == "M1"


def test_ods_workbook(tmp_path: Path, store: SQLiteStore, host: PluginHost) -> None:
    from .helpers import write_ods

    sheets = basic_sheets()
    sheets["visits"][1][0] = "02/03/2026"  # the minimal writer has no date cells
    path = write_ods(tmp_path / "xa.ods", sheets)
    summary = run([path], store, host)
    assert (summary.new, summary.rejected) == (7, 0)


def test_three_rows_of_a_code_two_of_them_in_conflict(
    tmp_path: Path, store: SQLiteStore, host: PluginHost
) -> None:
    sheets = basic_sheets()
    base = list(sheets["households"][1])
    a, b = list(base), list(base)
    base[3] = None  # no smartphone count: compatible with both others
    a[3], b[3] = 1, 3
    sheets["households"][1] = base
    sheets["households"] += [a, b]
    summary = run([write_xlsx(tmp_path / "a.xlsx", sheets)], store, host)
    rejected = [r for r in summary.rejections if r.kind == "households"]
    assert [r.row for r in rejected] == [2, 4, 5]
    assert all("Số điện thoại thông minh" in r.message for r in rejected)
