import pytest

from accounts.models import Role, UserPreferences
from tests.conftest import ROLES, member_client


@pytest.mark.parametrize("role", ROLES)
def test_every_member_can_turn_reminders_off_and_on(home, role):
    client = member_client(home.council, role)
    body = client.get("/account/").content.decode()
    assert "Email me reminders" in body and "Get your calendar address" in body
    assert client.post("/account/", {}).status_code == 302  # the box unticked
    assert UserPreferences.objects.get(user=client.user).receives_reminders is False
    client.post("/account/", {"receives_reminders": "on"})
    assert UserPreferences.objects.get(user=client.user).receives_reminders is True


def test_it_shows_the_calendar_address_once_made_and_warns_before_a_reset(home):
    client = member_client(home.council, Role.OFFICER)
    client.post("/account/calendar/reset/")
    token = UserPreferences.objects.get(user=client.user).calendar_token
    body = client.get("/account/").content.decode()
    assert f"/calendar/{token}.ics" in body and "webcal://" in body
    assert "A new address stops the old one at once" in body


def test_it_asks_anonymous_visitors_to_sign_in(client, db):
    assert client.get("/account/").status_code == 302
    assert client.post("/account/calendar/reset/").status_code == 302
    assert not UserPreferences.objects.exists()


def test_a_reset_is_a_post(home):
    assert member_client(home.council, Role.OFFICER).get("/account/calendar/reset/").status_code == 405
