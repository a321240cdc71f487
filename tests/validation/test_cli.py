"""``cnscd check``: the JSON document, the table, the exit codes and the language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cnscd_core.store import SQLiteStore

from .helpers import (
    PERIOD,
    SON_LA_WARD,
    VILLAGES,
    full_team,
    household,
    member,
    run,
    run_json,
    team,
    visit,
)

MakeStore = Callable[..., SQLiteStore]

pytestmark = pytest.mark.usefixtures("cli_host")


@pytest.fixture
def ward_store(make_store: MakeStore) -> Path:
    """Hamlet 1 is clean; hamlet 2's team has one untrained member and no visit."""
    hamlets = VILLAGES[SON_LA_WARD]
    t1, m1 = full_team("T-1", hamlets[0])
    store = make_store(
        [t1, team("T-2", hamlets[1], leader="B1")],
        [*m1, member("B1", "T-2", trained=False)],
        [household("H1", hamlets[0], "T-1-1"), household("H2", hamlets[1], "B1")],
        [visit("T-1-1", "H1")],
    )
    return store.path


def test_check_json(capsys: pytest.CaptureFixture[str], ward_store: Path) -> None:
    code, doc = run_json(
        capsys, "check", "--store", str(ward_store), "--unit", SON_LA_WARD, "--period", PERIOD
    )
    assert code == 1
    assert set(doc) == {"unit", "period", "findings", "summary"}
    assert doc["unit"] == {"code": SON_LA_WARD, "name": "Phường Tô Hiệu", "level": "commune"}
    assert doc["period"] == {
        "label": PERIOD,
        "start": "2026-07-01",
        "end": "2026-09-30",
        "as_of": "2026-09-30",
    }
    assert [(f["rule"], f["subject"]) for f in doc["findings"]] == [
        ("team_size", "T-2"),
        ("member_untrained", "B1"),
        ("team_without_visits", "T-2"),
    ]
    for finding in doc["findings"]:
        assert set(finding) == {"rule", "unit", "subject", "severity", "message"}
        assert finding["unit"] == VILLAGES[SON_LA_WARD][1]
    summary = doc["summary"]
    assert summary["rules_checked"] == 7 and summary["findings"] == 3 and summary["ok"] is False
    assert summary["by_severity"] == {"info": 0, "warning": 2, "error": 1}
    assert summary["by_rule"]["team_size"] == 1 and summary["rules_unchecked"] == []


def test_check_exit_codes(
    capsys: pytest.CaptureFixture[str], ward_store: Path, tmp_path: Path
) -> None:
    clean = VILLAGES[SON_LA_WARD][0]
    code, doc = run_json(
        capsys, "check", "--store", str(ward_store), "--unit", clean, "--period", PERIOD
    )
    assert code == 0 and doc["findings"] == [] and doc["summary"]["ok"] is True
    store = str(ward_store)
    for args in (
        ["--store", store, "--unit", "99999"],
        ["--store", store, "--unit", SON_LA_WARD, "--period", "2026-13"],
        ["--store", str(tmp_path / "missing.sqlite"), "--unit", SON_LA_WARD],
        ["--store", store],
    ):
        code, out, err = run(capsys, "check", *args)
        assert code == 2, args
        assert out == "" and len(err.strip().splitlines()) >= 1


def test_info_findings_keep_exit_code_0(
    capsys: pytest.CaptureFixture[str], ward_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cnscd_core.plugins
    from cnscd_core.plugins import PluginHost

    from .test_checks import ProvincePlugin

    plugin = ProvincePlugin("small_households", "info")

    loader = cnscd_core.plugins.load_plugins

    def load(*args: object, **kwargs: object) -> PluginHost:
        host = loader(*args, **kwargs)  # type: ignore[arg-type]
        host.register(plugin, name="province")
        return host

    monkeypatch.setattr(cnscd_core.plugins, "load_plugins", load)
    clean = VILLAGES[SON_LA_WARD][0]
    code, doc = run_json(
        capsys, "check", "--store", str(ward_store), "--unit", clean, "--period", PERIOD
    )
    assert code == 0
    assert [(f["rule"], f["severity"]) for f in doc["findings"]] == [("small_households", "info")]


def test_check_table_in_both_languages(
    capsys: pytest.CaptureFixture[str], ward_store: Path
) -> None:
    code, out, _err = run(
        capsys,
        "--lang",
        "en",
        "check",
        "--store",
        str(ward_store),
        "--unit",
        SON_LA_WARD,
        "--period",
        PERIOD,
    )
    assert code == 1
    assert "Check of Phường Tô Hiệu (03646) for 2026-Q3" in out
    assert "Severity" in out and "team_without_visits" in out
    assert "the team T-2 recorded no guidance visit in 2026-Q3" in out
    assert "7 rules checked; errors: 1, warnings: 2, notes: 0." in out
    code, out, _err = run(
        capsys,
        "check",
        "--store",
        str(ward_store),
        "--unit",
        VILLAGES[SON_LA_WARD][0],
        "--period",
        PERIOD,
    )
    assert code == 0 and "Phường Tô Hiệu" not in out and "Bản 1" in out


def test_check_without_period_uses_today(
    capsys: pytest.CaptureFixture[str], ward_store: Path
) -> None:
    import datetime as dt

    code, doc = run_json(capsys, "check", "--store", str(ward_store), "--unit", SON_LA_WARD)
    assert doc["period"]["as_of"] == dt.date.today().isoformat()
    assert doc["period"]["start"] <= doc["period"]["as_of"] <= doc["period"]["end"]
    assert code == 1
