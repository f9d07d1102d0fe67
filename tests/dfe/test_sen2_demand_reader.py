"""The SEN2 series for the demand model, read from a real extract of the June 2025 release."""

from pathlib import Path

import pytest

from dfe.readers.common import DfeFileError
from dfe.readers.sen2_demand import GROUPS, REASONS, ceased_extra, read_demand_series, read_demand_zip

EXTRACT = Path(__file__).resolve().parents[2] / "fixtures" / "dfe" / "ehcp_2025_demand.zip"


@pytest.fixture(scope="module")
def areas():
    return read_demand_zip(EXTRACT.read_bytes())


def test_it_reads_wiltshire_by_group_summing_to_the_published_total(areas):
    wiltshire = areas["865"]
    assert wiltshire.name == "Wiltshire"
    assert sorted(wiltshire.stock) == [2019, 2020, 2021, 2022, 2023, 2024, 2025]
    assert sum(wiltshire.stock[2025]) == 6383  # caseload.csv, All EHC plans, 202425
    assert dict(zip(GROUPS, wiltshire.stock[2025], strict=True))["mainstream"] == 2306


def test_it_reads_ages_by_group_from_january_2024(areas):
    wiltshire = areas["865"]
    assert sorted(wiltshire.stock_by_age) == [2024, 2025]
    grid = wiltshire.stock_by_age[2025]
    assert sum(grid[12]) == 518  # "age 12" row
    assert len(grid) == 26 and all(len(row) == 7 for row in grid)


def test_it_reads_new_and_ceased_plans_by_calendar_year(areas):
    wiltshire = areas["865"]
    assert wiltshire.new[2024] == 993
    assert wiltshire.ceased[2024] == 325
    assert sorted(wiltshire.new_by_age) == [2022, 2023, 2024]
    assert 0 < sum(wiltshire.new_by_age[2024]) <= wiltshire.new[2024]


def test_it_keeps_regions_and_england(areas):
    assert areas["england"].level == "england"
    assert any(a.level == "region" and a.name == "South West" for a in areas.values())
    assert areas["865"].region == next(a.code for a in areas.values() if a.name == "South West")


def test_it_says_which_file_is_missing():
    with pytest.raises(DfeFileError, match="no newplans.csv"):
        read_demand_series({"caseload.csv": b"time_period\n"})


def test_it_refuses_a_zip_that_is_not_one():
    with pytest.raises(DfeFileError, match="not a zip file"):
        read_demand_zip(b"not a zip")


def test_it_reads_ceased_plans_by_reason_from_the_total_row(areas):
    wiltshire = areas["865"]
    reasons = dict(zip(REASONS, wiltshire.ceased_by_reason[2024], strict=True))
    # Checked by hand: ceased_plans.csv, 2024, Wiltshire (865), "All ceased EHC plans": total_ceased 325,
    # needs_met 32, transfer 127, no_engage 115.
    assert (reasons["needs_met"], reasons["transfer"], reasons["no_engage"]) == (32, 127, 115)
    assert sorted(wiltshire.ceased_by_reason) == [2022, 2023, 2024]


def test_it_reads_ceased_plans_by_age_and_reason_from_2023(areas):
    wiltshire = areas["865"]
    assert sorted(wiltshire.ceased_by_age_reason) == [2023, 2024]
    grid = wiltshire.ceased_by_age_reason[2024]
    needs_met = REASONS.index("needs_met")
    # ceased_plans.csv, 2024, Wiltshire, "age 18": needs_met 8; "age 20 and over": needs_met 14, spread
    # evenly over the ages 20–25 the band covers.
    assert grid[18][needs_met] == 8
    assert sum(grid[a][needs_met] for a in range(20, 26)) == pytest.approx(14)
    assert grid[20][needs_met] == pytest.approx(14 / 6)


def test_it_gives_the_store_ceased_plans_by_age_and_reason():
    row = {
        "breakdown": "age 20 and over",
        "total_ceased": "122",
        "needs_met": "6",
        "transfer": "2",
        "he": "c",
    }
    emitted = ceased_extra(row, "age plan ceased")
    assert ("ehcp_ceased_age", "age 20 and over", 122.0) in emitted
    assert ("ehcp_ceased_reason", "age 20 and over|needs_met", 6.0) in emitted
    assert ("ehcp_ceased_reason", "age 20 and over|transfer", 2.0) in emitted
    assert not [e for e in emitted if e[1].endswith("|he")]  # suppressed: no figure, never a zero
