"""``cnscd import`` and ``cnscd store stats``: JSON contract, exit codes, nothing identifying."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cnscd_core.cli import main

from .helpers import basic_sheets, write_xlsx

PERSONAL = ["Lương Văn Khởi", "Vi Thị Nhàn", "Lang Văn Tứ", "Hà Thị Mơ", "0900", "900 000"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, _err = run(capsys, *args)
    return code, json.loads(out)


def invariant(document: dict[str, Any]) -> None:
    for counts in [document, *document["by_kind"].values()]:
        assert counts["read"] == sum(counts[k] for k in ("new", "updated", "unchanged", "rejected"))


def test_import_json_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "xa.xlsx", basic_sheets())
    store = tmp_path / "s.sqlite"
    code, doc = run_json(capsys, "import", str(path), "--store", str(store), "--json")
    assert code == 0
    invariant(doc)
    assert {"teams", "members", "households", "visits"} <= doc["by_kind"].keys()
    assert (doc["read"], doc["new"], doc["rejects"], doc["new_villages"]) == (7, 7, None, 2)
    code, doc = run_json(capsys, "import", "--json", "--store", str(store), str(path))
    assert code == 0 and doc["unchanged"] == doc["read"] == 7
    code, counts = run_json(capsys, "store", "stats", "--store", str(store), "--json")
    assert code == 0
    assert counts == {
        "teams": 1,
        "members": 2,
        "households": 2,
        "residents": 0,
        "visits": 2,
        "campaigns": 0,
        "feedback": 0,
        "villages": 2,
    }


def test_rejections_exit_1_and_print_nothing_identifying(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = basic_sheets()
    sheets["members"][1][5] = "0900 000 01"  # invalid phone
    sheets["households"][2][2] = -1
    path = write_xlsx(tmp_path / "xa.xlsx", sheets)
    store = tmp_path / "s.sqlite"
    code, out, err = run(capsys, "import", str(path), "--store", str(store), "--json")
    assert code == 1
    doc = json.loads(out)
    invariant(doc)
    assert doc["rejected"] == 5 and Path(doc["rejects"]).is_file()
    assert doc["reasons"] == {
        "invalid_phone": 1,
        "invalid_size": 1,
        "unknown_member": 2,
        "unknown_household": 1,
    }
    code, out, err = run(capsys, "--lang", "en", "import", str(path), "--store", str(store))
    assert code == 1
    assert "Rejected" in out and "rows rejected" not in err
    for text in PERSONAL:
        assert text not in out + err


def test_default_store_from_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CNSCD_STORE", str(tmp_path / "env.sqlite"))
    path = write_xlsx(tmp_path / "xa.xlsx", basic_sheets())
    code, doc = run_json(capsys, "import", str(path), "--json")
    assert code == 0 and doc["store"] == str(tmp_path / "env.sqlite")
    code, counts = run_json(capsys, "store", "stats", "--json")
    assert counts["households"] == 2


def test_usage_errors_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s.sqlite"
    good = write_xlsx(tmp_path / "xa.xlsx", basic_sheets())
    code, out, err = run(
        capsys, "import", str(good), str(tmp_path / "nope.xlsx"), "--store", str(store)
    )
    assert code == 2 and out == "" and err.count("\n") == 1 and "nope.xlsx" in err
    code, out, err = run(capsys, "import", "--store", str(store))
    assert code == 2 and "cnscd import --help" in err
    code, out, err = run(capsys, "import", str(good), "--store", str(store), "--rejects", "x.txt")
    assert code == 2
    code, _out, err = run(capsys, "store", "stats", "--store", str(tmp_path / "none.sqlite"))
    assert code == 2 and err.count("\n") == 1
    code, counts = run_json(capsys, "store", "stats", "--store", str(store), "--json")
    assert code == 0 and sum(counts.values()) == 0


def test_template_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "mau.xlsx"
    code, _out, _err = run(capsys, "import", "template", "--out", str(out_path))
    assert code == 0 and out_path.is_file()
    code, _out, err = run(capsys, "import", "template", "--out", str(tmp_path / "mau.csv"))
    assert code == 2 and ".xlsx" in err


def test_help_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--lang", "en", "import", "--help")
    assert code == 0 and "template" in out and "FILE" in out
    code, out, _err = run(capsys, "--lang", "en", "store", "--help")
    assert code == 0 and "stats" in out
