"""A lead's update return: every open milestone on one page, saved together through the one service."""

import contextlib
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from forum.returns import milestones_for_return
from tests.clock import TODAY
from tests.conftest import ROLES, member_client
from tests.factories import ForumMeetingFactory, LeadFactory, MilestoneFactory, WorkstreamFactory
from workstreams.models import Milestone, MilestoneUpdate
from workstreams.rag import Rag


@pytest.fixture
def lead_world(home):
    client = member_client(home.council, Role.OFFICER)
    lead = LeadFactory(council=home.council, name="Lucy Prior", initials="LP", user=client.user)
    ws = WorkstreamFactory(plan=home.plan, code="2", title="Outreach")
    milestones = [
        MilestoneFactory(
            workstream=ws, lead=lead, title=f"Step {i}", forecast_due=TODAY + timedelta(days=10 + i)
        )
        for i in range(5)
    ]
    shared = MilestoneFactory(workstream=ws, title="Shared step", forecast_due=TODAY + timedelta(days=30))
    shared.other_leads.add(lead)
    MilestoneFactory(workstream=ws, lead=lead, title="Done step", completed_on=TODAY, percent_complete=100)
    ForumMeetingFactory(council=home.council, meets_on=TODAY + timedelta(days=20))
    # Last touched two months ago: before the council's 42-day window, so none counts as updated yet.
    Milestone.objects.update(updated_at=timezone.now() - timedelta(days=60))
    return client, lead, [Milestone.objects.get(pk=m.pk) for m in milestones + [shared]]


def url(home, lead):
    return f"/councils/{home.council.slug}/returns/{lead.pk}/"


def row(m: Milestone, **values) -> dict:
    """The posted fields of one milestone's row, as the page rendered them, with `values` changed."""
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


def test_it_lists_the_leads_open_milestones_led_or_shared(home, lead_world):
    client, lead, milestones = lead_world
    body = client.get(url(home, lead)).content.decode()
    assert all(m.title in body for m in milestones) and "Done step" not in body
    assert "0 of 6 updated" in body and "are due by" in body


def test_it_saves_the_changed_rows_and_says_which(home, lead_world):
    client, lead, milestones = lead_world
    data = {}
    for m in milestones:
        data |= row(m)
    data |= row(milestones[0], rag=Rag.AMBER, commentary="Recruitment delayed")
    data |= row(milestones[1], percent_complete=40, commentary="Training booked")
    response = client.post(url(home, lead), data)
    assert response.status_code == 302
    assert MilestoneUpdate.objects.filter(milestone__in=milestones).count() == 2  # unchanged rows: no update
    body = client.get(response.url).content.decode()
    assert "2 milestones saved: Step 0; Step 1." in body and "2 of 6 updated" in body


def test_it_saves_the_good_rows_and_keeps_the_bad_ones_input(home, lead_world):
    client, lead, milestones = lead_world
    data = {}
    for m in milestones:
        data |= row(m)
    data |= row(milestones[0], rag=Rag.AMBER, commentary="Recruitment delayed")
    data |= row(milestones[1], percent_complete=40, commentary="Training booked")
    data |= row(milestones[2], rag=Rag.RED, commentary="")  # Red needs commentary: refused
    data |= row(milestones[3], percent_complete=150, commentary="Typo")  # out of range: refused
    response = client.post(url(home, lead), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 saved; 2 not saved" in body and "Saved: Step 0; Step 1." in body
    assert "Step 2: Enter commentary: say why the milestone is Red" in body
    assert "Step 3: Percent complete must be between 0 and 100" in body
    assert 'value="150"' in body  # the refused row keeps what was typed
    saved = set(MilestoneUpdate.objects.values_list("milestone__title", flat=True))
    assert saved == {"Step 0", "Step 1"}
    assert Milestone.objects.get(pk=milestones[2].pk).rag == Rag.GREEN


def test_it_refuses_a_row_someone_else_saved_meanwhile_and_saves_the_rest(home, lead_world):
    client, lead, milestones = lead_world
    data = row(milestones[0], rag=Rag.AMBER, commentary="Mine") | row(milestones[1], commentary="Also mine")
    Milestone.objects.filter(pk=milestones[0].pk).update(
        version=milestones[0].version + 1
    )  # a colleague saved
    body = client.post(url(home, lead), data).content.decode()
    assert "Someone else saved this milestone after you opened the page" in body
    assert list(MilestoneUpdate.objects.values_list("milestone__title", flat=True)) == ["Step 1"]


def test_it_says_nothing_was_saved_when_nothing_changed(home, lead_world):
    client, lead, milestones = lead_world
    data = {}
    for m in milestones:
        data |= row(m)
    body = client.post(url(home, lead), data).content.decode()
    assert "Nothing was saved: no milestone was changed" in body
    assert not MilestoneUpdate.objects.exists()


def test_my_return_finds_the_signed_in_lead(home, lead_world):
    client, lead, _ = lead_world
    response = client.get(f"/councils/{home.council.slug}/returns/mine/")
    assert response.status_code == 302 and response.url == url(home, lead)
    other = member_client(home.council, Role.COUNCIL_ADMIN)
    assert (
        "not linked to a lead officer"
        in other.get(f"/councils/{home.council.slug}/returns/mine/").content.decode()
    )


@pytest.mark.parametrize(
    "role, status", [(r, 403 if r in (Role.FINANCE, Role.FORUM) else 200) for r in ROLES]
)
def test_it_is_for_those_who_update_milestones(home, lead_world, role, status):
    _, lead, _ = lead_world
    assert member_client(home.council, role, username=f"x-{role}").get(url(home, lead)).status_code == status


def test_it_is_a_404_for_another_councils_lead(home, foreign, lead_world):
    other = LeadFactory(council=foreign.council)
    assert member_client(home.council, Role.COUNCIL_ADMIN).get(url(home, other)).status_code == 404


def test_it_costs_the_same_queries_for_few_and_many_milestones(
    home, lead_world, django_assert_max_num_queries
):
    client, lead, milestones = lead_world
    for n in (0, 25):
        for i in range(n):
            MilestoneFactory(workstream=milestones[0].workstream, lead=lead, title=f"More {n}-{i}")
        with django_assert_max_num_queries(10):
            assert client.get(url(home, lead)).status_code == 200


def test_it_saves_one_row_or_ten_in_the_same_pinned_queries(
    home, lead_world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # Rows are written together: the POST, with what runs when it commits, costs the same for one changed
    # row as for ten (issue 22: ten rows were 120 queries on the bench, eight more for each row).
    client, lead, milestones = lead_world
    ws = milestones[0].workstream
    for i in range(5):
        MilestoneFactory(workstream=ws, lead=lead, title=f"More {i}", forecast_due=TODAY + timedelta(days=40))
    # The first save also runs what the fixtures' writes left waiting for a commit (the test's transaction
    # never commits), so the measured ones are the second and third.
    for changed, pinned in ((1, None), (1, 20), (10, 20)):
        rows = milestones_for_return(plan=home.plan, lead=lead)  # as the page shows them
        assert len(rows) == 11
        data = {}
        for n, m in enumerate(rows):
            data |= row(m, percent_complete=changed + n, commentary="Moving") if n < changed else row(m)
        measured = django_assert_num_queries(pinned) if pinned else contextlib.nullcontext()
        with measured, django_capture_on_commit_callbacks(execute=True):
            response = client.post(url(home, lead), data)
        assert response.status_code == 302
    assert MilestoneUpdate.objects.count() == 12
