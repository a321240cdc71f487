"""The store's JSON is canonical: what ``json.dumps`` gives with sorted keys, compact
separators and UTF-8 text, byte for byte (stores written before orjson compare equal)."""

from __future__ import annotations

import json
import types
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cnscd_core.serialization import make_converter
from cnscd_core.store import SQLiteStore
from cnscd_core.testing import strategies as cs

RECORDS = st.one_of(
    cs.teams(),
    cs.members(),
    cs.households(),
    cs.residents(),
    cs.visits(),
    cs.campaigns(),
    cs.feedback(),
)
STORE = types.SimpleNamespace(_converter=make_converter())  # all _encode needs


@settings(max_examples=300)
@given(RECORDS)
def test_encoding_is_the_canonical_json(record: Any) -> None:
    plain = json.dumps(
        STORE._converter.unstructure(record),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    assert SQLiteStore._encode(STORE, record) == plain  # type: ignore[arg-type]
