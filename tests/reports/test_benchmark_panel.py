"""The dashboard's three benchmarking measures: where the council stands against its statistical neighbours
on the real extracts (EHC plans June 2025), with a link to the Benchmarking page."""

import pytest

from dfe.models import LocalAuthority, Neighbour, Release
from dfe.services import release_import
from recovery.models import Role
from reports.benchmarking_selectors import benchmark_standings_for_council
from tests.conftest import member_client
from tests.dfe.conftest import fixture_bytes


@pytest.fixture
def stockton(home):
    home.council.la_code, home.council.gss_code = "808", "E06000004"
    home.council.save()
    for name in ("la_codes.csv", "ehcp_2025_extract.zip", "sn_may_2025.xlsx"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    return home.council


@pytest.fixture
def extract_neighbours(stockton):
    """Stockton's neighbours are not in the extract: stand three councils that are in for them."""
    Neighbour.objects.filter(area__la_code="808").delete()
    release = Release.objects.filter(family="neighbours").get()
    stockton_la = LocalAuthority.objects.get(la_code="808")
    for rank, code in enumerate(("857", "937", "865"), start=1):
        Neighbour.objects.create(
            area=stockton_la,
            rank=rank,
            neighbour=LocalAuthority.objects.get(la_code=code),
            release=release,
            line=1,
        )


def test_the_dashboard_shows_where_the_council_stands_on_three_measures(extract_neighbours, stockton):
    html = member_client(stockton, Role.FORUM).get("/councils/home-council/").content.decode()
    assert "Against its statistical neighbours" in html
    # January 2025 five-year growth: Rutland 69.4%, Wiltshire 68.7%, Warwickshire 59.8%, Stockton 57.8%
    assert "Growth in EHC plans over five years, January 2025</dt>" in html
    assert "57.8%: <strong>lowest of 4</strong>" in html
    assert "neighbour median 68.7% over 3; England 63.7%" in html
    assert html.count('<div class="govuk-summary-list__row">\n    <dt class="govuk-summary-list__key">') >= 3
    assert 'href="/councils/home-council/benchmarking/"' in html


def test_it_shows_nothing_to_compare_when_no_neighbour_has_figures(stockton):
    assert benchmark_standings_for_council(council=stockton) == []
    html = member_client(stockton, Role.OFFICER).get("/councils/home-council/").content.decode()
    assert "No DfE figures to compare Home Council with its statistical neighbours" in html


def test_it_takes_the_first_three_measures_with_figures(extract_neighbours, stockton):
    keys = [s.measure.key for s in benchmark_standings_for_council(council=stockton)]
    assert keys == ["plans_growth_5y", "share_independent", "share_mainstream"]
