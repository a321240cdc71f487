"""Over random small stores: no identifier survives, and every published cell is safe."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnscd_core.extract import write_extract
from cnscd_core.units import UnitRegistry

from .checks import aggregates, groups, read_tables, suppressed
from .helpers import World, build_store, identifiers, register_villages, scan, worlds

#: A registry of the module's own (fixtures do not mix with @given).
REGISTRY = UnitRegistry.load()
VILLAGES = register_villages(REGISTRY)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    world=worlds(VILLAGES),
    key=st.binary(min_size=16, max_size=64),
    threshold=st.integers(3, 8),
    unit_level=st.sampled_from(["commune", "village"]),
    aggregates_only=st.booleans(),
)
def test_no_identifier_survives_any_store(
    world: World, key: bytes, threshold: int, unit_level: str, aggregates_only: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = build_store(Path(folder) / "store.sqlite", REGISTRY, world)
        out = Path(folder) / "extract.zip"
        try:
            summary = write_extract(
                store,
                out,
                key,
                threshold=threshold,
                unit_level=unit_level,
                aggregates_only=aggregates_only,
                units=REGISTRY.current,
            )
        finally:
            store.close()
        assert scan(out, identifiers(world)) == []
        assert scan(out, [key.hex()]) == []
        tables = read_tables(out)
        assert set(summary.rows) == set(tables)
        for rows in aggregates(tables).values():
            for row in rows:
                assert suppressed(row) or int(row["count"]) >= threshold
                assert not suppressed(row) or row["count"] == ""
            for total, parts in groups(rows):
                assert sum(map(suppressed, [total, *parts])) != 1
