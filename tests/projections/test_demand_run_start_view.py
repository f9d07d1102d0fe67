"""Running the demand model from its page into a draft forecast (a background job; immediate in tests)."""

from decimal import Decimal

import pytest

from accounts.models import Role
from projections.models import DemandRun, Forecast, ForecastLine
from tests.conftest import member_client
from tests.projections.conftest import computed_forecast
from tests.projections.demand_world import with_wiltshire_figures


def url(world):
    return f"/councils/{world.council.slug}/demand/run/"


@pytest.fixture
def wiltshire(home):
    world = with_wiltshire_figures(home)
    costs = computed_forecast(world.plan, first_year=2025, last_year=2028)
    for provision, cost in (("post16", 12000), ("alternative_provision", 20000), ("support_services", 3000)):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(cost)
        )
    return world


@pytest.mark.parametrize("role", [Role.FINANCE, Role.COUNCIL_ADMIN])
def test_it_saves_a_draft_forecast_and_the_page_links_it(wiltshire, role):
    client = member_client(wiltshire.council, role)
    response = client.post(url(wiltshire), follow=True)
    run = DemandRun.objects.get()
    assert run.status == "succeeded" and run.created_by == client.user
    forecast = Forecast.objects.get(name__startswith="Demand model")
    assert run.forecast == forecast and forecast.status == "draft"
    body = response.content.decode()
    assert f"saved the draft forecast “{forecast.name}”" in body
    assert f"/forecasts/{forecast.pk}/" in body


def test_a_run_that_cannot_price_says_why_and_saves_nothing(home):
    world = with_wiltshire_figures(home)  # no computed forecast: nothing to price the plans with
    response = member_client(world.council, Role.FINANCE).post(url(world), follow=True)
    assert "The model could not make a forecast" in response.content.decode()
    assert "has no computed forecast" in response.content.decode()
    assert DemandRun.objects.get().status == "failed"
    assert not Forecast.objects.filter(name__startswith="Demand model").exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FORUM])
def test_it_is_forbidden_to_readers(home, role):
    assert member_client(home.council, role).post(url(home)).status_code == 403
    assert not DemandRun.objects.exists()


@pytest.mark.parametrize("role", [Role.FINANCE, Role.COUNCIL_ADMIN])
def test_it_is_a_404_for_another_council(home, foreign, role):
    assert member_client(home.council, role).post(url(foreign)).status_code == 404
    assert not DemandRun.objects.exists()
