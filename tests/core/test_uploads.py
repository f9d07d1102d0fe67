"""An upload over its page's limit is refused from its Content-Length, or as soon as more arrives than the
limit, before any of it is stored in memory or on disk, with a message on the form's field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler

from accounts.models import Role
from tests.conftest import member_client


@pytest.fixture
def stored(monkeypatch):
    """How many bytes of uploads reach the handlers that keep them (memory or a temporary file)."""
    counted = {"bytes": 0}
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def counting(self, raw_data, start, original=original):
            counted["bytes"] += len(raw_data)
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return counted


def test_an_oversized_tracker_is_refused_before_it_is_stored(home, stored):
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    big = SimpleUploadedFile("plan.xlsx", b"PK" + b"0" * (6 * 1024 * 1024))
    response = admin.post(f"/councils/{home.council.slug}/tracker/import/", {"file": big})
    body = response.content.decode()
    assert response.status_code == 200
    assert "plan.xlsx is larger than the 5 MB that may be uploaded here" in body
    assert stored["bytes"] == 0  # today: all 6 MB, written to a temporary file before the size check


def test_a_file_sent_to_a_page_that_takes_none_is_not_stored(home, stored):
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    big = SimpleUploadedFile("junk.bin", b"0" * (3 * 1024 * 1024))
    admin.post(f"/councils/{home.council.slug}/members/", {"email": "x@example.org", "file": big})
    assert stored["bytes"] == 0


def test_a_tracker_within_the_limit_is_stored_and_read(home, stored):
    from tests.spreadsheets.workbooks import tracker

    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    data = tracker()
    response = admin.post(
        f"/councils/{home.council.slug}/tracker/import/", {"file": SimpleUploadedFile("plan.xlsx", data)}
    )
    assert "Check what will change" in response.content.decode()
    assert stored["bytes"] >= len(data)
