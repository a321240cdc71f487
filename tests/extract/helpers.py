"""Fake but realistic field data for the extract tests, and the scan for identifiers.

Names, phone numbers and citizen-ID numbers look real (Kinh and Thái names, Viettel and
VinaPhone prefixes, 12-digit ID numbers) but are drawn at random; codes carry a letter that
is not a hexadecimal digit and a hyphen, so no pseudonym can contain one by chance.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
from hypothesis import strategies as st

from cnscd_core.field import Feedback, Household, Member, Resident, Team, Visit
from cnscd_core.store import SQLiteStore, open_store
from cnscd_core.units import UnitRegistry

#: Phường Tô Hiệu, Sơn La, and Phường Thủ Dầu Một, Hồ Chí Minh City.
COMMUNES = ("03646", "25747")
VILLAGES = {
    "03646": (("Bản Mé", "bản"), ("Bản Giảng Lắc", "bản")),
    "25747": (("Khu phố 1", "khu phố"), ("Khu phố 2", "khu phố")),
}

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Cầm", "Quàng")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hòa", "Hạnh", "Lan", "Pọm", "Xuân", "Thủy", "Hặc")
PHONE_PREFIXES = ("091", "094", "098", "086", "097", "035", "038")


def register_villages(registry: UnitRegistry) -> list[str]:
    """Add the test villages to ``registry``; return their codes."""
    return [
        registry.add_village(name, kind, commune).code
        for commune in COMMUNES
        for name, kind in VILLAGES[commune]
    ]


@attrs.frozen
class World:
    """The records of one fake store."""

    teams: tuple[Team, ...] = ()
    members: tuple[Member, ...] = ()
    households: tuple[Household, ...] = ()
    residents: tuple[Resident, ...] = ()
    visits: tuple[Visit, ...] = ()
    feedback: tuple[Feedback, ...] = ()


def build_store(path: Path, registry: UnitRegistry, world: World) -> SQLiteStore:
    """A store at ``path`` with the registry's test villages and ``world``'s records."""
    store = open_store(path)
    with store.transaction():
        for commune in COMMUNES:
            for village in registry.current.children(commune):
                store.put_village(village.code, village.name, village.kind.value, commune, None)
        for kind in ("teams", "members", "households", "residents", "visits", "feedback"):
            for record in getattr(world, kind):
                store.put(kind, record, "test")
    return store


def fold(text: str) -> str:
    """Lower case, no accents, đ -> d: the forms a name may take once copied carelessly."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def identifiers(world: World) -> set[str]:
    """Every name, phone, ID number, record code and free text of ``world``."""
    found: set[str] = set()
    for m in world.members:
        found |= {m.code, m.full_name, *(p for p in [m.phone] if p)}
    for h in world.households:
        found |= {h.code, h.head_name, *(p for p in [h.phone] if p)}
    for r in world.residents:
        found |= {r.code, r.full_name, *(v for v in (r.phone, r.citizen_id) if v)}
    for t in world.teams:
        found.add(t.code)
    for v in world.visits:
        found.add(v.code)
    for f in world.feedback:
        found |= {f.code, f.text}
    phones = [p for p in found if p.startswith(("0", "+84"))]
    found |= {digits(p) for p in phones}
    found |= {"0" + digits(p)[2:] for p in phones if p.startswith("+84")}
    return {f for f in found if f}


def scan(path: Path, needles: Iterable[str]) -> list[str]:
    """Every (file, needle) where a needle appears in a file of the ZIP at ``path``.

    Each file is searched byte for byte (UTF-8 in NFC and NFD, upper case too), and as
    text with accents folded away and case ignored.
    """
    needles = list(needles)
    hits = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            try:
                text = fold(unicodedata.normalize("NFC", data.decode("utf-8")))
            except UnicodeDecodeError:
                text = ""
            for needle in needles:
                forms = {
                    unicodedata.normalize(form, variant).encode("utf-8")
                    for form in ("NFC", "NFD")
                    for variant in (needle, needle.upper(), needle.lower())
                }
                if any(form in data for form in forms) or (text and fold(needle) in text):
                    hits.append(f"{name}: {needle!r}")
    return hits


# -- realistic values ---------------------------------------------------------------------


def full_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def phone(rng: random.Random) -> str:
    number = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"
    style = rng.randrange(4)
    if style == 0:
        return number
    if style == 1:
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if style == 2:
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    return f"+84 {number[1:4]} {number[4:7]} {number[7:]}"


def citizen_id(rng: random.Random, birth_year: int) -> str:
    century = 0 if birth_year < 2000 else 2
    return f"014{century + rng.randrange(2)}{birth_year % 100:02d}{rng.randrange(10**6):06d}"


def make_world(
    rng: random.Random,
    villages: Sequence[str],
    households: int,
    members: int,
    visits: int,
    feedback: int = 3,
) -> World:
    """A world of ``households`` households (one to nine people) in ``villages`` and the
    communes themselves, ``members`` team members in one team per village, and visits."""
    teams = tuple(
        Team(
            code=f"TO-{n:03d}",
            name=f"Tổ công nghệ số cộng đồng {n}",
            level="village",
            unit=village,
            leader=f"TV-{n:04d}" if n < members else None,
            established=dt.date(2022, 3 + n % 9, 1 + n),
        )
        for n, village in enumerate(villages)
    )
    member_list = []
    for n in range(members):
        year = rng.randrange(1960, 2006)
        member_list.append(
            Member(
                code=f"TV-{n:04d}",
                full_name=full_name(rng),
                teams=(teams[n % len(teams)].code,) if teams else (),
                birth_year=year,
                gender=rng.choice(["male", "female"]),
                phone=phone(rng),
                position="leader" if n < len(teams) else rng.choice(["deputy", "member"]),
                joined=dt.date(2022, 4, 1) + dt.timedelta(days=rng.randrange(900)),
            )
        )
    units = [*villages, *COMMUNES]
    household_list = []
    resident_list = []
    for n in range(households):
        size = rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7, 9])
        code = f"HGD-{n:05d}"
        head = full_name(rng)
        household_list.append(
            Household(
                code=code,
                head_name=head,
                size=size,
                unit=rng.choice(units),
                smartphones=rng.choice([None, 0, 1, 2, 2, 3, 6]),
                member=member_list[rng.randrange(members)].code if members else None,
                phone=phone(rng) if rng.random() < 0.8 else None,
            )
        )
        for k in range(rng.randrange(0, min(size, 4) + 1)):
            year = rng.randrange(1925, 2024)
            resident_list.append(
                Resident(
                    code=f"NK-{n:05d}-{k}",
                    household=code,
                    full_name=head if k == 0 else full_name(rng),
                    birth_year=year if rng.random() < 0.9 else None,
                    gender=rng.choice(["male", "female"]),
                    citizen_id=citizen_id(rng, year) if year < 2010 else None,
                    phone=phone(rng) if rng.random() < 0.5 else None,
                    vneid_level=rng.choice([None, 0, 1, 2, 2]),
                )
            )
    visit_list: dict[str, Visit] = {}
    for _ in range(visits if members else 0):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(300))
        member = member_list[rng.randrange(members)].code
        house = household_list[rng.randrange(len(household_list))].code if household_list else None
        if rng.random() < 0.1:
            house = None
        channel = rng.choice(["door_to_door", "door_to_door", "one_stop_desk", "online"])
        skill = rng.choice([None, "online_public_services", "online_payment", "cyber_safety"])
        code = Visit.natural_key(day, member, house, channel, skill, None)
        visit_list[code] = Visit(
            code=code,
            date=day,
            member=member,
            channel=channel,  # type: ignore[arg-type]
            household=house,
            group_size=12 if house is None else None,
            skill=skill,
            outcome=rng.choice([None, 1, 2, 3]),
            persons=12 if house is None else 1,
        )
    feedback_list = tuple(
        Feedback(
            code=f"YK-{n:04d}",
            date=dt.date(2025, 5, 1 + n),
            unit=rng.choice(units),
            topic="vneid",
            text=f"Ông {full_name(rng)} (ĐT {phone(rng)}) xin hướng dẫn cài VNeID mức 2.",
            household=household_list[n].code if n < len(household_list) else None,
        )
        for n in range(feedback)
    )
    return World(
        teams=teams,
        members=tuple(member_list),
        households=tuple(household_list),
        residents=tuple(resident_list),
        visits=tuple(visit_list.values()),
        feedback=feedback_list,
    )


@st.composite
def worlds(draw: st.DrawFn, villages: Sequence[str]) -> World:
    """A small random world (Hypothesis): up to 12 households, 5 members, 15 visits."""
    return make_world(
        random.Random(draw(st.integers(0, 2**32 - 1))),
        draw(st.lists(st.sampled_from(list(villages)), min_size=1, max_size=4, unique=True)),
        households=draw(st.integers(0, 12)),
        members=draw(st.integers(0, 5)),
        visits=draw(st.integers(0, 15)),
        feedback=draw(st.integers(0, 3)),
    )
