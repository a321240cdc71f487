"""Reading files: CSV in UTF-8 (with or without BOM), UTF-16, Windows-1258, TCVN3, VNI."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from cnscd_core.importer import ImportFileError, read_file
from cnscd_core.text import encode_legacy

from .helpers import write_xlsx

ROWS = [["Mã hộ", "Họ tên chủ hộ", "Xã/Phường"], ["H1", "Lương Thị Én", "Xã Xuân Bình"]]
TEXT = "\r\n".join(",".join(r) for r in ROWS) + "\r\n"


def _cp1258(text: str) -> bytes:
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("utf-16"),
        _cp1258,
        lambda t: encode_legacy(t, "tcvn3").encode("latin-1"),
        lambda t: encode_legacy(t, "vni").encode("latin-1"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "windows-1258", "tcvn3", "vni"],
)
def test_csv_encodings(tmp_path: Path, encode: object) -> None:
    path = tmp_path / "ho.csv"
    path.write_bytes(encode(TEXT))  # type: ignore[operator]
    (sheet,) = read_file(path)
    assert sheet.rows == ROWS


def test_csv_delimiters(tmp_path: Path) -> None:
    for delimiter in (";", "\t", ","):
        path = tmp_path / "ho.csv"
        path.write_text("\n".join(delimiter.join(r) for r in ROWS), encoding="utf-8")
        assert read_file(path)[0].rows == ROWS


def test_workbook_keeps_excel_row_numbers_and_every_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", {"one": [[], [None, "x"]], "two": [["y"]]})
    sheets = read_file(path)
    assert [s.name for s in sheets] == ["one", "two"]
    assert sheets[0].rows[1][1] == "x"  # row 2, column B


def test_legacy_text_in_a_workbook_is_repaired(tmp_path: Path) -> None:
    legacy = [[encode_legacy(c, "tcvn3") for c in row] for row in ROWS]
    path = write_xlsx(tmp_path / "a.xlsx", {"s": legacy})
    (sheet,) = read_file(path)
    assert sheet.rows == ROWS and sheet.repaired == "tcvn3"


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no such file"):
        read_file(tmp_path / "missing.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportFileError, match=r"broken\.xlsx"):
        read_file(broken)
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(ImportFileError):
        read_file(binary)
