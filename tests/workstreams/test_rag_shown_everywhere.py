"""The milestone page's RAG status says what its tag says, and the calendar feed gives the RAG that counts
and keeps open milestones however long overdue (issue 21, item 9)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from icalendar import Calendar

from accounts import services as account_services
from accounts.models import Role
from tests.conftest import member_client
from tests.factories import LeadFactory, MilestoneFactory
from workstreams.rag import Rag


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


def test_the_milestone_page_gives_one_rag_status(home):
    late = MilestoneFactory(
        workstream=home.workstream, title="Outreach panel", rag=Rag.AMBER, forecast_due=date(2026, 10, 1)
    )
    body = member_client(home.council, Role.FORUM).get(f"/councils/{home.council.slug}/milestones/{late.pk}/")
    html = body.content.decode()
    status = html.split('id="milestone-rag">', 1)[1].split("</dd>", 1)[0]
    assert ">Red</strong>" in status and "Amber" not in status
    own = html.split('id="milestone-own-rag">', 1)[1].split("</dd>", 1)[0]
    assert own.startswith("Amber: it counts as Red because the milestone is past its forecast date")


def test_a_held_rag_shows_as_held_with_its_reason(home):
    held = MilestoneFactory(
        workstream=home.workstream,
        rag=Rag.AMBER,
        forecast_due=date(2026, 10, 1),
        rag_hold_reason="Waiting for the academy trust's board",
    )
    html = member_client(home.council, Role.FORUM).get(f"/councils/{home.council.slug}/milestones/{held.pk}/")
    html = html.content.decode()
    assert ">Amber</strong>" in html.split('id="milestone-rag">', 1)[1].split("</dd>", 1)[0]
    assert 'id="milestone-own-rag"' not in html and "Waiting for the academy trust&#x27;s board" in html


@pytest.fixture
def feed(home, client):
    officer = member_client(home.council, Role.OFFICER)
    lead = LeadFactory(council=home.council, user=officer.user)
    MilestoneFactory(workstream=home.workstream, lead=lead, title="Late green", rag=Rag.GREEN,
                     forecast_due=date(2026, 11, 1))  # fmt: skip
    MilestoneFactory(workstream=home.workstream, lead=lead, title="Very late", rag=Rag.AMBER,
                     forecast_due=date(2024, 7, 31))  # fmt: skip
    MilestoneFactory(workstream=home.workstream, lead=lead, title="On track", rag=Rag.GREEN,
                     forecast_due=date(2027, 2, 1))  # fmt: skip
    token = account_services.calendar_token_reset(user=officer.user).calendar_token
    calendar = Calendar.from_ical(client.get(f"/calendar/{token}.ics").content)
    return {str(e["summary"]): (e.decoded("dtstart"), str(e["description"])) for e in calendar.walk("VEVENT")}


def test_the_calendar_gives_the_rag_that_counts(feed):
    assert "RAG: Red (overdue 1 month)." in feed["Due: Late green"][1]
    assert "RAG: Green." in feed["Due: On track"][1]


def test_the_calendar_keeps_milestones_overdue_by_more_than_a_year(feed):
    day, description = feed["Due: Very late"]
    assert day == date(2024, 7, 31) and "RAG: Red (overdue 2 years 4 months)." in description
