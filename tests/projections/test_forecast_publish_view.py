import pytest

from accounts.models import Role
from projections.models import Forecast
from projections.services import forecast_inputs_update
from tests.projections.conftest import (
    CAN_CHANGE,
    CANNOT_CHANGE,
    DETAILS,
    EVERYONE,
    assumptions,
    client_as,
    computed_forecast,
    messages_of,
)


def refused_status(who):
    """A draft is not there for a Forum member (404, as another council's); other readers are refused."""
    return 404 if who == Role.FORUM else 403


def url(council, forecast):
    return f"/councils/{council.slug}/forecasts/{forecast.pk}/publish/"


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_publishes_a_draft(home, draft, who):
    client = client_as(home.council, who)
    response = client.post(url(home.council, draft), follow=True)
    assert any("is published. Its figures can no longer change." in m for m in messages_of(response))
    forecast = Forecast.objects.get(pk=draft.pk)
    assert forecast.is_frozen and forecast.history.first().history_user == client.user


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers(home, draft, who):
    assert client_as(home.council, who).post(url(home.council, draft)).status_code == refused_status(who)
    assert Forecast.objects.get(pk=draft.pk).is_draft


@pytest.mark.parametrize("who", EVERYONE)
def test_it_is_a_404_for_another_councils_forecast(home, foreign, who):
    theirs = computed_forecast(foreign.plan)
    assert client_as(home.council, who).post(url(home.council, theirs)).status_code == 404
    assert Forecast.objects.get(pk=theirs.pk).is_draft


def test_it_says_why_stale_figures_cannot_be_published(home, draft, editor):
    forecast_inputs_update(
        forecast=draft, user=None, details=DETAILS, assumptions=assumptions(opening_deficit=0)
    )
    response = editor.post(url(home.council, draft), follow=True)
    assert any("run the forecast again, then publish it" in m for m in messages_of(response))
    assert Forecast.objects.get(pk=draft.pk).is_draft


def test_it_refuses_to_publish_twice(home, published, editor):
    published_at = Forecast.objects.get(pk=published.pk).published_at
    assert editor.post(url(home.council, published)).status_code == 409
    assert Forecast.objects.get(pk=published.pk).published_at == published_at
