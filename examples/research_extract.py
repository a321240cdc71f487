"""Write a pseudonymised research extract of a small store, and look inside it.

Builds a store in a temporary folder: a commune of Sơn La with two hamlets (bản), 60
households with made-up names, phone numbers and citizen-ID numbers, their residents, two
teams and a few hundred guidance visits. Then it creates a key (as the data owner would, and
keeps it), writes the extract, shows what went in, and checks that no name, phone number,
ID number or record code did. Run with ``.venv/bin/python examples/research_extract.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import tempfile
import zipfile
from pathlib import Path

from cnscd_core.extract import create_key, write_extract
from cnscd_core.field import Household, Member, Resident, Team, Visit
from cnscd_core.store import SQLiteStore, open_store
from cnscd_core.units import UnitRegistry

COMMUNE = "03646"  # Phường Tô Hiệu, Sơn La
FAMILY = ("Lò", "Cầm", "Quàng", "Nguyễn", "Hoàng")
GIVEN = ("Pọm", "Xuân", "Hặc", "An", "Bình", "Thủy")


def fake_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(('Văn', 'Thị'))} {rng.choice(GIVEN)}"


def fill(store: SQLiteStore, units: UnitRegistry, rng: random.Random) -> list[str]:
    """Put made-up records into ``store``; return every identifying value put in."""
    hamlets = [units.add_village(name, "bản", COMMUNE) for name in ("Bản Mé", "Bản Giảng Lắc")]
    secrets: list[str] = []
    with store.transaction():
        put = store.put
        for hamlet in hamlets:
            store.put_village(hamlet.code, hamlet.name, "bản", COMMUNE, None)
        for n, hamlet in enumerate(hamlets):
            put("teams", Team(f"TO-{n}", f"Tổ CNSCĐ {hamlet.name}", "village", hamlet.code), "ex")
        for n in range(6):
            member = Member(
                f"TV-{n:03d}", fake_name(rng), teams=(f"TO-{n % 2}",), phone=f"0912000{n:03d}"
            )
            put("members", member, "example")
            secrets += [member.code, member.full_name, member.phone or ""]
        for n in range(60):
            household = Household(
                code=f"HGD-{n:04d}",
                head_name=fake_name(rng),
                size=rng.randint(1, 9),
                unit=hamlets[n % 2].code,
                smartphones=rng.randint(0, 4),
                member=f"TV-{n % 6:03d}",
                phone=f"0983{rng.randrange(10**6):06d}",
            )
            put("households", household, "example")
            secrets += [household.code, household.head_name, household.phone or ""]
            for k in range(rng.randint(1, 3)):
                year = rng.randint(1935, 2015)
                resident = Resident(
                    code=f"NK-{n:04d}-{k}",
                    household=household.code,
                    full_name=fake_name(rng),
                    birth_year=year,
                    citizen_id=f"0140{year % 100:02d}{rng.randrange(10**6):06d}",
                    vneid_level=rng.choice([0, 1, 2, 2]),
                )
                put("residents", resident, "example")
                secrets += [resident.code, resident.citizen_id or ""]
        for _ in range(300):
            day = dt.date(2025, 7, 1) + dt.timedelta(days=rng.randrange(150))
            guide, house = f"TV-{rng.randrange(6):03d}", f"HGD-{rng.randrange(60):04d}"
            skill = rng.choice(["online_public_services", "online_payment", "cyber_safety"])
            code = Visit.natural_key(day, guide, house, "door_to_door", skill, None)
            put(
                "visits",
                Visit(code, day, guide, "door_to_door", household=house, skill=skill, outcome=2),
                "example",
            )
    return [s for s in secrets if s]


def main() -> None:
    rng = random.Random(2026)
    units = UnitRegistry.load()  # our own registry: the example adds hamlets to it
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.sqlite") as store:
        secrets = fill(store, units, rng)
        # The data owner makes the key once and keeps it: never send it with an extract.
        key = create_key(Path(folder) / "owner" / "extract.key")
        out = Path(folder) / "extract.zip"
        summary = write_extract(store, out, key, threshold=5)
        print(f"Wrote {out.name} (key fingerprint {summary.key_fingerprint}):")
        for table in summary.tables:
            extra = f", {table.suppressed_cells} suppressed" if table.kind == "aggregate" else ""
            print(f"  {table.file}: {table.rows} rows{extra}")

        with zipfile.ZipFile(out) as archive:
            text = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
        rows = list(csv.DictReader(io.StringIO(text["aggregates/households_by_size.csv"])))
        print("\nHouseholds by size in the commune (empty count = suppressed):")
        for row in rows:
            if row["area_level"] == "commune":
                print(f"  {row['size_band']:>5}: {row['count'] or '-'}")
        first = next(csv.DictReader(io.StringIO(text["microdata/residents.csv"])))
        print(f"\nA resident as the researcher sees it: {first}")

        leaked = [s for s in secrets if any(s in content for content in text.values())]
        assert key.key.hex() not in "".join(text.values()), "the key leaked"
        assert not leaked, f"identifiers leaked: {leaked[:3]}"
        print(f"\nChecked {len(secrets)} names, phones, ID numbers and codes: none in the extract.")


if __name__ == "__main__":
    main()
