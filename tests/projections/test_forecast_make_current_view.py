import pytest

from projections.models import Forecast
from tests.projections.conftest import (
    CAN_CHANGE,
    CANNOT_CHANGE,
    EVERYONE,
    client_as,
    computed_forecast,
    messages_of,
)


def url(council, forecast):
    return f"/councils/{council.slug}/forecasts/{forecast.pk}/make-current/"


def current_names():
    return set(Forecast.objects.filter(is_current=True).values_list("name", flat=True))


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_makes_a_published_forecast_current(home, published, who):
    newer = computed_forecast(home.plan, name="Newer", publish=True)
    response = client_as(home.council, who).post(url(home.council, newer), follow=True)
    assert any("is now the current forecast" in m for m in messages_of(response))
    assert current_names() == {"Newer"}


def test_it_says_a_draft_cannot_be_current(home, published, draft, editor):
    response = editor.post(url(home.council, draft), follow=True)
    assert any("publish this draft first" in m for m in messages_of(response))
    assert current_names() == {"Published forecast"}


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers(home, published, who):
    newer = computed_forecast(home.plan, name="Newer", publish=True)
    assert client_as(home.council, who).post(url(home.council, newer)).status_code == 403
    assert current_names() == {"Published forecast"}


@pytest.mark.parametrize("who", EVERYONE)
def test_it_is_a_404_for_another_councils_forecast(home, foreign_forecast, who):
    assert client_as(home.council, who).post(url(home.council, foreign_forecast)).status_code == 404
    assert current_names() == set()
