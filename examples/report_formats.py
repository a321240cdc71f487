"""Write one report in all five formats: HTML, Markdown, JSON, DOCX and XLSX.

Builds a small store (one commune of Sơn La with two villages, their teams, members and
households), rolls it up for 2026-Q3 and writes the report of the commune in each format,
in Vietnamese, plus the HTML in English.

Run with ``.venv/bin/python examples/report_formats.py [FOLDER]``: the files go to FOLDER,
or to a temporary folder removed at the end.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from cnscd_core.field import Household, Member, Resident, Team, Visit
from cnscd_core.plugins import load_plugins
from cnscd_core.reports import FORMATS, render_report
from cnscd_core.rollup import build_report
from cnscd_core.store import open_store

COMMUNE = "03856"  # Xã Bắc Yên, Sơn La
SKILLS = (
    "online_public_services",
    "online_shopping",
    "online_payment",
    "cyber_safety",
    "local_digital_platforms",
)


def fill(store_path: Path) -> None:
    """Two villages, a team each, members, households with skill records and a few visits."""
    store = open_store(store_path)
    with store.transaction():
        for v, name in enumerate(("Bản Mường Chiên", "Bản Nà Ngụa"), start=1):
            village = f"{COMMUNE}.{v:03d}"
            store.put_village(village, name, "bản", COMMUNE, None)
            team = f"T{v}"
            store.put("teams", Team(team, f"Tổ công nghệ số {name}", "village", village), "demo")
            for m in range(3):
                member = f"M{v}{m}"
                position = "leader" if m == 0 else "member"
                person = Member(member, f"Thành viên {v}.{m}", teams=(team,), position=position)
                store.put("members", person, "demo")
            for h in range(12 * v):
                household = f"H{v}{h:03d}"
                member = f"M{v}{h % 3}" if h % 4 else None
                store.put(
                    "households", Household(household, "Chủ hộ", 4, village, member=member), "demo"
                )
                # a third of the households: someone does all five skills alone (level 4)
                levels = {s: 4 if h % 3 == 0 else (h + k) % 5 for k, s in enumerate(SKILLS)}
                store.put(
                    "residents", Resident(f"R{v}{h:03d}", household, skill_levels=levels), "demo"
                )
                if member is not None and h % 2:
                    day = dt.date(2026, 8, 1 + h % 28)
                    key = Visit.natural_key(day, member, household, "door_to_door", SKILLS[2], None)
                    visit = Visit(
                        key,
                        day,
                        member,
                        "door_to_door",
                        household=household,
                        skill=SKILLS[2],
                        outcome=3,
                        persons=2,
                    )
                    store.put("visits", visit, "demo")
    store.close()


def write_all(folder: Path) -> None:
    """Fill a store in ``folder``, build the report and write it in every format there."""
    host = load_plugins()
    fill(folder / "store.sqlite")
    store = open_store(folder / "store.sqlite", read_only=True)
    try:
        report = build_report(store, COMMUNE, "2026-Q3", host=host)
        units = store.unit_registry()
    finally:
        store.close()
    print(f"Report of {report.root.name} for {report.period.label}:")
    for fmt in FORMATS:
        path = folder / f"bac-yen-2026-Q3.{fmt}"
        render_report(report, fmt, path, host=host, units=units)
        print(f"  {fmt:5} {path} ({path.stat().st_size:,} bytes)")
    english = folder / "bac-yen-2026-Q3.en.html"
    render_report(report, "html", english, host=host, lang="en", units=units)
    print(f"  html  {english} (English)")
    share = report.root.indicators["households_all_five_rate"].value
    print(f"Households with someone able in all five skills: {share:.1%}")


def main() -> None:
    if len(sys.argv) > 1:  # a folder to keep the files in
        folder = Path(sys.argv[1])
        folder.mkdir(parents=True, exist_ok=True)
        write_all(folder)
        return
    with tempfile.TemporaryDirectory(prefix="cnscd-report-formats-") as tmp:
        write_all(Path(tmp))
        print("(a temporary folder, removed now; pass a folder to keep the files)")


if __name__ == "__main__":
    main()
