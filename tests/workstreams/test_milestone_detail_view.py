from datetime import datetime, timedelta

import pytest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from accounts.models import Role
from tests.clock import TODAY
from tests.factories import MilestoneUpdateFactory
from tests.workstreams.conftest import EDITORS, EVERYONE, MANAGERS, url
from workstreams.models import Milestone


def page(world, milestone=None) -> str:
    return url(world, f"milestones/{(milestone or world.milestone).pk}/")


@pytest.mark.parametrize("role", EVERYONE)
def test_it_shows_the_milestone_and_controls_by_role(home, client_as, role):
    response = client_as(role).get(page(home))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Home Council outreach function" in body and ">Green</strong>" in body
    assert (page(home) + "update/" in body) is (role in EDITORS)
    assert (page(home) + "edit/" in body) is (role in MANAGERS)
    assert (page(home) + "archive/" in body) is (role in MANAGERS)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_milestone_id(home, foreign, client_as, role):
    assert client_as(role).get(page(home, foreign.milestone)).status_code == 404


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN])
def test_it_is_a_404_for_another_councils_slug(home, foreign, client_as, role):
    assert client_as(role).get(page(foreign)).status_code == 404


def test_it_is_a_404_for_an_unknown_id(home, client_as):
    assert client_as(Role.OFFICER).get(url(home, "milestones/999999/")).status_code == 404


def test_it_shows_the_timeline_newest_first(home, client_as):
    first = timezone.make_aware(datetime(2025, 1, 10, 9, 30))
    MilestoneUpdateFactory(milestone=home.milestone, commentary="Oldest note", created_at=first)
    MilestoneUpdateFactory(
        milestone=home.milestone,
        commentary="Newest note",
        date_change_reason="Trust board moved",
        created_at=first + timedelta(days=20),
    )
    body = client_as(Role.FORUM).get(page(home)).content.decode()
    assert body.index("Newest note") < body.index("Oldest note")
    assert "Trust board moved" in body and "10 January 2025, 09:30" in body


def test_it_still_shows_an_archived_milestone_and_its_history(home, client_as):
    MilestoneUpdateFactory(milestone=home.milestone, commentary="Kept")
    Milestone.objects.filter(pk=home.milestone.pk).update(archived_on=TODAY)
    body = client_as(Role.COUNCIL_ADMIN).get(page(home)).content.decode()
    assert "Archived" in body and "Kept" in body and "Restore milestone" in body
    assert page(home) + "update/" not in body


def test_it_offers_no_way_to_edit_or_delete_an_update(home, client_as):
    update = MilestoneUpdateFactory(milestone=home.milestone)
    body = client_as(Role.COUNCIL_ADMIN).get(page(home)).content.decode()
    assert f"updates/{update.pk}" not in body
    for path in (
        f"updates/{update.pk}/edit/",
        f"updates/{update.pk}/delete/",
        f"milestones/{home.milestone.pk}/updates/{update.pk}/",
    ):
        with pytest.raises(Resolver404):
            resolve(url(home, path))
    for name in ("milestone_update_edit", "milestone_update_delete", "update_delete"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[home.council.slug, update.pk])
