import pytest

from accounts.models import Role
from tests.conftest import ROLES, member_client


def url(world):
    return f"/councils/{world.council.slug}/reports/"


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.COUNCIL_ADMIN])
def test_it_lists_drafts_and_published_reports_for_council_staff(home, draft, published, role):
    body = member_client(home.council, role).get(url(home)).content.decode()
    assert "Spring term update" in body and "Autumn term update" in body
    assert ("Prepare a new report" in body) is (role == Role.COUNCIL_ADMIN)


def test_it_lists_only_published_reports_for_forum_members(home, draft, published):
    body = member_client(home.council, Role.FORUM).get(url(home)).content.decode()
    assert "Autumn term update" in body and "Spring term update" not in body
    assert "Prepare a new report" not in body


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_council(home, foreign, foreign_published, role):
    assert member_client(home.council, role).get(url(foreign)).status_code == 404


def test_it_lets_staff_prepare_reports_anywhere(staff_client, foreign):
    assert "Prepare a new report" in staff_client.get(url(foreign)).content.decode()


def test_it_costs_a_fixed_number_of_queries(home, draft, published, django_assert_max_num_queries):
    client = member_client(home.council, Role.OFFICER)
    with django_assert_max_num_queries(5):
        client.get(url(home))
