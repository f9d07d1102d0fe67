from decimal import Decimal

import pytest

from accounts.models import Role
from tests.conftest import member_client
from tests.factories import ActualFactory, ForecastFactory, ForecastYearFactory
from tests.projections.conftest import CAN_CHANGE, CANNOT_CHANGE, EVERYONE, ROLES, client_as, grow


def url(world):
    return f"/councils/{world.council.slug}/actuals/"


@pytest.fixture
def compared(home):
    forecast = ForecastFactory(plan=home.plan, status="published", name="June 2022 forecast")
    ForecastYearFactory(
        forecast=forecast, financial_year=2022, scenario="target", cumulative_deficit=1_000_000
    )
    ActualFactory(
        plan=home.plan,
        financial_year=2022,
        cumulative_deficit=Decimal("1250000"),
        funding=Decimal("5000000"),
        spend=Decimal("5400000"),
    )
    return forecast


@pytest.mark.parametrize("who", EVERYONE)
def test_it_shows_every_role_the_outturn_and_how_far_forecasts_were_off(home, compared, who):
    response = client_as(home.council, who).get(url(home))
    assert response.status_code == 200
    body = response.content.decode()
    assert "June 2022 forecast" in body and "£1,250,000" in body
    assert "+£250,000" in body and "+25.0%" in body  # actual less forecast, and as a share of the forecast
    assert "£400,000" in body  # the in-year deficit: spend less funding


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_offers_editors_to_record_each_year(home, compared, who):
    body = client_as(home.council, who).get(url(home)).content.decode()
    assert 'href="/councils/home-council/actuals/2022-23/">Change' in body
    assert ">Record<" in body


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_offers_readers_no_changes(home, compared, who):
    assert "/actuals/2022-23/" not in client_as(home.council, who).get(url(home)).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_council(home, foreign, role):
    assert member_client(home.council, role).get(url(foreign)).status_code == 404


@pytest.mark.parametrize("n", [1, 10])
def test_it_costs_a_fixed_number_of_queries(with_savings, django_assert_max_num_queries, n):
    grow(with_savings.plan, n)
    client = member_client(with_savings.council, Role.FORUM)
    with django_assert_max_num_queries(11):  # 8, the DfE's outturn (all years), s251 mapping, split
        assert client.get(url(with_savings)).status_code == 200
