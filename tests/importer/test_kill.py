"""``kill -9`` during an import leaves the store as it was; running the import again completes.

The import runs in a subprocess with the test hook ``CNSCD_TEST_SLOW_IMPORT=N:SECONDS``: after
writing N records, inside the store transaction, it says so on stderr and sleeps. The test waits
for that line, kills the process with SIGKILL, and compares every table with its state before.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cnscd_core.importer import SLOW_IMPORT_ENV

from .helpers import HOUSEHOLD_HEADER, VISIT_HEADER, basic_sheets, write_xlsx

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

TABLES = (
    "teams",
    "members",
    "member_teams",
    "households",
    "residents",
    "visits",
    "skill_levels",
    "villages",
    "history",
)


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(path)
    try:
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        db.close()


def cnscd(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    code = "import sys; from cnscd_core.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def large_workbook(path: Path, households: int) -> Path:
    sheets = basic_sheets()
    rows: list[list[Any]] = [HOUSEHOLD_HEADER]
    villages = ["Thôn Đồng Tâm", "Thôn Tân Sơn", "Thôn Hợp Thành", "Bản Chiềng Ken"]
    for n in range(households):
        rows.append(
            [
                f"HL{n:05d}",
                "Lang Văn Tứ",
                1 + n % 7,
                n % 3,
                "Thanh Hóa",
                "Xuân Bình",
                villages[n % 4],
                "M1" if n % 2 else "M2",
            ]
        )
    visits: list[list[Any]] = [VISIT_HEADER]
    for n in range(households):
        visits.append(
            [
                f"{1 + n % 28:02d}/03/2026",
                "M1",
                f"HL{n:05d}",
                "Tại nhà",
                str(1 + n % 5),
                str(n % 4),
                1,
            ]
        )
    return write_xlsx(
        path, {"Tổ": sheets["teams"], "TV": sheets["members"], "Hộ": rows, "Lượt": visits}
    )


def test_kill_during_import_leaves_store_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    first = write_xlsx(tmp_path / "first.xlsx", basic_sheets())
    done = cnscd("import", str(first), "--store", str(store), "--json")
    assert done.wait(timeout=120) == 0, done.stderr.read() if done.stderr else ""
    before = snapshot(store)

    big = large_workbook(tmp_path / "big.xlsx", households=1500)
    proc = cnscd(
        "import", str(big), "--store", str(store), "--json", env={SLOW_IMPORT_ENV: "1000:120"}
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    line = ""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if SLOW_IMPORT_ENV in line or not line:
            break
    assert SLOW_IMPORT_ENV in line, f"the hook did not fire: {line!r}"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL

    assert snapshot(store) == before

    again = cnscd("import", str(big), "--store", str(store), "--json")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    summary = json.loads(out)
    assert summary["rejected"] == 0
    assert summary["by_kind"]["households"]["new"] == 1500
    assert summary["by_kind"]["visits"]["new"] == 1500
    assert snapshot(store)["households"] != before["households"]
