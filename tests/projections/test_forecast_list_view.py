import pytest

from accounts.models import Role
from tests.conftest import member_client
from tests.factories import CouncilFactory
from tests.projections.conftest import (
    CAN_CHANGE,
    CANNOT_CHANGE,
    EVERYONE,
    ROLES,
    client_as,
    computed_forecast,
    grow,
)


def url(world):
    return f"/councils/{world.council.slug}/forecasts/"


@pytest.mark.parametrize("who", EVERYONE)
def test_it_lists_the_plans_forecasts_for_every_role(home, published, who):
    computed_forecast(home.plan, name="Work in progress")
    response = client_as(home.council, who).get(url(home))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Published forecast" in body and "Current" in body
    assert ("Work in progress" in body) is (who != Role.FORUM)  # the Schools Forum reads published ones


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_offers_editors_a_new_forecast(home, who):
    assert "Create a forecast" in client_as(home.council, who).get(url(home)).content.decode()


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_offers_readers_no_changes(home, who):
    assert "Create a forecast" not in client_as(home.council, who).get(url(home)).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_council(home, foreign, role):
    assert member_client(home.council, role).get(url(foreign)).status_code == 404


def test_it_asks_anonymous_visitors_to_sign_in(client, home):
    response = client.get(url(home))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_it_says_when_there_is_no_plan(db):
    council = CouncilFactory()
    response = member_client(council, Role.FINANCE).get(f"/councils/{council.slug}/forecasts/")
    assert "has no recovery plan" in response.content.decode()


def test_it_marks_the_nav_item(home, published):
    body = member_client(home.council, Role.OFFICER).get(url(home)).content.decode()
    assert 'href="/councils/home-council/forecasts/" aria-current="page">Forecasts</a>' in body


@pytest.mark.parametrize("n", [1, 10])
def test_it_costs_a_fixed_number_of_queries(with_savings, django_assert_max_num_queries, n):
    grow(with_savings.plan, n)
    client = member_client(with_savings.council, Role.FINANCE)
    with django_assert_max_num_queries(6):
        assert client.get(url(with_savings)).status_code == 200
