import pytest
from django.utils import timezone

from accounts.models import Role
from tests.factories import MilestoneUpdateFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url
from workstreams.models import Milestone, MilestoneUpdate


def page(world, milestone=None) -> str:
    return url(world, f"milestones/{(milestone or world.milestone).pk}/archive/")


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_archive(home, client_as, role):
    assert client_as(role).post(page(home)).status_code == expected(role, MANAGERS, ok=302)
    archived_on = Milestone.objects.get(pk=home.milestone.pk).archived_on
    assert (archived_on == timezone.localdate()) is (role in MANAGERS)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_milestone_id(home, foreign, client_as, role):
    assert client_as(role).post(page(home, foreign.milestone)).status_code == (
        404 if role in MANAGERS else 403
    )
    assert Milestone.objects.get(pk=foreign.milestone.pk).archived_on is None


def test_it_keeps_the_history_and_can_restore(home, client_as):
    MilestoneUpdateFactory(milestone=home.milestone)
    client = client_as(Role.COUNCIL_ADMIN)
    client.post(page(home))
    assert MilestoneUpdate.objects.filter(milestone=home.milestone).count() == 1
    assert home.milestone.title not in client.get(url(home, "milestones/")).content.decode()
    client.post(page(home), {"action": "restore"})
    assert Milestone.objects.get(pk=home.milestone.pk).archived_on is None


def test_it_only_accepts_post(home, client_as):
    assert client_as(Role.COUNCIL_ADMIN).get(page(home)).status_code == 405
