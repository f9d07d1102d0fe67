"""A person's own choices: preferences and the calendar feed's secret, written through services."""

from accounts import services
from accounts.models import UserPreferences
from tests.factories import UserFactory


def test_preferences_default_to_reminders_on_and_are_saved_when_chosen(db):
    user = UserFactory()
    assert services.preferences_for(user).receives_reminders is True
    assert not UserPreferences.objects.exists()
    services.preferences_update(user=user, receives_reminders=False)
    user.refresh_from_db()
    assert user.preferences.receives_reminders is False


def test_a_new_calendar_token_replaces_the_old(db):
    user = UserFactory()
    first = services.calendar_token_reset(user=user).calendar_token
    second = services.calendar_token_reset(user=user).calendar_token
    assert first and second and first != second and len(second) >= 40
