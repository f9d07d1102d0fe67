import pytest

from accounts.models import Role
from projections.models import Forecast, ForecastYear
from tests.projections.conftest import (
    CAN_CHANGE,
    CANNOT_CHANGE,
    EVERYONE,
    client_as,
    computed_forecast,
    messages_of,
)


def refused_status(who):
    """A draft is not there for a Forum member (404, as another council's); other readers are refused."""
    return 404 if who == Role.FORUM else 403


def url(council, forecast):
    return f"/councils/{council.slug}/forecasts/{forecast.pk}/run/"


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_runs_a_draft(home, who):
    forecast = computed_forecast(home.plan, run=False)
    response = client_as(home.council, who).post(url(home.council, forecast), follow=True)
    assert "Forecast run: 15 figures computed." in messages_of(response)
    assert ForecastYear.objects.filter(forecast=forecast).count() == 15


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers(home, who):
    forecast = computed_forecast(home.plan, run=False)
    assert client_as(home.council, who).post(url(home.council, forecast)).status_code == refused_status(who)
    assert not ForecastYear.objects.filter(forecast=forecast).exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_it_is_a_404_for_another_councils_forecast(home, foreign, who):
    theirs = computed_forecast(foreign.plan, run=False)
    assert client_as(home.council, who).post(url(home.council, theirs)).status_code == 404
    assert not ForecastYear.objects.filter(forecast=theirs).exists()


def test_it_refuses_to_run_a_published_forecast(home, published, editor):
    updated = Forecast.objects.get(pk=published.pk).inputs.run_at
    response = editor.post(url(home.council, published))
    assert response.status_code == 409
    assert Forecast.objects.get(pk=published.pk).inputs.run_at == updated


def test_it_is_a_post_only_action(home, draft, editor):
    assert editor.get(url(home.council, draft)).status_code == 405
