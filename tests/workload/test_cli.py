"""``cnscd workload`` and ``cnscd assign``: JSON documents, exit codes, --apply."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cnscd_core.cli import main
from cnscd_core.store import SQLiteStore, open_store
from cnscd_core.units import UnitRegistry

from .conftest import SON_LA_COMMUNE, household, member, team

MakeStore = Callable[..., SQLiteStore]


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch: pytest.MonkeyPatch, registry: UnitRegistry) -> None:
    """The commands load the store's villages into the default registry: give them ours."""
    import cnscd_core.units

    monkeypatch.setattr(cnscd_core.units, "default_registry", lambda: registry)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code, out, err = run(capsys, *args, "--json")
    assert err == "" or "Warning" in err
    return code, json.loads(out)


@pytest.fixture
def hamlet_store(make_store: MakeStore, hamlets: tuple[str, ...]) -> Path:
    """Two hamlets of a Sơn La ward: one clean team, households waiting for a member."""
    store = make_store(
        [team("T-1", hamlets[0], leader="A1"), team("T-2", hamlets[1], leader="B1")],
        [
            *(member(f"A{n}", "T-1") for n in range(1, 5)),
            *(member(f"B{n}", "T-2") for n in range(1, 5)),
        ],
        [
            *(household(f"H{n}", hamlets[0], f"A{n}") for n in range(1, 5)),
            *(household(f"K{n}", hamlets[1], f"B{n}") for n in range(1, 5)),
            household("K5", hamlets[1]),
            household("K6", hamlets[1]),
        ],
    )
    return store.path


def test_workload_json(capsys: pytest.CaptureFixture[str], hamlet_store: Path) -> None:
    code, doc = run_json(capsys, "workload", "--store", str(hamlet_store), "--unit", SON_LA_COMMUNE)
    assert code == 1  # two households have no member
    assert set(doc) == {"unit", "preset", "capacity", "ok", "summary", "findings"}
    assert doc["unit"] == {"code": SON_LA_COMMUNE, "name": "Phường Tô Hiệu", "level": "commune"}
    assert doc["preset"] == "national" and doc["capacity"] == 220 and doc["ok"] is False
    assert doc["summary"]["households_unassigned"] == 2
    assert doc["summary"]["teams_checked"] == 2
    [finding] = doc["findings"]
    assert set(finding) == {"code", "unit", "subject", "severity", "message", "value", "limit"}
    assert finding["code"] == "household_unassigned" and finding["value"] == 2


def test_workload_exit_codes(
    capsys: pytest.CaptureFixture[str], hamlet_store: Path, tmp_path: Path, hamlets: tuple[str, ...]
) -> None:
    # A hamlet where every rule holds: exit 0.
    code, doc = run_json(capsys, "workload", "--store", str(hamlet_store), "--unit", hamlets[0])
    assert code == 0 and doc["ok"] is True and doc["findings"] == []
    # Unknown unit, missing store, unknown preset, bad capacity: exit 2, one line on stderr.
    for args in (
        ("--store", str(hamlet_store), "--unit", "99999"),
        ("--store", str(tmp_path / "missing.sqlite"), "--unit", SON_LA_COMMUNE),
        ("--store", str(hamlet_store), "--unit", SON_LA_COMMUNE, "--preset", "nope"),
        ("--store", str(hamlet_store), "--unit", SON_LA_COMMUNE, "--capacity", "0"),
    ):
        code, out, err = run(capsys, "workload", *args)
        assert code == 2 and out == "", args
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "missing.sqlite").exists()


def test_workload_text_in_english(capsys: pytest.CaptureFixture[str], hamlet_store: Path) -> None:
    code, out, _err = run(
        capsys,
        "--lang",
        "en",
        "workload",
        "--store",
        str(hamlet_store),
        "--unit",
        SON_LA_COMMUNE,
        "--preset",
        "tuyen-quang-2025",
    )
    assert code == 1
    assert "preset tuyen-quang-2025" in out and "household_unassigned" in out
    assert "households with no active member: 2" in out


def test_assign_then_apply(capsys: pytest.CaptureFixture[str], hamlet_store: Path) -> None:
    args = ("assign", "--store", str(hamlet_store), "--unit", SON_LA_COMMUNE, "--capacity", "2")
    code, doc = run_json(capsys, *args)
    assert code == 1  # something to do, not written
    assert set(doc) == {
        "unit",
        "capacity",
        "applied",
        "changed",
        "totals",
        "moves",
        "unplaced",
        "members",
    }
    assert doc["applied"] is False and doc["changed"] == 0 and doc["capacity"] == 2
    assert doc["moves"] == [
        {
            "household": "K5",
            "from_member": None,
            "to_member": "B1",
            "reason": "unassigned",
            "served_by": "village_team",
        },
        {
            "household": "K6",
            "from_member": None,
            "to_member": "B2",
            "reason": "unassigned",
            "served_by": "village_team",
        },
    ]
    assert doc["unplaced"] == [] and doc["totals"]["moved"] == 2
    assert {"member", "before", "after", "active"} == set(doc["members"][0])
    with open_store(hamlet_store, read_only=True) as store:
        k5 = store.get("households", "K5")
        assert k5 is not None and k5.member is None  # nothing written without --apply

    code, doc = run_json(capsys, *args, "--apply")
    assert code == 0 and doc["applied"] is True and doc["changed"] == 2
    with open_store(hamlet_store, read_only=True) as store:
        k5 = store.get("households", "K5")
        assert k5 is not None and k5.member == "B1"
        assert store.history("households", "K5")[-1].source.startswith("cnscd assign")

    # A second run has nothing to do.
    code, doc = run_json(capsys, *args)
    assert code == 0 and doc["moves"] == [] and doc["unplaced"] == []
    code, out, _err = run(capsys, "--lang", "en", *args, "--apply")
    assert code == 0 and "Nothing to do" in out


def test_assign_reports_what_finds_no_room(
    capsys: pytest.CaptureFixture[str], hamlet_store: Path
) -> None:
    args = ("assign", "--store", str(hamlet_store), "--unit", SON_LA_COMMUNE, "--capacity", "1")
    code, doc = run_json(capsys, *args)
    assert code == 1 and doc["moves"] == []
    assert [u["household"] for u in doc["unplaced"]] == ["K5", "K6"]
    code, out, _err = run(capsys, "--lang", "en", *args)
    assert code == 1 and "K5" in out and "Nothing written" not in out
    code, doc = run_json(capsys, *args, "--apply")
    assert code == 1 and doc["applied"] is False and doc["changed"] == 0


def test_assign_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    code, out, err = run(capsys, "assign", "--store", str(missing), "--unit", SON_LA_COMMUNE)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert not missing.exists()  # a missing store is never created, even with --apply
    code, _out, _err = run(
        capsys, "assign", "--store", str(missing), "--unit", SON_LA_COMMUNE, "--apply"
    )
    assert code == 2 and not missing.exists()
