import pytest

from accounts.models import Role
from forum.models import ForumMeeting
from reports import services as report_services
from tests.conftest import ROLES, member_client
from tests.factories import ForumMeetingFactory, UserFactory


@pytest.fixture
def meeting(home):
    return ForumMeetingFactory(council=home.council)


def url(home, meeting):
    return f"/councils/{home.council.slug}/forum/{meeting.pk}/remove/"


def test_it_asks_then_removes_a_meeting(home, meeting):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    assert "Remove the meeting on" in client.get(url(home, meeting)).content.decode()
    assert ForumMeeting.objects.filter(pk=meeting.pk).exists()
    assert client.post(url(home, meeting)).status_code == 302
    assert not ForumMeeting.objects.filter(pk=meeting.pk).exists()


def test_it_keeps_a_meeting_that_has_a_report(home, meeting):
    report_services.report_create(
        plan=home.plan, user=UserFactory(), meeting_date=meeting.meets_on, title="Spring"
    )
    body = member_client(home.council, Role.COUNCIL_ADMIN).post(url(home, meeting)).content.decode()
    assert "“Spring” belongs to this meeting" in body
    assert ForumMeeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.COUNCIL_ADMIN])
def test_it_is_for_council_admins_only(home, meeting, role):
    assert member_client(home.council, role).post(url(home, meeting)).status_code == 403
    assert ForumMeeting.objects.filter(pk=meeting.pk).exists()


def test_it_is_a_404_for_another_councils_meeting(home, foreign):
    other = ForumMeetingFactory(council=foreign.council)
    assert member_client(home.council, Role.COUNCIL_ADMIN).post(url(home, other)).status_code == 404
    assert ForumMeeting.objects.filter(pk=other.pk).exists()
