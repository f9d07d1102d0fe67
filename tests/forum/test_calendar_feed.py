"""The calendar feed parses as iCalendar, carries the right dates, and dies when reset."""

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from accounts import services as account_services
from accounts.models import Role
from tests.clock import TODAY
from tests.conftest import member_client
from tests.factories import ForumMeetingFactory, LeadFactory, MilestoneFactory


@pytest.fixture
def feed(home, foreign):
    client = member_client(home.council, Role.OFFICER)
    lead = LeadFactory(council=home.council, user=client.user)
    due = TODAY + timedelta(days=30)
    MilestoneFactory(workstream=home.workstream, lead=lead, title="Outreach <pilot>", forecast_due=due)
    MilestoneFactory(
        workstream=home.workstream, lead=lead, title="Done", completed_on=TODAY, percent_complete=100
    )
    MilestoneFactory(workstream=home.workstream, title="Someone else's")
    meeting = ForumMeetingFactory(council=home.council, meets_on=date(2027, 3, 12), location="Catmose")
    ForumMeetingFactory(council=foreign.council, meets_on=date(2027, 3, 11))  # not a council of theirs
    token = account_services.calendar_token_reset(user=client.user).calendar_token
    return client, token, due, meeting


def events(response) -> dict[str, date]:
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}


def test_it_parses_and_carries_the_leads_milestones_and_the_councils_meetings(client, home, feed):
    _, token, due, meeting = feed
    response = client.get(f"/calendar/{token}.ics")  # no sign-in: calendar apps cannot sign in
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    found = events(response)
    assert found == {
        "Due: Outreach <pilot>": due,
        "Home Council Schools Forum (Catmose)": date(2027, 3, 12),
        "Home Council Schools Forum: paper deadline": date(2027, 3, 6),
        "Home Council Schools Forum: milestone updates due": date(2027, 3, 3),
    }
    calendar = Calendar.from_ical(response.content)
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert len(set(uids)) == 4 and all(uid.endswith("@dsg-recovery-tracker") for uid in uids)
    assert "milestone-" in uids[0] and str(meeting.pk) in " ".join(uids)


def test_a_reset_address_stops_the_old_one(client, feed):
    signed_in, old, *_ = feed
    assert client.get(f"/calendar/{old}.ics").status_code == 200
    signed_in.post("/account/calendar/reset/")
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    new = signed_in.user.preferences.__class__.objects.get(user=signed_in.user).calendar_token
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_an_unknown_address_is_a_404(client, db):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_it_costs_the_same_queries_for_more_milestones(client, home, feed, django_assert_max_num_queries):
    signed_in, token, *_ = feed
    lead = signed_in.user.lead_roles.get()
    for n in (1, 30):
        MilestoneFactory.create_batch(n, workstream=home.workstream, lead=lead)
        with django_assert_max_num_queries(4):
            assert client.get(f"/calendar/{token}.ics").status_code == 200
