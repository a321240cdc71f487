"""What a scenario costs under a province's allowance resolution (VND).

For a run of W weeks with ``members_w`` active members and ``teams_w`` active teams at the
end of week w::

    member_months = sum_w members_w * 12 / 52
    team_months   = sum_w teams_w * 12 / 52
    paid_days     = sum_w members_w * paid_days_per_member_week
    total = per_member_per_month * member_months + per_team_per_month * team_months
            + per_person_per_working_day * paid_days

Cost per household reaching the target is ``total / (all_five_W - all_five_0)``; cost per
household reached is ``total / households visited at least once``. Totals are for the
simulated sample; ``total_full_scale`` divides by the scale actually simulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from cnscd_core.i18n import gettext as _
from cnscd_core.scenarios._params import ScenarioError

if TYPE_CHECKING:
    from cnscd_core.catalog import StipendPreset
    from cnscd_core.plugins import PluginHost
    from cnscd_core.scenarios._results import RunResult

__all__ = ["WEEKS_PER_MONTH", "StipendCost", "costs_json", "resolve_stipend", "stipend_cost"]

#: Weeks in a month on average (52 weeks / 12 months).
WEEKS_PER_MONTH = 52 / 12


@attrs.frozen
class StipendCost:
    """The cost of one run under one stipend preset, with the quantities it was computed from."""

    stipend: str
    source: str
    member_months: float
    team_months: float
    paid_days: float
    total: float
    total_full_scale: float
    households_gained: float
    households_reached: float
    per_household_gained: float | None
    per_household_reached: float | None

    def as_json(self) -> dict[str, Any]:
        """The cost as a JSON object (VND, rounded to the dong)."""

        def money(value: float | None) -> int | None:
            return None if value is None else round(value)

        return {
            "stipend": self.stipend,
            "source": self.source,
            "member_months": round(self.member_months, 3),
            "team_months": round(self.team_months, 3),
            "paid_days": round(self.paid_days, 3),
            "total_vnd": money(self.total),
            "total_full_scale_vnd": money(self.total_full_scale),
            "households_gained": self.households_gained,
            "households_reached": self.households_reached,
            "per_household_gained_vnd": money(self.per_household_gained),
            "per_household_reached_vnd": money(self.per_household_reached),
        }


def resolve_stipend(stipend: StipendPreset | str, host: PluginHost | None = None) -> StipendPreset:
    """``stipend`` itself, or the registered stipend preset of that code."""
    from cnscd_core.catalog import StipendPreset

    if isinstance(stipend, StipendPreset):
        return stipend
    if host is None:
        from cnscd_core.plugins import load_plugins

        host = load_plugins()
    try:
        return host.stipends.get(stipend)
    except KeyError:
        raise ScenarioError(
            _("unknown stipend preset {code!r}; expected one of: {known}").format(
                code=stipend, known=", ".join(sorted(s.code for s in host.stipends))
            )
        ) from None


def stipend_cost(result: RunResult, stipend: StipendPreset) -> StipendCost:
    """The cost of ``result`` under ``stipend`` (see the module docstring for the formulas)."""
    members = result.root_series("members")[1:]
    teams = result.root_series("teams")[1:]
    all_five = result.root_series("households_all_five")
    reached = result.root_series("households_reached")
    paid_days_per_week = result.scenario.params.paid_days_per_member_week
    member_months = float(members.sum()) / WEEKS_PER_MONTH
    team_months = float(teams.sum()) / WEEKS_PER_MONTH
    paid_days = float(members.sum()) * paid_days_per_week
    total = (
        stipend.per_member_per_month * member_months
        + stipend.per_team_per_month * team_months
        + stipend.per_person_per_working_day * paid_days
    )
    gained = float(all_five[-1] - all_five[0])
    reached_n = float(reached[-1])
    scale = result.population.get("scale_effective") or 1.0
    return StipendCost(
        stipend=stipend.code,
        source=stipend.source,
        member_months=member_months,
        team_months=team_months,
        paid_days=paid_days,
        total=total,
        total_full_scale=total / float(scale),
        households_gained=gained,
        households_reached=reached_n,
        per_household_gained=total / gained if gained > 0 else None,
        per_household_reached=total / reached_n if reached_n > 0 else None,
    )


def costs_json(costs: list[StipendCost]) -> dict[str, Any]:
    """The costs of one run as JSON, or of several as medians with 10-90% bands."""
    import numpy as np

    if len(costs) == 1:
        return costs[0].as_json()
    rows = [c.as_json() for c in costs]
    out: dict[str, Any] = {"stipend": rows[0]["stipend"], "source": rows[0]["source"]}
    for key in rows[0]:
        if key in out:
            continue
        values = np.array([np.nan if r[key] is None else r[key] for r in rows], dtype=float)
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            out[key] = {"value": None, "p10": None, "p90": None}
            continue
        p10, p50, p90 = np.percentile(finite, [10, 50, 90])
        out[key] = {"value": round(float(p50), 3), "p10": round(float(p10), 3),
                    "p90": round(float(p90), 3)}  # fmt: skip
    return out
