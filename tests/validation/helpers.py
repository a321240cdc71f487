"""Builders shared by the validation and evaluation tests: units, records, stores, hosts.

A ward of Hồ Chí Minh City (Bình Dương before 2025-07-01, plan 6037) with four quarters,
another ward of the city with two, and a ward of Sơn La (national preset) with two hamlets.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cnscd_core.cli import main
from cnscd_core.field import Household, Member, Team, Training, Visit
from cnscd_core.plugins import CommandRegistry, PluginHost, hookimpl
from cnscd_core.store import SQLiteStore, open_store
from cnscd_core.units import UnitRegistry
from cnscd_core.validation import default_rules

#: Phường Thủ Dầu Một, Hồ Chí Minh City (Bình Dương province before 2025-07-01).
WARD = "25747"
#: Another ward of the city.
OTHER_WARD = "26506"
#: Phường Tô Hiệu, Sơn La (national preset).
SON_LA_WARD = "03646"
#: Hồ Chí Minh City.
CITY = "79"
PERIOD = "2026-Q3"
IN_PERIOD = dt.date(2026, 8, 3)
BEFORE_PERIOD = dt.date(2026, 3, 2)
TRAINED = (Training(course="MOOCs", date=dt.date(2026, 1, 10)),)
#: A name and phones that must never appear in a finding or an evaluation.
PERSON = "Nguyễn Văn An"
PHONE = "0912345678"
HOUSE_PHONE = "0987654321"

#: The test villages of each commune: (code, name, kind).
_VILLAGES: dict[str, tuple[tuple[str, str, str], ...]] = {
    WARD: tuple((f"{WARD}.{k:03d}", f"Khu phố {k}", "khu phố") for k in range(1, 5)),
    OTHER_WARD: tuple((f"{OTHER_WARD}.{k:03d}", f"Khu phố {k}", "khu phố") for k in (1, 2)),
    SON_LA_WARD: tuple((f"{SON_LA_WARD}.{k:03d}", f"Bản {k}", "bản") for k in (1, 2)),
}
#: The codes of the test villages of each commune.
VILLAGES: dict[str, tuple[str, ...]] = {
    commune: tuple(code for code, _name, _kind in rows) for commune, rows in _VILLAGES.items()
}


def make_registry() -> UnitRegistry:
    """A registry of our own (not the process-wide one) with the test villages."""
    units = UnitRegistry.load()
    for commune, rows in _VILLAGES.items():
        for code, name, kind in rows:
            units.add_village(name, kind, commune, code=code)
    return units


def team(
    code: str,
    unit: str,
    level: str = "village",
    leader: str | None = None,
    dissolved: dt.date | None = None,
) -> Team:
    return Team(
        code=code,
        name=f"Tổ {code}",
        level=level,  # type: ignore[arg-type]
        unit=unit,
        leader=leader,
        established=dt.date(2025, 1, 1) if dissolved else None,
        dissolved=dissolved,
    )


def member(
    code: str,
    *teams: str,
    trained: bool = True,
    left: dt.date | None = None,
    position: str = "member",
    trainings: tuple[Training, ...] | None = None,
) -> Member:
    return Member(
        code=code,
        full_name=PERSON,
        phone=PHONE,
        teams=teams,
        left=left,
        position=position,  # type: ignore[arg-type]
        trainings=trainings if trainings is not None else (TRAINED if trained else ()),
    )


def household(code: str, unit: str, member_code: str | None = None, **skills: int) -> Household:
    return Household(
        code=code,
        head_name="Trần Thị Bình",
        phone=HOUSE_PHONE,
        size=3,
        unit=unit,
        member=member_code,
        skill_levels=dict(skills),
    )


def visit(member_code: str, household_code: str | None, day: dt.date = IN_PERIOD) -> Visit:
    return Visit(
        code=Visit.natural_key(day, member_code, household_code, "door_to_door", None, None),
        date=day,
        member=member_code,
        channel="door_to_door",
        household=household_code,
        group_size=None if household_code else 12,
    )


def full_team(code: str, unit: str, size: int = 4, **kwargs: Any) -> tuple[Team, list[Member]]:
    """A team with a leader and ``size`` trained members (codes ``{code}-1``...)."""
    members = [member(f"{code}-{n}", code) for n in range(1, size + 1)]
    return team(code, unit, leader=members[0].code, **kwargs), members


def build_store(
    path: Path,
    registry: UnitRegistry,
    teams: Iterable[Team] = (),
    members: Iterable[Member] = (),
    households: Iterable[Household] = (),
    visits: Iterable[Visit] = (),
) -> SQLiteStore:
    """A store at ``path`` holding the records and the registry's test villages."""
    store = open_store(path)
    with store.transaction():
        for commune in VILLAGES:
            for village in registry.current.children(commune):
                store.put_village(village.code, village.name, village.kind.value, commune, None)
        for kind, records in (
            ("teams", teams),
            ("members", members),
            ("households", households),
            ("visits", visits),
        ):
            for record in records:
                store.put(kind, record, "test")
    return store


def add_default_rules(host: PluginHost) -> PluginHost:
    """Register the core rules on ``host`` unless the defaults already hold them."""
    if not host.pm.is_registered(default_rules):
        host.register(default_rules, name="default_rules")
    return host


class CheckCommands:
    """A plugin adding ``check`` and ``evaluate`` (until the core's default commands do)."""

    @hookimpl
    def cnscd_register_commands(self, registry: CommandRegistry) -> None:
        from cnscd_core.cli._check import check_command, evaluate_command

        registry.add_command(check_command())
        registry.add_command(evaluate_command())


def add_commands(host: PluginHost) -> PluginHost:
    """Register ``check`` and ``evaluate`` on ``host`` unless they are there already."""
    if "check" not in host.commands:
        host.register(CheckCommands(), name="test-check-commands")
    return host


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the ``cnscd`` command line in-process: exit code, stdout, stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    """``run`` with ``--json``: exit code and the parsed document (no error on stderr)."""
    code, out, err = run(capsys, *args, "--json")
    assert "Error" not in err and "Lỗi" not in err, err
    return code, json.loads(out)


def assert_documented(package: ModuleType) -> None:
    """Every public name of ``package`` resolves and has a docstring, public methods too."""
    assert package.__doc__
    for name in package.__all__:
        obj = getattr(package, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not (
                    inspect.isfunction(member) or isinstance(member, property)
                ):
                    continue
                assert inspect.getdoc(member), f"{name}.{attr} has no docstring"
