"""Moving a Schools Forum meeting moves the deadlines that were proposed for it; deadlines set by hand stay,
and the form says which is which (issue 21, item 3)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import Role
from forum.services import meetings as services
from tests.conftest import member_client
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


def dated(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def posted(meets_on, papers_due, updates_due):
    return {
        **dated("meets_on", meets_on),
        **dated("papers_due", papers_due),
        **dated("updates_due", updates_due),
    }


@pytest.fixture
def admin(home):
    return member_client(home.council, Role.COUNCIL_ADMIN)


@pytest.fixture
def meeting(home):
    # 5 clear days: papers by Friday 8 January; updates 3 days before, 5 January.
    return services.meeting_create(council=home.council, user=UserFactory(), meets_on=date(2027, 1, 14))


def url(home, meeting):
    return f"/councils/{home.council.slug}/forum/{meeting.pk}/edit/"


def test_it_moves_proposed_deadlines_with_the_meeting(home, admin, meeting):
    assert (meeting.papers_due, meeting.updates_due) == (date(2027, 1, 8), date(2027, 1, 5))
    response = admin.post(url(home, meeting), posted(date(2027, 1, 21), date(2027, 1, 8), date(2027, 1, 5)))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.meets_on, meeting.papers_due, meeting.updates_due) == (
        date(2027, 1, 21),
        date(2027, 1, 15),
        date(2027, 1, 12),
    )


def test_it_keeps_a_deadline_set_by_hand(home, admin, meeting):
    services.meeting_edit(
        meeting=meeting,
        user=UserFactory(),
        meets_on=date(2027, 1, 14),
        papers_due=date(2027, 1, 6),  # a bank holiday: the clerk brought it forward
        updates_due=date(2027, 1, 5),
    )
    admin.post(url(home, meeting), posted(date(2027, 1, 21), date(2027, 1, 6), date(2027, 1, 5)))
    meeting.refresh_from_db()
    # The paper deadline was set by hand and stays; updates were as proposed and follow the meeting, but
    # never after the paper deadline.
    assert (meeting.meets_on, meeting.papers_due, meeting.updates_due) == (
        date(2027, 1, 21),
        date(2027, 1, 6),
        date(2027, 1, 6),
    )


def test_it_takes_new_deadlines_typed_with_the_move(home, admin, meeting):
    admin.post(url(home, meeting), posted(date(2027, 1, 21), date(2027, 1, 13), date(2027, 1, 11)))
    meeting.refresh_from_db()
    assert (meeting.papers_due, meeting.updates_due) == (date(2027, 1, 13), date(2027, 1, 11))


def test_the_form_says_which_deadlines_follow_the_meeting(home, admin, meeting):
    body = admin.get(url(home, meeting)).content.decode()
    assert body.count("it moves with the meeting unless you change it here") == 2
    services.meeting_edit(
        meeting=meeting,
        user=UserFactory(),
        meets_on=date(2027, 1, 14),
        papers_due=date(2027, 1, 6),
        updates_due=date(2027, 1, 5),
    )
    body = admin.get(url(home, meeting)).content.decode()
    assert "Set by hand: it stays on this date if the meeting moves." in body
    assert body.count("it moves with the meeting unless you change it here") == 1
