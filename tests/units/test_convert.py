"""Legacy -> 2025 conversion of units, addresses and count tables."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.errors import AmbiguousUnitError, CnscdError
from cnscd_core.units import Level, UnitRegistry, default_registry


@pytest.fixture(scope="module")
def registry() -> UnitRegistry:
    return default_registry()


def test_commune_goes_to_one_2025_commune(registry: UnitRegistry) -> None:
    conversion = registry.convert("Xã Xuân Bình, Huyện Như Xuân, Tỉnh Thanh Hóa")
    assert conversion.legacy.level == Level.COMMUNE
    assert not conversion.split
    (unit,) = conversion.units
    assert unit.level == Level.COMMUNE and unit.parent == "38"
    assert conversion.default == unit.code


def test_commune_given_with_province_only(registry: UnitRegistry) -> None:
    conversion = registry.convert("Xuân Bình, Thanh Hóa")
    assert conversion.legacy_path == "Xã Xuân Bình, Huyện Như Xuân, Tỉnh Thanh Hóa"


def test_merged_provinces(registry: UnitRegistry) -> None:
    assert [u.code for u in registry.convert("Tỉnh Bình Dương").units] == ["79"]
    assert [u.short_name for u in registry.convert("Tỉnh Long An").units] == ["Tây Ninh"]
    assert [u.short_name for u in registry.convert("Tỉnh Sơn La").units] == ["Sơn La"]


def test_split_commune_returns_every_part_and_flags_it(registry: UnitRegistry) -> None:
    split_codes = [c for c, targets in registry._commune_mapping.items() if len(targets) > 1]
    assert len(split_codes) > 400
    conversion = registry.convert(split_codes[0])
    assert conversion.split and len(conversion.units) >= 2
    assert conversion.default in {u.code for u in conversion.units}


def test_island_district_maps_to_special_zone(registry: UnitRegistry) -> None:
    conversion = registry.convert("Huyện Côn Đảo")
    assert [u.kind.value for u in conversion.units] == ["đặc khu"]


def test_district_goes_to_the_union_of_its_communes(registry: UnitRegistry) -> None:
    conversion = registry.convert("Huyện Như Xuân, Thanh Hóa")
    assert conversion.split
    assert all(u.parent == "38" for u in conversion.units)


def test_ambiguous_legacy_name(registry: UnitRegistry) -> None:
    with pytest.raises(AmbiguousUnitError):
        registry.convert("Phường 1")


def test_every_legacy_commune_has_a_2025_commune(registry: UnitRegistry) -> None:
    legacy = registry.legacy
    for idx in legacy.indices(Level.COMMUNE):
        targets = registry.mapping_targets(legacy.code(idx))
        assert targets, legacy.name(idx)
        assert sum(1 for _c, default in targets if default) == 1
        for code, _default in targets:
            assert registry.current.get(code).level == Level.COMMUNE


@given(data=st.data(), split=st.sampled_from(["default", "equal"]))
def test_count_table_keeps_totals(data: st.DataObject, split: str) -> None:
    registry = default_registry()
    legacy = registry.legacy
    codes = data.draw(
        st.lists(
            st.sampled_from(legacy.indices(Level.COMMUNE)), min_size=1, max_size=40, unique=True
        )
    )
    counts = {legacy.code(i): data.draw(st.integers(0, 100_000)) for i in codes}
    result = registry.convert_counts(counts, split=split)  # type: ignore[arg-type]
    assert sum(result.totals.values()) == sum(counts.values())
    assert all(isinstance(v, int) and v >= 0 for v in result.totals.values())
    split_codes = {row.legacy_code for row in result.splits}
    for code in counts:
        assert (len(registry.mapping_targets(code)) > 1) == (code in split_codes)
    for row in result.splits:
        assert sum(share for _c, share in row.shares) == row.value
    by_province = registry.convert_counts(counts, to_level=Level.PROVINCE)
    assert sum(by_province.totals.values()) == sum(counts.values())
    assert all(registry.current.get(c).level == Level.PROVINCE for c in by_province.totals)


def test_count_table_refuses_district_rows_for_communes(registry: UnitRegistry) -> None:
    district = registry.resolve("Huyện Như Xuân", as_of=registry.legacy.valid_to)
    with pytest.raises(CnscdError, match="Như Xuân"):
        registry.convert_counts({district.code: 10})
