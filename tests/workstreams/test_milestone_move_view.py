import pytest

from accounts.models import Role
from tests.factories import MilestoneFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url
from workstreams.models import Milestone


def page(world, milestone) -> str:
    return url(world, f"milestones/{milestone.pk}/move/")


def order(workstream) -> list[str]:
    return list(
        Milestone.objects.filter(workstream=workstream)
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_reorder(home, client_as, role):
    second = MilestoneFactory(workstream=home.workstream, title="Second")
    response = client_as(role).post(page(home, second), {"direction": "up"})
    assert response.status_code == expected(role, MANAGERS, ok=302)
    first = home.milestone.title
    assert order(home.workstream) == (["Second", first] if role in MANAGERS else [first, "Second"])


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_milestone_id(home, foreign, client_as, role):
    MilestoneFactory(workstream=foreign.workstream, title="Second")
    assert client_as(role).post(page(home, foreign.milestone), {"direction": "down"}).status_code == (
        404 if role in MANAGERS else 403
    )
    assert order(foreign.workstream) == ["Foreign Council outreach function", "Second"]


def test_it_returns_to_the_workstream(home, client_as):
    response = client_as(Role.COUNCIL_ADMIN).post(page(home, home.milestone), {"direction": "down"})
    assert response.url == url(home, f"workstreams/{home.workstream.pk}/")
