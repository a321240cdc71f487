"""``cnscd extract``: the JSON summary, the key file, exit codes."""

from __future__ import annotations

import json
import stat
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cnscd_core.cli import main
from cnscd_core.extract import DEFAULT_THRESHOLD
from cnscd_core.plugins import hookimpl
from cnscd_core.store import SQLiteStore

from .checks import read_tables
from .helpers import World, identifiers, scan


class _ExtractPlugin:
    """Adds ``extract`` while the default plugin does not yet (the lead registers it there)."""

    @hookimpl
    def cnscd_register_commands(self, registry: Any) -> None:
        from cnscd_core.cli._extract import extract_command

        registry.add_command(extract_command())


@pytest.fixture(autouse=True)
def _extract_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import cnscd_core.plugins

    original = cnscd_core.plugins.load_plugins

    def load(*args: Any, **kwargs: Any) -> Any:
        host = original(*args, **kwargs)
        if "extract" not in host.commands:
            host.register(_ExtractPlugin(), name="test-extract")
        return host

    monkeypatch.setattr(cnscd_core.plugins, "load_plugins", load)
    monkeypatch.delenv("CNSCD_EXTRACT_KEY_FILE", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_summary_and_new_key(
    capsys: pytest.CaptureFixture[str], store: SQLiteStore, tmp_path: Path, world: World
) -> None:
    key_file = tmp_path / "owner" / "extract.key"
    out = tmp_path / "extract.zip"
    base = ["extract", "--store", str(store.path), "--key-file", str(key_file), "--new-key"]
    code, stdout, err = run(capsys, *base, "--out", str(out), "--json")
    assert code == 0, err
    doc = json.loads(stdout)
    assert set(doc) == {"out", "tables", "rows", "suppressed_cells", "threshold"}
    assert doc["out"] == str(out) and doc["threshold"] == DEFAULT_THRESHOLD == 5
    assert "microdata/households.csv" in doc["tables"]
    assert doc["rows"]["microdata/households.csv"] == len(world.households)
    assert set(doc["rows"]) == set(doc["tables"])
    assert isinstance(doc["suppressed_cells"], int) and doc["suppressed_cells"] > 0
    # the key file: made, private, announced on stderr, never in the extract
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert str(key_file) in err
    key_hex = key_file.read_text().strip()
    with zipfile.ZipFile(out) as archive:
        assert "extract.key" not in "".join(archive.namelist())
    assert scan(out, [key_hex, *identifiers(world)]) == []
    # the same key again (also with --new-key: never overwritten) gives the same pseudonyms
    again = tmp_path / "again.zip"
    code, _, err = run(capsys, *base, "--out", str(again), "--aggregates-only")
    assert code == 0 and "extract.key" not in err and key_file.read_text().strip() == key_hex
    assert read_tables(again) == {k: v for k, v in read_tables(out).items() if "aggregates/" in k}


def test_key_file_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    store: SQLiteStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key_file = tmp_path / "env.key"
    key_file.write_text("ab" * 32)
    key_file.chmod(0o644)
    monkeypatch.setenv("CNSCD_EXTRACT_KEY_FILE", str(key_file))
    out = tmp_path / "extract.zip"
    base = ["--lang", "en", "extract", "--store", str(store.path), "--out", str(out)]
    code, stdout, err = run(capsys, *base, "--threshold", "10", "--unit-level", "village")
    assert code == 0, err
    assert "chmod 600" in err  # the key file is readable by others: a warning, not an error
    assert "Wrote the research extract" in stdout and "threshold 10" in stdout
    assert "personal data" in stdout


def test_exit_codes(capsys: pytest.CaptureFixture[str], store: SQLiteStore, tmp_path: Path) -> None:
    out = tmp_path / "extract.zip"
    key_file = tmp_path / "extract.key"
    base = ["extract", "--store", str(store.path), "--out", str(out)]
    missing_store = ["extract", "--store", str(tmp_path / "none.sqlite"), "--out", str(out)]
    key = ["--key-file", str(key_file)]
    cases: list[tuple[list[str], str]] = [
        (base, "--key-file"),  # no key at all
        ([*base, *key], "--new-key"),  # the key file is missing
        ([*missing_store, *key, "--new-key"], "none.sqlite"),  # unknown store
        ([*base, *key, "--new-key", "--threshold", "1"], "threshold"),
        ([*base, *key, "--unit-level", "hamlet"], "hamlet"),
        ([*base, *key, "--out", str(key_file)], "key file"),
    ]
    for args, expected in cases:
        code, stdout, err = run(capsys, "--lang", "en", *args)
        assert code == 2, (args, err)
        assert stdout == ""
        assert len(err.strip().splitlines()) == 1 and expected in err, err
        assert "Traceback" not in err
    assert not out.exists()
    # the unknown store was not created
    assert not (tmp_path / "none.sqlite").exists()


def test_parquet_without_pyarrow(
    capsys: pytest.CaptureFixture[str],
    store: SQLiteStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    key_file = tmp_path / "k.key"
    base = ["--lang", "en", "extract", "--store", str(store.path), "--out", str(tmp_path / "x")]
    code, _, err = run(
        capsys, *base, "--key-file", str(key_file), "--new-key", "--format", "parquet"
    )
    assert code == 2 and "pip install pyarrow" in err
    assert not key_file.exists()  # options are checked before a key is made


def test_help_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(capsys, "--lang", "en", "extract", "--help")
    assert code == 0 and "--key-file" in stdout and "--aggregates-only" in stdout
