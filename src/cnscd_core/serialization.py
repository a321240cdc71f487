"""The one cattrs converter for every cnscd_core record (JSON-ready unstructuring).

Use ``make_converter()``; never ``cattrs.global_converter``. Dates become ISO strings,
enums their values; unknown keys are refused (``forbid_extra_keys``) so a typo in data is an
error, not a silently ignored key.
"""

from __future__ import annotations

import datetime as dt
import functools

import cattrs
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter

__all__ = ["configure_converter", "default_converter", "make_converter"]


def _structure_date(value: object, _type: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")
    return dt.date.fromisoformat(value)


def configure_converter(converter: cattrs.Converter) -> None:
    """Register cnscd_core's hooks on ``converter`` (dates as ISO strings)."""
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    converter.register_structure_hook(dt.date, _structure_date)


def make_converter() -> JsonConverter:
    """Make a new converter configured for cnscd_core records, refusing unknown keys."""
    converter = _make_json_converter(forbid_extra_keys=True)
    configure_converter(converter)
    return converter


@functools.cache
def default_converter() -> JsonConverter:
    """Return a shared converter made by ``make_converter()`` (do not reconfigure it)."""
    return make_converter()
