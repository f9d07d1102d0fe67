import pytest

from accounts.models import Role
from tests.conftest import ROLES, member_client


def url(home):
    return f"/councils/{home.council.slug}/forum/settings/"


VALID = {
    "paper_clear_days": "7",
    "update_days_before_papers": "2",
    "reminder_days": "10",
    "update_due_days": "30",
}


def test_it_saves_the_councils_cycle(home):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    assert client.post(url(home), VALID).status_code == 302
    home.council.refresh_from_db()
    assert (home.council.paper_clear_days, home.council.update_due_days) == (7, 30)


def test_it_names_the_field_out_of_range_and_saves_nothing(home):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    body = client.post(url(home), {**VALID, "reminder_days": "0"}).content.decode()
    assert "Days of notice for reminders must be between 1 and 60 days" in body
    home.council.refresh_from_db()
    assert home.council.paper_clear_days == 5


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.COUNCIL_ADMIN])
def test_it_is_for_council_admins_only(home, role):
    assert member_client(home.council, role).post(url(home), VALID).status_code == 403


def test_it_is_a_404_for_another_council(home, foreign):
    assert member_client(foreign.council, Role.COUNCIL_ADMIN).get(url(home)).status_code == 404
