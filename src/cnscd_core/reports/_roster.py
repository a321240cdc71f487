"""The roster: the members of the teams a report covers, read from the store on request.

This is the only place a report meets a person's name, and only member names (never a
household's or a resident's, never a phone or ID number). ``cnscd report`` calls it only
with ``--roster``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cnscd_core.reports._view import RosterRow

__all__ = ["roster_rows"]

_POSITION_ORDER = {"leader": 0, "deputy": 1, "member": 2}


def _active(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    return (start is None or start <= day) and (end is None or end > day)


def roster_rows(store: Any, report: Any) -> list[RosterRow]:
    """(team, member, full name, position, role) of every member active at the period's end
    in a team of a unit the report covers; by team, then leader, deputy, members, each in
    the official name order (given name first)."""
    from cnscd_core.text import name_sort_key

    day = report.period.end
    covered = {node.code for _depth, node in report.root.walk()}
    teams = {
        team.code
        for team in store.records("teams")
        if team.unit in covered and _active(team.established, team.dissolved, day)
    }
    rows = []
    for member in store.records("members"):
        if not _active(member.joined, member.left, day):
            continue
        for team in member.teams:
            if team in teams:
                rows.append(
                    RosterRow(
                        team, member.code, member.full_name, member.position, member.role or ""
                    )
                )
    rows.sort(
        key=lambda r: (r.team, _POSITION_ORDER.get(r.position, 9), name_sort_key(r.full_name))
    )
    return rows
