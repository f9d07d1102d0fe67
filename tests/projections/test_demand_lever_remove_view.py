"""Removing a lever: finance and council admins; others 403; another council's lever is a 404."""

from decimal import Decimal

import pytest

from accounts.models import Role
from projections.models import DemandLever
from tests.conftest import member_client


@pytest.fixture
def lever(home):
    return DemandLever.objects.create(
        plan=home.plan,
        workstream=home.workstream,
        scenario="target",
        kind="leavers",
        start_year=2026,
        age_from=19,
        age_to=25,
        factor=Decimal("1.2"),
    )


def url(world, lever):
    return f"/councils/{world.council.slug}/demand/levers/{lever.pk}/remove/"


@pytest.mark.parametrize("role", [Role.FINANCE, Role.COUNCIL_ADMIN])
def test_it_removes_the_lever_and_keeps_its_history(home, lever, role):
    client = member_client(home.council, role)
    response = client.post(url(home, lever), follow=True)
    assert not DemandLever.objects.exists()
    assert DemandLever.history.filter(history_type="-").get().history_user == client.user
    assert "Lever removed from" in response.content.decode()
    assert "Ceased plans aged 19–25 +20% from 2026-27" in response.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FORUM])
def test_it_is_forbidden_to_readers(home, lever, role):
    assert member_client(home.council, role).post(url(home, lever)).status_code == 403
    assert DemandLever.objects.exists()


def test_another_councils_lever_is_a_404(home, foreign, lever):
    client = member_client(foreign.council, Role.FINANCE)
    assert client.post(url(foreign, lever)).status_code == 404
    assert client.post(url(home, lever)).status_code == 404
    assert DemandLever.objects.exists()
