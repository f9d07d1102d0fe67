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
