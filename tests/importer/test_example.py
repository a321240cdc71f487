"""The example files of the docs import as the docs say."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from cnscd_core.importer import import_files
from cnscd_core.plugins import PluginHost
from cnscd_core.store import SQLiteStore

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_import_example", EXAMPLES / "make_import_example.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_import_example"] = module
    spec.loader.exec_module(module)
    return module


def test_example_files(
    tmp_path: Path, store: SQLiteStore, host: PluginHost, example: ModuleType
) -> None:
    example.write_workbook(tmp_path / example.WORKBOOK)
    example.write_members_csv(tmp_path / example.MEMBERS_CSV)
    example.write_legacy_csv(tmp_path / example.LEGACY_CSV)
    paths = [tmp_path / name for name in example.FILES]
    summary = import_files(paths, store, host=host, rejects_path=tmp_path / "loi.csv")
    counts = {kind: c.as_dict() for kind, c in summary.by_kind.items() if c.read}
    assert counts == {
        "teams": {"read": 3, "new": 3, "updated": 0, "unchanged": 0, "rejected": 0},
        "members": {"read": 8, "new": 6, "updated": 0, "unchanged": 1, "rejected": 1},
        "households": {"read": 11, "new": 8, "updated": 0, "unchanged": 0, "rejected": 3},
        "visits": {"read": 12, "new": 9, "updated": 0, "unchanged": 0, "rejected": 3},
    }
    assert summary.reasons() == {
        "duplicate_conflict": 2,
        "invalid_date": 1,
        "invalid_phone": 1,
        "invalid_size": 1,
        "unknown_member": 1,
        "unknown_skill": 1,
    }
    assert summary.new_villages == 3
    assert [r.spelling for r in summary.village_reviews] == ["Thon Dong Tam"]
    assert [s.repaired_encoding for s in summary.sheets][-1] == "tcvn3"
    legacy = store.get("households", "HD101")
    assert legacy.head_name == "Lương Thị Én" and legacy.legacy_unit == "16177"
    assert store.get("households", "HD103").legacy_unit == "16180"
    assert store.get("members", "TV03").teams == ("XB", "XB-DT")
    again = import_files(paths, store, host=host, rejects_path=tmp_path / "loi.csv")
    assert (again.new, again.updated, again.unchanged, again.rejected) == (0, 0, 27, 7)
