"""The import docs page stays honest: every header, alias and problem code is documented."""

from __future__ import annotations

import re
from pathlib import Path

from cnscd_core.importer import FIELDS

ROOT = Path(__file__).parents[2]
DOC = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")


def test_every_header_and_alias_is_documented() -> None:
    missing = [
        f"{kind}: {alias}"
        for kind, fields in FIELDS.items()
        for field in fields
        for alias in (field.header, *field.aliases)
        if alias not in DOC
    ]
    assert missing == []


def test_every_problem_code_is_documented() -> None:
    source = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "src" / "cnscd_core" / "importer").glob("*.py")
    )
    codes = set(re.findall(r'"((?:missing|unknown|ambiguous|duplicate|invalid)_[a-z]+)"', source))
    assert codes and {c for c in codes if f"`{c}`" not in DOC} == set()


def test_the_example_files_and_command_are_documented() -> None:
    for name in (
        "make_import_example.py",
        "import_spreadsheets.py",
        "xuan_binh_2026.xlsx",
        "thanh_vien.csv",
        "ho_bai_tranh_tcvn3.csv",
        "CNSCD_TEST_SLOW_IMPORT",
    ):
        assert name in DOC
