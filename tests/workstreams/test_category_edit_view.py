import pytest

from accounts.models import Role
from tests.factories import CategoryFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url


def page(world, category) -> str:
    return url(world, f"categories/{category.pk}/edit/")


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_rename(home, client_as, role):
    category = CategoryFactory(plan=home.plan, name="Early help")
    client = client_as(role)
    assert client.get(page(home, category)).status_code == expected(role, MANAGERS)
    assert client.post(page(home, category), {"name": "Early support"}).status_code == expected(
        role, MANAGERS, ok=302
    )
    category.refresh_from_db()
    assert (category.name == "Early support") is (role in MANAGERS)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_category_id(home, foreign, client_as, role):
    category = CategoryFactory(plan=foreign.plan, name="Theirs")
    assert client_as(role).post(page(home, category), {"name": "Mine now"}).status_code == (
        404 if role in MANAGERS else 403
    )
    category.refresh_from_db()
    assert category.name == "Theirs"


def test_it_keeps_the_name_when_renamed_to_itself(home, client_as):
    category = CategoryFactory(plan=home.plan, name="Early help")
    assert client_as(Role.COUNCIL_ADMIN).post(page(home, category), {"name": "Early help"}).status_code == 302
