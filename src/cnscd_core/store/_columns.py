"""Columnar views of the store: numpy arrays grouped by integer unit indices.

Millions of rows never become millions of Python objects: each view reads the indexed
columns straight from SQLite and turns codes into integer indices.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["Columns", "build_columns"]


@attrs.frozen
class Columns:
    """Rows of one kind as arrays of equal length, plus the labels of categorical arrays.

    ``categories["skill"][k]`` is the skill code of the value ``k`` in the ``skill`` array.
    Arrays hold no identifying data (no names, phones or ID numbers).
    """

    kind: str
    arrays: dict[str, npt.NDArray[Any]]
    categories: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    #: The record codes in row order (codes are not personal data; names, phones and ID
    #: numbers never enter a columnar view).
    keys: tuple[str, ...] = attrs.field(default=(), repr=lambda keys: f"<{len(keys)} keys>")

    def __len__(self) -> int:
        return len(next(iter(self.arrays.values()))) if self.arrays else 0

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        return self.arrays[name]


def _index_of(keys: list[str]) -> dict[str, int]:
    return {key: i for i, key in enumerate(keys)}


def _lookup(values: list[str | None], index: dict[str, int]) -> npt.NDArray[np.int32]:
    return np.fromiter(
        (index.get(v, -1) if v else -1 for v in values), dtype=np.int32, count=len(values)
    )


def _categorical(values: list[str | None]) -> tuple[npt.NDArray[np.int16], tuple[str, ...]]:
    labels = tuple(sorted({v for v in values if v}))
    index = _index_of(list(labels))
    codes = np.fromiter((index[v] if v else -1 for v in values), dtype=np.int16, count=len(values))
    return codes, labels


def _dates(values: list[str | None]) -> npt.NDArray[np.datetime64]:
    return np.array([v or "NaT" for v in values], dtype="datetime64[D]")


def _ints(values: list[int | None], dtype: Any) -> npt.NDArray[Any]:
    return np.fromiter((-1 if v is None else v for v in values), dtype=dtype, count=len(values))


def _unit_set(units: Any | None) -> Any:
    if units is not None:
        return units
    from cnscd_core.units import default_registry

    return default_registry().current


def _household_order(db: sqlite3.Connection, units: Any) -> tuple[list[str], list[int]]:
    rows = db.execute("SELECT key, unit FROM households").fetchall()
    unit_idx = [units.index(unit) if unit in units else -1 for _key, unit in rows]
    order = sorted(range(len(rows)), key=lambda i: (unit_idx[i], rows[i][0]))
    return [rows[i][0] for i in order], [unit_idx[i] for i in order]


def _resident_rows(
    db: sqlite3.Connection, households: dict[str, int]
) -> tuple[list[Any], npt.NDArray[np.intp]]:
    """Resident rows and the order that sorts them by household row (then code)."""
    rows = db.execute(
        "SELECT household, birth_year, vneid_level, key FROM residents ORDER BY key"
    ).fetchall()
    house = _lookup([r[0] for r in rows], households)
    return rows, np.argsort(house, kind="stable")


def build_columns(db: sqlite3.Connection, kind: str, units: Any | None = None) -> Columns:
    """Build the columnar view of ``kind`` (see ``SQLiteStore.columns``)."""
    from cnscd_core.units import Level

    unit_set = _unit_set(units)
    member_keys = [r[0] for r in db.execute("SELECT key FROM members ORDER BY key")]
    members = _index_of(member_keys)
    household_keys, household_units = _household_order(db, unit_set)
    households = _index_of(household_keys)
    communes = unit_set.ancestor_at(Level.COMMUNE)

    if kind == "households":
        by_key = {
            key: (member, size, smartphones)
            for key, member, size, smartphones in db.execute(
                "SELECT key, member, size, smartphones FROM households"
            )
        }
        unit = np.asarray(household_units, dtype=np.int32)
        return Columns(
            kind,
            {
                "unit": unit,
                "commune": np.where(unit >= 0, communes[np.maximum(unit, 0)], -1).astype(np.int32),
                "member": _lookup([by_key[k][0] for k in household_keys], members),
                "size": _ints([by_key[k][1] for k in household_keys], np.int16),
                "smartphones": _ints([by_key[k][2] for k in household_keys], np.int16),
            },
            keys=tuple(household_keys),
        )
    if kind == "members":
        first_team: dict[str, str] = {}
        for member, team in db.execute("SELECT member, team FROM member_teams ORDER BY team"):
            first_team.setdefault(member, team)
        team_units = dict(db.execute("SELECT key, unit FROM teams"))
        unit_codes = [team_units.get(first_team.get(m, "")) for m in member_keys]
        unit = np.fromiter(
            (unit_set.index(u) if u and u in unit_set else -1 for u in unit_codes),
            dtype=np.int32,
            count=len(member_keys),
        )
        load = np.bincount(
            _lookup([r[0] for r in db.execute("SELECT member FROM households")], members) + 1,
            minlength=len(member_keys) + 1,
        )[1:].astype(np.int32)
        dates = db.execute(
            "SELECT json_extract(data, '$.joined'), json_extract(data, '$.left'), "
            "json_array_length(data, '$.trainings') FROM members ORDER BY key"
        ).fetchall()
        return Columns(
            kind,
            {
                "unit": unit,
                "households": load,
                "joined": _dates([r[0] for r in dates]),
                "left": _dates([r[1] for r in dates]),
                "trainings": _ints([r[2] for r in dates], np.int16),
            },
            keys=tuple(member_keys),
        )
    if kind == "teams":
        rows = db.execute(
            "SELECT key, unit, level, json_extract(data, '$.established'), "
            "json_extract(data, '$.dissolved'), json_extract(data, '$.leader') "
            "FROM teams ORDER BY key"
        ).fetchall()
        size = dict(db.execute("SELECT team, COUNT(*) FROM member_teams GROUP BY team"))
        levels, labels = _categorical([r[2] for r in rows])
        return Columns(
            kind,
            {
                "unit": np.fromiter(
                    (unit_set.index(r[1]) if r[1] in unit_set else -1 for r in rows),
                    dtype=np.int32,
                    count=len(rows),
                ),
                "level": levels,
                "members": np.fromiter(
                    (size.get(r[0], 0) for r in rows), dtype=np.int32, count=len(rows)
                ),
                "established": _dates([r[3] for r in rows]),
                "dissolved": _dates([r[4] for r in rows]),
                "has_leader": np.fromiter((bool(r[5]) for r in rows), dtype=bool, count=len(rows)),
            },
            {"level": labels},
            keys=tuple(r[0] for r in rows),
        )
    if kind == "residents":
        rows, order = _resident_rows(db, households)
        house = _lookup([r[0] for r in rows], households)[order]
        return Columns(
            kind,
            {
                "household": house,
                "birth_year": _ints([r[1] for r in rows], np.int16)[order],
                "vneid_level": _ints([r[2] for r in rows], np.int8)[order],
            },
            keys=tuple(rows[i][3] for i in order),
        )
    if kind == "visits":
        rows = db.execute(
            "SELECT date, member, household, channel, skill, outcome, persons, key FROM visits "
            "ORDER BY date, key"
        ).fetchall()
        channel, channels = _categorical([r[3] for r in rows])
        skill, skills = _categorical([r[4] for r in rows])
        return Columns(
            kind,
            {
                "date": _dates([r[0] for r in rows]),
                "member": _lookup([r[1] for r in rows], members),
                "household": _lookup([r[2] for r in rows], households),
                "channel": channel,
                "skill": skill,
                "outcome": _ints([r[5] for r in rows], np.int8),
                "persons": _ints([r[6] for r in rows], np.int32),
            },
            {"channel": channels, "skill": skills},
            keys=tuple(r[7] for r in rows),
        )
    if kind == "skill_levels":
        resident_rows, resident_order = _resident_rows(db, households)
        residents = {resident_rows[i][3]: n for n, i in enumerate(resident_order)}
        rows = db.execute(
            "SELECT household, resident, skill, level, date FROM skill_levels"
        ).fetchall()
        skill, skills = _categorical([r[2] for r in rows])
        return Columns(
            kind,
            {
                "household": _lookup([r[0] for r in rows], households),
                "resident": _lookup([r[1] for r in rows], residents),
                "skill": skill,
                "level": _ints([r[3] for r in rows], np.int8),
                "date": _dates([r[4] for r in rows]),
            },
            {"skill": skills},
        )
    raise ValueError(
        f"no columnar view of {kind!r}; expected households, members, teams, residents, visits "
        "or skill_levels"
    )
