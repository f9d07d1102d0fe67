import pytest

from accounts.models import Role
from tests.factories import LeadFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url


def page(world) -> str:
    return url(world, "leads/")


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_list_leads(home, foreign, client_as, role):
    LeadFactory(council=home.council, name="Helen Carr")
    LeadFactory(council=foreign.council, name="Someone Else")
    response = client_as(role).get(page(home))
    assert response.status_code == expected(role, MANAGERS)
    if response.status_code == 200:
        body = response.content.decode()
        assert "Helen Carr" in body and "Someone Else" not in body


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN])
def test_it_is_a_404_for_another_council(home, foreign, client_as, role):
    assert client_as(role).get(page(foreign)).status_code == 404


def test_it_costs_a_fixed_number_of_queries(home, client_as, django_assert_max_num_queries):
    LeadFactory.create_batch(40, council=home.council)
    client = client_as(Role.COUNCIL_ADMIN)
    with django_assert_max_num_queries(5):
        client.get(page(home))
