from datetime import date

import pytest

from accounts.models import Role
from tests.conftest import member_client
from tests.factories import CouncilFactory, MilestoneFactory, WorkstreamFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, url
from tests.workstreams.test_milestone_list_view import make_milestones
from workstreams.rag import Rag


def page(world) -> str:
    return url(world, "workstreams/")


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lists_the_plans_workstreams_with_rag_and_controls_by_role(home, foreign, client_as, role):
    MilestoneFactory(workstream=home.workstream, rag=Rag.RED)
    response = client_as(role).get(page(home))
    assert response.status_code == 200
    body = response.content.decode()
    assert "1. Home Council nurture approach" in body and ">Red</strong>" in body
    assert "Foreign Council" not in body
    assert (url(home, "workstreams/new/") in body) is (role in MANAGERS)
    assert (f"move {home.workstream.code}. {home.workstream.title} up" in body) is (role in MANAGERS)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN])
def test_it_is_a_404_for_another_council(home, foreign, client_as, role):
    assert client_as(role).get(page(foreign)).status_code == 404


def test_it_lists_archived_workstreams_separately_for_admins(home, client_as):
    WorkstreamFactory(plan=home.plan, title="Old pilot", archived_on=date(2024, 1, 1))
    admin_body = client_as(Role.COUNCIL_ADMIN).get(page(home)).content.decode()
    assert "Archived workstreams" in admin_body and "Old pilot" in admin_body
    assert "Old pilot" not in client_as(Role.FORUM).get(page(home)).content.decode()


def test_it_says_when_there_is_no_plan(db):
    council = CouncilFactory()
    response = member_client(council, Role.OFFICER).get(f"/councils/{council.slug}/workstreams/")
    assert "has no recovery plan" in response.content.decode()


def test_it_marks_the_nav_item_current(home, client_as):
    body = client_as(Role.OFFICER).get(page(home)).content.decode()
    assert f'href="{page(home)}" aria-current="page">Workstreams' in body
    assert f'href="{url(home, "milestones/mine/")}">My milestones' in body
    assert "My milestones" not in client_as(Role.FORUM).get(page(home)).content.decode()


@pytest.mark.parametrize("n", [10, 500])
def test_it_costs_a_fixed_number_of_queries(home, client_as, django_assert_max_num_queries, n):
    make_milestones(home.plan, n)
    client = client_as(Role.COUNCIL_ADMIN)
    with django_assert_max_num_queries(7):
        assert client.get(page(home)).status_code == 200
