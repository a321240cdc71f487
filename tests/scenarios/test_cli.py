"""``cnscd simulate``: JSON shape, the same seed prints the same bytes, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cnscd_core.plugins as plugins
from cnscd_core.cli import main
from cnscd_core.plugins import CommandRegistry, PluginHost, hookimpl


class _SimulatePlugin:
    """Adds ``simulate`` when the core's default commands do not have it yet."""

    @hookimpl
    def cnscd_register_commands(self, registry: CommandRegistry) -> None:
        from cnscd_core.cli._simulate import simulate_command

        registry.add_command(simulate_command())


@pytest.fixture(autouse=True)
def _with_simulate(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    original = plugins.load_plugins

    def load(*args: Any, **kwargs: Any) -> PluginHost:
        host = original(*args, **kwargs)
        if "simulate" not in {c.name for c in host.commands}:
            host.register(_SimulatePlugin(), name="test-simulate")
        return host

    monkeypatch.setattr(plugins, "load_plugins", load)
    yield


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


ARGS = ("simulate", "--preset", "son-la", "--weeks", "8", "--scale", "0.02", "--json")


def test_json_is_reproducible_and_seed_sensitive(capsys: pytest.CaptureFixture[str]) -> None:
    code, first, err = run(capsys, *ARGS, "--seed", "1")
    assert code == 0, err
    code, second, _err = run(capsys, *ARGS, "--seed", "1")
    assert code == 0 and first == second
    code, other, _err = run(capsys, *ARGS, "--seed", "2")
    assert code == 0 and other != first


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, *ARGS, "--seed", "1")
    document = json.loads(out)
    assert document["simulated"] is True and document["runs"] == 1
    assert document["unit"] == {"code": "14", "name": "Tỉnh Sơn La", "level": "province"}
    assert document["scenario"]["preset"] == "son-la" and document["scenario"]["weeks"] == 8
    assert [w["week"] for w in document["weeks"]] == list(range(9))
    week = document["weeks"][-1]["indicators"]
    rate = week["households_all_five_rate"]
    assert rate["value"] == pytest.approx(rate["numerator"] / rate["denominator"], abs=1e-6)
    kinds = {p["kind"] for p in document["periods"]}
    assert kinds == {"month", "quarter"}
    assert document["population"]["bytes_per_person"] <= 12
    report = document["report"]
    assert report["simulated"] is True and report["unit"]["code"] == "14"
    assert report["children"] and report["children"][0]["unit"]["level"] == "commune"
    assert document["costs"] is None


def test_runs_give_bands_and_costs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "sim.json"
    code, out, err = run(
        capsys, "simulate", "--preset", "binh-duong", "--weeks", "6", "--scale", "0.05",
        "--runs", "3", "--seed", "4", "--out", str(out_file), "--json",
    )  # fmt: skip
    assert code == 0, err
    document = json.loads(out)
    assert json.loads(out_file.read_text(encoding="utf-8")) == document
    rate = document["weeks"][-1]["indicators"]["households_all_five_rate"]
    assert rate["p10"] <= rate["value"] <= rate["p90"]
    costs = document["costs"]
    assert costs["stipend"] == "binh-duong-nq27-2023"
    assert costs["total_vnd"]["p10"] <= costs["total_vnd"]["value"] <= costs["total_vnd"]["p90"]


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "--lang", "en", "simulate", "--preset", "tay-ninh", "--weeks", "5",
        "--scale", "0.01", "--stipend", "da-nang-26-2025",
    )  # fmt: skip
    assert code == 0
    assert "2026-01" in out and "VND" in out


@pytest.mark.parametrize(
    "args",
    [
        ("simulate", "--preset", "atlantis", "--weeks", "2"),
        ("simulate", "--preset", "son-la", "--weeks", "2", "--stipend", "nowhere"),
        ("simulate", "--preset", "son-la", "--weeks", "0"),
        ("simulate", "--preset", "son-la", "--scale", "1.5"),
        ("simulate", "--weeks", "2"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
