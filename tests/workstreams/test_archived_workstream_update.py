"""A milestone of an archived workstream cannot be updated, by the service or the page, until the workstream
is restored."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from tests.conftest import member_client
from tests.factories import UserFactory
from tests.workstreams.test_milestone_update_view import form_data, page
from workstreams.models import Milestone, MilestoneUpdate
from workstreams.rag import Rag
from workstreams.services import milestone_update, workstream_archive


def update(milestone, user):
    return milestone_update(
        milestone=milestone,
        user=user,
        expected_version=milestone.version,
        rag=Rag.AMBER,
        percent_complete=20,
        forecast_due=milestone.forecast_due,
        completed_on=None,
        commentary="Slipping",
    )


def test_the_service_refuses_a_milestone_of_an_archived_workstream(home):
    user = UserFactory()
    workstream_archive(workstream=home.workstream, user=user)
    with pytest.raises(ValidationError, match="workstream is archived"):
        update(Milestone.objects.get(pk=home.milestone.pk), user)  # today: saved
    assert not MilestoneUpdate.objects.exists()

    workstream_archive(workstream=home.workstream, user=user, archived=False)
    update(Milestone.objects.get(pk=home.milestone.pk), user)
    assert MilestoneUpdate.objects.count() == 1


def test_the_page_says_so_and_saves_nothing(home):
    workstream_archive(workstream=home.workstream, user=UserFactory())
    officer = member_client(home.council, Role.OFFICER)
    response = officer.post(page(home), form_data(home.milestone, rag=Rag.AMBER, commentary="Slipping"))
    assert "workstream is archived" in response.content.decode()
    assert not MilestoneUpdate.objects.exists()
