"""The pure projection engine: hand-worked examples, properties, validation. No database, no Django."""

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.engine import (
    COLUMNS,
    PROVISION_TYPES,
    ExpenditureLine,
    ProjectionInput,
    WorkstreamSaving,
    financial_years,
    last_year_deficit_by_success_rate,
    parse_financial_year,
    project,
    project_many,
    round_pounds,
)

D = Decimal


def series(frame: pd.DataFrame, column: str, *, scenario: str = "unmitigated", bound: str = "single") -> list:
    rows = frame[(frame["scenario"] == scenario) & (frame["bound"] == bound)]
    return [int(value) for value in rows[column]]


def special_schools_plan(**changes) -> ProjectionInput:
    """100 places at £10,000, +10% places and +5% unit cost a year; funding £1m, +2%; opening £600k."""
    values = {
        "first_year": "2024-25",
        "years": 3,
        "opening_deficit": D(600_000),
        "funding": D(1_000_000),
        "funding_growth": D("0.02"),
        "lines": {"special_schools": ExpenditureLine(D(100), D(10_000), D("0.10"), D("0.05"))},
    }
    return ProjectionInput(**(values | changes))


# --- hand-worked examples -------------------------------------------------------------------------------


def test_it_projects_one_line_by_hand():
    frame = project(special_schools_plan())
    # places:    100,  100 x 1.1 = 110,  110 x 1.1 = 121
    # unit cost: 10,000,  x 1.05 = 10,500,  x 1.05 = 11,025
    # spend:     1,000,000,  110 x 10,500 = 1,155,000,  121 x 11,025 = 1,334,025
    # funding:   1,000,000,  x 1.02 = 1,020,000,  x 1.02 = 1,040,400
    # in-year:   0,  135,000,  293,625
    # cumulative from 600,000: 600,000,  735,000,  1,028,625
    assert list(frame["year"].unique()) == ["2024-25", "2025-26", "2026-27"]
    assert series(frame, "spend") == [1_000_000, 1_155_000, 1_334_025]
    assert series(frame, "funding") == [1_000_000, 1_020_000, 1_040_400]
    assert series(frame, "in_year_deficit") == [0, 135_000, 293_625]
    assert series(frame, "cumulative_deficit") == [600_000, 735_000, 1_028_625]
    # no savings: the mitigated scenarios are the unmitigated one
    for scenario in ("target", "stretch"):
        assert series(frame, "cumulative_deficit", scenario=scenario) == [600_000, 735_000, 1_028_625]
    assert set(frame["bound"]) == {"single"}
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 3 * 3


def test_it_applies_savings_times_the_success_rate_by_hand():
    savings = [
        WorkstreamSaving("Resource provision", "2025-26", target=D(40_000), stretch=D(60_000)),
        WorkstreamSaving("Resource provision", "2026-27", target=D(100_000), stretch=D(120_000)),
        WorkstreamSaving("Inclusion framework", "2026-27", target=D(20_000), stretch=D(40_000)),
        WorkstreamSaving("Resource provision", "2029-30", target=D(500_000), stretch=D(500_000)),  # after
        WorkstreamSaving("Inclusion framework", "2023-24", target=D(500_000), stretch=D(500_000)),  # before
    ]
    frame = project(special_schools_plan(savings=savings))  # default success rate 75%
    # unmitigated spend (first example): 1,000,000; 1,155,000; 1,334,025
    # funding (first example):           1,000,000; 1,020,000; 1,040,400
    # target savings:  0;  40,000 x 0.75 = 30,000;  (100,000 + 20,000) x 0.75 = 90,000
    # target spend:    1,000,000;  1,125,000;  1,244,025
    # target in-year:  0;  105,000;  203,625  -> cumulative 600,000; 705,000; 908,625
    assert series(frame, "savings", scenario="target") == [0, 30_000, 90_000]
    assert series(frame, "spend", scenario="target") == [1_000_000, 1_125_000, 1_244_025]
    assert series(frame, "in_year_deficit", scenario="target") == [0, 105_000, 203_625]
    assert series(frame, "cumulative_deficit", scenario="target") == [600_000, 705_000, 908_625]
    # stretch savings: 0;  60,000 x 0.75 = 45,000;  (120,000 + 40,000) x 0.75 = 120,000
    # stretch spend:   1,000,000;  1,110,000;  1,214,025 -> in-year 0; 90,000; 173,625
    # cumulative:      600,000;  690,000;  863,625
    assert series(frame, "savings", scenario="stretch") == [0, 45_000, 120_000]
    assert series(frame, "cumulative_deficit", scenario="stretch") == [600_000, 690_000, 863_625]
    assert series(frame, "savings") == [0, 0, 0]
    assert series(frame, "cumulative_deficit") == [600_000, 735_000, 1_028_625]


def test_it_adds_the_schools_block_transfer_to_funding_by_hand():
    plan = ProjectionInput(
        first_year="2023-24",
        years=3,
        opening_deficit=D(-200_000),  # a surplus to start with
        funding=D(2_000_000),
        funding_growth=D("0.03"),
        transfers={"2024-25": D(150_000), "2025-26": D(100_000), "2027-28": D(999_999)},  # last is ignored
        lines={
            "mainstream_top_ups": ExpenditureLine(D(250), D(6_000), places_growth=D("0.08")),
            "inmss": ExpenditureLine(D(20), D(50_000), unit_cost_growth=D("0.04")),
        },
    )
    frame = project(plan)
    # funding:  2,000,000;  2,000,000 x 1.03 + 150,000 = 2,210,000;  2,000,000 x 1.03^2 + 100,000 = 2,221,800
    # top-ups:  250 x 6,000 = 1,500,000;  270 x 6,000 = 1,620,000;  291.6 x 6,000 = 1,749,600
    # INMSS:    20 x 50,000 = 1,000,000;  20 x 52,000 = 1,040,000;  20 x 54,080 = 1,081,600
    # spend:    2,500,000;  2,660,000;  2,831,200
    # in-year:  500,000;  450,000;  609,400
    # cumulative from -200,000:  300,000;  750,000;  1,359,400
    assert list(frame["year"].unique()) == ["2023-24", "2024-25", "2025-26"]
    assert series(frame, "funding") == [2_000_000, 2_210_000, 2_221_800]
    assert series(frame, "spend") == [2_500_000, 2_660_000, 2_831_200]
    assert series(frame, "in_year_deficit") == [500_000, 450_000, 609_400]
    assert series(frame, "cumulative_deficit") == [300_000, 750_000, 1_359_400]


def test_it_projects_upper_and_lower_bounds_by_hand():
    frame = project(special_schools_plan(bounds={"upper": D("0.02"), "lower": D("-0.02")}))
    # upper: places +12%, unit cost +7%:  100 x 10,000;  112 x 10,700 = 1,198,400;
    #        125.44 x 11,449 = 1,436,162.56 -> 1,436,163
    #        in-year 0; 178,400; 395,763 -> cumulative 600,000; 778,400; 1,174,163
    # lower: places +8%, unit cost +3%:   100 x 10,000;  108 x 10,300 = 1,112,400;
    #        116.64 x 10,609 = 1,237,433.76 -> 1,237,434
    #        in-year 0; 92,400; 197,034 -> cumulative 600,000; 692,400; 889,434
    assert series(frame, "spend", bound="upper") == [1_000_000, 1_198_400, 1_436_163]
    assert series(frame, "cumulative_deficit", bound="upper") == [600_000, 778_400, 1_174_163]
    assert series(frame, "spend", bound="lower") == [1_000_000, 1_112_400, 1_237_434]
    assert series(frame, "cumulative_deficit", bound="lower") == [600_000, 692_400, 889_434]
    # The central case stays beside the bounds, the same as the plan without bounds (issue 21).
    assert list(frame["bound"].unique()) == ["single", "upper", "lower"]
    assert len(frame) == 3 * 3 * 3
    central = frame[frame["bound"] == "single"].drop(columns="bound").reset_index(drop=True)
    alone = project(special_schools_plan()).drop(columns="bound")
    assert central.equals(alone)


def test_it_rounds_halves_away_from_zero():
    plan = ProjectionInput(
        first_year="2024-25",
        years=1,
        opening_deficit=D("0.50"),  # -> 1
        funding=D(0),
        lines={"alternative_provision": ExpenditureLine(D(5), D("0.50"))},  # 2.5 -> 3 (bankers would say 2)
        savings=[WorkstreamSaving("Investment", "2024-25", target=D(5), stretch=D(-5))],
        success_rate=D("0.5"),  # target 2.5 -> 3, stretch -2.5 -> -3
    )
    frame = project(plan)
    assert series(frame, "spend") == [3]
    assert series(frame, "savings", scenario="target") == [3]
    assert series(frame, "spend", scenario="target") == [0]
    assert series(frame, "savings", scenario="stretch") == [-3]
    assert series(frame, "spend", scenario="stretch") == [6]
    assert series(frame, "cumulative_deficit") == [1 + 3]
    assert round_pounds(np.array([0.5, 1.5, 2.5, -0.5, -2.5, 2.49])).tolist() == [1, 2, 3, -1, -3, 2]


def test_it_gives_the_last_year_deficit_for_each_success_rate():
    savings = [
        WorkstreamSaving("Resource provision", "2025-26", target=D(40_000), stretch=D(60_000)),
        WorkstreamSaving("Resource provision", "2026-27", target=D(120_000), stretch=D(160_000)),
    ]
    # unmitigated 2026-27 cumulative 1,028,625 (first example) less r x (40,000 + 120,000)
    result = last_year_deficit_by_success_rate(special_schools_plan(savings=savings))
    assert result == {D(0): 1_028_625, D("0.5"): 948_625, D("0.75"): 908_625, D(1): 868_625}
    assert all(type(value) is int for value in result.values())


def test_it_gives_the_sensitivity_for_a_named_bound():
    plan = special_schools_plan(bounds={"upper": D("0.02"), "lower": D("-0.02")})
    assert last_year_deficit_by_success_rate(plan, [1], bound="upper") == {D(1): 1_174_163}
    # Unnamed, the bound is the central case, which a plan with bounds keeps.
    assert last_year_deficit_by_success_rate(plan, [0]) == last_year_deficit_by_success_rate(
        special_schools_plan(), [0]
    )
    with pytest.raises(ValueError, match="bound"):
        last_year_deficit_by_success_rate(plan, [1], bound="middle")
    with pytest.raises(ValueError, match="rates"):
        last_year_deficit_by_success_rate(special_schools_plan(), [1.5])


def test_it_keys_plans_by_mapping_key_and_mixes_lengths_and_bounds():
    plans = {
        "rutland": special_schools_plan(),
        "warwickshire": special_schools_plan(first_year="2022-23", years=5, bounds={"upper": D("0.01")}),
    }
    frame = project_many(plans)
    assert list(frame.columns) == ["plan", *COLUMNS]
    assert frame.groupby("plan").size().to_dict() == {"rutland": 9, "warwickshire": 30}
    warwickshire = frame[frame["plan"] == "warwickshire"]
    assert set(warwickshire["bound"]) == {"single", "upper"}
    assert list(warwickshire["year"].unique()) == financial_years("2022-23", 5)


def test_it_gives_python_ints_in_records_and_int64_columns():
    frame = project(special_schools_plan())
    for column in ("funding", "spend", "savings", "in_year_deficit", "cumulative_deficit"):
        assert frame[column].dtype == np.int64
    record = frame.to_dict("records")[-1]
    assert type(record["cumulative_deficit"]) is int
    assert record["year"] == "2026-27"


def test_it_gives_an_empty_frame_for_no_plans():
    frame = project_many([])
    assert frame.empty
    assert list(frame.columns) == ["plan", *COLUMNS]


# --- financial years ----------------------------------------------------------------------------------


def test_it_lists_financial_years():
    assert financial_years("2024-25", 3) == ["2024-25", "2025-26", "2026-27"]
    assert financial_years("1999-00", 2) == ["1999-00", "2000-01"]
    assert parse_financial_year("2024-25") == 2024


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-26", "April to March.*'2024-25'"),
        ("24-25", "not written like '2024-25'"),
        ("2024/25", "not written like '2024-25'"),
        ("2024-2025", "not written like '2024-25'"),
        (" 2024-25", "not written like '2024-25'"),
        ("", "not written like '2024-25'"),
        (2024, "must be text"),
    ],
)
def test_it_refuses_a_badly_written_financial_year(text, message):
    with pytest.raises(ValueError, match=message):
        parse_financial_year(text)


def test_it_refuses_a_negative_number_of_years():
    with pytest.raises(ValueError, match="number of years"):
        financial_years("2024-25", -1)


# --- validation names the field -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"first_year": "2024-26"}, "first_year"),
        ({"years": 0}, "years"),
        ({"years": 31}, "years"),
        ({"years": 2.5}, "years"),
        ({"funding": D(-1)}, "funding"),
        ({"funding": 1_000_000.0}, "funding"),
        ({"opening_deficit": D("NaN")}, "opening_deficit"),
        ({"funding_growth": D("1.5")}, "funding_growth"),
        ({"success_rate": D("1.01")}, "success_rate"),
        ({"success_rate": D("-0.1")}, "success_rate"),
        ({"lines": {"nursery": ExpenditureLine(D(1), D(1))}}, "lines"),
        ({"transfers": {"2025/26": D(1)}}, r"transfers\['2025/26'\]"),
        ({"bounds": {"middle": D("0.01")}}, "bounds"),
        ({"bounds": {"upper": D("-0.02"), "lower": D("0.02")}}, "bounds"),
        ({"bounds": {"upper": D("2")}}, r"bounds\['upper'\]"),
        (
            {
                "lines": {"post16": ExpenditureLine(D(1), D(1), places_growth=D("-0.99"))},
                "bounds": {"lower": D("-0.02")},
            },
            r"bounds\['lower'\].*post16 places_growth",
        ),
        (
            {
                "savings": [
                    WorkstreamSaving("Inclusion", "2025-26", D(1), D(1)),
                    WorkstreamSaving("Inclusion", "2025-26", D(2), D(2)),
                ]
            },
            "savings",
        ),
    ],
)
def test_it_names_the_field_of_a_bad_projection_input(changes, field):
    with pytest.raises(ValueError, match=f"^{field}"):
        special_schools_plan(**changes)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"places": D(-1), "unit_cost": D(1)}, "places"),
        ({"places": D(1), "unit_cost": D(-1)}, "unit_cost"),
        ({"places": D(1), "unit_cost": D(1), "places_growth": D("-1.01")}, "places_growth"),
        ({"places": D(1), "unit_cost": D(1), "unit_cost_growth": D("1.2")}, "unit_cost_growth"),
        ({"places": 0.5, "unit_cost": D(1)}, "places"),
    ],
)
def test_it_names_the_field_of_a_bad_expenditure_line(arguments, field):
    with pytest.raises(ValueError, match=f"^{field}"):
        ExpenditureLine(**arguments)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"workstream": "", "year": "2024-25", "target": D(1), "stretch": D(1)}, "workstream"),
        ({"workstream": "AP", "year": "24-25", "target": D(1), "stretch": D(1)}, "year"),
        ({"workstream": "AP", "year": "2024-25", "target": "lots", "stretch": D(1)}, "target"),
        ({"workstream": "AP", "year": "2024-25", "target": D(1), "stretch": D("Infinity")}, "stretch"),
    ],
)
def test_it_names_the_field_of_a_bad_saving(arguments, field):
    with pytest.raises(ValueError, match=f"^{field}"):
        WorkstreamSaving(**arguments)


def test_it_refuses_a_projection_that_runs_away():
    plan = special_schools_plan(
        years=30,
        lines={"inmss": ExpenditureLine(D(10**6), D(10**6), D(1), D(1))},
    )
    with pytest.raises(ValueError, match="plan 0: projected spend"):
        project(plan)


# --- properties -----------------------------------------------------------------------------------------

rates = st.decimals(min_value=D("-0.2"), max_value=D("0.3"), places=3)
pounds = st.decimals(min_value=0, max_value=10_000_000, places=2)


def lines_strategy(growth=rates):
    line = st.builds(
        ExpenditureLine,
        places=st.decimals(min_value=0, max_value=5_000, places=1),
        unit_cost=st.decimals(min_value=0, max_value=100_000, places=2),
        places_growth=growth,
        unit_cost_growth=growth,
    )
    return st.dictionaries(st.sampled_from(list(PROVISION_TYPES)), line, max_size=6)


@st.composite
def bounds_strategy(draw):
    kind = draw(st.sampled_from(["none", "both", "upper", "lower"]))
    low, high = sorted(draw(st.lists(st.decimals(D("-0.1"), D("0.1"), places=3), min_size=2, max_size=2)))
    return {
        "none": {},
        "both": {"upper": high, "lower": low},
        "upper": {"upper": high},
        "lower": {"lower": low},
    }[kind]


@st.composite
def plans(draw, *, saving=st.decimals(min_value=-100_000, max_value=2_000_000, places=2), with_bounds=True):
    start = draw(st.integers(2018, 2030))
    years = draw(st.integers(1, 12))
    year = st.integers(start - 2, start + years + 2).map(lambda y: f"{y}-{(y + 1) % 100:02d}")
    keyed = draw(
        st.dictionaries(st.tuples(st.sampled_from(["RP", "IF", "WD", "DI"]), year), st.tuples(saving, saving))
    )
    return ProjectionInput(
        first_year=f"{start}-{(start + 1) % 100:02d}",
        years=years,
        opening_deficit=draw(st.decimals(min_value=-50_000_000, max_value=500_000_000, places=2)),
        funding=draw(st.decimals(min_value=0, max_value=200_000_000, places=2)),
        funding_growth=draw(rates),
        transfers=draw(st.dictionaries(year, st.decimals(-1_000_000, 5_000_000, places=2), max_size=4)),
        lines=draw(lines_strategy()),
        savings=[WorkstreamSaving(ws, y, target, stretch) for (ws, y), (target, stretch) in keyed.items()],
        success_rate=draw(st.decimals(min_value=0, max_value=1, places=2)),
        bounds=draw(bounds_strategy()) if with_bounds else {},
    )


def whole_pounds(amount: Decimal) -> int:
    return int(amount.quantize(D(1), rounding=ROUND_HALF_UP))


@settings(deadline=None)
@given(plans(saving=pounds))
def test_it_never_lets_mitigation_raise_the_deficit_when_savings_are_positive(plan):
    frame = project(plan)
    for bound in plan.bound_names:
        unmitigated = frame[(frame["bound"] == bound) & (frame["scenario"] == "unmitigated")]
        for scenario in ("target", "stretch"):
            mitigated = frame[(frame["bound"] == bound) & (frame["scenario"] == scenario)]
            for column in ("in_year_deficit", "cumulative_deficit", "spend"):
                assert (mitigated[column].to_numpy() <= unmitigated[column].to_numpy()).all()


@settings(deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(list(PROVISION_TYPES)),
        st.tuples(st.integers(0, 5_000), st.integers(0, 100_000)),
        max_size=6,
    ),
    st.integers(-(10**9), 10**9),
    st.integers(1, 30),
    st.booleans(),
)
def test_it_keeps_a_balanced_budget_at_the_opening_deficit(line_sizes, opening, years, with_flat_bounds):
    # Whole places at whole-pound costs: every product and sum is exact in float64, so "balanced" is exact.
    lines = {key: ExpenditureLine(D(places), D(cost)) for key, (places, cost) in line_sizes.items()}
    plan = ProjectionInput(
        first_year="2024-25",
        years=years,
        opening_deficit=D(opening),
        funding=D(sum(places * cost for places, cost in line_sizes.values())),
        lines=lines,
        bounds={"upper": D(0), "lower": D(0)} if with_flat_bounds else {},
    )
    frame = project(plan)
    assert (frame["in_year_deficit"] == 0).all()
    assert (frame["cumulative_deficit"] == opening).all()


@settings(deadline=None)
@given(plans())
def test_it_makes_cumulative_the_opening_plus_the_running_sum_of_in_year(plan):
    frame = project(plan)
    assert (frame["in_year_deficit"] == frame["spend"] - frame["funding"]).all()
    for (_, _), rows in frame.groupby(["scenario", "bound"], sort=False):
        running = whole_pounds(plan.opening_deficit) + rows["in_year_deficit"].cumsum()
        assert rows["cumulative_deficit"].tolist() == running.tolist()
        assert rows["year"].tolist() == plan.year_labels


@settings(deadline=None)
@given(plans(with_bounds=False), st.decimals(min_value=0, max_value=1, places=4))
def test_it_scales_savings_linearly_with_the_success_rate(plan, rate):
    # Each year's savings are rounded once at rate r and once at rate 1, each by at most 50p; so
    # |round(r S) - r round(S)| <= 0.5 + 0.5 r <= £1 per year.
    at_rate = project(replace(plan, success_rate=rate))
    at_one = project(replace(plan, success_rate=D(1)))
    for scenario in ("target", "stretch"):
        scaled = series(at_rate, "savings", scenario=scenario)
        full = series(at_one, "savings", scenario=scenario)
        for saved, saved_at_one in zip(scaled, full, strict=True):
            assert abs(D(saved) - rate * D(saved_at_one)) <= 1


@settings(deadline=None)
@given(plans(with_bounds=False), lines_strategy(), st.decimals(D("-0.1"), D("0.1"), places=3), st.data())
def test_it_keeps_the_upper_bound_at_or_above_the_lower(plan, lines, low, data):
    high = data.draw(st.decimals(low, D("0.1"), places=3))
    bounded = project(replace(plan, lines=lines, bounds={"upper": high, "lower": low}))
    for scenario in ("unmitigated", "target", "stretch"):
        for column in ("spend", "in_year_deficit", "cumulative_deficit"):
            upper = series(bounded, column, scenario=scenario, bound="upper")
            lower = series(bounded, column, scenario=scenario, bound="lower")
            assert all(u >= lo for u, lo in zip(upper, lower, strict=True))


@settings(deadline=None, max_examples=50)
@given(st.lists(plans(), max_size=5))
def test_it_projects_many_plans_as_it_projects_each(many):
    together = project_many(many)
    assert together["plan"].tolist() == [
        index for index, plan in enumerate(many) for _ in range(3 * plan.years * len(plan.bound_names))
    ]
    one_by_one = [project(plan) for plan in many]
    if one_by_one:
        pd.testing.assert_frame_equal(
            together.drop(columns="plan").reset_index(drop=True), pd.concat(one_by_one, ignore_index=True)
        )
