"""``write_extract``: nothing identifying leaves, pseudonyms join, bands, suppression, files."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cnscd_core.extract import ExtractError, Pseudonymizer, create_key, write_extract
from cnscd_core.i18n import set_language
from cnscd_core.store import SQLiteStore
from cnscd_core.units import UnitRegistry

from .checks import aggregates, category_column, groups, read_tables, suppressed
from .helpers import World, identifiers, scan

BAND = re.compile(r"\A(\d{4})-(\d{4})\Z")
MICRODATA = {"households", "residents", "members", "teams", "visits"}


@pytest.fixture
def extract_path(tmp_path: Path, store: SQLiteStore, registry: UnitRegistry, key: bytes) -> Path:
    out = tmp_path / "extract.zip"
    write_extract(store, out, key, units=registry.current)
    return out


def test_no_identifier_survives(extract_path: Path, world: World) -> None:
    needles = identifiers(world)
    assert len(needles) > 1000  # names, phones (as written and digits only), IDs, codes, texts
    assert scan(extract_path, needles) == []


def test_zip_layout_and_manifest(extract_path: Path, key: bytes) -> None:
    with zipfile.ZipFile(extract_path) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        readme = archive.read("README.txt").decode("utf-8")
    assert names[0] == "README.txt" and names[-1] == "manifest.json"
    assert {f"microdata/{t}.csv" for t in MICRODATA} <= set(names)
    assert any(n.startswith("aggregates/") for n in names)
    assert manifest["parameters"]["threshold"] == 5
    assert manifest["parameters"]["pseudonyms"]["hex_characters"] == 20
    assert manifest["parameters"]["pseudonyms"]["key_fingerprint"] == Pseudonymizer(key).fingerprint
    files = {t["file"]: t for t in manifest["tables"]}
    assert set(files) == {n for n in names if n.endswith(".csv")}
    tables = read_tables(extract_path)
    for name, rows in tables.items():
        assert files[name]["rows"] == len(rows)
    # both languages, the threshold, the law
    assert "Nghị định 13/2023/NĐ-CP" in readme and "Decree 13/2023/NĐ-CP" in readme
    assert "Ngưỡng ẩn ô: 5" in readme and "Suppression threshold: 5" in readme
    assert "HMAC-SHA256" in readme and "1980-1989" in readme


def test_key_never_enters_the_extract(
    tmp_path: Path, store: SQLiteStore, registry: UnitRegistry
) -> None:
    set_language("en")  # the assertions below read English messages
    key = create_key(tmp_path / "owner.key")
    out = tmp_path / "extract.zip"
    write_extract(store, out, key, units=registry.current)
    import base64

    forms = [key.key.hex(), key.key.hex().upper(), base64.b64encode(key.key).decode()]
    assert scan(out, forms) == []
    with zipfile.ZipFile(out) as archive:
        assert not any(key.key in archive.read(n) for n in archive.namelist())
        assert "owner.key" not in archive.read("manifest.json").decode()
    assert out.stat().st_mode & 0o077 == 0  # readable by its owner only
    with pytest.raises(ExtractError, match="key file"):
        write_extract(store, key.path, key, units=registry.current)
    assert key.path.read_text().strip() == key.key.hex()


def test_pseudonyms_join_across_tables(extract_path: Path, world: World, key: bytes) -> None:
    tables = read_tables(extract_path)
    households = {r["household_id"] for r in tables["microdata/households.csv"]}
    members = {r["member_id"] for r in tables["microdata/members.csv"]}
    teams = {r["team_id"] for r in tables["microdata/teams.csv"]}
    assert len(households) == len(world.households) and len(members) == len(world.members)
    for row in tables["microdata/residents.csv"]:
        assert row["household_id"] in households
    for row in tables["microdata/visits.csv"]:
        assert row["member_id"] in members
        assert row["household_id"] == "" or row["household_id"] in households
    for row in tables["microdata/households.csv"]:
        assert row["member_id"] == "" or row["member_id"] in members
    for row in tables["microdata/members.csv"]:
        assert set(filter(None, row["team_ids"].split(";"))) <= teams
    # The pseudonym is the keyed hash of the code: a household and its visits line up.
    pseudo = Pseudonymizer(key)
    by_id = {r["household_id"]: r for r in tables["microdata/households.csv"]}
    for household in world.households[:20]:
        row = by_id[pseudo.id("household", household.code)]
        assert row["size_band"] == (str(household.size) if household.size < 8 else "8+")
    visited = {v.household for v in world.visits if v.household}
    ids = {r["household_id"] for r in tables["microdata/visits.csv"]} - {""}
    assert ids == {pseudo.id("household", code) for code in visited}


def test_same_key_same_pseudonyms_other_key_others(
    tmp_path: Path, store: SQLiteStore, registry: UnitRegistry, key: bytes
) -> None:
    def ids(path: Path) -> set[str]:
        tables = read_tables(path)
        return {r["household_id"] for r in tables["microdata/households.csv"]} | {
            r["visit_id"] for r in tables["microdata/visits.csv"]
        }

    first, second, other = (tmp_path / f"{n}.zip" for n in ("first", "second", "other"))
    write_extract(store, first, key, units=registry.current)
    write_extract(store, second, key, threshold=7, units=registry.current)
    write_extract(store, other, bytes(reversed(key)), units=registry.current)
    assert ids(first) == ids(second)
    assert ids(first).isdisjoint(ids(other))


def test_birth_years_only_as_bands(extract_path: Path, world: World) -> None:
    tables = read_tables(extract_path)
    for name in ("microdata/residents.csv", "microdata/members.csv"):
        assert "birth_year" not in tables[name][0]
        for row in tables[name]:
            band = BAND.match(row["birth_band"])
            assert row["birth_band"] == "" or band
            if band:
                first, last = int(band[1]), int(band[2])
                assert last - first == 9 or (first, last) == (1900, 1939)
    for row in tables["aggregates/residents_by_birth_band.csv"]:
        assert row["birth_band"] in ("total", "unknown") or BAND.match(row["birth_band"])
    # dates keep the month only
    for row in tables["microdata/visits.csv"]:
        assert re.fullmatch(r"\d{4}-\d{2}", row["month"])
    for row in tables["microdata/members.csv"]:
        assert re.fullmatch(r"(\d{4}-\d{2})?", row["joined_month"])
    assert {r["size_band"] for r in tables["microdata/households.csv"]} <= {
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8+",
    }


def test_no_free_text_gender_or_village(
    extract_path: Path, world: World, registry: UnitRegistry
) -> None:
    tables = read_tables(extract_path)
    columns = {c for rows in tables.values() if rows for c in rows[0]}
    assert not columns & {"gender", "text", "topic", "answers", "role", "phone", "full_name"}
    village_codes = {u.code for c in ("03646", "25747") for u in registry.current.children(c)}
    village_names = {u.name for c in ("03646", "25747") for u in registry.current.children(c)}
    assert scan(extract_path, village_codes | village_names) == []  # commune level by default


@pytest.mark.parametrize("threshold", [3, 5, 10])
@pytest.mark.parametrize("unit_level", ["commune", "village"])
def test_every_cell_is_suppressed_or_above_the_threshold(
    tmp_path: Path,
    store: SQLiteStore,
    registry: UnitRegistry,
    key: bytes,
    threshold: int,
    unit_level: str,
) -> None:
    out = tmp_path / "extract.zip"
    summary = write_extract(
        store, out, key, threshold=threshold, unit_level=unit_level, units=registry.current
    )
    tables = aggregates(read_tables(out))
    assert len(tables) == 7
    hidden = 0
    for name, rows in tables.items():
        published = 0
        for row in rows:
            if suppressed(row):
                assert row["count"] == "", name
                hidden += 1
            else:
                assert int(row["count"]) >= threshold, (name, row)
                published += 1
        assert published or name.startswith("aggregates/members"), name  # 12 members only
        for total, parts in groups(rows):
            # secondary suppression: never exactly one hidden cell in a published relation
            assert sum(map(suppressed, [total, *parts])) != 1, (name, total)
            if not any(map(suppressed, [total, *parts])):
                assert int(total["count"]) == sum(int(p["count"]) for p in parts)
    assert hidden == summary.suppressed_cells > 0


def test_village_level_counts_villages(
    tmp_path: Path, store: SQLiteStore, registry: UnitRegistry, key: bytes, villages: list[str]
) -> None:
    out = tmp_path / "extract.zip"
    write_extract(store, out, key, unit_level="village", units=registry.current)
    rows = read_tables(out)["aggregates/households_by_size.csv"]
    assert {r["village_code"] for r in rows if r["area_level"] == "village"} >= set(villages)
    assert {r["area_level"] for r in rows} == {"province", "commune", "village"}
    # microdata still stops at the commune
    households = read_tables(out)["microdata/households.csv"]
    assert "village_code" not in households[0]


def test_aggregates_only(
    tmp_path: Path, store: SQLiteStore, registry: UnitRegistry, key: bytes
) -> None:
    out = tmp_path / "extract.zip"
    summary = write_extract(store, out, key, aggregates_only=True, units=registry.current)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        readme = archive.read("README.txt").decode()
    assert not any(n.startswith("microdata/") for n in names)
    assert all(t.kind == "aggregate" for t in summary.tables)
    assert "no microdata" in readme and "không có vi dữ liệu" in readme


def test_microdata_readme_asks_for_legal_care(extract_path: Path) -> None:
    with zipfile.ZipFile(extract_path) as archive:
        readme = archive.read("README.txt").decode()
    assert "PERSONAL DATA" in readme and "DỮ LIỆU CÁ NHÂN" in readme
    assert "Personal Data Protection Law" in readme and "Luật Bảo vệ dữ liệu cá nhân" in readme
    assert "72" in readme


def test_refuses_a_low_threshold_and_odd_options(
    tmp_path: Path, store: SQLiteStore, registry: UnitRegistry, key: bytes
) -> None:
    cases: list[dict[str, Any]] = [{"threshold": 2}, {"unit_level": "hamlet"}, {"format": "xlsx"}]
    for kwargs in cases:
        with pytest.raises(ExtractError):
            write_extract(store, tmp_path / "x.zip", key, units=registry.current, **kwargs)
    with pytest.raises(ExtractError, match="store"):
        write_extract(store, store.path, key, units=registry.current)
    assert not (tmp_path / "x.zip").exists()


def test_parquet_without_pyarrow_says_how_to_install(
    tmp_path: Path,
    store: SQLiteStore,
    registry: UnitRegistry,
    key: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
    with pytest.raises(ExtractError, match="pip install pyarrow"):
        write_extract(store, tmp_path / "x.zip", key, format="parquet", units=registry.current)
    assert not (tmp_path / "x.zip").exists()


def test_parquet(
    tmp_path: Path, store: SQLiteStore, registry: UnitRegistry, key: bytes, world: World
) -> None:
    import pyarrow.parquet as pq  # the arrow extra, installed with dev

    out = tmp_path / "extract.zip"
    summary = write_extract(store, out, key, format="parquet", units=registry.current)
    assert all(t.file.endswith(".parquet") for t in summary.tables)
    import io

    needles = identifiers(world)
    with zipfile.ZipFile(out) as archive:
        for table in summary.tables:
            arrow = pq.read_table(io.BytesIO(archive.read(table.file)))
            assert arrow.num_rows == table.rows
            values = {str(v) for column in arrow.columns for v in column.to_pylist()}
            assert not values & needles
            if table.kind == "aggregate":
                rows = arrow.to_pylist()
                assert all(r["count"] is None if r["suppressed"] else r["count"] >= 5 for r in rows)
    assert scan(out, needles) == []


def test_empty_store(tmp_path: Path, registry: UnitRegistry, key: bytes) -> None:
    from .helpers import build_store

    store = build_store(tmp_path / "empty.sqlite", registry, World())
    out = tmp_path / "extract.zip"
    summary = write_extract(store, out, key, units=registry.current)
    store.close()
    assert summary.suppressed_cells == 0 and all(t.rows == 0 for t in summary.tables)
    tables = read_tables(out)
    assert tables == {name: [] for name in tables}


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """A control: the scan does see names folded and upper-cased, and phones as digits."""
    path = tmp_path / "leaky.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "id,name\n1,NGUYEN VAN AN\n")
        archive.writestr("b.csv", "phone\n0912345678\n")
        archive.writestr("c.txt", unicodedata.normalize("NFD", "Ông Lò Văn Pọm, bản Mé"))
    from .helpers import digits

    assert scan(path, ["Nguyễn Văn An"]) == ["a.csv: 'Nguyễn Văn An'"]
    assert scan(path, [digits("0912 345 678")]) == ["b.csv: '0912345678'"]
    assert scan(path, ["Lò Văn Pọm"]) == ["c.txt: 'Lò Văn Pọm'"]
    assert scan(path, ["Trần Thị Bình", "0987654321"]) == []


@pytest.mark.parametrize(("unit_level", "threshold"), [("commune", 40), ("village", 8)])
def test_tables_of_one_population_agree_on_totals(
    tmp_path: Path,
    store: SQLiteStore,
    registry: UnitRegistry,
    key: bytes,
    unit_level: str,
    threshold: int,
) -> None:
    """A total hidden in one table must not be published by its twin."""
    out = tmp_path / "extract.zip"
    write_extract(
        store, out, key, threshold=threshold, unit_level=unit_level, units=registry.current
    )
    tables = read_tables(out)

    def totals(name: str) -> dict[tuple[str, ...], tuple[str, str]]:
        rows = tables[f"aggregates/{name}.csv"]
        category = category_column(rows)
        return {
            tuple(v for k, v in r.items() if k not in (category, "count", "suppressed")): (
                r["count"],
                r["suppressed"],
            )
            for r in rows
            if r[category] == "total"
        }

    hidden = 0
    for first, second in (
        ("households_by_size", "households_by_smartphones"),
        ("residents_by_birth_band", "residents_by_vneid_level"),
        ("visits_by_channel", "visits_by_skill"),
    ):
        assert totals(first) == totals(second)
        hidden += sum(flag == "true" for _count, flag in totals(first).values())
    assert hidden  # some totals are hidden (months of a village with few visits)


def test_microdata_rows_do_not_follow_the_codes(extract_path: Path) -> None:
    """The store keeps rows in code order; the extract sorts them by pseudonym instead."""
    tables = read_tables(extract_path)
    for name in MICRODATA:
        rows = tables[f"microdata/{name}.csv"]
        ids = [next(iter(r.values())) for r in rows]
        assert ids == sorted(ids), name
