from datetime import date
from decimal import Decimal

import pytest

from accounts.models import Role
from tests.factories import LeadFactory, MilestoneFactory, MilestoneUpdateFactory, SavingFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, SAVINGS_EDITORS, url
from workstreams.models import Milestone, MilestoneUpdate, Workstream
from workstreams.rag import Rag


def page(world, workstream=None) -> str:
    return url(world, f"workstreams/{(workstream or world.workstream).pk}/")


@pytest.mark.parametrize("role", EVERYONE)
def test_it_shows_the_workstream_to_every_role_and_controls_by_role(home, client_as, role):
    response = client_as(role).get(page(home))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Home Council nurture approach" in body and "Home Council outreach function" in body
    for action in ("edit/", "milestones/new/", "archive/"):
        assert (page(home) + action in body) is (role in MANAGERS)
    assert (page(home) + "savings/" in body) is (role in SAVINGS_EDITORS)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_workstream_id(home, foreign, client_as, role):
    assert client_as(role).get(page(home, foreign.workstream)).status_code == 404


def test_it_shows_outcomes_risks_lead_dates_savings_rag_and_recent_updates(home, client_as):
    ws = home.workstream
    ws.expected_outcomes, ws.risks = "Fewer exclusions", "Low numbers"
    ws.lead = LeadFactory(council=home.council, name="Louise Crookenden-Johnson", initials="LCJ")
    ws.save()
    SavingFactory(workstream=ws, financial_year=2024, target=Decimal("25000"), stretch=Decimal("30000"))
    MilestoneFactory(workstream=ws, rag=Rag.AMBER, title="Second milestone")
    MilestoneUpdateFactory(milestone=home.milestone, commentary="Pilot school recruited")
    body = client_as(Role.FORUM).get(page(home)).content.decode()
    for text in (
        "Fewer exclusions",
        "Low numbers",
        "Louise Crookenden-Johnson (LCJ)",
        "1 April 2024",
        "2024-25",
        "£25,000",
        "£30,000",
        "Pilot school recruited",
        "Worst RAG of its open milestones",
    ):
        assert text in body, text
    assert body.index(">Amber</strong>") < body.index("Worst RAG")  # the workstream's derived RAG


def test_it_still_opens_an_archived_workstream(home, client_as):
    Workstream.objects.filter(pk=home.workstream.pk).update(archived_on=date(2025, 1, 1))
    body = client_as(Role.COUNCIL_ADMIN).get(page(home)).content.decode()
    assert "Archived 1 Jan 2025" in body and "Restore workstream" in body


@pytest.mark.parametrize("n", [10, 500])
def test_it_costs_a_fixed_number_of_queries(home, client_as, django_assert_max_num_queries, n):
    leads = LeadFactory.create_batch(3, council=home.council)
    Milestone.objects.bulk_create(
        Milestone(workstream=home.workstream, lead=leads[i % 3], title=f"M{i}", rag=Rag.AMBER)
        for i in range(n)
    )
    for year in (2024, 2025, 2026):
        SavingFactory(workstream=home.workstream, financial_year=year)
    MilestoneUpdate.objects.bulk_create(
        MilestoneUpdate(milestone=home.milestone, author=client_as(Role.OFFICER).user) for _ in range(n)
    )
    client = client_as(Role.COUNCIL_ADMIN)
    with django_assert_max_num_queries(9):
        assert client.get(page(home)).status_code == 200
