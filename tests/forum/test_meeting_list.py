from datetime import date, timedelta

import pytest

from accounts.models import Role
from reports import services as report_services
from tests.clock import TODAY
from tests.conftest import ROLES, member_client
from tests.factories import ForumMeetingFactory, UserFactory


def url(home):
    return f"/councils/{home.council.slug}/forum/"


@pytest.fixture
def meetings(home):
    soon = ForumMeetingFactory(council=home.council, meets_on=TODAY + timedelta(days=20), location="Catmose")
    past = ForumMeetingFactory(council=home.council, meets_on=date(2024, 11, 7))
    author = UserFactory()
    draft = report_services.report_create(
        plan=home.plan, user=author, meeting_date=soon.meets_on, title="Spring"
    )
    report = report_services.report_create(
        plan=home.plan, user=author, meeting_date=past.meets_on, title="Autumn"
    )
    report_services.report_publish(report=report, user=author)
    return soon, past, draft


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_every_member_the_calendar_with_each_meetings_report(home, meetings, role):
    soon, past, draft = meetings
    body = member_client(home.council, role).get(url(home)).content.decode()
    assert f"{soon.meets_on.day} {soon.meets_on:%B %Y}" in body and "Catmose" in body
    assert "7 November 2024" in body and "Autumn" in body
    # Forum members see published reports only, here as everywhere.
    assert ("Spring" in body) is (role != Role.FORUM)
    assert ("Add a meeting" in body) is (role == Role.COUNCIL_ADMIN)


def test_staff_see_it_too(home, meetings, staff_client):
    assert staff_client.get(url(home)).status_code == 200


def test_it_is_a_404_for_another_councils_members(home, foreign, meetings):
    assert member_client(foreign.council, Role.COUNCIL_ADMIN).get(url(home)).status_code == 404


def test_it_asks_anonymous_visitors_to_sign_in(client, home):
    assert client.get(url(home)).status_code == 302


def test_it_costs_the_same_queries_with_more_meetings(home, meetings, django_assert_max_num_queries):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    for n in (1, 20):
        for i in range(n):
            ForumMeetingFactory(council=home.council, meets_on=TODAY + timedelta(days=100 + n * 40 + i))
        with django_assert_max_num_queries(8):
            assert client.get(url(home)).status_code == 200
