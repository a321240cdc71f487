"""The vectorised weekly step against a plain-Python reference fed the same random draws."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from cnscd_core.scenarios import Campaign, ModelParams, Scenario, _model, chip_id_drive, scenario
from cnscd_core.scenarios._model import (
    GeneratorSource,
    RecordingSource,
    ReplaySource,
    alone_lut,
    measure,
    refresh_household_flags,
    set_threads,
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


CAMPAIGNS = (
    Campaign("focus", 1, 2, visit_factor=2.0, focus_skill=4, learn_factor=1.5),
    chip_id_drive(2, 2),
)


@pytest.fixture
def chunks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``(chunk, threads)``: the step's arrays cut into chunks of ``chunk`` events (None: the
    default, one chunk at these sizes), handled by ``threads`` threads."""
    chunk, threads = request.param
    if chunk is not None:
        monkeypatch.setattr(_model, "CHUNK", chunk)
        monkeypatch.setattr(_model, "_FILL", chunk)
    set_threads(threads)
    yield
    set_threads()


@pytest.mark.parametrize(
    ("params", "campaigns"),
    [
        (ModelParams(), ()),
        (BUSY, CAMPAIGNS),
        (BUSY.replace(targeting_candidates=1, youth_share=0.9), ()),
        (ModelParams().replace(zalo_posts_per_member_week=0.0, desk_sessions_per_member_week=0.0,
                               vneid_per_contact=0.0, chip_id_per_contact=0.0, practice=0.0,
                               attrition_per_year=0.0, vacancy_weeks=0.0), ()),
    ],
    ids=["defaults", "busy-with-campaigns", "no-targeting", "processes-off"],
)  # fmt: skip
@pytest.mark.parametrize(
    "chunks", [(None, 1), (64, 1), (64, 3)], ids=["one-chunk", "chunks", "threads"], indirect=True
)
def test_step_equals_the_reference(
    params: ModelParams, campaigns: tuple[Campaign, ...], chunks: None
) -> None:
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


def run_weeks(pop_seed: int, weeks: int, chunk: int | None, threads: int) -> list[np.ndarray]:
    """The state and flows after ``weeks`` busy weeks, cut into chunks of ``chunk``."""
    default_chunk, default_fill = _model.CHUNK, _model._FILL
    try:
        if chunk is not None:
            _model.CHUNK = _model._FILL = chunk
        set_threads(threads)
        pop = generate_population(tiny_scenario(BUSY), pop_seed)
        source = GeneratorSource(np.random.default_rng(11))
        out: list[np.ndarray] = []
        for week in range(1, weeks + 1):
            flows = step(pop, BUSY, week_rates(BUSY, CAMPAIGNS, week), source)
            out += [flows.visits, flows.persons_guided]
        out += [pop.skills, pop.traits, pop.household_flags, pop.member_active]
        out.append(source.rng.random(3))  # the generator ends in the same state
        return out
    finally:
        _model.CHUNK, _model._FILL = default_chunk, default_fill
        set_threads()


def test_chunks_and_threads_do_not_change_the_result() -> None:
    expected = run_weeks(5, 4, None, 1)
    for chunk, threads in ((50, 1), (50, 2), (7, 4)):
        found = run_weeks(5, 4, chunk, threads)
        for a, b in zip(expected, found, strict=True):
            assert np.array_equal(a, b), (chunk, threads)


def test_household_flags_are_kept_up_to_date() -> None:
    """The step updates only the households whose persons changed: the same as recomputing."""
    pop = generate_population(tiny_scenario(BUSY), 4)
    source = GeneratorSource(np.random.default_rng(2))
    for week in range(1, 7):
        step(pop, BUSY, week_rates(BUSY, (), week), source)
        full = copy_population(pop)
        refresh_household_flags(full)
        assert np.array_equal(full.household_flags, pop.household_flags), week


def test_skipped_and_parallel_numbers_are_those_drawn() -> None:
    default_fill = _model._FILL
    try:
        _model._FILL = 1000
        for threads in (1, 2, 3):
            set_threads(threads)
            source = GeneratorSource(np.random.default_rng(7))
            plain = np.random.default_rng(7)
            assert np.array_equal(source.random(10_001), plain.random(10_001))
            source.skip(1234)
            plain.random(1234)
            assert np.array_equal(source.poisson(np.full(50, 3.0)), plain.poisson(np.full(50, 3.0)))
            assert np.array_equal(source.random(5_000), plain.random(5_000))
    finally:
        _model._FILL = default_fill
        set_threads()


def test_household_of_every_person() -> None:
    for sc, seed in ((tiny_scenario(ModelParams()), 1), (scenario("national", scale=0.001), 2)):
        pop = generate_population(sc, seed)
        persons = np.arange(pop.n_persons, dtype=np.int64)
        expected = np.searchsorted(pop.household_start, persons, side="right") - 1
        assert np.array_equal(pop.household_of(persons), expected)
        some = persons[:: max(1, pop.n_persons // 50)][:64]  # a few: found by a search
        assert np.array_equal(pop.household_of(some), expected[some])
        assert pop.household_bits.shape[0] == (pop.n_persons + 63) // 64


def test_popcount_without_numpy_2(monkeypatch: pytest.MonkeyPatch) -> None:
    from cnscd_core.scenarios._population import _popcount

    words = np.random.default_rng(0).integers(0, 2**64 - 1, 1000, dtype=np.uint64, endpoint=True)
    expected = [bin(int(w)).count("1") for w in words]
    assert _popcount(words).tolist() == expected
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    assert _popcount(words).tolist() == expected


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


def test_cnscd_threads_is_read_and_a_bad_value_is_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CNSCD_THREADS", "3")
    assert _model._default_threads() == 3
    monkeypatch.setenv("CNSCD_THREADS", "hai")
    assert 1 <= _model._default_threads() <= 8
    err = capsys.readouterr().err
    assert "CNSCD_THREADS" in err and "'hai'" in err
