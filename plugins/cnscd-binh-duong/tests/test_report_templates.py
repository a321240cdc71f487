"""Bình Dương's report templates: a Bình Dương Số section in reports of province 79 only."""

from __future__ import annotations

from pathlib import Path

import attrs
import cnscd_binh_duong
import docx

from cnscd_core.plugins import PluginHost
from cnscd_core.reports import render_report
from cnscd_core.rollup import IndicatorValue, Period, Report, UnitReport


def report(code: str, name: str) -> Report:
    values = {
        "households": IndicatorValue(200),
        "households_skill_5": IndicatorValue(50),
        "households_all_five_rate": IndicatorValue(0.2, 40, 200),
    }
    commune = UnitReport("26734", "Phường Thủ Dầu Một", "commune", values)
    return Report(UnitReport(code, name, "province", values, (commune,)), Period.parse("2026-Q3"))


def test_the_section_is_in_reports_of_province_79(cnscd_host: PluginHost, tmp_path: Path) -> None:
    cnscd_host.register(cnscd_binh_duong, name=cnscd_binh_duong.NAME)
    hcmc = report("79", "Thành phố Hồ Chí Minh")
    for fmt in ("html", "md"):
        out = tmp_path / f"r.{fmt}"
        render_report(hcmc, fmt, out, host=cnscd_host)
        text = out.read_text(encoding="utf-8")
        assert "Bình Dương Số" in text and "Phản ánh hiện trường" in text, fmt
        assert "25,0%" in text  # 50 of 200 households
        render_report(hcmc, fmt, out, host=cnscd_host, lang="en")
        assert "Plan 6037/KH-UBND" in out.read_text(encoding="utf-8")
    render_report(hcmc, "docx", tmp_path / "r.docx", host=cnscd_host)
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    assert "3. Bình Dương Số" in paragraphs
    son_la = attrs.evolve(hcmc, root=attrs.evolve(hcmc.root, code="14", name="Tỉnh Sơn La"))
    render_report(son_la, "html", tmp_path / "s.html", host=cnscd_host)
    assert "Bình Dương Số" not in (tmp_path / "s.html").read_text(encoding="utf-8")
