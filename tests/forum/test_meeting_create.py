from datetime import date

import pytest

from accounts.models import Role
from forum.models import ForumMeeting
from tests.conftest import ROLES, member_client


def url(home):
    return f"/councils/{home.council.slug}/forum/add/"


def form(day: date, **extra):
    return {"meets_on-day": day.day, "meets_on-month": day.month, "meets_on-year": day.year, **extra}


def test_it_adds_a_meeting_with_the_proposed_deadlines(home):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    assert "5 clear days before the meeting" in client.get(url(home)).content.decode()
    response = client.post(url(home), form(date(2027, 3, 12), location="Council Chamber"))
    assert response.status_code == 302
    meeting = ForumMeeting.objects.get(council=home.council)
    assert (meeting.papers_due, meeting.updates_due) == (date(2027, 3, 6), date(2027, 3, 3))


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.COUNCIL_ADMIN])
def test_it_is_for_council_admins_only(home, role):
    client = member_client(home.council, role)
    assert client.get(url(home)).status_code == 403
    assert client.post(url(home), form(date(2027, 3, 12))).status_code == 403
    assert not ForumMeeting.objects.exists()


def test_staff_may_add_one(home, staff_client):
    assert staff_client.post(url(home), form(date(2027, 3, 12))).status_code == 302


def test_it_names_the_field_of_a_bad_date_and_saves_nothing(home):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    body = client.post(
        url(home), {"meets_on-day": "31", "meets_on-month": "2", "meets_on-year": "2027"}
    ).content
    assert "Meeting date must be a real date" in body.decode()
    body = client.post(
        url(home),
        form(date(2027, 3, 12), **{"papers_due-day": 20, "papers_due-month": 3, "papers_due-year": 2027}),
    ).content.decode()
    assert "The paper deadline must be before the meeting" in body
    assert not ForumMeeting.objects.exists()


def test_it_is_a_404_for_another_council(home, foreign):
    client = member_client(foreign.council, Role.COUNCIL_ADMIN)
    assert client.post(url(home), form(date(2027, 3, 12))).status_code == 404
