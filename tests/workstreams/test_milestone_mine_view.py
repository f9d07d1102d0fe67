from datetime import timedelta

import pytest

from accounts.models import Role
from recovery.models import LeadOfficer
from tests.clock import TODAY
from tests.factories import LeadFactory, MilestoneFactory
from tests.workstreams.conftest import EVERYONE, url
from tests.workstreams.test_milestone_list_view import make_milestones


def page(world) -> str:
    return url(world, "milestones/mine/")


def titles(response) -> list[str]:
    return [row.record.title for row in response.context["table"].paginated_rows]


@pytest.mark.parametrize("role", EVERYONE)
def test_it_opens_for_every_role(home, client_as, role):
    response = client_as(role).get(page(home))
    assert response.status_code == 200
    assert "You do not lead any milestones" in response.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN])
def test_it_is_a_404_for_another_council(home, foreign, client_as, role):
    assert client_as(role).get(page(foreign)).status_code == 404


def test_it_lists_the_milestones_i_lead_overdue_first(home, foreign, client_as):
    client = client_as(Role.OFFICER)
    mine = LeadFactory(council=home.council, user=client.user)
    other = LeadFactory(council=home.council)
    MilestoneFactory(
        workstream=home.workstream, lead=mine, title="Later", baseline_due=TODAY + timedelta(days=60)
    )
    MilestoneFactory(
        workstream=home.workstream, lead=mine, title="Sooner", baseline_due=TODAY + timedelta(days=5)
    )
    MilestoneFactory(
        workstream=home.workstream, lead=mine, title="Late", baseline_due=TODAY - timedelta(days=9)
    )
    MilestoneFactory(
        workstream=home.workstream, lead=mine, title="Done", completed_on=TODAY, percent_complete=100
    )
    MilestoneFactory(workstream=home.workstream, lead=mine, title="Gone", archived_on=TODAY)
    MilestoneFactory(workstream=home.workstream, lead=other, title="Not mine")
    response = client.get(page(home))
    assert titles(response) == ["Late", "Sooner", "Later", "Done"]
    assert "Lead" not in [column.header for column in response.context["table"].columns]


@pytest.mark.parametrize("n", [10, 500])
def test_it_costs_a_fixed_number_of_queries(home, client_as, django_assert_max_num_queries, n):
    client = client_as(Role.OFFICER)
    make_milestones(home.plan, n)
    LeadOfficer.objects.filter(council=home.council).update(user=client.user)
    with django_assert_max_num_queries(7):
        assert client.get(page(home)).status_code == 200
