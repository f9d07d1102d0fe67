"""The update return shows each milestone's latest commentary, offers a one-click "no change, still on
track", and keeps its save button in view (issue 21, item 6)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import Role
from tests.conftest import member_client
from tests.factories import LeadFactory, MilestoneFactory, UserFactory
from workstreams.forms import NO_CHANGE_AT_RISK_COMMENTARY, NO_CHANGE_COMMENTARY
from workstreams.models import Milestone, MilestoneUpdate
from workstreams.rag import Rag


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def world(home):
    client = member_client(home.council, Role.OFFICER)
    lead = LeadFactory(council=home.council, name="Lucy Prior", initials="LP", user=client.user)
    author = UserFactory(first_name="Helen", last_name="Carr")
    on_track = MilestoneFactory(
        workstream=home.workstream,
        lead=lead,
        title="Outreach panel",
        rag=Rag.AMBER,
        forecast_due=date(2027, 2, 1),
        commentary="Terms agreed with two of three schools",
    )
    Milestone.objects.filter(pk=on_track.pk).update(
        updated_by=author, updated_at=datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    )
    overdue = MilestoneFactory(
        workstream=home.workstream, lead=lead, title="SLA agreed", forecast_due=date(2026, 11, 1)
    )
    return client, lead, Milestone.objects.get(pk=on_track.pk), overdue


def url(home, lead):
    return f"/councils/{home.council.slug}/returns/{lead.pk}/"


def row(m: Milestone, **values) -> dict:
    fields = {
        "version": m.version,
        "rag": m.rag,
        "percent_complete": m.percent_complete,
        "forecast_due-day": m.forecast_due.day,
        "forecast_due-month": m.forecast_due.month,
        "forecast_due-year": m.forecast_due.year,
        "commentary": "",
        "date_change_reason": "",
        "rag_hold_reason": "",
    }
    fields.update(values)
    return {f"m{m.pk}-{name}": value for name, value in fields.items()}


def test_it_shows_the_latest_commentary_with_its_date_and_author(home, world):
    client, lead, on_track, _ = world
    body = client.get(url(home, lead)).content.decode()
    latest = body.split(f'id="row-{on_track.pk}-latest"', 1)[1].split("</div>", 1)[0]
    assert "Terms agreed with two of three schools" in latest
    assert "3 November 2026, Helen Carr" in latest


def test_it_records_no_change_in_one_click(home, world):
    client, lead, on_track, overdue = world
    response = client.post(url(home, lead), row(on_track, no_change="on") | row(overdue))
    assert response.status_code == 302
    update = MilestoneUpdate.objects.get(milestone=on_track)
    # Amber is not "on track": the update says only that nothing changed.
    assert update.commentary == NO_CHANGE_AT_RISK_COMMENTARY and update.new_rag == Rag.AMBER
    on_track.refresh_from_db()
    assert on_track.forecast_due == date(2027, 2, 1) and on_track.rag == Rag.AMBER


def test_it_will_not_call_an_overdue_milestone_on_track(home, world):
    client, lead, on_track, overdue = world
    response = client.post(url(home, lead), row(on_track) | row(overdue, no_change="on"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "SLA agreed: It is past its forecast date, so it is not on track" in body
    assert not MilestoneUpdate.objects.exists()


def test_it_keeps_the_save_button_in_view(home, world):
    client, lead, _, _ = world
    body = client.get(url(home, lead)).content.decode()
    assert 'class="govuk-button-group app-sticky-actions"' in body


def test_no_change_on_a_green_milestone_says_it_is_on_track(home, world):
    client, lead, on_track, overdue = world
    Milestone.objects.filter(pk=on_track.pk).update(rag=Rag.GREEN)
    on_track.refresh_from_db()
    assert client.post(url(home, lead), row(on_track, no_change="on") | row(overdue)).status_code == 302
    assert MilestoneUpdate.objects.get(milestone=on_track).commentary == NO_CHANGE_COMMENTARY
