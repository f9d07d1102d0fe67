"""A council's transitions.csv (witan.send's shape): reading, the setting map, calibration from it."""

import numpy as np
import pytest

from projections.demand import GROUP_KEYS, project
from projections.demand_transitions import (
    AGE_OFFSET,
    TransitionsError,
    calibrate_transitions,
    default_group,
    observe,
    read_population_csv,
    read_transitions,
    settings_in,
    unmapped,
)
from tests.projections.transitions_world import HEADER, population_csv, transitions_csv


def _mapping(codes):
    return {code: default_group(code) for code in codes}


def test_it_reads_witan_sends_columns_and_codes():
    rows = read_transitions(transitions_csv())
    assert {r.year for r in rows} == {2019, 2020, 2021, 2022, 2023}
    assert settings_in(rows) == ["FEC", "ISSR", "MMSIB", "MSSIB", "MU"]
    assert any(r.setting_1 == "NONSEND" for r in rows) and any(r.setting_2 == "NONSEND" for r in rows)


@pytest.mark.parametrize(
    "code, group",
    [
        ("MSSIB", "special"),
        ("MSSOB", "special"),
        ("NMSS", "independent"),
        ("NMSSR", "independent"),
        ("ISSR", "independent"),
        ("MMSIB", "mainstream"),
        ("IMS", "mainstream"),
        ("MU", "resourced"),
        ("MUOB", "resourced"),
        ("MAP", "ap"),
        ("FEC", "post16"),
        ("EO", "other"),
        ("XYZ", ""),
    ],
)
def test_its_default_groups_follow_witan_sends_usual_codes(code, group):
    assert default_group(code) == group


@pytest.mark.parametrize(
    "text, words",
    [
        (HEADER + ",school\n2020,MMSIB,CI,5,MMSIB,CI,6,x\n", "unknown columns: school"),
        ("calendar-year,setting-1\n2020,MMSIB\n", "missing columns: need-1, academic-year-1"),
        (HEADER + "\n20x0,MMSIB,CI,5,MMSIB,CI,6\n", "line 2: calendar-year “20x0” is not a year"),
        (
            HEADER + "\n2020,MMSIB,CI,30,MMSIB,CI,31\n",
            "academic-year-1 “30” is not a national curriculum year",
        ),
        (HEADER + "\n2020,NONSEND,NONSEND,5,NONSEND,NONSEND,6\n", "NONSEND on both sides"),
        (
            HEADER + "\n2019,MMSIB,CI,5,MMSIB,CI,6\n2021,MMSIB,CI,6,MMSIB,CI,7\n",
            "no transitions for 2020 (the years run 2019–2021)",
        ),
        (HEADER + "\n", "no transitions in the file"),
    ],
)
def test_it_refuses_a_bad_file_naming_what_is_wrong(text, words):
    with pytest.raises(TransitionsError, match=words.replace("(", r"\(").replace(")", r"\)")):
        read_transitions(text.encode())


def test_it_lists_every_setting_without_a_group():
    rows = read_transitions(HEADER.encode() + b"\n2020,MMSIB,CI,5,ABC,CI,6\n2020,XY,CI,5,MMSIB,CI,6\n")
    mapping = _mapping(settings_in(rows))
    assert unmapped(rows, mapping) == ["ABC", "XY"]
    with pytest.raises(TransitionsError, match="settings without a placement group: ABC, XY"):
        observe(rows, mapping)


def test_age_is_the_national_curriculum_year_plus_4():
    """Reception (NCY 0) is 4 on the 31 August before the census, as SEN2 counts ages."""
    rows = read_transitions(
        HEADER.encode() + b"\n2020,MMSIB,CI,0,MMSIB,CI,1\n2020,NONSEND,NONSEND,-1,MU,CI,0\n"
    )
    seen = observe(rows, _mapping(settings_in(rows)))
    assert AGE_OFFSET == 4
    assert seen.start[2020][4, GROUP_KEYS.index("mainstream")] == 1
    assert seen.end[2020][5, GROUP_KEYS.index("mainstream")] == 1
    assert seen.joiners[2020][4, GROUP_KEYS.index("resourced")] == 1


def test_its_observed_flows_balance_every_year():
    rows = read_transitions(transitions_csv())
    seen = observe(rows, _mapping(settings_in(rows)))
    for y in seen.years:
        assert seen.end[y].sum() == seen.start[y].sum() - seen.leavers[y].sum() + seen.joiners[y].sum()
        if y + 1 in seen.start:
            assert np.array_equal(seen.end[y], seen.start[y + 1])


def test_it_calibrates_from_observed_transitions_and_says_so():
    rows = read_transitions(transitions_csv())
    seen = observe(rows, _mapping(settings_in(rows)))
    fit = calibrate_transitions(seen)
    assert fit.source == f"calibrated from observed transitions ({len(rows):,} transitions, years 2019–2023)"
    assert fit.origin == 2024 and fit.years_used == [2021, 2022, 2023]
    assert fit.stock.sum() == seen.end[2023].sum()
    joiners = sum(seen.joiners[y].sum() for y in fit.years_used)
    exposure = sum(seen.start[y].sum() for y in fit.years_used)
    assert fit.rates.joiner_rate == pytest.approx(joiners / exposure)
    assert fit.rates.migration_rate == 0
    # After year 11 (age 15), the made-up council sends everyone to further education: the movers say so.
    assert fit.rates.movers[11 + AGE_OFFSET, GROUP_KEYS.index("mainstream"), GROUP_KEYS.index("post16")] == 1
    path = project(stock=fit.stock, rates=fit.rates, start_year=fit.origin, years=5)
    assert path.totals()[0] == fit.stock.sum()


def test_with_population_csv_joiners_are_per_head_of_each_age():
    rows = read_transitions(transitions_csv())
    people = read_population_csv(population_csv())
    assert set(people) == set(range(2019, 2036))
    assert people[2020].tolist() == [1000.0] * 26  # NCY −4 … 21 → ages 0 … 25; −5 and 22–25 left out
    fit = calibrate_transitions(observe(rows, _mapping(settings_in(rows))), population=people)
    assert fit.per_head
    doubled = {y: 2 * v if y >= 2024 else v for y, v in people.items()}
    again = calibrate_transitions(observe(rows, _mapping(settings_in(rows))), population=doubled)
    one = project(
        stock=fit.stock, rates=fit.rates, start_year=2024, years=3, population=fit.population_for(3)
    )
    two = project(
        stock=again.stock, rates=again.rates, start_year=2024, years=3, population=again.population_for(3)
    )
    assert two.joiners.sum() == pytest.approx(2 * one.joiners.sum())


def test_it_refuses_a_population_file_with_a_bad_row():
    with pytest.raises(TransitionsError, match="line 2: needs a calendar-year"):
        read_population_csv(b"calendar-year,academic-year,population\n2020,x,100\n")
