import pytest
from django.utils import timezone

from core.financial_years import fy_label, fy_of
from projections.models import Forecast
from tests.conftest import member_client
from tests.projections.conftest import CAN_CHANGE, CANNOT_CHANGE, ROLES, client_as


def url(world):
    return f"/councils/{world.council.slug}/forecasts/new/"


DATA = {
    "name": "Budget forecast",
    "as_at": "2024-06-20",
    "kind": "computed",
    "first_year": "2024-25",
    "last_year": "2028-29",
    "source": "",
}


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_creates_a_computed_draft_and_asks_for_its_inputs(home, who):
    client = client_as(home.council, who)
    assert client.get(url(home)).status_code == 200
    response = client.post(url(home), DATA)
    forecast = Forecast.objects.get()
    assert (
        response.status_code == 302
        and response.url == f"/councils/home-council/forecasts/{forecast.pk}/inputs/"
    )
    assert forecast.plan == home.plan and forecast.created_by == client.user and forecast.is_draft


def test_it_creates_a_published_figures_draft_and_asks_for_its_figures(home):
    client = client_as(home.council, "finance")
    response = client.post(url(home), {**DATA, "kind": "figures", "has_bounds": "on"})
    forecast = Forecast.objects.get()
    assert response.url.endswith(f"/forecasts/{forecast.pk}/figures/") and forecast.has_bounds


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers(home, who):
    client = client_as(home.council, who)
    assert client.get(url(home)).status_code == 403
    assert client.post(url(home), DATA).status_code == 403
    assert not Forecast.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_council(home, foreign, role):
    assert member_client(home.council, role).post(url(foreign), DATA).status_code == 404
    assert not Forecast.objects.exists()


def test_it_explains_bad_input_and_creates_nothing(home):
    response = client_as(home.council, "finance").post(url(home), {**DATA, "last_year": "2020-21"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Last year (2020-21) must not be before the first year (2024-25)" in body
    assert 'href="#id_last_year"' in body and response.context["form"].errors
    assert "<title>Error: " in body
    assert not Forecast.objects.exists()


def test_it_costs_a_fixed_number_of_queries(home, django_assert_max_num_queries):
    client = client_as(home.council, "finance")
    with django_assert_max_num_queries(5):
        assert client.get(url(home)).status_code == 200


def test_it_keeps_the_unit_a_paper_gives_its_figures_in(home):
    data = {**DATA, "kind": "figures", "figures_unit": "millions"}
    response = client_as(home.council, "finance").post(url(home), data)
    assert response.status_code == 302
    assert Forecast.objects.get().figures_unit == "millions"


def test_it_offers_this_financial_year_and_the_next_four(home):
    body = client_as(home.council, "finance").get(url(home)).content.decode()
    first = fy_of(timezone.localdate())
    assert f'value="{fy_label(first)}"' in body and f'value="{fy_label(first + 4)}"' in body
