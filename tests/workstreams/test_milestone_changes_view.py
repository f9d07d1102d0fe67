from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from tests.clock import TODAY
from tests.factories import MilestoneFactory, MilestoneUpdateFactory, UserFactory
from tests.workstreams.conftest import EVERYONE, url
from workstreams.models import MilestoneUpdate


def page(world, query: str = "") -> str:
    return url(world, "milestones/changes/") + (f"?{query}" if query else "")


def at(days_ago: int):
    return timezone.make_aware(
        datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time())
    ) + timedelta(hours=10)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_shows_every_role_the_councils_changes_since_a_date(home, foreign, client_as, role):
    MilestoneUpdateFactory(milestone=home.milestone, commentary="Home change", created_at=at(3))
    MilestoneUpdateFactory(milestone=home.milestone, commentary="Old change", created_at=at(30))
    MilestoneUpdateFactory(milestone=foreign.milestone, commentary="Foreign change", created_at=at(1))
    response = client_as(role).get(page(home, f"since={(TODAY - timedelta(days=7)).isoformat()}"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Home change" in body and "Old change" not in body and "Foreign change" not in body
    assert f'href="/councils/{home.council.slug}/milestones/{home.milestone.pk}/"' in body


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN])
def test_it_is_a_404_for_another_council(home, foreign, client_as, role):
    assert client_as(role).get(page(foreign)).status_code == 404


def test_it_includes_the_whole_of_the_since_day_and_lists_newest_first(home, client_as):
    MilestoneUpdateFactory(milestone=home.milestone, commentary="Earlier", created_at=at(5))
    MilestoneUpdateFactory(milestone=home.milestone, commentary="Later", created_at=at(2))
    since = (TODAY - timedelta(days=5)).isoformat()
    rows = client_as(Role.OFFICER).get(page(home, f"since={since}")).context["table"].paginated_rows
    assert [row.record.commentary for row in rows] == ["Later", "Earlier"]


def test_it_defaults_to_the_last_two_weeks(home, client_as):
    MilestoneUpdateFactory(milestone=home.milestone, commentary="Recent", created_at=at(13))
    MilestoneUpdateFactory(milestone=home.milestone, commentary="Older", created_at=at(20))
    body = client_as(Role.OFFICER).get(page(home)).content.decode()
    assert "Recent" in body and "Older" not in body


@pytest.mark.parametrize(
    "since, message",
    [
        ("", "Enter a date"),
        ("yesterday", "real date"),
        ((TODAY + timedelta(days=1)).isoformat(), "today or in"),
    ],
)
def test_it_names_a_bad_date(home, client_as, since, message):
    body = client_as(Role.OFFICER).get(page(home, f"since={since}")).content.decode()
    assert "There is a problem" in body and message in body and 'href="#id_since"' in body


def test_it_shows_what_changed(home, client_as):
    MilestoneUpdateFactory(
        milestone=home.milestone,
        old_rag="green",
        new_rag="red",
        old_forecast_due=TODAY,
        new_forecast_due=TODAY + timedelta(days=31),
        date_change_reason="",
        created_at=at(1),
    )
    body = client_as(Role.OFFICER).get(page(home)).content.decode()
    assert ">Green</strong>" in body and ">Red</strong>" in body and "forecast" in body


@pytest.mark.parametrize("n", [10, 500])
def test_it_costs_a_fixed_number_of_queries(home, client_as, django_assert_max_num_queries, n):
    author = UserFactory()
    milestones = MilestoneFactory.create_batch(5, workstream=home.workstream)
    MilestoneUpdate.objects.bulk_create(
        MilestoneUpdate(milestone=milestones[i % 5], author=author, created_at=at(i % 10), new_rag="amber")
        for i in range(n)
    )
    client = client_as(Role.OFFICER)
    with django_assert_max_num_queries(6):
        assert client.get(page(home)).status_code == 200
