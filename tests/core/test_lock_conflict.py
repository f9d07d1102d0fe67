"""A save that PostgreSQL aborts as a deadlock (or cannot serialise) is a clear 409 message, never a 500."""

import psycopg.errors
import pytest
from django.db import OperationalError

from accounts.models import Role
from tests.conftest import member_client
from tests.workstreams.test_milestone_update_view import form_data
from workstreams import services
from workstreams.models import MilestoneUpdate


def lost_race(error_class):
    def save(**kwargs):
        raise OperationalError("could not save") from error_class("could not save")

    return save


@pytest.mark.parametrize(
    "error_class", [psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure]
)
def test_it_says_someone_else_was_saving_and_that_nothing_was_saved(home, monkeypatch, error_class):
    monkeypatch.setattr(services, "milestone_update", lost_race(error_class))
    milestone = home.milestone
    response = member_client(home.council, Role.OFFICER).post(
        f"/councils/{home.council.slug}/milestones/{milestone.pk}/update/",
        form_data(milestone, rag="red", commentary="Off track"),
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else was saving at the same moment" in body and "Nothing of yours was saved" in body
    assert not MilestoneUpdate.objects.exists()


def test_other_database_errors_are_not_disguised(home, monkeypatch):
    def broken(**kwargs):
        raise OperationalError("disk full") from psycopg.errors.DiskFull("disk full")

    monkeypatch.setattr(services, "milestone_update", broken)
    milestone = home.milestone
    client = member_client(home.council, Role.OFFICER)
    with pytest.raises(OperationalError):
        client.post(
            f"/councils/{home.council.slug}/milestones/{milestone.pk}/update/",
            form_data(milestone, rag="red", commentary="Off track"),
        )
