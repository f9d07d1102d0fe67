from datetime import date

import pytest

from accounts.models import Role
from tests.factories import LeadFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url
from workstreams.models import Milestone


def page(world, workstream=None) -> str:
    return url(world, f"workstreams/{(workstream or world.workstream).pk}/milestones/new/")


def data(**overrides):
    return {"title": "Launch the outreach offer", "baseline_due": "2026-09-30", **overrides}


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_add_a_milestone(home, client_as, role):
    client = client_as(role)
    assert client.get(page(home)).status_code == expected(role, MANAGERS)
    assert client.post(page(home), data()).status_code == expected(role, MANAGERS, ok=302)
    assert Milestone.objects.filter(title="Launch the outreach offer").exists() is (role in MANAGERS)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_workstream_id(home, foreign, client_as, role):
    assert client_as(role).post(page(home, foreign.workstream), data()).status_code == (
        404 if role in MANAGERS else 403
    )
    assert not Milestone.objects.filter(title="Launch the outreach offer").exists()


def test_it_sets_baseline_and_forecast_and_lead(home, client_as):
    lead = LeadFactory(council=home.council)
    client_as(Role.COUNCIL_ADMIN).post(page(home), data(lead=lead.pk, forecast_due="2026-10-31"))
    milestone = Milestone.objects.get(title="Launch the outreach offer")
    assert (milestone.baseline_due, milestone.forecast_due, milestone.lead) == (
        date(2026, 9, 30),
        date(2026, 10, 31),
        lead,
    )


def test_it_starts_the_forecast_at_the_baseline(home, client_as):
    client_as(Role.COUNCIL_ADMIN).post(page(home), data())
    assert Milestone.objects.get(title="Launch the outreach offer").forecast_due == date(2026, 9, 30)


def test_it_refuses_another_councils_lead(home, foreign, client_as):
    response = client_as(Role.COUNCIL_ADMIN).post(
        page(home), data(lead=LeadFactory(council=foreign.council).pk)
    )
    assert "Choose a lead officer from the list" in response.content.decode()
    assert not Milestone.objects.filter(title="Launch the outreach offer").exists()
