"""ONS population in the SNPP layout (a sample with the real header and made-up counts)."""

import pytest

from dfe.readers.common import LayoutNotRecognised
from dfe.readers.population import read_population
from tests.dfe.conftest import fixture_bytes


def test_it_sums_persons_aged_2_to_18_and_0_to_25_per_year():
    figures = {
        (f.series, f.period): f for f in read_population(fixture_bytes("snpp_sample.csv"), file="snpp.csv")
    }
    # The sample has 400 persons at every single age in 2022: 17 ages 2–18, 26 ages 0–25.
    assert figures[("population_2_18", "2022")].value.number == 17 * 400
    assert figures[("population_0_25", "2022")].value.number == 26 * 400
    assert figures[("population_2_18", "2022")].gss_code == "E06000017"


def test_it_names_a_file_of_another_kind():
    with pytest.raises(LayoutNotRecognised, match="this looks like an ONS population file"):
        list(read_population(fixture_bytes("la_codes.csv"), file="la_codes.csv"))


def test_it_reads_the_onss_own_file_for_three_demo_councils():
    """snpp_2022_extract.csv (ONS 2022-based SNPP, persons): Rutland in 2022, ages 2 to 18: 301 + 313 +
    373 + 390 + 375 + 386 + 399 + 408 + 439 + 440 + 453 + 496 + 700 + 679 + 660 + 680 + 634 = 8,126 (boarding
    schools: 700 at 14 against 496 at 13)."""
    figures = {
        (f.gss_code, f.series, f.period): f.value.number
        for f in read_population(fixture_bytes("snpp_2022_extract.csv"), file="snpp_2022_extract.csv")
    }
    assert figures[("E06000017", "population_2_18", "2022")] == 8126
    assert figures[("E06000017", "population_0_25", "2022")] == 11220
    assert figures[("E06000004", "population_0_25", "2022")] == 59530  # Stockton-on-Tees
    assert figures[("E06000054", "population_2_18", "2022")] == 99948  # Wiltshire
    assert {year for _, _, year in figures} == {str(y) for y in range(2022, 2048)}
    assert "E10000031" not in {code for code, _, _ in figures}  # Warwickshire: a county, not in the file
    assert figures[("E07000222", "population_2_18", "2022")] == 27879  # Warwick, one of its five districts


def test_the_import_adds_warwickshire_up_from_its_five_districts(db):
    """The five districts' rows of snpp_2022_extract.csv, 2022, summed by hand (a script over the committed
    rows): North Warwickshire 12,182 + Nuneaton and Bedworth 27,482 + Rugby 24,656 + Stratford-on-Avon 24,636
    + Warwick 27,879 = 116,835 aged 2 to 18; 174,016 aged 0 to 25."""
    from dfe.models import Figure
    from dfe.services import release_import

    release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None)
    report = release_import(
        data=fixture_bytes("snpp_2022_extract.csv"), file_name="snpp_2022_extract.csv", user=None
    )
    stored = dict(
        Figure.objects.filter(area__gss_code="E10000031", period="2022", breakdown="").values_list(
            "series", "value"
        )
    )
    assert stored == {"population_2_18": 116835, "population_0_25": 174016}
    assert report.unknown_codes == []  # no district is left over as an unknown area
    ages = Figure.objects.filter(area__gss_code="E10000031", period="2022", series="population_age")
    assert sum(f.value for f in ages) == 174016  # each single age is added up from the districts too


def test_it_keeps_each_single_age_0_to_25_for_the_demand_model():
    """The demand model's joiners per head of each age: Stockton-on-Tees, age 0, 2022 and 2023 as the ONS
    file gives them (1,965 and 1,852.596, kept to two decimals); the 26 ages add up to the 0–25 band."""
    figures = list(read_population(fixture_bytes("snpp_2022_extract.csv"), file="snpp_2022_extract.csv"))
    by_age = {
        (f.gss_code, f.breakdown, f.period): f.value.number for f in figures if f.series == "population_age"
    }
    assert by_age[("E06000004", "0", "2022")] == 1965
    assert str(by_age[("E06000004", "0", "2023")]) == "1852.60"
    assert {age for _, age, _ in by_age} == {str(a) for a in range(26)}
    band = next(
        f.value.number
        for f in figures
        if (f.gss_code, f.series, f.period) == ("E06000017", "population_0_25", "2030")
    )
    assert float(sum(v for (gss, _, year), v in by_age.items() if (gss, year) == ("E06000017", "2030"))) == (
        pytest.approx(float(band), abs=1)
    )
