"""The unit registry: counts, hierarchy, dates, indices."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from cnscd_core.errors import DateOutOfRangeError, UnknownUnitError
from cnscd_core.units import (
    LEGACY_END,
    REFORM_DATE,
    Level,
    UnitKind,
    UnitRegistry,
    default_registry,
)


@pytest.fixture(scope="module")
def registry() -> UnitRegistry:
    return default_registry()


def test_2025_set_has_34_provinces_and_3321_communes(registry: UnitRegistry) -> None:
    current = registry.current
    assert len(current.units(Level.PROVINCE)) == 34
    assert len(current.units(Level.COMMUNE)) == 3321
    assert current.units(Level.DISTRICT) == []


def test_legacy_set_has_63_provinces_and_about_700_districts(registry: UnitRegistry) -> None:
    legacy = registry.legacy
    assert len(legacy.units(Level.PROVINCE)) == 63
    assert 690 <= len(legacy.units(Level.DISTRICT)) <= 720
    assert 10_000 <= len(legacy.units(Level.COMMUNE)) <= 10_700


def test_which_set_is_valid_on_a_date(registry: UnitRegistry) -> None:
    assert registry.on(REFORM_DATE) is registry.current
    assert registry.on(LEGACY_END) is registry.legacy
    assert registry.on(dt.date(2024, 12, 31)) is registry.legacy
    assert registry.on() is registry.current
    with pytest.raises(DateOutOfRangeError, match="1999-01-01"):
        registry.on(dt.date(1999, 1, 1))


def test_units_carry_validity_and_kinds(registry: UnitRegistry) -> None:
    hanoi = registry.lookup("01")
    assert hanoi.kind is UnitKind.THANH_PHO_TRUC_THUOC_TRUNG_UONG
    assert hanoi.valid_from == REFORM_DATE and hanoi.valid_to is None
    son_la = registry.lookup("14")
    assert son_la.name == "Tỉnh Sơn La" and son_la.short_name == "Sơn La"
    legacy_binh_duong = registry.lookup("74", as_of=dt.date(2024, 1, 1))
    assert legacy_binh_duong.short_name == "Bình Dương"
    assert legacy_binh_duong.valid_to == LEGACY_END
    assert "74" not in registry.current  # Bình Dương is part of Hồ Chí Minh City since 2025


def test_hierarchy_children_ancestors_path(registry: UnitRegistry) -> None:
    day = dt.date(2025, 1, 1)
    commune = registry.resolve("Xã Xuân Bình, Huyện Như Xuân, Tỉnh Thanh Hóa", as_of=day)
    path = registry.path(commune.code, as_of=day)
    assert [u.level for u in path] == [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
    assert path[0].short_name == "Thanh Hóa"
    assert registry.ancestors(commune.code, as_of=day) == list(reversed(path[:-1]))
    district = path[1]
    assert commune in registry.children(district.code, as_of=day)
    for unit in registry.current.units(Level.COMMUNE)[:50]:
        assert registry.current.get(unit.parent or "").level == Level.PROVINCE


def test_unknown_code_names_the_code(registry: UnitRegistry) -> None:
    with pytest.raises(UnknownUnitError, match="99999"):
        registry.lookup("99999")


def test_integer_indices_are_array_indices(registry: UnitRegistry) -> None:
    current = registry.current
    parents = current.parent_indices
    levels = current.levels
    assert parents.shape == levels.shape == (len(current),)
    communes = np.flatnonzero(levels == Level.COMMUNE)
    assert (levels[parents[communes]] == Level.PROVINCE).all()
    provinces = current.ancestor_at(Level.PROVINCE)
    assert (levels[provinces[communes]] == Level.PROVINCE).all()
    idx = current.index("00070")
    assert current.code(int(provinces[idx])) == "01"
    with pytest.raises(ValueError):
        parents[0] = 5  # read-only


def test_ancestor_at_on_legacy_three_levels(registry: UnitRegistry) -> None:
    legacy = registry.legacy
    districts = legacy.ancestor_at(Level.DISTRICT)
    levels = legacy.levels
    communes = np.flatnonzero(levels == Level.COMMUNE)
    assert (levels[districts[communes]] == Level.DISTRICT).all()
    assert (districts[np.flatnonzero(levels == Level.PROVINCE)] == -1).all()


def test_add_village_under_commune_and_legacy_commune() -> None:
    registry = UnitRegistry.load()
    old = registry.resolve("Xã Xuân Bình, Huyện Như Xuân, Thanh Hóa", as_of=dt.date(2025, 1, 1))
    new = registry.convert(old.code).units[0]
    village = registry.add_village("Thôn Cửa Trát", "thôn", new.code, legacy_commune=old.code)
    assert village.level == Level.VILLAGE and village.parent == new.code
    assert village.name == "Thôn Cửa Trát" and village.short_name == "Cửa Trát"
    assert registry.legacy.get(village.code).parent == old.code
    # the same village, written differently, is the same village
    again = registry.add_village("cửa  trát", UnitKind.THON, new.code)
    assert again == village
    assert registry.current.units(Level.VILLAGE, within=new.code) == [village]
    found = registry.find("Thôn Cửa Trát, Xuân Bình, Thanh Hóa")
    assert found[0].unit == village
    conversion = registry.convert(village.code)
    assert [u.code for u in conversion.units] == [village.code]
    provinces = registry.current.ancestor_at(Level.PROVINCE)
    assert registry.current.code(int(provinces[registry.current.index(village.code)])) == "38"


def test_add_village_refuses_a_province_as_commune() -> None:
    from cnscd_core.errors import CnscdError

    registry = UnitRegistry.load()
    with pytest.raises(CnscdError, match="01"):
        registry.add_village("Thôn 1", "thôn", "01")
    with pytest.raises(ValueError, match="xã"):
        UnitKind.parse("quận huyện")
