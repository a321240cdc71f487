"""From the store to the tables of an extract: microdata (pseudonymised, banded) and
aggregates (counts by area and month, small cells suppressed).

Only columns chosen here go out; nothing is copied from a record wholesale. Bulk data comes
from the store's columnar views, which hold no name, phone or ID number; the few member
fields those views lack (birth year, position, teams) are picked out of member records by
name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from cnscd_core.extract._aggregate import UNKNOWN, AreaIndex, Breakdown, UnitLevel, aggregate
from cnscd_core.extract._bands import (
    HOUSEHOLD_SIZE_CAP,
    SMARTPHONES_CAP,
    birth_bands,
    capped_many,
    months,
)
from cnscd_core.extract._keys import Pseudonymizer
from cnscd_core.extract._tables import Table

__all__ = ["build_tables"]

_SIZE_LABELS = (*(str(n) for n in range(1, HOUSEHOLD_SIZE_CAP)), f"{HOUSEHOLD_SIZE_CAP}+")
_PHONE_LABELS = (*(str(n) for n in range(SMARTPHONES_CAP)), f"{SMARTPHONES_CAP}+")
_VNEID_LABELS = ("0", "1", "2")
_POSITIONS = ("leader", "deputy", "member")
_NO_SKILL = "none"


def _pick(ids: Sequence[str], rows: npt.NDArray[Any]) -> list[str]:
    """``ids[row]`` for every row index (``""`` where the index is ``-1``)."""
    return [ids[r] if r >= 0 else "" for r in rows.tolist()]


def _take(values: npt.NDArray[Any], rows: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """``values[row]`` for every row index, ``-1`` where the index is ``-1``."""
    rows = np.asarray(rows, dtype=np.int64)
    if len(values) == 0:
        return np.full(len(rows), -1, dtype=np.int64)
    picked = np.asarray(values, dtype=np.int64)[np.maximum(rows, 0)]
    return np.where(rows >= 0, picked, -1)


def _ints(values: npt.NDArray[Any]) -> list[int | None]:
    """Integers of a column (``-1`` means unknown: ``None``)."""
    return [None if v < 0 else v for v in values.tolist()]


def _unknown_if_empty(values: list[str]) -> list[str]:
    return [v or UNKNOWN for v in values]


class _Source:
    """The store's columns of every kind the extract uses, read once."""

    def __init__(self, store: Any, units: Any) -> None:
        self.households = store.columns("households", units)
        self.members = store.columns("members", units)
        self.residents = store.columns("residents", units)
        self.visits = store.columns("visits", units)
        self.teams = store.columns("teams", units)
        # Only these three fields of a member record are read; the record goes at once.
        self.member_fields: dict[str, tuple[int | None, str, tuple[str, ...]]] = {
            record.code: (record.birth_year, record.position, tuple(record.teams))
            for record in store.records("members")
        }

    def member_birth_years(self) -> npt.NDArray[np.int64]:
        fields = self.member_fields
        return np.fromiter(
            (
                -1 if (year := fields.get(k, (None, "", ()))[0]) is None else year
                for k in self.members.keys
            ),
            dtype=np.int64,
            count=len(self.members.keys),
        )

    def member_positions(self) -> list[str]:
        return [self.member_fields.get(k, (None, UNKNOWN, ()))[1] for k in self.members.keys]

    def member_teams(self, team_ids: dict[str, str]) -> list[str]:
        """Each member's team pseudonyms, sorted, joined by ``;``."""
        fields = self.member_fields
        return [
            ";".join(
                sorted({team_ids[t] for t in fields.get(k, (None, "", ()))[2] if t in team_ids})
            )
            for k in self.members.keys
        ]

    def resident_units(self) -> npt.NDArray[Any]:
        """The unit of each resident's household (``-1`` when the household is unknown)."""
        return _take(self.households["unit"], self.residents["household"])

    def visit_units(self) -> npt.NDArray[Any]:
        """The unit of each visit: its household's, else (a group session) its member's."""
        house = self.visits["household"]
        by_house = _take(self.households["unit"], house)
        by_member = _take(self.members["unit"], self.visits["member"])
        return np.where(house >= 0, by_house, by_member)

    def visit_contributors(self) -> npt.NDArray[np.int64]:
        """Whose data each visit is: its household, else the visit itself (a group session)."""
        house = self.visits["household"].astype(np.int64)
        own = len(self.households) + np.arange(len(house), dtype=np.int64)
        return np.where(house >= 0, house, own)


def _by_first_column(table: Table) -> Table:
    """The same table, rows sorted by the first column (the pseudonym)."""
    columns = list(table.columns.values())
    order = sorted(range(len(table)), key=columns[0].__getitem__)
    return attrs.evolve(
        table, columns={name: [values[i] for i in order] for name, values in table.columns.items()}
    )


def _codes(areas: AreaIndex, units: npt.NDArray[Any]) -> tuple[list[str], list[str]]:
    """Province and commune codes of every unit index (``unknown`` when not in the lists)."""
    ids = areas.finest(units)
    found = [areas.areas[i] for i in ids.tolist()]
    return [a.province_code for a in found], [a.commune_code for a in found]


def _microdata(src: _Source, pseudo: Pseudonymizer, units: Any) -> list[Table]:
    communes = AreaIndex(units, "commune")
    hh, mem, res, vis, teams = src.households, src.members, src.residents, src.visits, src.teams
    household_ids = pseudo.ids("household", list(hh.keys))
    member_ids = pseudo.ids("member", list(mem.keys))
    team_ids = dict(zip(teams.keys, pseudo.ids("team", list(teams.keys)), strict=True))

    province, commune = _codes(communes, hh["unit"])
    households = Table(
        "households",
        "microdata",
        {
            "household_id": household_ids,
            "member_id": _pick(member_ids, hh["member"]),
            "province_code": province,
            "commune_code": commune,
            "size_band": capped_many(hh["size"], HOUSEHOLD_SIZE_CAP),
            "smartphones_band": capped_many(hh["smartphones"], SMARTPHONES_CAP),
        },
    )
    residents = Table(
        "residents",
        "microdata",
        {
            "resident_id": pseudo.ids("resident", list(res.keys)),
            "household_id": _pick(household_ids, res["household"]),
            "birth_band": birth_bands(res["birth_year"]),
            "vneid_level": [str(v) if v is not None else "" for v in _ints(res["vneid_level"])],
        },
    )
    province, commune = _codes(communes, mem["unit"])
    members = Table(
        "members",
        "microdata",
        {
            "member_id": member_ids,
            "team_ids": src.member_teams(team_ids),
            "province_code": province,
            "commune_code": commune,
            "birth_band": birth_bands(src.member_birth_years()),
            "joined_month": months(mem["joined"]),
            "left_month": months(mem["left"]),
            "trainings": _ints(mem["trainings"]),
            "households": _ints(mem["households"]),
        },
    )
    province, commune = _codes(communes, teams["unit"])
    levels = teams.categories.get("level", ())
    team_table = Table(
        "teams",
        "microdata",
        {
            "team_id": [team_ids[k] for k in teams.keys],
            "level": [levels[v] if v >= 0 else "" for v in teams["level"].tolist()],
            "province_code": province,
            "commune_code": commune,
            "members": _ints(teams["members"]),
            "established_month": months(teams["established"]),
            "dissolved_month": months(teams["dissolved"]),
            "has_leader": [bool(v) for v in teams["has_leader"].tolist()],
        },
    )
    province, commune = _codes(communes, src.visit_units())
    channels = vis.categories.get("channel", ())
    skills = vis.categories.get("skill", ())
    visits = Table(
        "visits",
        "microdata",
        {
            "visit_id": pseudo.ids("visit", list(vis.keys)),
            "month": months(vis["date"]),
            "member_id": _pick(member_ids, vis["member"]),
            "household_id": _pick(household_ids, vis["household"]),
            "province_code": province,
            "commune_code": commune,
            "channel": [channels[v] if v >= 0 else "" for v in vis["channel"].tolist()],
            "skill": [skills[v] if v >= 0 else "" for v in vis["skill"].tolist()],
            "outcome": _ints(vis["outcome"]),
            "persons": _ints(vis["persons"]),
        },
    )
    # Rows in pseudonym order: the store's order (by code) would hint at the codes.
    return [_by_first_column(t) for t in (households, residents, members, team_table, visits)]


def _aggregates(src: _Source, units: Any, threshold: int, unit_level: UnitLevel) -> list[Table]:
    from cnscd_core.field import CHANNELS

    areas = AreaIndex(units, unit_level)
    hh, mem, res, vis = src.households, src.members, src.residents, src.visits
    channels = vis.categories.get("channel", ())
    skills = vis.categories.get("skill", ())
    return [
        *aggregate(
            areas,
            areas.finest(hh["unit"]),
            np.arange(len(hh), dtype=np.int64),
            [
                Breakdown(
                    "households_by_size",
                    "size_band",
                    _unknown_if_empty(capped_many(hh["size"], HOUSEHOLD_SIZE_CAP)),
                    _SIZE_LABELS,
                ),
                Breakdown(
                    "households_by_smartphones",
                    "smartphones_band",
                    _unknown_if_empty(capped_many(hh["smartphones"], SMARTPHONES_CAP)),
                    _PHONE_LABELS,
                ),
            ],
            threshold,
        ),
        *aggregate(
            areas,
            areas.finest(src.resident_units()),
            res["household"].astype(np.int64),  # a household's people are one contributor
            [
                Breakdown(
                    "residents_by_birth_band",
                    "birth_band",
                    _unknown_if_empty(birth_bands(res["birth_year"])),
                ),
                Breakdown(
                    "residents_by_vneid_level",
                    "vneid_level",
                    [str(v) if v is not None else UNKNOWN for v in _ints(res["vneid_level"])],
                    _VNEID_LABELS,
                ),
            ],
            threshold,
        ),
        *aggregate(
            areas,
            areas.finest(mem["unit"]),
            np.arange(len(mem), dtype=np.int64),
            [Breakdown("members_by_position", "position", src.member_positions(), _POSITIONS)],
            threshold,
        ),
        *aggregate(
            areas,
            areas.finest(src.visit_units()),
            src.visit_contributors(),
            [
                Breakdown(
                    "visits_by_channel",
                    "channel",
                    [channels[v] if v >= 0 else UNKNOWN for v in vis["channel"].tolist()],
                    CHANNELS,
                ),
                Breakdown(
                    "visits_by_skill",
                    "skill",
                    [skills[v] if v >= 0 else _NO_SKILL for v in vis["skill"].tolist()],
                ),
            ],
            threshold,
            periods=months(vis["date"]),
        ),
    ]


def build_tables(
    store: Any,
    pseudo: Pseudonymizer,
    units: Any,
    threshold: int,
    unit_level: UnitLevel = "commune",
    aggregates_only: bool = False,
) -> list[Table]:
    """Every table of the extract: microdata first (unless ``aggregates_only``), then counts."""
    src = _Source(store, units)
    tables = [] if aggregates_only else _microdata(src, pseudo, units)
    return tables + _aggregates(src, units, threshold, unit_level)
