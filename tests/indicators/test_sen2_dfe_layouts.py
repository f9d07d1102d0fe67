"""The council's own SEN2 upload reads the release zip, caseload.csv (2025 on) and the wide layout (2022
and earlier) as well as the 2023–2024 long layout (real extracts in fixtures/dfe/)."""

from decimal import Decimal

import pytest

from indicators.models import Availability, Sen2Measure
from indicators.sen2 import Sen2Refused, read_sen2
from tests.dfe.conftest import fixture_bytes

STOCKTON = {"la_code": "808", "gss_code": "E06000004", "council_name": "Stockton-on-Tees"}


def years(name):
    extract = read_sen2(fixture_bytes(name), **STOCKTON)
    return {y.year: y.figures for y in extract.years}, extract


def test_it_reads_the_release_zip_as_downloaded():
    by_year, extract = years("ehcp_2025_extract.zip")
    assert extract.la_name == "Stockton-on-Tees"
    jan_2024 = by_year["2024"]
    # caseload.csv line 64: 2,080 plans; 863 mainstream (41.5%), 816 special (39.2%).
    assert jan_2024[Sen2Measure.TOTAL].value == 2080
    assert (jan_2024[Sen2Measure.MAINSTREAM].value, jan_2024[Sen2Measure.MAINSTREAM_SHARE].value) == (
        863,
        Decimal("41.5"),
    )
    assert jan_2024[Sen2Measure.SPECIAL].value == 816
    assert jan_2024[Sen2Measure.OTHER].value == 2080 - 863 - 816
    assert sorted(by_year) == ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]


def test_it_reads_the_2025_caseload_csv():
    by_year, _ = years("ehcp_2025/caseload.csv")
    assert by_year["2025"][Sen2Measure.TOTAL].value == 2442


def test_it_reads_the_2022_wide_layout_and_works_out_the_shares():
    by_year, _ = years("sen2_estab_caseload_2022.csv")
    jan_2022 = by_year["2022"]
    assert (jan_2022[Sen2Measure.TOTAL].value, jan_2022[Sen2Measure.MAINSTREAM].value) == (1821, 706)
    share = jan_2022[Sen2Measure.MAINSTREAM_SHARE]
    assert (share.availability, share.value) == (Availability.VALUE, Decimal("38.8"))  # 706 / 1,821
    assert "Worked out" in share.note
    assert "2010" in by_year


def test_it_says_when_the_council_is_not_in_the_file():
    with pytest.raises(Sen2Refused, match=r"no rows for Leicester \(LA code 856, E06000016\)"):
        read_sen2(
            fixture_bytes("ehcp_2025_extract.zip"),
            la_code="856",
            gss_code="E06000016",
            council_name="Leicester",
        )


def test_an_unknown_table_is_named_in_words():
    with pytest.raises(
        Sen2Refused,
        match=r"This looks like another table of the DfE's EHC plans release \(2025 on\); "
        "this upload reads the release zip",
    ):
        read_sen2(b"time_period,geographic_level,breakdown_topic,x\n2024,National,a,1\n", **STOCKTON)
