"""Properties of a check over random wards: order-free, in scope, counted, codes only."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cnscd_core.field import Household, Member, Team, Visit
from cnscd_core.plugins import PluginHost
from cnscd_core.units import Level, UnitRegistry
from cnscd_core.validation import SEVERITIES, check_unit

from .helpers import (
    HOUSE_PHONE,
    PERIOD,
    PERSON,
    PHONE,
    SON_LA_WARD,
    VILLAGES,
    add_default_rules,
    build_store,
    household,
    member,
    team,
    visit,
)


@st.composite
def wards(draw: st.DrawFn) -> tuple[list[Team], list[Member], list[Household], list[Visit], int]:
    """The Sơn La ward with random teams, members (some untrained or gone), households and
    visits, and a seed to shuffle them."""
    units = [SON_LA_WARD, *VILLAGES[SON_LA_WARD]]
    teams = [
        team(f"T{n}", draw(st.sampled_from(units)), leader=draw(st.sampled_from([None, "M0"])))
        for n in range(draw(st.integers(0, 3)))
    ]
    codes = [t.code for t in teams]
    members = [
        member(
            f"M{n}",
            *draw(st.lists(st.sampled_from(codes), max_size=2, unique=True)) if codes else (),
            trained=draw(st.booleans()),
            left=draw(st.sampled_from([None, None, dt.date(2026, 5, 1)])),
        )
        for n in range(draw(st.integers(0, 6)))
    ]
    owners = [None, *(m.code for m in members)]
    households = [
        household(f"H{n}", draw(st.sampled_from(units)), draw(st.sampled_from(owners)))
        for n in range(draw(st.integers(0, 8)))
    ]
    days = st.sampled_from([dt.date(2026, 2, 1), dt.date(2026, 8, 1), dt.date(2026, 9, 30)])
    visits = list(
        {
            v.code: v
            for v in (
                visit(m.code, None, draw(days)) for m in members if draw(st.integers(0, 2)) == 0
            )
        }.values()
    )
    return teams, members, households, visits, draw(st.integers(0, 2**16))


_REGISTRY: list[UnitRegistry] = []
_HOST: list[PluginHost] = []


def _shared() -> tuple[UnitRegistry, PluginHost]:
    """One registry and host for every example (Hypothesis cannot use function fixtures)."""
    if not _REGISTRY:
        from .helpers import make_registry

        _REGISTRY.append(make_registry())
        host = PluginHost()
        host.load_defaults()
        _HOST.append(add_default_rules(host))
    return _REGISTRY[0], _HOST[0]


@given(wards())
def test_a_check_is_order_free_in_scope_and_counted(
    ward: tuple[list[Team], list[Member], list[Household], list[Visit], int],
) -> None:
    registry, host = _shared()
    teams, members, households, visits, seed = ward
    rnd = random.Random(seed)
    shuffled = (
        rnd.sample(teams, len(teams)),
        rnd.sample(members, len(members)),
        rnd.sample(households, len(households)),
        rnd.sample(visits, len(visits)),
    )
    with tempfile.TemporaryDirectory() as folder:
        one = build_store(Path(folder) / "a.sqlite", registry, teams, members, households, visits)
        two = build_store(Path(folder) / "b.sqlite", registry, *shuffled)
        with one, two:
            report = check_unit(one, SON_LA_WARD, PERIOD, host=host, units=registry)
            again = check_unit(two, SON_LA_WARD, PERIOD, host=host, units=registry)
    assert report == again
    unit_set = registry.current
    ward_index = unit_set.index(SON_LA_WARD)
    summary = report.summary()
    assert summary["findings"] == len(report.findings) == sum(summary["by_severity"].values())
    assert report.ok == (summary["by_severity"]["warning"] + summary["by_severity"]["error"] == 0)
    for finding in report.findings:
        assert finding.rule in report.rules and finding.severity in SEVERITIES
        index = unit_set.index(finding.unit)
        assert int(unit_set.ancestor_at(Level.COMMUNE)[index]) == ward_index
        text = finding.message + finding.subject
        assert PERSON not in text and PHONE not in text and HOUSE_PHONE not in text
