"""The Forum calendar: writes through services, checked, recorded."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from forum.models import ForumMeeting
from forum.services import meetings as services
from tests.factories import CouncilFactory, UserFactory


@pytest.fixture
def council(db):
    return CouncilFactory(slug="rutland", name="Rutland")


def test_it_proposes_deadlines_from_the_councils_settings(council):
    user = UserFactory()
    meeting = services.meeting_create(council=council, user=user, meets_on=date(2027, 3, 12))
    assert (meeting.papers_due, meeting.updates_due) == (date(2027, 3, 6), date(2027, 3, 3))
    assert meeting.history.get().history_user == user
    council.paper_clear_days, council.update_days_before_papers = 7, 1
    later = services.meeting_create(council=council, user=user, meets_on=date(2027, 6, 10))
    assert (later.papers_due, later.updates_due) == (date(2027, 6, 2), date(2027, 6, 1))


def test_it_keeps_deadlines_the_clerk_chose(council):
    meeting = services.meeting_create(
        council=council,
        user=None,
        meets_on=date(2027, 3, 12),
        papers_due=date(2027, 3, 4),
        updates_due=date(2027, 2, 26),
        location=" Council Chamber ",
    )
    assert (meeting.papers_due, meeting.updates_due, meeting.location) == (
        date(2027, 3, 4),
        date(2027, 2, 26),
        "Council Chamber",
    )


@pytest.mark.parametrize(
    "papers_due, updates_due, field",
    [
        (date(2027, 3, 12), date(2027, 3, 1), "papers_due"),  # on the day of the meeting
        (date(2027, 3, 6), date(2027, 3, 7), "updates_due"),  # updates after the papers
    ],
)
def test_it_refuses_deadlines_out_of_order_and_saves_nothing(council, papers_due, updates_due, field):
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            council=council,
            user=None,
            meets_on=date(2027, 3, 12),
            papers_due=papers_due,
            updates_due=updates_due,
        )
    assert field in error.value.message_dict
    assert not ForumMeeting.objects.exists()


def test_it_refuses_a_second_meeting_on_the_same_day(council):
    services.meeting_create(council=council, user=None, meets_on=date(2027, 3, 12))
    with pytest.raises(ValidationError) as error:
        services.meeting_create(council=council, user=None, meets_on=date(2027, 3, 12))
    assert "already has a Schools Forum meeting on 12 March 2027" in error.value.message_dict["meets_on"][0]


def test_it_moves_a_meeting_and_its_deadlines(council):
    meeting = services.meeting_create(council=council, user=None, meets_on=date(2027, 3, 12))
    services.meeting_edit(
        meeting=meeting,
        user=None,
        meets_on=date(2027, 3, 19),
        papers_due=date(2027, 3, 13),
        updates_due=date(2027, 3, 10),
    )
    meeting.refresh_from_db()
    assert (meeting.meets_on, meeting.updates_due) == (date(2027, 3, 19), date(2027, 3, 10))


def test_it_updates_the_cycle_settings_and_refuses_nonsense(council):
    user = UserFactory()
    services.forum_cycle_update(
        council=council,
        user=user,
        paper_clear_days=7,
        update_days_before_papers=2,
        reminder_days=10,
        update_due_days=30,
    )
    council.refresh_from_db()
    assert (council.paper_clear_days, council.reminder_days, council.update_due_days) == (7, 10, 30)
    with pytest.raises(ValidationError):
        services.forum_cycle_update(
            council=council,
            user=user,
            paper_clear_days=7,
            update_days_before_papers=2,
            reminder_days=0,
            update_due_days=30,
        )
    council.refresh_from_db()
    assert council.reminder_days == 10


def test_a_report_finds_the_meeting_on_its_date_or_adds_it(council):
    user = UserFactory()
    existing = services.meeting_create(
        council=council, user=user, meets_on=date(2027, 3, 12), location="Oakham"
    )
    assert services.meeting_for_date(council=council, user=user, meets_on=date(2027, 3, 12)) == existing
    added = services.meeting_for_date(council=council, user=user, meets_on=date(2027, 6, 10))
    assert added.pk != existing.pk and added.papers_due == date(2027, 6, 4)  # the proposed deadlines
    assert ForumMeeting.objects.filter(council=council).count() == 2


def test_a_published_paper_pins_its_meeting_date_but_not_its_deadlines_or_place(council):
    user = UserFactory()
    meeting = services.meeting_create(council=council, user=user, meets_on=date(2027, 3, 12))
    services.meeting_pin(
        meeting=meeting, user=user, paper_title="DSG Recovery Plan – Project Progress Update"
    )
    meeting.refresh_from_db()
    assert meeting.is_pinned
    with pytest.raises(ValidationError) as refused:
        services.meeting_edit(
            meeting=meeting,
            user=user,
            meets_on=date(2027, 3, 19),
            papers_due=date(2027, 3, 13),
            updates_due=date(2027, 3, 10),
        )
    assert refused.value.message_dict["meets_on"] == [
        "“DSG Recovery Plan – Project Progress Update” was published for this meeting, so its date cannot "
        "move. Add the new date as another meeting."
    ]
    services.meeting_edit(
        meeting=meeting,
        user=user,
        meets_on=date(2027, 3, 12),
        papers_due=date(2027, 3, 5),
        updates_due=date(2027, 3, 2),
        location="Council Chamber",
    )
    meeting.refresh_from_db()
    assert (meeting.papers_due, meeting.location) == (date(2027, 3, 5), "Council Chamber")
