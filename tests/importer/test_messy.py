"""Hypothesis-made messy workbooks: every row is accounted for, nothing crashes, and a second
import of the same files changes nothing.

The files are what commune clerks send: headers in any case, with or without accents, in NFD,
padded, punctuated or numbered; title rows, blank rows and columns, extra columns; sheets in
any order and under any name, split over XLSX and CSV files; values written many ways; some
values wrong; some rows repeated, identically or not.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnscd_core.importer import FIELDS, import_files
from cnscd_core.plugins import PluginHost
from cnscd_core.store import open_store
from cnscd_core.units import UnitRegistry

from .helpers import write_csv, write_xlsx

# -- headers -----------------------------------------------------------------------------


@st.composite
def garbled(draw: st.DrawFn, header: str) -> str:
    """``header`` as someone typed it: same words, any case, accents form, spacing, marks."""
    text = draw(st.sampled_from([header, header.upper(), header.lower(), header.title()]))
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    words = text.split(" ")
    glue = draw(st.sampled_from([" ", "  ", " / ", "-", ", ", "_"]))
    text = glue.join(words) if len(words) > 1 else text
    text = (
        draw(st.sampled_from(["", " ", "\n"]))
        + text
        + draw(st.sampled_from(["", " ", "*", " (*)", ":", " (bắt buộc)", "\n"]))
    )
    if draw(st.booleans()) and not text.strip()[0].isdigit():
        text = f"{draw(st.integers(1, 9))}. {text.strip()}"
    return text


# -- values, written the many ways people write them -------------------------------------

PROVINCES = ["Thanh Hóa", "Thanh Hoá", "THANH HÓA", "thanh hoa", "Tỉnh Thanh Hóa"]
COMMUNES = [
    "Xuân Bình",
    "Xã Xuân Bình",
    "xa xuan binh",
    "XÃ XUÂN BÌNH",
    "Xã Bãi Trành, Huyện Như Xuân",
]
VILLAGES = [
    "Thôn Đồng Tâm",
    "thôn  đồng tâm",
    "Thon Dong Tam",
    "Thôn Tân Sơn",
    "TDP 3",
    "Bản Chiềng Ken",
    "",
    "Thôn Hoà Lạc",
    "Thôn Hòa Lạc",
]
BAD: dict[str, list[Any]] = {
    "province": ["Tỉnh Không Tồn Tại"],
    "commune": ["Xã Không Có", "", "Phường 1"],
    "size": [-3, 0, 500, "nhiều", 2.5],
    "smartphones": [-1, "?"],
    "birth_year": ["1850", "năm ngoái", 2030],
    "phone": ["12345", "0900 000 01", "abc"],
    "gender": ["?"],
    "date": ["31/02/2026", "2099-01-01", "hôm qua", 12],
    "channel": ["Bồ câu"],
    "skill": ["Học bơi", "9"],
    "outcome": ["Xuất sắc", "8"],
    "persons": [-1, 99999],
    "level": ["huyện"],
    "position": ["Thủ quỹ"],
}


def _date(draw: st.DrawFn) -> Any:
    day = draw(st.dates(min_value=dt.date(2025, 7, 1), max_value=dt.date(2026, 6, 30)))
    return draw(
        st.sampled_from(
            [
                day,
                day.strftime("%d/%m/%Y"),
                f"{day.day}-{day.month}-{day.year}",
                day.isoformat(),
                (day - dt.date(1899, 12, 30)).days,
            ]
        )
    )


def _phone(draw: st.DrawFn, n: int) -> Any:
    return draw(
        st.sampled_from(
            [f"0900 000 {n:03d}", f"0900.000.{n:03d}", f"+84 900 000 {n:03d}", 900000000 + n]
        )
    )


@attrs.define
class Sheet:
    kind: str
    rows: list[list[Any]]
    data_rows: int


@st.composite
def sheet(draw: st.DrawFn, kind: str, records: list[dict[str, Any]]) -> Sheet:
    """A sheet of ``kind`` holding ``records`` (field -> value), made messy."""
    fields = [f for f in FIELDS[kind] if any(f.name in r for r in records)]
    order = draw(st.permutations(fields))
    header = [draw(garbled(draw(st.sampled_from([f.header, *f.aliases])))) for f in order]
    rows: list[list[Any]] = []
    for record in records:
        row = []
        for field in order:
            value = record.get(field.name)
            if field.name in BAD and draw(st.integers(0, 9)) == 0:
                value = draw(st.sampled_from(BAD[field.name]))
            row.append(value)
        rows.append(row)
    # Repeat some rows: identically, or with one value changed.
    for _ in range(draw(st.integers(0, 2))):
        if rows:
            copy = list(draw(st.sampled_from(rows)))
            if draw(st.booleans()):
                col = draw(st.integers(0, len(copy) - 1))
                copy[col] = draw(st.sampled_from(["khác", 7, "0900 000 999", ""]))
            rows.insert(draw(st.integers(0, len(rows))), copy)
    data_rows = sum(1 for r in rows if any(v not in (None, "") for v in r))
    extra = draw(st.integers(0, 2))  # blank or unknown columns
    for _i in range(extra):
        at = draw(st.integers(0, len(header)))
        name = draw(st.sampled_from(["", "STT", "Ghi chú", "Cột phụ"]))
        header.insert(at, name)
        for n, row in enumerate(rows):
            row.insert(at, n + 1 if name == "STT" else None)
    body: list[list[Any]] = [header]
    for row in rows:
        for _ in range(draw(st.integers(0, 1)) if draw(st.integers(0, 4)) == 0 else 0):
            body.append([None] * len(header))  # a blank row
        body.append(row)
    titles = draw(
        st.lists(
            st.sampled_from(
                ["UBND XÃ XUÂN BÌNH", "DANH SÁCH", "Kèm theo Kế hoạch số 12/KH-UBND", ""]
            ),
            max_size=3,
        )
    )
    top = [[None, title] if title else [] for title in titles]
    return Sheet(kind, top + body, data_rows)


@st.composite
def scenario(draw: st.DrawFn) -> list[Sheet]:
    """Teams, members, households and visits of one commune, as messy sheets."""
    n_teams = draw(st.integers(1, 3))
    teams = []
    for t in range(n_teams):
        level = draw(st.sampled_from(["xã", "thôn", "Cấp thôn", None]))
        teams.append(
            {
                "code": f"T{t}",
                "name": f"Tổ {t}",
                "level": level,
                "province": draw(st.sampled_from(PROVINCES)),
                "commune": draw(st.sampled_from(COMMUNES)),
                "village": draw(st.sampled_from(VILLAGES[:6])) if level != "xã" else None,
                "decision_date": _date(draw),
            }
        )
    members = []
    for m in range(draw(st.integers(1, 5))):
        members.append(
            {
                "code": f"M{m}",
                "team": f"T{draw(st.integers(0, n_teams))}",
                "full_name": draw(
                    st.sampled_from(["Lương Văn Khởi", "Vi Thị Nhàn", "Hà Văn Sáng"])
                ),
                "birth_year": draw(st.sampled_from([1978, "1990.0", "1985", 1969.0])),
                "gender": draw(st.sampled_from(["Nam", "Nữ", "nam", "NỮ", None])),
                "phone": _phone(draw, m),
                "position": draw(st.sampled_from(["Tổ trưởng", "Tổ phó", "Thành viên", None])),
                "role": draw(st.sampled_from(["Trưởng thôn", "Đoàn thanh niên", "Công an", None])),
            }
        )
    households = []
    n_members = len(members)
    for h in range(draw(st.integers(1, 6))):
        households.append(
            {
                "code": f"H{h}",
                "head_name": "Lang Văn Tứ",
                "size": draw(st.sampled_from([1, 4, "3", 5.0, "06"])),
                "smartphones": draw(st.sampled_from([0, 2, "1", None])),
                "province": draw(st.sampled_from(PROVINCES)),
                "commune": draw(st.sampled_from(COMMUNES)),
                "village": draw(st.sampled_from(VILLAGES)),
                "member": f"M{draw(st.integers(0, n_members))}",
            }
        )
    visits = []
    for _ in range(draw(st.integers(0, 8))):
        visits.append(
            {
                "date": _date(draw),
                "member": f"M{draw(st.integers(0, n_members))}",
                "household": draw(st.sampled_from([f"H{draw(st.integers(0, 6))}", None])),
                "channel": draw(
                    st.sampled_from(["Tại nhà", "Trực tuyến", "Zalo", "Họp thôn", None])
                ),
                "skill": draw(
                    st.sampled_from(
                        ["1", "2", 3, "Thanh toán trực tuyến", "VNeID mức 2", "VssID", "Ví điện tử"]
                    )
                ),
                "outcome": draw(st.sampled_from(["1", 2, "Đã biết", "Tự làm được", None])),
                "persons": draw(st.sampled_from([1, 2, "3", None])),
            }
        )
    sheets = [
        draw(sheet("teams", teams)),
        draw(sheet("members", members)),
        draw(sheet("households", households)),
    ]
    if visits:
        sheets.append(draw(sheet("visits", visits)))
    return draw(st.permutations(sheets))


def _write(folder: Path, sheets: list[Sheet], split: int, as_csv: bool) -> list[Path]:
    """The sheets in two workbooks (split at ``split``), or the last one as a CSV file."""
    paths = []
    first, rest = sheets[:split], sheets[split:]
    if first:
        paths.append(
            write_xlsx(folder / "a.xlsx", {f"Sheet{i}": s.rows for i, s in enumerate(first)})
        )
    if rest and as_csv and len(rest) == 1:
        rows = [["" if v is None else v for v in row] for row in rest[0].rows]
        paths.append(write_csv(folder / "b.csv", rows))
    elif rest:
        paths.append(
            write_xlsx(folder / "b.xlsx", {f"Trang {i}": s.rows for i, s in enumerate(rest)})
        )
    return paths


def _counts(document: dict[str, Any]) -> list[dict[str, int]]:
    return [document, *document["by_kind"].values()]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(sheets=scenario(), split=st.integers(0, 4), as_csv=st.booleans())
def test_messy_workbooks_are_accounted_for_and_idempotent(
    host: PluginHost, shared_units: UnitRegistry, sheets: list[Sheet], split: int, as_csv: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = _write(Path(folder), sheets, split, as_csv)
        store = open_store(Path(folder) / "store.sqlite")
        try:
            first = import_files(paths, store, units=shared_units, host=host).to_json()
            for counts in _counts(first):
                assert counts["read"] == (
                    counts["new"] + counts["updated"] + counts["unchanged"] + counts["rejected"]
                )
            for s in sheets:
                assert first["by_kind"][s.kind]["read"] == s.data_rows
            stored = store.counts()
            second = import_files(paths, store, units=shared_units, host=host).to_json()
            assert second["new"] == second["updated"] == 0
            assert second["rejected"] == first["rejected"]
            assert second["unchanged"] == first["new"] + first["updated"] + first["unchanged"]
            assert store.counts() == stored
        finally:
            store.close()
