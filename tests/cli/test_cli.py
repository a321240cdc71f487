"""The ``cnscd`` command line: help language, JSON contract, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cnscd_core.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code, out, _err = run(capsys, *args)
    return code, json.loads(out)


def test_help_is_vietnamese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--help")
    assert code == 0
    assert "Cách dùng:" in out and "Usage:" not in out
    assert "units" in out


def test_help_in_english(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _err = run(capsys, "--lang", "en", "--help")
    assert code == 0 and "Usage:" in out and "Administrative units" in out
    monkeypatch.setenv("CNSCD_LANG", "en")
    code, out, _err = run(capsys, "units", "list", "--help")
    assert "Only units of this level." in out


def test_units_list_provinces_today_and_2024(capsys: pytest.CaptureFixture[str]) -> None:
    code, rows = run_json(capsys, "units", "list", "--level", "province", "--json")
    assert code == 0 and len(rows) == 34
    for row in rows:
        assert {"code", "name", "kind", "level", "parent"} <= row.keys()
        assert row["level"] == "province" and row["parent"] is None
    code, rows = run_json(
        capsys, "units", "list", "--level", "province", "--as-of", "2024-12-31", "--json"
    )
    assert code == 0 and len(rows) == 63


def test_units_list_within(capsys: pytest.CaptureFixture[str]) -> None:
    code, rows = run_json(capsys, "units", "list", "--level", "commune", "--within", "14", "--json")
    assert code == 0 and rows and all(r["parent"] == "14" for r in rows)
    code, out, _err = run(capsys, "units", "list", "--level", "province")
    assert "Sơn La" in out and "34" in out


def test_units_find_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, rows = run_json(capsys, "units", "find", "tp. ho chi minh", "--json")
    assert code == 0
    assert rows[0]["code"] == "79" and 0 < rows[0]["score"] <= 1
    assert {"code", "name", "kind", "level", "parent", "score"} <= rows[0].keys()


def test_units_find_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, rows = run_json(capsys, "units", "find", "Zzyzx Qwerty", "--json")
    assert code == 1 and rows == []


def test_units_convert_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(
        capsys, "units", "convert", "Xã Xuân Bình, Huyện Như Xuân, Tỉnh Thanh Hóa", "--json"
    )
    assert code == 0
    assert doc["legacy"]["level"] == "commune" and doc["legacy"]["name"] == "Xã Xuân Bình"
    assert doc["units"][0]["parent"] == "38" and doc["split"] is False


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["units", "list", "--within", "99999"], "99999"),
        (["units", "list", "--as-of", "1990-01-01"], "1990-01-01"),
        (["units", "list", "--as-of", "31/12/2024"], "31/12/2024"),
        (["units", "find", ""], "trống"),
        (["units", "find", "x" * 500], "500"),
        (["units", "convert", "Phường 1"], "Phường 1"),
        (["units", "list", "--level", "nation"], "nation"),
        (["units", "nosuch"], "nosuch"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Lỗi:")
    assert needle in lines[0]
    assert "Traceback" not in err


def test_demo_runs_the_main_job(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _err = run(capsys, "demo", "--out", str(tmp_path / "demo"))
    assert code == 0
    assert "Hồ Chí Minh" in out and "--lang en" in out
    reports = sorted(p.name for p in (tmp_path / "demo" / "reports").iterdir())
    assert reports == sorted(
        f"{code}-2026-Q3.{fmt}"
        for code in ("03856", "14")
        for fmt in ("html", "md", "json", "docx", "xlsx")
    )
    doc = json.loads((tmp_path / "demo" / "reports" / "03856-2026-Q3.json").read_text("utf-8"))
    assert doc["unit"]["code"] == "03856" and doc["indicators"]["households"]["value"] > 2900
    # the demo's names never reach a report
    html = (tmp_path / "demo" / "reports" / "14-2026-Q3.html").read_text("utf-8")
    assert "BY-H0001" not in html and "0900000" not in html


def test_console_script_prints_one_utf8_json_document() -> None:
    exe = str(Path(sys.executable).parent / "cnscd")
    proc = subprocess.run(
        [exe, "units", "list", "--level", "province", "--json"],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C", "PYTHONIOENCODING": ""},
        check=False,
    )
    assert proc.returncode == 0
    rows = json.loads(proc.stdout.decode("utf-8"))
    assert len(rows) == 34
    assert "Hà Nội".encode() in proc.stdout  # not \\u escapes
    bad = subprocess.run([exe, "units", "find", ""], capture_output=True, check=False)
    assert bad.returncode == 2 and bad.stdout == b""
