"""Stores for the workload tests: a ward of Hồ Chí Minh City with four quarters, built with
the records API, and the Hypothesis strategy of random teams, members and households."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import strategies as st

from cnscd_core.field import Household, Member, Team
from cnscd_core.store import SQLiteStore, open_store
from cnscd_core.units import UnitRegistry

#: Phường Thủ Dầu Một, Hồ Chí Minh City (Bình Dương province before 2025-07-01).
COMMUNE = "25747"
#: Another ward of the city: households there count in a member's load but are out of scope.
OTHER_COMMUNE = "26506"
#: Phường Tô Hiệu, Sơn La (a province whose teams follow the national preset).
SON_LA_COMMUNE = "03646"
#: The day the tests look at (members who left before it do not count).
AS_OF = dt.date(2025, 9, 1)
LEFT = dt.date(2025, 8, 1)


def _add_villages(registry: UnitRegistry) -> tuple[tuple[str, ...], tuple[str, ...]]:
    quarters = tuple(
        registry.add_village(f"Khu phố {n}", "khu phố", COMMUNE).code for n in range(1, 5)
    )
    hamlets = tuple(registry.add_village(f"Bản {n}", "bản", SON_LA_COMMUNE).code for n in (1, 2))
    return quarters, hamlets


@pytest.fixture(scope="session")
def registry() -> UnitRegistry:
    """A registry of our own (not the process-wide one), with the test villages added."""
    units = UnitRegistry.load()
    _add_villages(units)
    return units


@pytest.fixture(scope="session")
def quarters(registry: UnitRegistry) -> tuple[str, ...]:
    """Codes of the four quarters (khu phố) of ``COMMUNE``."""
    return _add_villages(registry)[0]


@pytest.fixture(scope="session")
def hamlets(registry: UnitRegistry) -> tuple[str, ...]:
    """Codes of the two hamlets (bản) of ``SON_LA_COMMUNE``."""
    return _add_villages(registry)[1]


def build_store(
    path: Path,
    registry: UnitRegistry,
    teams: Iterable[Team] = (),
    members: Iterable[Member] = (),
    households: Iterable[Household] = (),
) -> SQLiteStore:
    """A store at ``path`` holding the records and the registry's test villages."""
    store = open_store(path)
    with store.transaction():
        for commune in (COMMUNE, SON_LA_COMMUNE):
            for village in registry.current.children(commune):
                store.put_village(village.code, village.name, village.kind.value, commune, None)
        for team in teams:
            store.put("teams", team, "test")
        for member in members:
            store.put("members", member, "test")
        for household in households:
            store.put("households", household, "test")
    return store


@pytest.fixture
def make_store(tmp_path: Path, registry: UnitRegistry) -> Iterator[Callable[..., SQLiteStore]]:
    """``make_store(teams, members, households)``: a fresh store in the test's folder."""
    opened: list[SQLiteStore] = []

    def make(
        teams: Iterable[Team] = (),
        members: Iterable[Member] = (),
        households: Iterable[Household] = (),
    ) -> SQLiteStore:
        store = build_store(
            tmp_path / f"store{len(opened)}.sqlite", registry, teams, members, households
        )
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def team(code: str, unit: str, level: str = "village", leader: str | None = None) -> Team:
    return Team(code=code, name=f"Tổ {code}", level=level, unit=unit, leader=leader)  # type: ignore[arg-type]


def member(code: str, *teams: str, left: dt.date | None = None, position: str = "member") -> Member:
    return Member(
        code=code,
        full_name="Nguyễn Văn An",
        phone="0912345678",
        teams=teams,
        left=left,
        position=position,  # type: ignore[arg-type]
    )


def household(code: str, unit: str, member_code: str | None = None) -> Household:
    return Household(
        code=code,
        head_name="Trần Thị Bình",
        phone="0987654321",
        size=3,
        unit=unit,
        member=member_code,
    )


@attrs.frozen
class Scenario:
    """Teams, members and households of one Hypothesis example, and the capacity."""

    teams: tuple[Team, ...]
    members: tuple[Member, ...]
    households: tuple[Household, ...]
    capacity: int
    seed: int

    def shuffled(self) -> tuple[list[Team], list[Member], list[Household]]:
        """The same records in another order (the plan must not depend on it)."""
        rng = random.Random(self.seed)
        teams, members, households = list(self.teams), list(self.members), list(self.households)
        rng.shuffle(teams)
        rng.shuffle(members)
        rng.shuffle(households)
        return teams, members, households


@st.composite
def scenarios(draw: st.DrawFn, quarters: Sequence[str], max_households: int = 40) -> Scenario:
    """A ward with 0-2 teams per quarter, maybe a ward team, 0-8 members (some left, some in
    two teams) and households in the quarters, the ward itself or another ward."""
    teams: list[Team] = []
    for village in quarters:
        for n in range(draw(st.integers(0, 2))):
            teams.append(team(f"T-{village}-{n}", village))
    if draw(st.booleans()):
        teams.append(team("T-ward", COMMUNE, level="commune"))
    team_codes = [t.code for t in teams]
    members: list[Member] = []
    for n in range(draw(st.integers(0, 8))):
        in_teams = (
            draw(st.lists(st.sampled_from(team_codes), max_size=2, unique=True))
            if team_codes
            else []
        )
        left = draw(st.sampled_from([None, None, None, LEFT]))
        members.append(member(f"M{n:02d}", *in_teams, left=left))
    member_codes = [m.code for m in members]
    units = st.sampled_from([*quarters, *quarters, COMMUNE, OTHER_COMMUNE])
    owners = st.one_of(st.none(), st.sampled_from(member_codes)) if member_codes else st.none()
    rows = draw(st.lists(st.tuples(units, owners), max_size=max_households))
    numbers = draw(
        st.lists(st.integers(0, 9999), min_size=len(rows), max_size=len(rows), unique=True)
    )
    households = tuple(
        household(f"HH-{n:04d}", unit, owner)
        for n, (unit, owner) in zip(numbers, rows, strict=True)
    )
    return Scenario(
        teams=tuple(teams),
        members=tuple(members),
        households=households,
        capacity=draw(st.integers(1, 8)),
        seed=draw(st.integers(0, 2**32 - 1)),
    )


def scenario_store(
    scenario: Scenario, registry: UnitRegistry, shuffle: bool = False
) -> tuple[tempfile.TemporaryDirectory[str], SQLiteStore]:
    """A temporary folder and a store in it holding ``scenario`` (Hypothesis examples cannot
    use the function-scoped ``tmp_path``); close both with ``with folder, store:``."""
    folder = tempfile.TemporaryDirectory()
    records = (
        scenario.shuffled() if shuffle else (scenario.teams, scenario.members, scenario.households)
    )
    store = build_store(Path(folder.name) / "store.sqlite", registry, *records)
    return folder, store
