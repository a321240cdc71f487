"""``cnscd report`` end to end: store -> roll-up -> every format; privacy; bad input."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from cnscd_core.cli._report import ReportGroup, report_group
from cnscd_core.reports import FORMATS

from .builders import MEMBER_NAMES, PERSONAL, store_with_people

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    store_with_people(path).close()
    return path


def report_args(store: Path, out: Path | str, *extra: str, unit: str = "03856") -> list[str]:
    return [
        "report",
        "--store",
        str(store),
        "--unit",
        unit,
        "--period",
        "2026-Q3",
        "--out",
        str(out),
        *extra,
    ]


def everything_in(path: Path) -> str:
    """The whole content of a report file (every part of a DOCX or XLSX), as text."""
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return path.read_text(encoding="utf-8")


def test_help_lists_the_five_formats(run_cli: Run) -> None:
    code, out, _err = run_cli("report", "--help")
    assert code == 0
    assert "html|md|json|docx|xlsx" in out
    for option in ("--unit", "--period", "--format", "--out", "--store", "--lang", "--roster"):
        assert option in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_from_the_store_without_personal_data(
    run_cli: Run, store: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"bac-yen.{fmt}"
    code, stdout, err = run_cli(*report_args(store, out, "--format", fmt))
    assert (code, err) == (0, ""), err
    assert str(out) in stdout
    content = everything_in(out)
    assert "Xã Bắc Yên" in content and "Bản Mường Chiên" in content
    for secret in PERSONAL:
        assert secret not in content, (fmt, secret)


def test_json_from_the_store_is_the_contract(run_cli: Run, store: Path, tmp_path: Path) -> None:
    from cnscd_core.rollup import Report

    out = tmp_path / "r.json"
    assert run_cli(*report_args(store, out))[0] == 0  # format from the file name
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["unit"]["code"] == "03856"
    assert data["period"] == {"label": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30"}
    assert data["indicators"]["households"] == {"value": 2}
    assert data["indicators"]["households_assigned_rate"] == {
        "value": 0.5,
        "numerator": 1,
        "denominator": 2,
    }
    assert data["children"][0]["unit"]["name"] == "Bản Mường Chiên"
    assert Report.from_json(data).as_json() == data


def test_roster_shows_active_member_names_only_when_asked(
    run_cli: Run, store: Path, tmp_path: Path
) -> None:
    for fmt in ("html", "md", "docx", "xlsx"):
        out = tmp_path / f"roster.{fmt}"
        assert run_cli(*report_args(store, out, "--roster"))[0] == 0
        content = everything_in(out)
        assert MEMBER_NAMES[0] in content, fmt  # active at the end of the quarter
        assert MEMBER_NAMES[1] not in content, fmt  # left in August
        assert "0912345678" not in content  # never a phone
    out = tmp_path / "roster.json"
    assert run_cli(*report_args(store, out, "--roster"))[0] == 0
    assert MEMBER_NAMES[0] not in out.read_text(encoding="utf-8")  # JSON is the contract


def test_english(run_cli: Run, store: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert run_cli(*report_args(store, out, "--lang", "en"))[0] == 0
    md = out.read_text(encoding="utf-8")
    assert "# Report on the community digital technology teams" in md
    assert "Q3 2026" in md and "Households" in md


def test_markdown_to_standard_output(run_cli: Run, store: Path) -> None:
    code, out, err = run_cli(*report_args(store, "-", "--format", "md"))
    assert code == 0 and err == ""
    assert out.startswith("# Báo cáo")
    code, _out, err = run_cli(*report_args(store, "-", "--format", "xlsx"))
    assert code == 2 and "xlsx" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"unit": "99999"}, "99999"),
        ({"unit": "03754"}, "03754"),  # a Sơn La commune with no data in the store
        ({"period": "2026-Q5"}, "2026-Q5"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    run_cli: Run, store: Path, tmp_path: Path, args: dict[str, str], expected: str
) -> None:
    argv = report_args(store, tmp_path / "r.html", unit=args.get("unit", "03856"))
    if "period" in args:
        argv[argv.index("2026-Q3")] = args["period"]
    code, _out, err = run_cli(*argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and expected in err
    assert not (tmp_path / "r.html").exists()


def test_a_store_of_an_older_schema(run_cli: Run, store: Path, tmp_path: Path) -> None:
    from cnscd_core.store import SCHEMA_VERSION

    older = SCHEMA_VERSION - 1
    with sqlite3.connect(store) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(older),))
    code, _out, err = run_cli(*report_args(store, tmp_path / "r.html"))
    assert code == 2 and "cnscd store stats" in err and f" {older}" in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_store_and_an_unknown_format(run_cli: Run, tmp_path: Path) -> None:
    code, _out, err = run_cli(*report_args(tmp_path / "none.sqlite", tmp_path / "r.html"))
    assert code == 2 and "none.sqlite" in err
    code, _out, err = run_cli(*report_args(tmp_path / "none.sqlite", tmp_path / "r.pdf"))
    assert code == 2 and "--format" in err


def test_subcommands_are_routed(store: Path, tmp_path: Path) -> None:
    """``report merge ...`` goes to the merge subcommand; anything else renders."""
    group = report_group()
    assert isinstance(group, ReportGroup)
    seen: list[Any] = []

    @group.command(name="merge")
    @click.argument("files", nargs=-1)
    @click.option("--out")
    def merge(files: tuple[str, ...], out: str) -> None:
        seen.append((files, out))

    runner = CliRunner()
    result = runner.invoke(group, ["merge", "a.json", "b.json", "--out", "all.json"])
    assert result.exit_code == 0, result.output
    assert seen == [(("a.json", "b.json"), "all.json")]
    help_text = runner.invoke(group, ["--help"]).output
    assert "merge" in help_text and "--roster" in help_text


def test_cli_lists_the_renderers_formats() -> None:
    import click

    from cnscd_core.cli._report import report_group
    from cnscd_core.reports import FORMATS

    group = report_group()
    render = group.commands.get("render") or next(iter(group.commands.values()))
    formats = next(p for p in render.params if p.name == "fmt" or "--format" in p.opts)
    assert isinstance(formats.type, click.Choice)
    assert tuple(formats.type.choices) == FORMATS
