"""Import commune spreadsheets: CSV files and workbooks of teams, members, households,
residents and visits, in one store transaction.

``import_files(paths, store)`` reads every file (CSV in UTF-8, Windows-1258 or legacy
TCVN3/VNI text; XLSX, XLS, XLSB and ODS workbooks), recognises each sheet's kind from its
headers (wherever the header row sits), reads values as people write them, resolves unit names
(legacy names are converted to the 2025 units) and references across the whole import and the
store, and writes everything in one transaction. Rejected rows go to a rejects file with the
reason. ``write_template(path)`` writes an XLSX template with every recognised header.
"""

from cnscd_core.importer._files import write_template
from cnscd_core.importer._headers import FIELDS, KIND_ORDER, Field, header_key
from cnscd_core.importer._read import ImportFileError, Sheet, read_file
from cnscd_core.importer._run import SLOW_IMPORT_ENV, default_rejects_path, import_files
from cnscd_core.importer._summary import (
    ImportSummary,
    KindCounts,
    Rejection,
    SheetReport,
    VillageReview,
)

__all__ = [
    "FIELDS",
    "KIND_ORDER",
    "SLOW_IMPORT_ENV",
    "Field",
    "ImportFileError",
    "ImportSummary",
    "KindCounts",
    "Rejection",
    "Sheet",
    "SheetReport",
    "VillageReview",
    "default_rejects_path",
    "header_key",
    "import_files",
    "read_file",
    "write_template",
]
