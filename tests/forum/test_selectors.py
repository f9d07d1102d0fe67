"""The plan and its next Schools Forum meeting, read together for the dashboard and the Forum report."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.selectors import plan_with_next_meeting
from recovery.models import PlanStatus
from tests.clock import TODAY
from tests.factories import CouncilFactory, ForumMeetingFactory, PlanFactory


def _read(council):
    with CaptureQueriesContext(connection) as queries:
        plan, meeting = plan_with_next_meeting(council=council, today=TODAY)
    return plan, meeting, len(queries)


def test_it_reads_the_active_plan_and_the_next_meeting_in_one_query(db):
    council = CouncilFactory()
    PlanFactory(council=council, status=PlanStatus.DRAFT, first_year=2026)  # later, but a draft
    active = PlanFactory(council=council, status=PlanStatus.ACTIVE, first_year=2024)
    ForumMeetingFactory(council=council, meets_on=TODAY - timedelta(days=1))  # past
    later = ForumMeetingFactory(council=council, meets_on=TODAY + timedelta(days=60), location="Hall")
    soonest = ForumMeetingFactory(council=council, meets_on=TODAY + timedelta(days=20), location="Chamber")
    ForumMeetingFactory(meets_on=TODAY + timedelta(days=2))  # another council's

    plan, meeting, queries = _read(council)

    assert plan == active and plan.council == council
    assert queries == 1
    assert meeting.pk == soonest.pk and meeting.council == council
    assert (meeting.meets_on, meeting.papers_due, meeting.updates_due, meeting.location) == (
        soonest.meets_on,
        soonest.papers_due,
        soonest.updates_due,
        "Chamber",
    )
    assert later.pk != meeting.pk


def test_it_counts_a_meeting_today_as_next(db):
    council = CouncilFactory()
    PlanFactory(council=council)
    today = ForumMeetingFactory(council=council, meets_on=TODAY)
    assert _read(council)[1].pk == today.pk


def test_it_falls_back_to_the_latest_plan_when_none_is_active(db):
    council = CouncilFactory()
    PlanFactory(council=council, status=PlanStatus.DRAFT, first_year=2024)
    latest = PlanFactory(council=council, status=PlanStatus.DRAFT, first_year=2025)
    PlanFactory(council=council, status=PlanStatus.DRAFT, first_year=2023)

    plan, meeting, queries = _read(council)

    assert plan == latest and meeting is None and queries == 1


def test_it_gives_no_meeting_when_none_is_ahead(db):
    council = CouncilFactory()
    plan = PlanFactory(council=council)
    ForumMeetingFactory(council=council, meets_on=TODAY - timedelta(days=30))
    assert _read(council)[:2] == (plan, None)


def test_it_still_reads_the_next_meeting_of_a_council_without_a_plan(db):
    council = CouncilFactory()
    meeting = ForumMeetingFactory(council=council, meets_on=TODAY + timedelta(days=5))
    plan, found, queries = _read(council)
    assert plan is None and found == meeting and queries == 2
