"""Pseudonymised research extracts of the field data (``cnscd extract``).

Households, residents and team members are personal data (Decree 13/2023/NĐ-CP; the Personal
Data Protection Law in force from 2026-01-01). An extract hands researchers what they need
and nothing that names a person:

- no names, phone numbers, citizen-ID numbers, gender, roles or free text;
- record codes become keyed pseudonyms (HMAC-SHA256, 20 hex characters), the same in every
  table so households, residents, members, teams and visits still join; the key stays with
  the data owner (``load_key``, ``create_key``) and never enters the extract;
- birth years become 10-year bands, household sizes and smartphone counts are capped, dates
  become months, places stop at the commune;
- count tables by commune (or village, when asked) and month publish no cell below the
  threshold (default 5), with secondary suppression against recovery from totals
  (``suppress_cells``).

``write_extract(store, "extract.zip", key)`` writes the ZIP (tables as CSV or Parquet,
README.txt in Vietnamese and English, manifest.json); ``aggregates_only=True`` leaves the
microdata out.
"""

from cnscd_core.extract._aggregate import NO_VILLAGE, TOTAL, UNKNOWN
from cnscd_core.extract._bands import (
    BIRTH_BAND_WIDTH,
    HOUSEHOLD_SIZE_CAP,
    OLDEST_BAND_END,
    SMARTPHONES_CAP,
    birth_band,
    capped,
)
from cnscd_core.extract._keys import (
    KEY_BYTES,
    KEY_FILE_ENV,
    MIN_KEY_BYTES,
    PSEUDONYM_LENGTH,
    ExtractError,
    ExtractKey,
    Pseudonymizer,
    create_key,
    load_key,
)
from cnscd_core.extract._suppress import DEFAULT_THRESHOLD, MIN_THRESHOLD, suppress_cells
from cnscd_core.extract._write import (
    FORMATS,
    UNIT_LEVELS,
    ExtractSummary,
    TableSummary,
    check_options,
    write_extract,
)

__all__ = [
    "BIRTH_BAND_WIDTH",
    "DEFAULT_THRESHOLD",
    "FORMATS",
    "HOUSEHOLD_SIZE_CAP",
    "KEY_BYTES",
    "KEY_FILE_ENV",
    "MIN_KEY_BYTES",
    "MIN_THRESHOLD",
    "NO_VILLAGE",
    "OLDEST_BAND_END",
    "PSEUDONYM_LENGTH",
    "SMARTPHONES_CAP",
    "TOTAL",
    "UNIT_LEVELS",
    "UNKNOWN",
    "ExtractError",
    "ExtractKey",
    "ExtractSummary",
    "Pseudonymizer",
    "TableSummary",
    "birth_band",
    "capped",
    "check_options",
    "create_key",
    "load_key",
    "suppress_cells",
    "write_extract",
]
