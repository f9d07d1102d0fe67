import pytest

from accounts.models import Role
from tests.factories import CategoryFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url
from workstreams.models import Category


def page(world) -> str:
    return url(world, "categories/")


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_list_and_add_categories(home, client_as, role):
    CategoryFactory(plan=home.plan, name="Cost reduction")
    client = client_as(role)
    response = client.get(page(home))
    assert response.status_code == expected(role, MANAGERS)
    if response.status_code == 200:
        assert "Cost reduction" in response.content.decode()
    assert client.post(page(home), {"name": "Preventing escalation"}).status_code == expected(
        role, MANAGERS, ok=302
    )
    assert Category.objects.filter(plan=home.plan, name="Preventing escalation").exists() is (
        role in MANAGERS
    )


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN])
def test_it_is_a_404_for_another_council(home, foreign, client_as, role):
    assert client_as(role).post(page(foreign), {"name": "X"}).status_code == 404
    assert not Category.objects.filter(name="X").exists()


def test_it_refuses_a_blank_or_duplicate_name(home, client_as):
    CategoryFactory(plan=home.plan, name="Cost reduction")
    client = client_as(Role.COUNCIL_ADMIN)
    assert "There is a problem" in client.post(page(home), {"name": " "}).content.decode()
    assert "already a category" in client.post(page(home), {"name": "cost reduction"}).content.decode()
    assert Category.objects.filter(plan=home.plan).count() == 1


def test_it_costs_a_fixed_number_of_queries(home, client_as, django_assert_max_num_queries):
    CategoryFactory.create_batch(30, plan=home.plan)
    client = client_as(Role.COUNCIL_ADMIN)
    with django_assert_max_num_queries(6):
        client.get(page(home))
