"""Import a commune's messy spreadsheets into a store, then import them again.

Builds the example files (``make_import_example.py``: a workbook, a Windows-1258 CSV file and
a TCVN3 CSV file with legacy unit names), imports them into a temporary store, prints the
summary, and shows that a second import of the same files changes nothing.

Run with ``.venv/bin/python examples/import_spreadsheets.py``. The command-line equivalent::

    cnscd import examples/data/xuan_binh_2026.xlsx examples/data/thanh_vien.csv \\
        examples/data/ho_bai_tranh_tcvn3.csv --store /tmp/xuan_binh.sqlite --json
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import make_import_example

from cnscd_core.i18n import set_language
from cnscd_core.importer import import_files
from cnscd_core.store import open_store


def main() -> None:
    set_language("en")
    paths = make_import_example.main()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "store.sqlite")
        rejects = Path(folder) / "rejects.xlsx"
        try:
            summary = import_files(paths, store, rejects_path=rejects)
            print("\nFirst import:")
            for sheet in summary.sheets:
                where = f"{sheet.file}" + (f" / {sheet.sheet}" if sheet.sheet else "")
                kind = sheet.kind or "not recognised"
                repaired = (
                    f", repaired from {sheet.repaired_encoding}" if sheet.repaired_encoding else ""
                )
                print(
                    f"  {where}: {kind}, header on row {sheet.header_row}, "
                    f"{sheet.rows} rows{repaired}"
                )
            for kind, counts in summary.by_kind.items():
                if counts.read:
                    print(f"  {kind:<11}", counts.as_dict())
            print(
                f"  total: read {summary.read} = new {summary.new} + updated "
                f"{summary.updated} + unchanged {summary.unchanged} + rejected "
                f"{summary.rejected}"
            )
            print(f"  new villages: {summary.new_villages}")
            for review in summary.village_reviews:
                print(
                    f"  to review: {review.spelling!r} looks like {review.name} ({review.village})"
                )
            print("  rejected rows (personal values masked; the rejects file has them as given):")
            for rejection in summary.rejections:
                print(f"    {rejection}")
            assert summary.read == (
                summary.new + summary.updated + summary.unchanged + summary.rejected
            )

            again = import_files(paths, store, rejects_path=rejects)
            print("\nSecond import of the same files:")
            print(
                f"  new {again.new}, updated {again.updated}, unchanged {again.unchanged}, "
                f"rejected {again.rejected}"
            )
            assert again.new == again.updated == 0
            print("\nStore:", store.counts())
        finally:
            store.close()


if __name__ == "__main__":
    main()
