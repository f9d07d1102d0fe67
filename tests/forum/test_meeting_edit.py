from datetime import date

import pytest

from accounts.models import Role
from reports import services as report_services
from reports.models import ForumReport
from tests.conftest import ROLES, member_client
from tests.factories import ForumMeetingFactory, UserFactory


@pytest.fixture
def meeting(home):
    return ForumMeetingFactory(council=home.council, meets_on=date(2027, 3, 12))


def url(home, meeting):
    return f"/councils/{home.council.slug}/forum/{meeting.pk}/edit/"


def dated(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def form(meets_on, papers_due, updates_due):
    return {
        **dated("meets_on", meets_on),
        **dated("papers_due", papers_due),
        **dated("updates_due", updates_due),
    }


def test_it_moves_the_meeting_and_its_draft_report_with_it(home, meeting):
    draft = report_services.report_create(
        plan=home.plan, user=UserFactory(), meeting_date=meeting.meets_on, title="X"
    )
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    response = client.post(url(home, meeting), form(date(2027, 3, 19), date(2027, 3, 13), date(2027, 3, 10)))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.meets_on == date(2027, 3, 19)
    assert ForumReport.objects.get(pk=draft.pk).meeting_date == date(2027, 3, 19)


def test_it_will_not_move_a_meeting_whose_report_is_published(home, meeting):
    author = UserFactory()
    report = report_services.report_create(
        plan=home.plan, user=author, meeting_date=meeting.meets_on, title="X"
    )
    report_services.report_publish(report=report, user=author)
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    body = client.post(
        url(home, meeting), form(date(2027, 3, 19), date(2027, 3, 13), date(2027, 3, 10))
    ).content
    assert "was published for this meeting, so its date cannot move" in body.decode()
    meeting.refresh_from_db()
    assert meeting.meets_on == date(2027, 3, 12)


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.COUNCIL_ADMIN])
def test_it_is_for_council_admins_only(home, meeting, role):
    assert member_client(home.council, role).get(url(home, meeting)).status_code == 403


def test_it_is_a_404_for_another_councils_meeting(home, foreign):
    other = ForumMeetingFactory(council=foreign.council)
    assert member_client(home.council, Role.COUNCIL_ADMIN).get(url(home, other)).status_code == 404
