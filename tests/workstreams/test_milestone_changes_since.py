"""The "changes since" page reads the date typed in its three boxes, names an impossible one, and defaults to
the last Schools Forum meeting (issue 21, item 1)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import Role
from tests.factories import ForumMeetingFactory, MilestoneUpdateFactory
from tests.workstreams.conftest import url

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


def boxes(day: str, month: str, year: str) -> str:
    return f"since-day={day}&since-month={month}&since-year={year}"


def test_it_shows_changes_since_the_date_typed_in_the_boxes(home, client_as):
    MilestoneUpdateFactory(
        milestone=home.milestone, commentary="October change", created_at=on(date(2026, 10, 1))
    )
    MilestoneUpdateFactory(
        milestone=home.milestone, commentary="August change", created_at=on(date(2026, 8, 1))
    )
    response = client_as(Role.OFFICER).get(url(home, "milestones/changes/") + "?" + boxes("17", "9", "2026"))
    body = response.content.decode()
    assert response.context["form"].cleaned_data["since"] == date(2026, 9, 17)
    assert "since 17 September 2026" in body
    assert "October change" in body and "August change" not in body
    assert 'value="17"' in body


def test_it_names_an_impossible_date_typed_in_the_boxes(home, client_as):
    response = client_as(Role.OFFICER).get(url(home, "milestones/changes/") + "?" + boxes("31", "2", "2026"))
    body = response.content.decode()
    assert response.context["table"] is None
    assert "There is a problem" in body and "must be a real date" in body


def test_it_defaults_to_the_last_forum_meeting(home, client_as):
    ForumMeetingFactory(council=home.council, meets_on=date(2026, 10, 14))
    ForumMeetingFactory(council=home.council, meets_on=date(2027, 1, 14))
    MilestoneUpdateFactory(
        milestone=home.milestone, commentary="After the Forum", created_at=on(date(2026, 10, 20))
    )
    MilestoneUpdateFactory(
        milestone=home.milestone, commentary="Before the Forum", created_at=on(date(2026, 10, 1))
    )
    response = client_as(Role.OFFICER).get(url(home, "milestones/changes/"))
    body = response.content.decode()
    assert response.context["form"].cleaned_data["since"] == date(2026, 10, 14)
    assert "After the Forum" in body and "Before the Forum" not in body
