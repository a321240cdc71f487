"""Read the national unit lists from the maintained packages' data files.

The 2025 units come from ``vietnam-provinces``; the legacy units and the legacy -> 2025
mapping from ``vietnamadminunits``. Only their data files are read (their Python modules
are not imported: that keeps start-up fast and avoids their optional network features).
Nothing here is typed by hand: every name and code comes from those files.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from cnscd_core.text import canonical, compare_key, fold

__all__ = ["LegacyRow", "MappingTarget", "RawSources", "Unit2025Row", "load_sources"]


class SourceDataError(RuntimeError):
    """The data files of a unit-list package are missing or not as expected."""


@attrs.frozen
class Unit2025Row:
    """A 2025 unit as read from ``vietnam-provinces`` (province or commune)."""

    code: str
    name: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...] = ()


@attrs.frozen
class LegacyRow:
    """A legacy unit as read from ``vietnamadminunits`` (province, district or commune)."""

    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...] = ()


@attrs.frozen
class MappingTarget:
    """One 2025 commune that (part of) a legacy commune went to."""

    code: str
    is_default: bool


@attrs.frozen
class RawSources:
    """Everything read from the two packages, ready for the registry to index."""

    units_2025: tuple[Unit2025Row, ...]
    legacy: tuple[LegacyRow, ...]
    #: legacy commune code (or island district code) -> the 2025 communes it went to
    commune_mapping: dict[str, tuple[MappingTarget, ...]]
    #: legacy province code -> 2025 province code
    province_mapping: dict[str, str]


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SourceDataError(
            f"the package {name!r} is not installed; it provides the administrative unit lists "
            f"(install cnscd-core with its dependencies)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


_PUNCTUATION = str.maketrans({"\u2019": "'", "\u2013": "-", "\u2014": "-"})


def _clean(name: str) -> str:
    """Canonical spelling of a name from the data: NFC, one tone placement, single spaces."""
    return canonical(name.translate(_PUNCTUATION))


def _read_2025() -> list[Unit2025Row]:
    path = _package_dir("vietnam_provinces") / "data" / "nested-divisions.json"
    try:
        provinces = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceDataError(f"cannot read {path}: {exc}") from exc
    rows: list[Unit2025Row] = []
    for province in provinces:
        pcode = f"{int(province['code']):02d}"
        kind = (
            "thành phố trực thuộc trung ương"
            if province["division_type"] == "thành phố trung ương"
            else "tỉnh"
        )
        name = _clean(province["name"])
        if kind == "tỉnh" and not fold(name).startswith("tinh "):
            name = f"Tỉnh {name}"
        rows.append(Unit2025Row(code=pcode, name=name, kind=kind, parent=None))
        for ward in province["wards"]:
            rows.append(
                Unit2025Row(
                    code=f"{int(ward['code']):05d}",
                    name=_clean(ward["name"]),
                    kind=ward["division_type"],
                    parent=pcode,
                )
            )
    return rows


def _aliases(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    values: list[str] = json.loads(raw)
    return tuple(values)


def _query(db: Path, sql: str) -> Iterator[sqlite3.Row]:
    # Opened read-only: the file belongs to an installed package.
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        yield from conn.execute(sql).fetchall()


def _legacy_kind(unit_type: str) -> str:
    return canonical(unit_type).lower()


CACHE_FORMAT = 1


def _cache_file() -> Path | None:
    """Where the joined lists are cached: keyed by the source files and the code reading them."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    root = os.environ.get("CNSCD_CACHE_DIR") or str(Path(base) / "cnscd_core")
    try:
        inputs = [
            _package_dir("vietnam_provinces") / "data" / "nested-divisions.json",
            _package_dir("vietnamadminunits") / "data" / "dataset.db",
            _package_dir("vietnamadminunits") / "data" / "converter_2025.json",
            Path(__file__),
            *sorted((Path(__file__).parents[1] / "text").glob("*.py")),
        ]
        stamp = "|".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in inputs)
    except (OSError, SourceDataError):
        return None
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{stamp}".encode()).hexdigest()[:16]
    return Path(root) / f"units-{digest}.json"


def _to_json(raw: RawSources) -> dict[str, Any]:
    return {
        "units_2025": [attrs.astuple(u, recurse=False) for u in raw.units_2025],
        "legacy": [attrs.astuple(u, recurse=False) for u in raw.legacy],
        "commune_mapping": {
            code: [[t.code, t.is_default] for t in targets]
            for code, targets in raw.commune_mapping.items()
        },
        "province_mapping": raw.province_mapping,
    }


def _from_json(data: dict[str, Any]) -> RawSources:
    return RawSources(
        units_2025=tuple(
            Unit2025Row(code, name, kind, parent, tuple(aliases))
            for code, name, kind, parent, aliases in data["units_2025"]
        ),
        legacy=tuple(
            LegacyRow(code, name, short, kind, parent, tuple(aliases))
            for code, name, short, kind, parent, aliases in data["legacy"]
        ),
        commune_mapping={
            code: tuple(MappingTarget(c, bool(d)) for c, d in targets)
            for code, targets in data["commune_mapping"].items()
        },
        province_mapping=dict(data["province_mapping"]),
    )


def load_sources() -> RawSources:
    """Read both packages' data and join the mapping to 2025 codes (cached after the first run).

    The joined lists are cached as JSON in ``CNSCD_CACHE_DIR`` (default: the user's cache
    folder), keyed by the source files; an unreadable or unwritable cache is skipped.
    Raises ``SourceDataError`` when a file is missing or a mapping target cannot be joined.
    """
    cache = _cache_file()
    if cache is not None and cache.is_file():
        try:
            return _from_json(json.loads(cache.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged cache is rebuilt below
    raw = _load_sources_uncached()
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(_to_json(raw), ensure_ascii=False), encoding="utf-8")
            tmp.replace(cache)
        except OSError:
            pass  # read-only home: no cache, same result
    return raw


def _load_sources_uncached() -> RawSources:
    """Read both packages' data and join the mapping to 2025 codes."""
    units_2025 = _read_2025()
    base = _package_dir("vietnamadminunits") / "data"
    db = base / "dataset.db"
    if not db.is_file():
        raise SourceDataError(f"the file {db} of the package vietnamadminunits is missing")

    legacy: list[LegacyRow] = []
    legacy_key_to_code: dict[str, str] = {}
    seen: set[str] = set()
    for row in _query(
        db,
        "SELECT province, provinceShort, provinceCode, provinceKey, provinceAlias, "
        "district, districtShort, districtCode, districtKey, districtType, districtAlias, "
        "ward, wardShort, wardCode, wardKey, wardType, wardAlias "
        "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode",
    ):
        pcode = row["provinceCode"]
        if pcode not in seen:
            seen.add(pcode)
            pname = _clean(row["province"])
            pkind = (
                "thành phố trực thuộc trung ương" if fold(pname).startswith("thanh pho") else "tỉnh"
            )
            legacy.append(
                LegacyRow(
                    code=pcode,
                    name=pname,
                    short_name=_clean(row["provinceShort"]),
                    kind=pkind,
                    parent=None,
                    aliases=_aliases(row["provinceAlias"]),
                )
            )
        dcode = row["districtCode"]
        if dcode not in seen:
            seen.add(dcode)
            legacy.append(
                LegacyRow(
                    code=dcode,
                    name=_clean(row["district"]),
                    short_name=_clean(row["districtShort"]),
                    kind=_legacy_kind(row["districtType"]),
                    parent=pcode,
                    aliases=_aliases(row["districtAlias"]),
                )
            )
        full_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if row["wardCode"]:
            wcode = row["wardCode"]
            legacy.append(
                LegacyRow(
                    code=wcode,
                    name=_clean(row["ward"]),
                    short_name=_clean(row["wardShort"]),
                    kind=_legacy_kind(row["wardType"]),
                    parent=dcode,
                    aliases=_aliases(row["wardAlias"]),
                )
            )
            legacy_key_to_code[full_key] = wcode
        else:
            # Island districts (Bạch Long Vĩ, Cồn Cỏ, Lý Sơn, Côn Đảo, Hoàng Sa) had no communes:
            # they map as a whole.
            legacy_key_to_code[full_key] = dcode

    # 2025 keys of vietnamadminunits -> 2025 codes of vietnam-provinces, joined by name
    # within the province (the two packages number a few communes differently).
    by_name: dict[tuple[str, str], list[str]] = {}
    by_fold: dict[tuple[str, str], list[str]] = {}
    for unit in units_2025:
        if unit.parent is not None:
            by_name.setdefault((unit.parent, compare_key(unit.name)), []).append(unit.code)
            by_fold.setdefault((unit.parent, fold(unit.name)), []).append(unit.code)
    province_key_to_code: dict[str, str] = {}
    ward_key_to_code: dict[tuple[str, str], str] = {}
    for row in _query(
        db, "SELECT province, provinceCode, provinceKey, ward, wardKey FROM admin_units"
    ):
        pcode = row["provinceCode"]
        province_key_to_code[row["provinceKey"]] = pcode
        name = _clean(row["ward"])
        codes = by_name.get((pcode, compare_key(name))) or by_fold.get((pcode, fold(name))) or []
        if len(codes) != 1:
            raise SourceDataError(
                f"cannot join the 2025 commune {name!r} (province {pcode}) of vietnamadminunits "
                f"to vietnam-provinces: {len(codes)} candidates"
            )
        ward_key_to_code[(row["provinceKey"], row["wardKey"])] = codes[0]

    data: dict[str, Any] = json.loads((base / "converter_2025.json").read_text(encoding="utf-8"))
    legacy_province_key_to_code = {
        f"{r['provinceKey']}": r["provinceCode"]
        for r in _query(db, "SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy")
    }
    province_mapping: dict[str, str] = {}
    for new_key, old_keys in data["DICT_PROVINCE"].items():
        for old_key in old_keys:
            province_mapping[legacy_province_key_to_code[old_key]] = province_key_to_code[new_key]

    commune_mapping: dict[str, tuple[MappingTarget, ...]] = {}
    for new_province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            target = MappingTarget(ward_key_to_code[(new_province, new_ward)], is_default=True)
            for old_key in old_keys:
                commune_mapping[legacy_key_to_code[old_key]] = (target,)
    for new_province, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            commune_mapping[legacy_key_to_code[old_key]] = tuple(
                MappingTarget(
                    ward_key_to_code[(new_province, t["newWardKey"])],
                    is_default=bool(t["isDefaultNewWard"]),
                )
                for t in targets
            )
    return RawSources(
        units_2025=tuple(units_2025),
        legacy=tuple(legacy),
        commune_mapping=commune_mapping,
        province_mapping=province_mapping,
    )
