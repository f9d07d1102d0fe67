import pytest
from django.utils import timezone

from accounts.models import Role
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url
from workstreams.models import Milestone, Workstream


def page(world, workstream=None) -> str:
    return url(world, f"workstreams/{(workstream or world.workstream).pk}/archive/")


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_archive(home, client_as, role):
    response = client_as(role).post(page(home))
    assert response.status_code == expected(role, MANAGERS, ok=302)
    archived_on = Workstream.objects.get(pk=home.workstream.pk).archived_on
    assert (archived_on == timezone.localdate()) is (role in MANAGERS)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_workstream_id(home, foreign, client_as, role):
    assert client_as(role).post(page(home, foreign.workstream)).status_code == (
        404 if role in MANAGERS else 403
    )
    assert Workstream.objects.get(pk=foreign.workstream.pk).archived_on is None


def test_it_keeps_everything_and_can_restore(home, client_as):
    client = client_as(Role.COUNCIL_ADMIN)
    client.post(page(home))
    assert Milestone.objects.filter(workstream=home.workstream).exists()
    listed = client.get(url(home, "workstreams/")).context["table"].data
    assert home.workstream.pk not in [ws.pk for ws in listed]
    client.post(page(home), {"action": "restore"})
    assert Workstream.objects.get(pk=home.workstream.pk).archived_on is None


def test_it_only_accepts_post(home, client_as):
    assert client_as(Role.COUNCIL_ADMIN).get(page(home)).status_code == 405
