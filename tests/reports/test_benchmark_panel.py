"""The dashboard's three benchmarking measures: where the council stands against its statistical neighbours
on the real extracts (EHC plans June 2025), with a link to the Benchmarking page."""

import pytest

from accounts.models import Role
from reports.benchmarking_selectors import benchmark_standings_for_council
from reports.models import DashboardMeasures
from tests.conftest import member_client
from tests.reports.conftest import BENCHMARKING_FILES, as_stockton, import_dfe_files, stand_in_neighbours


@pytest.fixture
def stockton(home):
    as_stockton(home.council)
    import_dfe_files(*BENCHMARKING_FILES)
    return home.council


@pytest.fixture
def extract_neighbours(stockton):
    stand_in_neighbours()


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


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM])
def test_only_a_council_admin_chooses_the_dashboard_measures(stockton, role):
    client = member_client(stockton, role)
    assert client.get("/councils/home-council/benchmarking/dashboard/").status_code == 403
    assert "Choose the three measures" not in client.get("/councils/home-council/").content.decode()


def test_a_council_admin_chooses_the_three_measures_and_the_dashboard_shows_them(
    extract_neighbours, stockton
):
    client = member_client(stockton, Role.COUNCIL_ADMIN)
    dashboard = client.get("/councils/home-council/").content.decode()
    assert 'href="/councils/home-council/benchmarking/dashboard/"' in dashboard
    choice = {"first": "share_special", "second": "ceased_rate", "third": "hn_per_head"}
    response = client.post("/councils/home-council/benchmarking/dashboard/", choice)
    assert response.status_code == 302
    assert DashboardMeasures.objects.get(council=stockton).history.get().history_user == client.user
    keys = [s.measure.key for s in benchmark_standings_for_council(council=stockton)]
    assert keys == ["share_special", "ceased_rate"]  # no s251 or population figures imported
    html = client.get("/councils/home-council/").content.decode()
    assert "Share of EHC plans in special schools, January 2025</dt>" in html
    # January 2025 special schools: Stockton 893 of 2,442 = 36.6%, above Rutland, Warwickshire, Wiltshire
    assert "36.6%: <strong>highest of 4</strong>" in html


def test_the_three_measures_must_differ(stockton):
    client = member_client(stockton, Role.COUNCIL_ADMIN)
    choice = {"first": "share_special", "second": "share_special", "third": "hn_per_head"}
    response = client.post("/councils/home-council/benchmarking/dashboard/", choice)
    assert response.status_code == 200
    assert "Choose three different measures" in response.content.decode()
    assert not DashboardMeasures.objects.exists()
