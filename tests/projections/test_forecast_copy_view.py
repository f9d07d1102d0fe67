import pytest

from projections.models import Forecast, ForecastYear
from tests.projections.conftest import CAN_CHANGE, CANNOT_CHANGE, EVERYONE, client_as


def url(council, forecast):
    return f"/councils/{council.slug}/forecasts/{forecast.pk}/copy/"


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_copies_a_published_forecast_to_a_new_draft(home, published, who):
    client = client_as(home.council, who)
    response = client.post(url(home.council, published))
    copy = Forecast.objects.exclude(pk=published.pk).get()
    assert response.status_code == 302 and response.url == f"/councils/home-council/forecasts/{copy.pk}/"
    assert copy.is_draft and copy.name == "Copy of Published forecast" and copy.created_by == client.user
    assert ForecastYear.objects.filter(forecast=copy).count() == 15
    page = client.get(response.url).content.decode()
    assert "Change inputs" in page and "is a new draft" in page


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers(home, published, who):
    assert client_as(home.council, who).post(url(home.council, published)).status_code == 403
    assert Forecast.objects.count() == 1


@pytest.mark.parametrize("who", EVERYONE)
def test_it_is_a_404_for_another_councils_forecast(home, foreign_forecast, who):
    assert client_as(home.council, who).post(url(home.council, foreign_forecast)).status_code == 404
    assert Forecast.objects.count() == 1


def test_it_is_a_post_only_action(home, published, editor):
    assert editor.get(url(home.council, published)).status_code == 405
