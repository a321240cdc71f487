"""A tour of the administrative units: lists, lookups, matching, conversion, villages.

Run with ``.venv/bin/python examples/units_tour.py``.
"""

from __future__ import annotations

import datetime as dt

from cnscd_core.errors import AmbiguousUnitError
from cnscd_core.units import Level, UnitRegistry

LEGACY_DAY = dt.date(2025, 6, 30)


def main() -> None:
    # A registry of our own, since this tour adds a village to it.
    units = UnitRegistry.load()
    current, legacy = units.current, units.legacy
    print(
        "2025 set:",
        len(current.units(Level.PROVINCE)),
        "provinces,",
        len(current.units(Level.COMMUNE)),
        "communes",
    )
    print(
        "legacy set:",
        len(legacy.units(Level.PROVINCE)),
        "provinces,",
        len(legacy.units(Level.DISTRICT)),
        "districts,",
        len(legacy.units(Level.COMMUNE)),
        "communes",
    )

    print("\nMessy names, today's units:")
    for text in ["tp. ho chi minh", "TPHCM", "Thanh Hoá", "Tinh Son La", "Hà Nôi"]:
        best = units.find(text, level=Level.PROVINCE)[0]
        why = "; ".join(best.why)
        print(f"  {text!r:22} -> {best.unit.code} {best.unit.name} ({best.score:.2f}; {why})")

    print("\nAn ambiguous name is never guessed:")
    try:
        units.resolve("thanh hoa")
    except AmbiguousUnitError as exc:
        for cand in exc.candidates:
            print(f"  {cand.unit.code} {cand.path}")

    print("\nLegacy addresses, as of", LEGACY_DAY)
    for text in ["P.3, TP Tây Ninh, Tây Ninh", "Xuân Bình, Thanh Hoá", "Q.1, TP HCM"]:
        best = units.find(text, as_of=LEGACY_DAY)[0]
        print(f"  {text!r:32} -> {best.unit.code} {best.path}")

    print("\nConversion to 2025 units:")
    for text in [
        "Xã Xuân Bình, Huyện Như Xuân, Tỉnh Thanh Hóa",
        "Tỉnh Bình Dương",
        "Huyện Côn Đảo",
    ]:
        c = units.convert(text)
        names = ", ".join(f"{u.code} {u.name}" for u in c.units)
        print(f"  {c.legacy_path} -> {names}{' (split)' if c.split else ''}")

    print("\nA count table keeps its total:")
    counts = {"16183": 120, "25459": 75}
    result = units.convert_counts(counts, split="equal")
    print(f"  {counts} -> {result.totals}")

    print("\nVillages come from province data:")
    old = units.resolve("Xã Xuân Bình, Huyện Như Xuân", as_of=LEGACY_DAY)
    new = units.convert(old.code).units[0]
    village = units.add_village("Thôn Cửa Trát", "thôn", new.code, legacy_commune=old.code)
    print(
        f"  {village.code} {village.name} ({village.kind.value}: {village.kind.gloss}) "
        f"in {current.get(new.code).name}"
    )

    province_of = current.ancestor_at(Level.PROVINCE)
    idx = current.index(village.code)
    print(f"  its province index: {province_of[idx]} = {current.name(int(province_of[idx]))}")


if __name__ == "__main__":
    main()
