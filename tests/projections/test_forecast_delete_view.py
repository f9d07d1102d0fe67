import pytest

from accounts.models import Role
from projections.models import Forecast
from tests.projections.conftest import CAN_CHANGE, CANNOT_CHANGE, EVERYONE, client_as, computed_forecast


def refused_status(who):
    """A draft is not there for a Forum member (404, as another council's); other readers are refused."""
    return 404 if who == Role.FORUM else 403


def url(council, forecast):
    return f"/councils/{council.slug}/forecasts/{forecast.pk}/delete/"


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_asks_then_deletes_a_draft(home, draft, who):
    client = client_as(home.council, who)
    assert "Delete the draft" in client.get(url(home.council, draft)).content.decode()
    response = client.post(url(home.council, draft))
    assert response.status_code == 302 and response.url == "/councils/home-council/forecasts/"
    assert not Forecast.objects.filter(pk=draft.pk).exists()
    assert Forecast.history.filter(id=draft.pk, history_type="-").get().history_user == client.user


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers(home, draft, who):
    client = client_as(home.council, who)
    assert client.get(url(home.council, draft)).status_code == refused_status(who)
    assert client.post(url(home.council, draft)).status_code == refused_status(who)
    assert Forecast.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_it_is_a_404_for_another_councils_forecast(home, foreign, who):
    theirs = computed_forecast(foreign.plan)
    assert client_as(home.council, who).post(url(home.council, theirs)).status_code == 404
    assert Forecast.objects.filter(pk=theirs.pk).exists()


def test_it_never_deletes_a_published_forecast(home, published, editor):
    response = editor.post(url(home.council, published))
    assert response.status_code == 409 and "Copy to a new draft" in response.content.decode()
    assert Forecast.objects.filter(pk=published.pk).exists()
