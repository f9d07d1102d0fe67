"""The import pages: upload shows the preview (or every problem), confirm applies it in one go."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from spreadsheets.models import PendingImport
from tests.projections.conftest import EVERYONE, STAFF, client_as
from tests.spreadsheets.workbooks import tracker, zip_bomb
from workstreams.models import Milestone, Workstream

IMPORTERS = {Role.COUNCIL_ADMIN, STAFF}


def url(world, rest=""):
    return f"/councils/{world.council.slug}/tracker/import/{rest}"


def upload(client, world, data=None, name="Rutland tracker.xlsx"):
    file = SimpleUploadedFile(name, data or tracker(), content_type="application/octet-stream")
    return client.post(url(world), {"file": file})


@pytest.mark.parametrize("who", EVERYONE)
def test_only_council_admins_import(home, foreign, who):
    client = client_as(home.council, who)
    assert client.get(url(home)).status_code == (200 if who in IMPORTERS else 403)
    assert upload(client, home).status_code == (200 if who in IMPORTERS else 403)
    assert client.get(url(foreign)).status_code == (200 if who == STAFF else 404)
    assert Workstream.objects.filter(plan__council=home.council).count() == 1  # nothing applied by a preview


def test_it_previews_then_applies_on_confirmation(home):
    client = client_as(home.council, Role.COUNCIL_ADMIN)
    response = upload(client, home)
    body = response.content.decode()
    assert "Check what will change" in body and "Add workstream 2. SEMH specialist teachers" in body
    pending = PendingImport.objects.get()
    assert not Workstream.objects.filter(title="SEMH specialist teachers").exists()
    done = client.post(url(home, f"{pending.pk}/confirm/"), {"sha256": pending.sha256})
    assert done.status_code == 302 and done.url.endswith("/workstreams/")
    assert Workstream.objects.filter(plan=home.plan, title="SEMH specialist teachers").exists()
    assert Milestone.objects.filter(workstream__plan=home.plan).count() == 4  # the fixture's one and 3 new
    assert not PendingImport.objects.exists()


def test_it_shows_every_problem_and_keeps_nothing(home):
    rows = [["1. Nurture", "", "", "Integration", "", "soon", "Nov 2021", "Grn"]]
    body = upload(client_as(home.council, Role.COUNCIL_ADMIN), home, tracker(rows)).content.decode()
    assert "Nothing was imported: the file has 3 problems" in body
    assert "Recovery Plan!H4: unknown RAG &#x27;Grn&#x27; (use Green, Amber, Red or Complete)" in body
    assert not PendingImport.objects.exists()


def test_it_refuses_a_hostile_file_with_a_message_on_the_field(home):
    body = upload(client_as(home.council, Role.COUNCIL_ADMIN), home, zip_bomb()).content.decode()
    assert "There is a problem" in body and "would expand to" in body
    assert not PendingImport.objects.exists()


def test_it_refuses_someone_elses_or_a_stale_preview(home):
    admin = client_as(home.council, Role.COUNCIL_ADMIN)
    upload(admin, home)
    pending = PendingImport.objects.get()
    other = client_as(home.council, STAFF)
    assert other.post(url(home, f"{pending.pk}/confirm/"), {"sha256": pending.sha256}).status_code == 404
    response = admin.post(url(home, f"{pending.pk}/confirm/"), {"sha256": "wrong"}, follow=True)
    assert "That preview has expired" in response.content.decode()
    assert not Workstream.objects.filter(title="SEMH specialist teachers").exists()
