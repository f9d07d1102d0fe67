import pytest

from accounts.models import Role
from tests.factories import WorkstreamFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url
from workstreams.models import Workstream


def page(world, workstream) -> str:
    return url(world, f"workstreams/{workstream.pk}/move/")


def codes(plan) -> list[str]:
    return list(
        Workstream.objects.filter(plan=plan).order_by("position", "code").values_list("code", flat=True)
    )


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_reorder(home, client_as, role):
    second = WorkstreamFactory(plan=home.plan, code="2")
    response = client_as(role).post(page(home, second), {"direction": "up"})
    assert response.status_code == expected(role, MANAGERS, ok=302)
    assert codes(home.plan) == (["2", "1"] if role in MANAGERS else ["1", "2"])


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_workstream_id(home, foreign, client_as, role):
    WorkstreamFactory(plan=foreign.plan, code="2")
    assert client_as(role).post(page(home, foreign.workstream), {"direction": "down"}).status_code == (
        404 if role in MANAGERS else 403
    )
    assert codes(foreign.plan) == ["1", "2"]


def test_it_refuses_an_unknown_direction(home, client_as):
    assert (
        client_as(Role.COUNCIL_ADMIN).post(page(home, home.workstream), {"direction": "sideways"}).status_code
        == 404
    )
