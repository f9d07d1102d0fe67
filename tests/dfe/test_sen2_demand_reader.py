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


def test_it_reads_ceased_plans_by_last_setting_into_the_seven_groups(areas):
    wiltshire = dict(zip(GROUPS, areas["865"].ceased_by_setting[2024], strict=True))
    # Checked by hand: ceased_plans.csv, 2024, Wiltshire (865), "Type of placement", total_ceased:
    # Mainstream - academy 39, - free school 1, - independent 2, - LA maintained 12 (mainstream 54; the
    # "Mainstream - total" row says 65 with the units: skipped); academy (resourced provision) 3, academy (SEN
    # unit) 7, LA maintained (resourced provision) 1 (resourced 11); Special - Academy/free schools 18,
    # - LA maintained 4 (special 22); Special - independent 13, - non-maintained 2 (independent 15); FE -
    # general FE 71, - specialist post-16 39 (post16 110); Educated elsewhere: elective home education 1,
    # NEET 62, not in education or training (other) 22, other arrangements by LA 22, other placement settings
    # 3, other schools 1, and Non-maintained early years 2 (other 113).
    assert wiltshire == {
        "mainstream": 54,
        "resourced": 11,
        "special": 22,
        "independent": 15,
        "ap": 0,
        "post16": 110,
        "other": 113,
    }
    assert sum(wiltshire.values()) == areas["865"].ceased[2024] == 325  # nothing counted twice


def test_it_reads_a_small_councils_ceased_plans_by_last_setting(areas):
    rutland = dict(zip(GROUPS, areas["857"].ceased_by_setting[2024], strict=True))
    # ceased_plans.csv, 2024, Rutland (857), "Type of placement": AP/PRU - free school 1; Educated
    # elsewhere - other arrangements by LA 4; FE - general FE 24, - specialist post-16 3; Mainstream -
    # academy 4, - academy (SEN unit) 4; Special - Academy/free schools 2, - independent 5. Total 47.
    assert rutland == {
        "mainstream": 4,
        "resourced": 4,
        "special": 2,
        "independent": 5,
        "ap": 1,
        "post16": 27,
        "other": 4,
    }
    assert sorted(areas["857"].ceased_by_setting) == [2023, 2024]  # the rows begin in 2023


def test_every_placement_label_of_the_real_file_has_a_group():
    from dfe.readers.sen2_demand import CEASED_PLACEMENTS, column_group

    groups = {column_group(column) for column in CEASED_PLACEMENTS.values()}
    assert groups == set(GROUPS)
    assert column_group("special_independent") == "independent"
    assert column_group("neet_ntci") == "other"


def _ceased_file(*rows: str) -> dict[str, bytes]:
    header = (
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
        "new_la_code,old_la_code,la_name,breakdown_topic,breakdown,total_ceased\n"
    )
    caseload = (
        "time_period,geographic_level,region_code,region_name,old_la_code,la_name,breakdown_topic,breakdown,"
        "ehcplans\n202425,Local authority,E1,South West,865,Wiltshire,All EHC plans,Total,100\n"
    )
    newplans = (
        "time_period,geographic_level,region_code,region_name,old_la_code,la_name,breakdown_topic,breakdown,"
        "new_ehc_plans\n2024,Local authority,E1,South West,865,Wiltshire,New EHC plans,Total,10\n"
    )
    lead = "2024,Calendar year,Local authority,E92000001,England,E1,South West,E06000054,865,Wiltshire,"
    return {
        "caseload.csv": caseload.encode(),
        "newplans.csv": newplans.encode(),
        "ceased_plans.csv": (header + "".join(lead + r + "\n" for r in rows)).encode(),
    }


def test_it_skips_the_total_rows_and_names_a_label_it_does_not_know():
    areas = read_demand_series(
        _ceased_file(
            "Type of placement,Mainstream - academy,5",
            "Type of placement,Mainstream - total,5",
            "Type of placement,Educated elsewhere - hovercraft,3",
        )
    )
    wiltshire = areas["865"]
    assert dict(zip(GROUPS, wiltshire.ceased_by_setting[2024], strict=True))["mainstream"] == 5
    assert dict(zip(GROUPS, wiltshire.ceased_by_setting[2024], strict=True))["other"] == 3  # never dropped
    assert wiltshire.setting_notes == [
        "ceased_plans.csv line 4: the placement 'Educated elsewhere - hovercraft' is not one this version "
        "knows; its 3 ceased plans of 2024 are counted in other"
    ]


def test_it_gives_the_store_ceased_plans_by_last_setting_under_the_caseload_column():
    known = {"breakdown": "Educated elsewhere - not in education or training (notice to cease issued)"}
    assert ceased_extra({**known, "total_ceased": "7"}, "type of placement") == [
        ("ehcp_ceased_setting", "neet_ntci", 7.0)
    ]
    assert ceased_extra({"breakdown": "FE - total", "total_ceased": "9"}, "type of placement") == []
    unknown = ceased_extra({"breakdown": "Hovercraft school", "total_ceased": "2"}, "type of placement")
    assert unknown == [("ehcp_ceased_setting", "Hovercraft school", 2.0)]  # kept, under its own words
