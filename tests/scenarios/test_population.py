"""The synthetic population: layout and bytes per person, structure, presets, calibration."""

from __future__ import annotations

import numpy as np
import pytest

from cnscd_core.rollup import IndicatorValue, Period, Report, UnitReport
from cnscd_core.scenarios import (
    Scenario,
    ScenarioError,
    calibrate_from_report,
    generate_population,
    scenario,
    scenario_presets,
)
from cnscd_core.scenarios._model import household_rates
from cnscd_core.scenarios._population import PHONE_BIT


def test_bytes_per_person_at_most_12(tiny: Scenario) -> None:
    for sc in (tiny, scenario("national", scale=0.001), scenario("binh-duong", scale=0.02)):
        pop = generate_population(sc, 1)
        layout = pop.layout()
        assert layout["total"]["bytes"] == sum(a.nbytes for a in pop.state_arrays().values())
        assert pop.bytes_per_person() <= 12, layout
        # Per person 3 bytes, per household 10: the rest (villages, members) is small.
        assert pop.skills.nbytes + pop.traits.nbytes == 3 * pop.n_persons
        per_household = (
            pop.household_member.nbytes + pop.household_phones.nbytes
            + pop.household_flags.nbytes + pop.household_start.nbytes - 4
        )  # fmt: skip
        assert per_household == 10 * pop.n_households


def test_structure(tiny: Scenario) -> None:
    pop = generate_population(tiny, 3)
    sizes = pop.household_sizes()
    assert (sizes >= 1).all() and (sizes <= 15).all()
    assert abs(sizes.mean() - 3.5) < 0.1
    assert int(pop.household_start[-1]) == pop.n_persons
    assert (np.diff(pop.village_start) >= 1).all()
    assert (np.diff(pop.village_commune) >= 0).all()  # villages sorted by commune
    # Heads are adults; children do not have skills, phones or VNeID.
    bands = pop.age_bands()
    assert (bands[pop.household_start[:-1].astype(np.int64)] >= 2).all()
    child = bands == 0
    assert (pop.skills[child] == 0).all() and (pop.traits[child] & 0b0111_1000 == 0).all()
    # Phones per household are the persons' phones.
    owns = (pop.traits & PHONE_BIT) != 0
    per_house = np.add.reduceat(owns, pop.household_start[:-1].astype(np.intp))
    assert (per_house == pop.household_phones).all()
    # Members carry contiguous blocks inside their own village, within capacity.
    village_members = pop.member_village >= 0
    start = pop.member_block_start[village_members]
    end = start + pop.member_block_size[village_members]
    v = pop.member_village[village_members]
    assert (start >= pop.village_start[v]).all() and (end <= pop.village_start[v + 1]).all()
    member = pop.household_member
    assert ((member == -1) | (pop.member_village[member] >= 0)).all()


def test_same_seed_same_population_other_seed_other(tiny: Scenario) -> None:
    a, b, c = (generate_population(tiny, s) for s in (5, 5, 6))
    assert np.array_equal(a.skills, b.skills) and np.array_equal(a.traits, b.traits)
    assert np.array_equal(a.household_member, b.household_member)
    assert not np.array_equal(a.village_start, c.village_start) or not np.array_equal(
        a.skills, c.skills
    )


def test_smartphones_by_province() -> None:
    def adult_rate(sc: Scenario) -> float:
        pop = generate_population(sc, 1)
        adult = pop.age_bands() >= 1
        return float(((pop.traits & PHONE_BIT) != 0)[adult].mean())

    son_la = adult_rate(scenario("son-la", scale=0.05))
    tay_ninh = adult_rate(scenario("tay-ninh", scale=0.05))
    assert abs(son_la - 0.583) < 0.02
    assert abs(tay_ninh - 0.735) < 0.02


def test_team_rules_of_the_presets() -> None:
    presets = scenario_presets()
    assert {"national", "son-la", "binh-duong", "tay-ninh", "thanh-hoa"} <= set(presets)
    bd = presets["binh-duong"]
    assert bd.households_per_member == 220 and bd.min_members == 3 and bd.legacy_provinces
    pop = generate_population(scenario("binh-duong", scale=0.1), 1)
    village_members = np.bincount(pop.member_team[pop.member_village >= 0])
    assert (village_members >= 3).all()
    assert (pop.member_block_size <= 220).all()
    pop = generate_population(scenario("son-la", scale=0.1), 1)
    sizes = np.bincount(pop.member_team[pop.member_village >= 0])
    assert (sizes >= 4).all() and (sizes <= 9).all()
    assert abs(sizes.mean() - 14_088 / 2_886) < 0.3


def test_unknown_preset_and_parameter() -> None:
    with pytest.raises(ScenarioError):
        scenario("atlantis")
    with pytest.raises(ScenarioError):
        scenario("son-la", door_visits=3)
    with pytest.raises(ScenarioError):
        scenario("son-la", scale=0.0)


def _report(households: int, rates: list[float], all_five: float) -> Report:
    values = {
        "households": IndicatorValue(households),
        "villages": IndicatorValue(400),
        "teams": IndicatorValue(380),
        "members": IndicatorValue(1_900),
        "villages_with_team": IndicatorValue(360),
        "households_per_member": IndicatorValue(households / 1_900, households, 1_900),
        "households_all_five_rate": IndicatorValue(all_five, all_five * households, households),
    }
    for k, rate in enumerate(rates, start=1):
        values[f"households_skill_{k}"] = IndicatorValue(round(rate * households))
    root = UnitReport("14", "Tỉnh Sơn La", "province", values)
    return Report(root=root, period=Period.parse("2026-Q1"))


def test_calibrate_from_report() -> None:
    base = scenario("son-la").preset
    report = _report(120_000, [0.6, 0.55, 0.7, 0.4, 0.35], 0.25)
    preset = calibrate_from_report(report, base, sample_households=4_000)
    assert preset.households == 120_000 and preset.villages == 400
    assert preset.members_per_village_team == pytest.approx(1_900 / 380)
    assert preset.village_team_share == pytest.approx(0.9)
    pop = generate_population(Scenario(preset=preset, scale=0.2, detail="root"), 11)
    rates, five = household_rates(pop)
    assert np.allclose(rates, [0.6, 0.55, 0.7, 0.4, 0.35], atol=0.04)
    assert abs(five - 0.25) < 0.04
    assert calibrate_from_report(report, sample_households=2_000).code == "son-la"


def test_any_province_code_is_a_preset() -> None:
    sc = scenario("42", scale=0.01)
    assert sc.preset.provinces == ("42",) and sc.preset.team_rules == "national"
    assert scenario("14").preset.code == "son-la"  # a province with a profile keeps it
    pop = generate_population(sc, 1)
    assert pop.n_households > 0


def test_every_parameter_is_documented() -> None:
    from pathlib import Path

    import attrs

    from cnscd_core.scenarios import PARAMETER_SOURCES, ModelParams

    docs = (Path(__file__).parents[2] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    for field in attrs.fields(ModelParams):
        assert field.name in PARAMETER_SOURCES, field.name
        assert f"`{field.name}`" in docs, field.name
