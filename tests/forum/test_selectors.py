"""The plan and its next Schools Forum meeting, read together for the dashboard and the Forum report."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext

from forum.selectors import PlanWithNextMeeting, plan_with_next_meeting
from recovery.models import PlanStatus
from tests.clock import TODAY
from tests.factories import CouncilFactory, ForumMeetingFactory, PlanFactory

# The ORM's reading, and the dashboard's (the same row, its SQL compiled once: core.prepared).
PREPARED = PlanWithNextMeeting({"one": Value(1)})
READERS = {"orm": plan_with_next_meeting, "prepared": lambda **kwargs: PREPARED.read(**kwargs)[:2]}


@pytest.fixture(params=READERS)
def read(request):
    def read(council):
        with CaptureQueriesContext(connection) as queries:
            plan, meeting = READERS[request.param](council=council, today=TODAY)
        return plan, meeting, len(queries)

    return read


def test_it_reads_the_active_plan_and_the_next_meeting_in_one_query(db, read):
    council = CouncilFactory()
    PlanFactory(council=council, status=PlanStatus.DRAFT, first_year=2026)  # later, but a draft
    active = PlanFactory(council=council, status=PlanStatus.ACTIVE, first_year=2024)
    ForumMeetingFactory(council=council, meets_on=TODAY - timedelta(days=1))  # past
    later = ForumMeetingFactory(council=council, meets_on=TODAY + timedelta(days=60), location="Hall")
    soonest = ForumMeetingFactory(council=council, meets_on=TODAY + timedelta(days=20), location="Chamber")
    ForumMeetingFactory(meets_on=TODAY + timedelta(days=2))  # another council's

    plan, meeting, queries = read(council)

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


def test_it_counts_a_meeting_today_as_next(db, read):
    council = CouncilFactory()
    PlanFactory(council=council)
    today = ForumMeetingFactory(council=council, meets_on=TODAY)
    assert read(council)[1].pk == today.pk


def test_it_falls_back_to_the_latest_plan_when_none_is_active(db, read):
    council = CouncilFactory()
    PlanFactory(council=council, status=PlanStatus.DRAFT, first_year=2024)
    latest = PlanFactory(council=council, status=PlanStatus.DRAFT, first_year=2025)
    PlanFactory(council=council, status=PlanStatus.DRAFT, first_year=2023)

    plan, meeting, queries = read(council)

    assert plan == latest and meeting is None and queries == 1


def test_it_gives_no_meeting_when_none_is_ahead(db, read):
    council = CouncilFactory()
    plan = PlanFactory(council=council)
    ForumMeetingFactory(council=council, meets_on=TODAY - timedelta(days=30))
    assert read(council)[:2] == (plan, None)


def test_it_still_reads_the_next_meeting_of_a_council_without_a_plan(db, read):
    council = CouncilFactory()
    meeting = ForumMeetingFactory(council=council, meets_on=TODAY + timedelta(days=5))
    plan, found, queries = read(council)
    assert plan is None and found == meeting and queries == 2


def test_it_reads_the_plan_and_its_council_as_the_orm_does_with_the_annotations(db):
    council = CouncilFactory()
    PlanFactory(council=council, status=PlanStatus.ACTIVE, annual_investment=1_250_000)
    orm, _ = plan_with_next_meeting(council=council, today=TODAY)
    plan, _, values = PREPARED.read(council=council, today=TODAY)
    fields = [f.attname for f in type(plan)._meta.concrete_fields]
    assert [getattr(plan, f) for f in fields] == [getattr(orm, f) for f in fields]
    council_fields = [f.attname for f in type(council)._meta.concrete_fields]
    assert [getattr(plan.council, f) for f in council_fields] == [
        getattr(orm.council, f) for f in council_fields
    ]
    assert values == {"one": 1} and not hasattr(plan, "one")
