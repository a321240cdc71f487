"""The vectorised weekly step against a plain-Python reference fed the same random draws."""

from __future__ import annotations

import numpy as np
import pytest

from cnscd_core.scenarios import Campaign, ModelParams, Scenario, chip_id_drive, scenario
from cnscd_core.scenarios._model import (
    RecordingSource,
    ReplaySource,
    alone_lut,
    measure,
    refresh_household_flags,
    step,
    week_rates,
)
from cnscd_core.scenarios._population import generate_population, pack_levels, unpack_levels
from tests.scenarios.conftest import copy_population
from tests.scenarios.reference import person_mask, reference_step

BUSY = ModelParams(
    household_word_of_mouth=0.3,
    village_zalo_word_of_mouth=0.3,
    practice=0.2,
    forgetting=(0.0, 0.1, 0.2, 0.1, 0.05),
    attrition_per_year=0.9,
    vacancy_weeks=2.0,
    meetings_per_member_week=0.5,
    meeting_attendees=6,
    zalo_households_per_post=3,
    vneid_per_contact=0.5,
    chip_id_per_contact=0.3,
)


def tiny_scenario(params: ModelParams, **changes: object) -> Scenario:
    """Sơn La with 1,500 households in all: one small village per commune."""
    return scenario(
        "son-la",
        scale=1.0,
        households=1_500,
        villages=75,
        commune_team_members_per_legacy_commune=0.3,
        **changes,
    ).replace(params=params)


@pytest.mark.parametrize(
    ("params", "campaigns"),
    [
        (ModelParams(), ()),
        (BUSY, (Campaign("focus", 1, 2, visit_factor=2.0, focus_skill=4, learn_factor=1.5),
                chip_id_drive(2, 2))),
        (BUSY.replace(targeting_candidates=1, youth_share=0.9), ()),
    ],
    ids=["defaults", "busy-with-campaigns", "no-targeting"],
)  # fmt: skip
def test_step_equals_the_reference(params: ModelParams, campaigns: tuple[Campaign, ...]) -> None:
    sc = tiny_scenario(params)
    pop = generate_population(sc, 7)
    assert pop.n_persons < 10_000
    rng = np.random.default_rng(3)
    for week in range(1, 5):
        rates = week_rates(params, campaigns, week)
        before = copy_population(pop)
        recorder = RecordingSource(rng)
        flows = step(pop, params, rates, recorder)
        replay = ReplaySource(recorder.records)
        expected = reference_step(before, params, rates, replay)
        assert replay.position == len(recorder.records)
        assert pop.skills.tolist() == expected["skills"]
        assert pop.traits.tolist() == expected["traits"]
        assert pop.household_flags.tolist() == expected["household_flags"]
        assert pop.member_active.tolist() == expected["member_active"]
        assert flows.visits.tolist() == expected["visits"]
        assert flows.persons_guided.tolist() == expected["persons_guided"]
        assert not np.array_equal(before.skills, pop.skills)  # something happened


def test_pack_and_unpack_are_inverse() -> None:
    rng = np.random.default_rng(0)
    levels = rng.integers(0, 5, (1000, 5))
    assert (unpack_levels(pack_levels(levels)) == levels).all()


def test_lookup_table_matches_a_plain_rule() -> None:
    lut = alone_lut()
    for code in (0, 0o33333, 0o44444, 0o34443, 0o23333, 0o44442, 7, 0o30000):
        assert int(lut[code]) == person_mask(code), oct(code)


def test_household_flags_follow_persons(tiny: Scenario) -> None:
    pop = generate_population(tiny, 1)
    flags = pop.household_flags.copy()
    refresh_household_flags(pop)
    assert (flags == pop.household_flags).all()
    starts = pop.household_start.astype(np.int64)
    for h in range(0, pop.n_households, 97):
        bits = 0
        for p in range(starts[h], starts[h + 1]):
            bits |= person_mask(int(pop.skills[p]))
        assert int(pop.household_flags[h]) & 0b111111 == bits


def test_measure_counts_add_up(tiny: Scenario) -> None:
    pop = generate_population(tiny, 2)
    counts = measure(pop)
    assert counts["households"].sum() == pop.n_households
    assert counts["persons"].sum() == pop.n_persons
    assert counts["members"].sum() == pop.n_members
    assert counts["teams"].sum() == pop.n_teams
    assert counts["households_assigned"].sum() == np.count_nonzero(pop.household_member >= 0)
    assert (counts["households_all_five"] <= counts["households_skill_1"]).all()


def test_campaigns_change_the_weeks_they_cover() -> None:
    params = ModelParams()
    push = Campaign("push", 3, 2, visit_factor=2.0, focus_skill=1, vneid_factor=2.0)
    assert week_rates(params, (push,), 2).door == params.door_visits_per_member_week
    assert week_rates(params, (push,), 3).door == 2 * params.door_visits_per_member_week
    assert week_rates(params, (push,), 4).focus == 0
    assert week_rates(params, (push,), 5).focus == -1
    drive = chip_id_drive(1, 1)
    assert week_rates(params, (drive,), 1).chip == 0.6


def test_indicators_equal_the_rollup_of_the_same_households(tiny: Scenario) -> None:
    """The model's household counts are the roll-up's, computed from residents' levels."""
    import cnscd_core.rollup as rollup
    from cnscd_core.scenarios import simulate
    from cnscd_core.scenarios._population import child_seed
    from cnscd_core.scenarios._runs import map_sequence, seed_sequence
    from cnscd_core.units import default_registry

    result = simulate(tiny.replace(weeks=2), seed=1)
    # The population of that run at week 0, rebuilt from the same seeds.
    pop = generate_population(tiny, child_seed(seed_sequence(1, 0), 0), structure=map_sequence(1))
    units = default_registry().current
    household_unit = np.repeat(pop.village_commune, np.diff(pop.village_start))
    levels = unpack_levels(pop.skills)
    offsets = pop.household_start[:-1].astype(np.int64)
    totals = rollup.national_rollup(
        units.parent_indices, units.levels, household_unit, pop.household_member,
        levels, offsets,
    )  # fmt: skip
    codes = [*(f"households_skill_{k + 1}" for k in range(5)), "households_all_five",
             "households", "households_assigned"]  # fmt: skip
    for position, code in enumerate(result.units.codes):
        index = units.index(code)
        for name in codes:
            assert result.values[0, result_code(name), position] == totals[name][index], name


def result_code(name: str) -> int:
    from cnscd_core.scenarios import CODES

    return CODES.index(name)
