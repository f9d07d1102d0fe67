"""Confirming a tracker import after someone saved a milestone the preview showed is refused, naming the
milestone, rather than overwriting the newer save with the file's older text."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from spreadsheets.models import PendingImport
from tests.conftest import member_client
from tests.spreadsheets.workbooks import HEADER, tracker
from workstreams.models import Milestone
from workstreams.rag import Rag
from workstreams.services import milestone_update

HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)"')


def preview(client, home) -> dict[str, str]:
    """Upload a tracker that moves the home milestone to Amber with older commentary; the confirm form."""
    row = [f"{home.workstream.code}. {home.workstream.title}", None, None, home.milestone.title, "LCJ",
           None, None, "Amber", "File: waiting for the panel"]  # fmt: skip
    data = tracker([row], header=[*HEADER, "Commentary"])
    file = SimpleUploadedFile("tracker.xlsx", data, content_type="application/octet-stream")
    body = client.post(f"/councils/{home.council.slug}/tracker/import/", {"file": file}).content.decode()
    assert "Check what will change" in body
    return {m["name"]: m["value"] for m in HIDDEN.finditer(body)}


def confirm(client, home, form):
    pending = PendingImport.objects.get()
    return client.post(f"/councils/{home.council.slug}/tracker/import/{pending.pk}/confirm/", form)


def test_it_refuses_a_confirmation_after_a_newer_save_and_says_which_milestone(home):
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    form = preview(admin, home)
    officer = member_client(home.council, Role.OFFICER, username="olive").user
    milestone = Milestone.objects.get(pk=home.milestone.pk)
    milestone_update(
        milestone=milestone,
        user=officer,
        expected_version=milestone.version,
        rag=Rag.RED,
        percent_complete=10,
        forecast_due=milestone.forecast_due,
        completed_on=None,
        commentary="Olive: the panel has been cancelled",
    )

    response = confirm(admin, home, form)

    body = response.content.decode()
    assert response.status_code == 200  # today: 302, the import applied over Olive's save
    assert f"“{home.milestone.title}” was updated by olive after your preview" in body
    milestone.refresh_from_db()
    assert (milestone.rag, milestone.commentary) == (Rag.RED, "Olive: the panel has been cancelled")


def test_it_applies_a_confirmation_when_nothing_changed_since_the_preview(home):
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    response = confirm(admin, home, preview(admin, home))
    assert response.status_code == 302
    milestone = Milestone.objects.get(pk=home.milestone.pk)
    assert (milestone.rag, milestone.commentary) == (Rag.AMBER, "File: waiting for the panel")


def test_a_damaged_confirmation_is_treated_as_an_expired_preview(home):
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    form = {**preview(admin, home), "seen": "not a list"}
    response = confirm(admin, home, form)
    assert response.status_code == 302 and response.url.endswith("/tracker/import/")
    assert Milestone.objects.get(pk=home.milestone.pk).rag == Rag.GREEN
