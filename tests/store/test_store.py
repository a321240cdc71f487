"""The SQLite store: transactions, idempotent writes, history, schema versions, columns."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import attrs
import numpy as np
import pytest

from cnscd_core.field import Household, Member, Resident, Team, Visit
from cnscd_core.store import SCHEMA_VERSION, StoreError, StoreVersionError, open_store
from cnscd_core.units import UnitRegistry

COMMUNE = "03856"  # Xã Bắc Yên, Sơn La


@pytest.fixture
def registry() -> UnitRegistry:
    units = UnitRegistry.load()
    units.add_village("Tiểu khu 1", "tiểu khu", COMMUNE, code="V1")
    units.add_village("Bản Pá Chạp", "bản", COMMUNE, code="V2")
    return units


def fill(store_path: Path) -> None:
    store = open_store(store_path)
    with store.transaction():
        # written out of dependency order on purpose: foreign keys are checked at commit
        store.put("households", Household("H2", "Lò Văn A", 3, "V2", member="M1"), "t")
        store.put("households", Household("H1", "Cầm Thị B", 4, "V1", member="M2"), "t")
        store.put("households", Household("H3", "Vì Văn C", 2, "V1"), "t")
        store.put("members", Member("M1", "Quàng Văn D", teams=("T1",)), "t")
        store.put("members", Member("M2", "Hà Thị E", teams=("T1",)), "t")
        store.put("teams", Team("T1", "Tổ 1", "village", "V1"), "t")
        store.put(
            "visits",
            Visit(
                "v1",
                dt.date(2026, 3, 15),
                "M1",
                "door_to_door",
                household="H2",
                skill="online_payment",
                outcome=3,
            ),
            "t",
        )
        store.put(
            "residents",
            Resident("R1", "H2", "Lò Thị F", 1990, vneid_level=2, skill_levels={"cyber_safety": 3}),
            "t",
        )
        store.put_village("V1", "Tiểu khu 1", "tiểu khu", COMMUNE, None)
        store.put_village("V2", "Bản Pá Chạp", "bản", COMMUNE, None)
    store.close()


def test_counts_and_idempotent_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    fill(path)
    store = open_store(path)
    assert store.counts() == {
        "teams": 1,
        "members": 2,
        "households": 3,
        "residents": 1,
        "visits": 1,
        "campaigns": 0,
        "feedback": 0,
        "villages": 2,
    }
    with store.transaction():
        assert (
            store.put("members", Member("M1", "Quàng Văn D", teams=("T1",)), "again") == "unchanged"
        )
        assert (
            store.put(
                "members",
                Member("M1", "Quàng Văn D", teams=("T1",), birth_year=1980),
                "file.xlsx, sheet 1, row 3",
            )
            == "updated"
        )
    history = store.history("members", "M1")
    assert [h.action for h in history] == ["new", "update"]
    assert history[1].changes == {"birth_year": (None, 1980)}
    assert history[1].source == "file.xlsx, sheet 1, row 3"
    assert store.schema_version == SCHEMA_VERSION


def test_a_failed_transaction_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    fill(path)
    store = open_store(path)
    before = store.counts()
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.put("members", Member("M9", "X Y Z", teams=("T1",)), "t")
        store.put("visits", Visit("v9", dt.date(2026, 1, 1), "NOBODY", "phone"), "t")
    assert store.counts() == before
    assert store.get("members", "M9") is None
    with pytest.raises(RuntimeError), store.transaction():
        store.put("members", Member("M8", "X Y Z"), "t")
        raise RuntimeError("crash")
    assert store.get("members", "M8") is None


def test_writes_need_a_transaction(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    with pytest.raises(StoreError):
        store.put("members", Member("M1", "A B"), "t")


def test_schema_versions(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(StoreVersionError, match="99"):
        open_store(path)
    with pytest.raises(StoreError, match="nope"):
        open_store(tmp_path / "nope.sqlite", read_only=True)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="junk"):
        open_store(tmp_path / "junk.sqlite")


def test_wal_and_foreign_keys_on(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_columns_group_by_unit_index(tmp_path: Path, registry: UnitRegistry) -> None:
    path = tmp_path / "s.sqlite"
    fill(path)
    store = open_store(path)
    current = registry.current
    houses = store.columns("households", units=current)
    assert houses.keys == ("H1", "H3", "H2")  # sorted by village index, then code
    assert list(houses["unit"]) == [current.index("V1"), current.index("V1"), current.index("V2")]
    assert (houses["commune"] == current.index(COMMUNE)).all()
    members = store.columns("members", units=current)
    assert members.keys == ("M1", "M2")
    assert list(houses["member"]) == [1, -1, 0]
    assert list(members["households"]) == [1, 1]
    assert list(houses["size"]) == [4, 2, 3]
    visits = store.columns("visits", units=current)
    assert visits.categories["skill"] == ("online_payment",)
    assert visits["date"][0] == np.datetime64("2026-03-15")
    assert list(visits["household"]) == [2]
    levels = store.columns("skill_levels", units=current)
    assert sorted(levels.categories["skill"]) == ["cyber_safety", "online_payment"]
    assert set(levels["household"]) == {2}
    residents = store.columns("residents", units=current)
    assert list(residents["household"]) == [2] and list(residents["vneid_level"]) == [2]
    assert list(levels["resident"][levels["resident"] >= 0]) == [0]


def test_store_registry_knows_its_villages(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    fill(path)
    store = open_store(path)
    houses = store.columns("households")  # default units: the store's own registry
    assert (houses["unit"] >= 0).all()
    assert store.unit_registry().current.get("V2").name == "Bản Pá Chạp"


def _indexes(path: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(path)
    try:
        return sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    finally:
        db.close()


def test_bulk_load_rebuilds_the_indexes_it_drops_and_rolls_back_with_the_transaction(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.sqlite"
    fill(path)
    indexes = _indexes(path)
    store = open_store(path)
    households = [Household(f"B{n}", "Lò Văn A", 3, "V2") for n in range(50)]
    with pytest.raises(RuntimeError), store.transaction(), store.bulk_load({"households": 50}):
        store.put_many("households", households, ["t"] * 50)
        assert len(_indexes(path)) == len(indexes)  # another connection sees the old schema
        raise RuntimeError("crash")
    assert _indexes(path) == indexes
    assert store.get("households", "B1") is None
    with store.transaction():  # an error caught inside the transaction: indexes still there
        with pytest.raises(RuntimeError), store.bulk_load({"households": 50}):
            raise RuntimeError("caught")
        store.put("households", Household("B0", "Lò Văn A", 3, "V2"), "t")
    assert _indexes(path) == indexes
    assert store.get("households", "B0") is not None
    with store.transaction(), store.bulk_load({"households": 50}):
        dropped = store._db.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'households' AND type = 'index' "
            "AND sql IS NOT NULL"
        ).fetchone()[0]
        assert dropped == 0  # the table grows more than 10-fold: its indexes go for the block
        store.put_many("households", households, ["t"] * 50)
    store.close()
    assert _indexes(path) == indexes
    store = open_store(path)
    assert store.counts()["households"] == 53  # B0 was there already (unchanged), B1..B49 new
    assert [h.action for h in store.history("households", "B7")] == ["new"]
    assert store.columns("households").keys[:1]  # the rebuilt indexes serve queries
    with pytest.raises(StoreError), store.bulk_load({"households": 1}):
        pass


def test_history_gives_the_record_as_created_then_each_update(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    first = Member("M1", "Quàng Văn D", teams=("T1",), phone="0912345678", birth_year=1980)
    with store.transaction():
        store.put("teams", Team("T1", "Tổ 1", "village", "V1"), "teams.xlsx:Tổ:3")
        store.put("members", first, "members.xlsx:TV:4")
    with store.transaction():
        store.put("members", attrs.evolve(first, phone=None, birth_year=1981), "api")
    with store.transaction():
        store.put("members", attrs.evolve(first, phone="0987654321", birth_year=1981), "api 2")
    history = store.history("members", "M1")
    assert [(h.action, h.source) for h in history] == [
        ("new", "members.xlsx:TV:4"),
        ("update", "api"),
        ("update", "api 2"),
    ]
    assert history[0].changes == {
        "code": (None, "M1"),
        "full_name": (None, "Quàng Văn D"),
        "teams": (None, ["T1"]),
        "phone": (None, "0912345678"),
        "birth_year": (None, 1980),
        "position": (None, "member"),
        "skill_levels": (None, {}),
        "trainings": (None, []),
    }
    assert history[1].changes == {"phone": ("0912345678", None), "birth_year": (1980, 1981)}
    assert history[2].changes == {"phone": (None, "0987654321")}
    # a new record adds no history row: its creation is on its own row
    rows = store._db.execute("SELECT action FROM history WHERE key = 'M1'").fetchall()
    assert rows == [("update",), ("update",)]


def test_a_version_1_store_is_migrated_and_keeps_its_history(tmp_path: Path) -> None:
    from cnscd_core.serialization import make_converter
    from cnscd_core.store._schema import MIGRATIONS

    path = tmp_path / "v1.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0][1])
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    team = make_converter().unstructure(Team("T1", "Tổ 1", "village", "V1"))
    data = json.dumps(team, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    db.execute(
        "INSERT INTO teams (key, unit, level, data) VALUES ('T1', 'V1', 'village', ?)", (data,)
    )
    db.execute(
        "INSERT INTO history (kind, key, at, source, action, changes) "
        "VALUES ('teams', 'T1', '2026-01-02T03:04:05+00:00', 'old.xlsx:Tổ:3', 'new', ?)",
        (data,),
    )
    db.commit()
    db.close()
    store = open_store(path)
    assert store.schema_version == SCHEMA_VERSION == 2
    with store.transaction():
        assert store.put("teams", Team("T1", "Tổ Một", "village", "V1"), "new.xlsx") == "updated"
    history = store.history("teams", "T1")
    assert [(h.action, h.source) for h in history] == [
        ("new", "old.xlsx:Tổ:3"),
        ("update", "new.xlsx"),
    ]
    assert history[0].changes["name"] == (None, "Tổ 1")
    assert history[1].changes == {"name": ("Tổ 1", "Tổ Một")}
