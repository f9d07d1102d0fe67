"""One definition of "a lead's milestones" (led or shared, active), read by My milestones, the update return,
return status and the leads page; the return lists undated milestones last on every database
(issue 21, item 5)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from accounts.models import Role
from forum.returns import cycle_for, milestones_for_return, return_statuses
from tests.conftest import member_client
from tests.factories import LeadFactory, MembershipFactory, MilestoneFactory, UserFactory, WorkstreamFactory
from workstreams.selectors import leads_for_council, milestones_led_by

TODAY = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def lead_world(home):
    user = UserFactory()
    lead = LeadFactory(council=home.council, user=user, name="Helen Carr", initials="HC")
    other = LeadFactory(council=home.council, name="Lucy Jones", initials="LCJ")
    ws = home.workstream

    def make(title, *, led=True, shared=(), **kw):
        kw.setdefault("forecast_due", date(2027, 2, 1))
        kw.setdefault("baseline_due", kw["forecast_due"])
        m = MilestoneFactory(workstream=ws, title=title, lead=lead if led else other, **kw)
        m.other_leads.set(shared)
        return m

    make("Led, due in March", forecast_due=date(2027, 3, 1))
    make("Shared, no date", led=False, shared=[lead], forecast_due=None, baseline_due=None)
    make("Shared with two, due in January", led=False, shared=[lead, LeadFactory(council=home.council)],
         forecast_due=date(2027, 1, 10))  # fmt: skip
    make("Led, completed", completed_on=date(2026, 11, 1))
    make("Led, archived", archived_on=date(2026, 11, 1))
    make("Someone else's", led=False)
    archived_ws = WorkstreamFactory(plan=home.plan, code="9", archived_on=date(2026, 11, 1))
    MilestoneFactory(workstream=archived_ws, title="In an archived workstream", lead=lead)
    return user, lead


MINE_OPEN = ["Shared with two, due in January", "Led, due in March", "Shared, no date"]


def test_the_update_return_lists_led_and_shared_open_milestones_undated_last(home, lead_world):
    _, lead = lead_world
    assert [m.title for m in milestones_for_return(plan=home.plan, lead=lead)] == MINE_OPEN


def test_my_milestones_lists_the_same_milestones_and_the_completed_one(home, lead_world):
    user, _ = lead_world
    assert [m.title for m in milestones_led_by(plan=home.plan, user=user)] == [*MINE_OPEN, "Led, completed"]


def test_return_status_counts_the_same_milestones(home, lead_world):
    _, lead = lead_world
    statuses = {
        s.lead.pk: s
        for s in return_statuses(plan=home.plan, cycle=cycle_for(council=home.council, today=TODAY))
    }
    assert [m.title for m in statuses[lead.pk].milestones] == MINE_OPEN


def test_the_leads_page_counts_the_same_milestones(home, lead_world):
    _, lead = lead_world
    counted = leads_for_council(council=home.council).get(pk=lead.pk)
    assert (counted.n_milestones, counted.n_open_milestones) == (4, 3)
    body = (
        member_client(home.council, Role.COUNCIL_ADMIN).get(f"/councils/{home.council.slug}/leads/").content
    )
    row = body.decode().split("Helen Carr", 1)[1].split("</tr>", 1)[0]
    assert ">4</td>" in row and ">3</td>" in row


def test_my_milestones_page_shows_shared_milestones(home, lead_world):
    user, _ = lead_world
    MembershipFactory(user=user, council=home.council, role=Role.OFFICER)
    client = Client()
    client.force_login(user)
    body = client.get(f"/councils/{home.council.slug}/milestones/mine/").content.decode()
    assert "Shared, no date" in body and "Shared with two, due in January" in body
    assert "Someone else" not in body
