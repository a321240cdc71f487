"""``cnscd evaluate``: the JSON document, the tables, the exit codes and the language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cnscd_core.store import SQLiteStore

from ..validation.helpers import (
    PERIOD,
    SON_LA_WARD,
    VILLAGES,
    WARD,
    full_team,
    household,
    run,
    run_json,
)

MakeStore = Callable[..., SQLiteStore]

pytestmark = pytest.mark.usefixtures("cli_host")


@pytest.fixture
def ward_store(make_store: MakeStore) -> Path:
    """Two quarters of a Bình Dương ward with a team each; quarter 1 does better."""
    q = VILLAGES[WARD]
    t1, m1 = full_team("T-1", q[0])
    t2, m2 = full_team("T-2", q[1])
    homes = [household(f"H{n}", q[0], "T-1-1") for n in range(4)]
    homes += [household(f"K{n}", q[1], None) for n in range(4)]
    return make_store([t1, t2], m1 + m2, homes).path


def test_evaluate_json(capsys: pytest.CaptureFixture[str], ward_store: Path) -> None:
    code, doc = run_json(
        capsys, "evaluate", "--store", str(ward_store), "--unit", WARD, "--period", PERIOD
    )
    assert code == 0
    assert set(doc) == {"unit", "period", "criteria", "results", "honours", "notes"}
    assert doc["unit"] == {"code": WARD, "name": "Phường Thủ Dầu Một", "level": "commune"}
    assert doc["period"]["label"] == PERIOD
    assert doc["criteria"]["code"] == "binh-duong-6037"  # the installed Bình Dương plugin's
    assert [(r["kind"], r["unit"], r["team"], r["rank"]) for r in doc["results"]] == [
        ("commune", WARD, None, 1),
        ("team", VILLAGES[WARD][0], "T-1", 1),
        ("team", VILLAGES[WARD][1], "T-2", 2),
    ]
    for row in doc["results"]:
        assert {"unit", "name", "score", "class", "rank", "criteria"} <= set(row)
        assert 0 <= row["score"] <= 100 and len(row["criteria"]) == 4
    assert isinstance(doc["honours"], list)


def test_evaluate_criteria_option(capsys: pytest.CaptureFixture[str], ward_store: Path) -> None:
    base = ["evaluate", "--store", str(ward_store), "--unit", WARD, "--period", PERIOD]
    code, doc = run_json(capsys, *base, "--criteria", "national-default")
    assert code == 0 and doc["criteria"]["code"] == "national-default"
    code, out, err = run(capsys, *base, "--criteria", "nope")
    assert code == 2 and out == ""
    assert "nope" in err and "national-default" in err and "binh-duong-6037" in err


def test_evaluate_exit_codes(
    capsys: pytest.CaptureFixture[str], ward_store: Path, tmp_path: Path
) -> None:
    store = str(ward_store)
    for args in (
        ["--store", store, "--unit", WARD],  # no period
        ["--store", store, "--unit", WARD, "--period", "2026-Q9"],
        ["--store", store, "--unit", "99999", "--period", PERIOD],
        ["--store", str(tmp_path / "missing.sqlite"), "--unit", WARD, "--period", PERIOD],
        ["--store", store, "--unit", SON_LA_WARD, "--period", PERIOD],  # no data there
    ):
        code, out, err = run(capsys, "evaluate", *args)
        assert code == 2, (args, err)
        assert out == "" and err.strip()


def test_evaluate_tables(capsys: pytest.CaptureFixture[str], ward_store: Path) -> None:
    base = ["evaluate", "--store", str(ward_store), "--unit", WARD, "--period", PERIOD]
    code, out, _err = run(capsys, "--lang", "en", *base)
    assert code == 0
    assert "Evaluation of Phường Thủ Dầu Một (25747) for 2026-Q3 against binh-duong-6037" in out
    assert "Communes:" in out and "Teams:" in out and "Rank" in out
    code, out, _err = run(capsys, *base)
    assert code == 0 and "binh-duong-6037" in out
    assert "Xuất sắc" in out or "Tốt" in out or "Khá" in out or "Đạt" in out
