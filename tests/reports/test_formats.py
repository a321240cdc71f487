"""Every format renders a province -> commune -> village report, in Vietnamese and English."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.i18n import format_decimal, format_percent
from cnscd_core.reports import (
    FORMATS,
    DocumentInfo,
    ReportError,
    render_many,
    render_report,
)
from cnscd_core.reports._numbers import number_format
from cnscd_core.rollup import Report

from .builders import FORMULA_NAME, IMG_NAME, SCRIPT_NAME, tree_report


def render(report: Report, fmt: str, tmp_path: Path, **options: Any) -> Path:
    path = tmp_path / f"report.{fmt}"
    assert render_report(report, fmt, path, **options) == path
    assert path.stat().st_size > 0
    return path


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def xlsx_sheets(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return {n: workbook.get_sheet_by_name(n).to_python() for n in workbook.sheet_names}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_the_tree(report: Report, fmt: str, tmp_path: Path) -> None:
    path = render(report, fmt, tmp_path)
    if fmt in ("html", "md", "json"):
        text = path.read_text(encoding="utf-8")
        for name in ("Tỉnh Sơn La", "Xã Bắc Yên", "Xã Chiềng La"):
            assert name in text
    elif fmt == "docx":
        assert "Xã Chiềng La" in docx_text(path)
    else:
        assert any("Xã Chiềng La" in row for rows in xlsx_sheets(path).values() for row in rows)


def test_json_is_exactly_the_contract_and_round_trips(report: Report, tmp_path: Path) -> None:
    path = render(report, "json", tmp_path, roster=[("T1", "M1", "Tên Riêng", "leader", "")])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == report.as_json()
    again = Report.from_json(data)  # ratios are rounded to 6 decimals in JSON
    assert again.as_json() == data
    assert again.root.code == report.root.code and again.period == report.period
    assert "Tên Riêng" not in path.read_text(encoding="utf-8")  # never the roster
    assert set(data) >= {"unit", "period", "indicators", "children", "findings", "notes"}
    rate = data["indicators"]["households_all_five_rate"]
    assert set(rate) == {"value", "numerator", "denominator"}
    assert data["children"][0]["children"][0]["unit"]["level"] == "village"


def test_html_is_self_contained_with_tables_and_an_svg_chart(
    report: Report, tmp_path: Path
) -> None:
    html = render(report, "html", tmp_path).read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport"' in html
    assert html.count("<table") >= 4  # summary, communes, villages, findings
    assert "<svg" in html and "<rect" in html
    # nothing is fetched: no element with src or href, no stylesheet link, script, import or
    # url() (the names' own markup is escaped text, so it never starts an element)
    assert not re.search(r"(?i)<[^>]*\s(src|href)\s*=", html)
    assert not re.search(r"(?i)(<link|<script|<img|<iframe|<object|@import|url\()", html)
    # numbers and dates in CLDR Vietnamese
    assert "2.690" in html  # households of the province
    assert "34,4%" in html  # 926 / 2690
    assert "ngày 30 tháng 9 năm 2026" in html


def test_html_escapes_names(report: Report, tmp_path: Path) -> None:
    html = render(report, "html", tmp_path).read_text(encoding="utf-8")
    assert SCRIPT_NAME not in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "&lt;img src=x" in html
    assert "chưa có thành viên phụ trách &lt;b&gt;" in html


def test_markdown_has_tables_and_escapes_markup(report: Report, tmp_path: Path) -> None:
    md = render(report, "md", tmp_path).read_text(encoding="utf-8")
    assert md.startswith("# ")
    assert "| --- | ---: |" in md
    table_rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert len(table_rows) > 10
    # every table row has the same number of cells as its header: escaped pipes do not split
    assert r"Thôn \<img src=x" in md and r"& \| \*đậm\* \_nghiêng\_" in md
    assert not re.search(r"(?<!\\)<", md)  # every < is escaped: no HTML for a wiki
    assert "34,4%" in md


def test_xlsx_has_one_sheet_per_level_with_numbers(report: Report, tmp_path: Path) -> None:
    sheets = xlsx_sheets(render(report, "xlsx", tmp_path))
    assert list(sheets) == ["Cấp tỉnh", "Cấp xã", "Cấp thôn"]
    province, communes, villages = sheets.values()
    assert len(province) == 2 and len(communes) == 3 and len(villages) == 4
    header = communes[0]
    assert header[:4] == ["Mã", "Đơn vị", "Mã đơn vị cấp trên", "Thuộc"]
    assert "Tỷ lệ hộ có người thành thạo cả 5 kỹ năng" in header
    rate = header.index("Tỷ lệ hộ có người thành thạo cả 5 kỹ năng")
    assert province[1][rate] == pytest.approx(926 / 2690)
    # a name that looks like a formula stays text
    assert [row[1] for row in villages[1:]] == [SCRIPT_NAME, IMG_NAME, FORMULA_NAME]
    with zipfile.ZipFile(tmp_path / "report.xlsx") as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def test_docx_follows_decree_30(report: Report, tmp_path: Path) -> None:
    text = docx_text(render(report, "docx", tmp_path))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN" in text and "TỈNH SƠN LA" in text
    assert "Số: .../BC-UBND" in text
    assert "Sơn La, ngày .. tháng .. năm ...." in text
    assert "BÁO CÁO" in text
    assert "quý III năm 2026" in text
    assert "Nơi nhận:" in text and "- Lưu: VT." in text
    assert "Tỷ lệ hộ có người thành thạo cả 5 kỹ năng" in text and "34,4%" in text
    assert IMG_NAME in text  # the finding names the village; escaped in the XML, shown as text


def test_docx_heading_fields(report: Report, tmp_path: Path) -> None:
    import datetime as dt

    info = DocumentInfo(
        number="12/BC-UBND",
        place="Sơn La",
        date=dt.date(2026, 10, 5),
        recipients=("Sở Khoa học và Công nghệ", "Lưu: VT"),
        signer_name="(họ tên người ký)",
    )
    text = docx_text(render(report, "docx", tmp_path, document=info))
    assert "Số: 12/BC-UBND" in text
    assert "Sơn La, ngày 5 tháng 10 năm 2026" in text
    assert "- Sở Khoa học và Công nghệ;" in text


def test_english_is_complete(report: Report, tmp_path: Path) -> None:
    html = render(report, "html", tmp_path, lang="en").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Report on the community digital technology teams" in html
    assert "Q3 2026" in html and "from July 1, 2026 to September 30, 2026" in html
    assert "Share of households with someone able in all five skills" in html
    assert "34.4%" in html and "2,690" in html
    assert "Kỳ báo cáo" not in html and "Cấp xã" not in html
    text = docx_text(render(report, "docx", tmp_path, lang="en"))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "Recipients:" in text
    sheets = xlsx_sheets(render(report, "xlsx", tmp_path, lang="en"))
    assert list(sheets) == ["Province level", "Commune level", "Village level"]
    md = render(report, "md", tmp_path, lang="en").read_text(encoding="utf-8")
    assert "## Results by unit" in md


def test_vietnamese_labels_by_default(report: Report, tmp_path: Path) -> None:
    html = render(report, "html", tmp_path).read_text(encoding="utf-8")
    assert '<html lang="vi">' in html
    assert "Báo cáo kết quả hoạt động của Tổ công nghệ số cộng đồng" in html
    assert "Kỳ báo cáo: quý III năm 2026" in html
    assert "Kết quả theo đơn vị" in html


def test_month_and_year_periods(tmp_path: Path) -> None:
    import attrs

    from cnscd_core.rollup import Period

    report = tree_report()
    for label, vi, en in (
        ("2026-09", "tháng 9 năm 2026", "September 2026"),
        ("2026", "năm 2026", "the year 2026"),
    ):
        monthly = attrs.evolve(report, period=Period.parse(label))
        assert vi in render(monthly, "md", tmp_path).read_text(encoding="utf-8")
        assert en in render(monthly, "md", tmp_path, lang="en").read_text(encoding="utf-8")


def test_simulated_reports_say_so(tmp_path: Path) -> None:
    report = tree_report(simulated=True)
    assert "Số liệu mô phỏng" in render(report, "html", tmp_path).read_text(encoding="utf-8")
    assert "Số liệu mô phỏng" in docx_text(render(report, "docx", tmp_path))


def test_roster_only_when_given(report: Report, tmp_path: Path) -> None:
    roster = [("T1", "M1", "Nguyễn Văn <An>", "leader", "youth_union")]
    for fmt in ("html", "md", "docx", "xlsx"):
        without = render(report, fmt, tmp_path)
        assert b"Nguy" not in _all_bytes(without)
        with_roster = render(report, fmt, tmp_path, roster=roster)
        assert "Nguyễn Văn".encode() in _all_bytes(with_roster), fmt


def _all_bytes(path: Path) -> bytes:
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as z:
            return b"".join(z.read(n) for n in z.namelist())
    return path.read_bytes()


def test_a_village_report_still_has_a_chart(tmp_path: Path) -> None:
    report = tree_report()
    village = report.root.children[0].children[0]
    import attrs

    alone = attrs.evolve(report, root=village, findings=())
    html = render(alone, "html", tmp_path).read_text(encoding="utf-8")
    assert "<svg" in html and "Kết quả theo đơn vị" not in html
    assert list(xlsx_sheets(render(alone, "xlsx", tmp_path))) == ["Cấp thôn"]


def test_stream_output_and_bad_arguments(report: Report, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    assert render_report(report, "md", buffer) is None
    assert buffer.getvalue().startswith(b"# ")
    with pytest.raises(ReportError, match="pdf"):
        render_report(report, "pdf", tmp_path / "x.pdf")
    with pytest.raises(ReportError, match="fr"):
        render_report(report, "html", tmp_path / "x.html", lang="fr")
    assert not (tmp_path / "x.pdf").exists()


def test_render_many(tmp_path: Path) -> None:
    import attrs

    report = tree_report()
    communes = [attrs.evolve(report, root=c) for c in report.root.children]
    paths = render_many(communes, "html", tmp_path / "out")
    assert [p.name for p in paths] == ["03856-2026-Q3.html", "03754-2026-Q3.html"]
    assert "Xã Chiềng La" in paths[1].read_text(encoding="utf-8")


def test_unknown_indicators_are_shown_by_code(tmp_path: Path) -> None:
    import attrs

    from cnscd_core.rollup import IndicatorValue

    report = tree_report()
    root = attrs.evolve(
        report.root, indicators={**report.root.indicators, "zalo_groups": IndicatorValue(7)}
    )
    html = render(attrs.evolve(report, root=root), "html", tmp_path).read_text("utf-8")
    assert "zalo_groups" in html


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False) | st.integers(-(10**9), 10**9))
def test_fast_numbers_match_babel(value: float) -> None:
    for lang in ("vi", "en"):
        expected = format_decimal(value, lang)
        if expected == "-0":  # babel keeps the sign of a negative value rounded to zero
            expected = "0"
        assert number_format(lang).number(value) == expected


@given(st.floats(min_value=0, max_value=2, allow_nan=False))
def test_fast_percentages_match_babel(value: float) -> None:
    for lang in ("vi", "en"):
        assert number_format(lang).percent(value) == format_percent(value, lang)
