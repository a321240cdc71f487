"""Check a ward's teams and members, then propose and apply an assignment of households.

Builds a small store in a temporary folder: a ward of Hồ Chí Minh City (Bình Dương province
before 2025-07-01) with three quarters, a ward team and two quarter teams. Run with
``.venv/bin/python examples/assign_households.py`` (``CNSCD_LANG=en`` for English messages).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cnscd_core.field import Household, Member, Team
from cnscd_core.store import open_store
from cnscd_core.units import UnitRegistry
from cnscd_core.workload import apply_assignment, check_workload, propose_assignment

WARD = "25747"  # Phường Thủ Dầu Một
CAPACITY = 4  # households per member, small so the example stays short (the preset says 220)


def main() -> None:
    # A registry of our own, since the example adds villages to it.
    units = UnitRegistry.load()
    quarters = [units.add_village(f"Khu phố {n}", "khu phố", WARD) for n in (1, 2, 3)]
    q1, q2, _q3 = (q.code for q in quarters)

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.sqlite") as store:
        with store.transaction():
            for quarter in quarters:
                store.put_village(quarter.code, quarter.name, quarter.kind.value, WARD, None)
            store.put(
                "teams",
                Team(code="TDM", name="Tổ CNSCĐ phường", level="commune", unit=WARD, leader="P1"),
                "example",
            )
            store.put(
                "teams",
                Team(code="TDM-1", name="Tổ CNSCĐ khu phố 1", level="village", unit=q1),
                "example",
            )
            store.put(
                "teams",
                Team(code="TDM-2", name="Tổ CNSCĐ khu phố 2", level="village", unit=q2),
                "example",
            )
            people = [("P1", "TDM"), ("P2", "TDM"), ("A1", "TDM-1"), ("A2", "TDM-1")]
            people += [("A3", "TDM-1"), ("B1", "TDM-2"), ("B2", "TDM-2"), ("B3", "TDM-2")]
            for code, team in people:
                # Names are personal data: they never appear in reports or plans.
                store.put(
                    "members",
                    Member(code=code, full_name="Nguyễn Văn An", teams=(team,)),
                    "example",
                )
            # Quarter 1: A1 carries seven households, three have none. Quarter 2: four with
            # none. Quarter 3 (no team of its own): five with none.
            homes = (
                [(q1, "A1")] * 7
                + [(q1, None)] * 3
                + [(q2, None)] * 4
                + [(quarters[2].code, None)] * 5
            )
            for n, (unit, member) in enumerate(homes, start=1):
                store.put(
                    "households",
                    Household(
                        code=f"HH{n:03d}",
                        head_name="Trần Thị Bình",
                        size=4,
                        unit=unit,
                        member=member,
                    ),
                    "example",
                )

        report = check_workload(store, WARD, units=units, capacity=CAPACITY)
        print(
            f"Workload of {WARD}, preset {report.preset}, {report.capacity} households per member:"
        )
        for finding in report.findings:
            print(f"  [{finding.severity}] {finding.code} {finding.subject}: {finding.message}")
        print("  summary:", report.summary)

        plan = propose_assignment(store, WARD, CAPACITY, units=units)
        print(f"\nProposed plan ({len(plan.moves)} moves):")
        for move in plan.moves:
            print(
                f"  {move.household}: {move.from_member or '-'} -> {move.to_member}"
                f" ({move.reason}, {move.served_by})"
            )
        for left in plan.unplaced:
            print(f"  {left.household}: no room, stays with {left.member or 'nobody'}")
        print("  loads:", ", ".join(f"{m.member} {m.before}->{m.after}" for m in plan.members))

        changed = apply_assignment(store, plan, source="examples/assign_households.py")
        again = propose_assignment(store, WARD, CAPACITY, units=units)
        print(
            f"\nApplied: {changed} households changed; a second proposal moves {len(again.moves)}."
        )
        history = store.history("households", plan.moves[0].household)[-1]
        print(f"History of {plan.moves[0].household}: {history.source}, {history.changes}")


if __name__ == "__main__":
    main()
