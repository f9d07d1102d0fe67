"""A backup is private (0600 in a 0700 folder) and holds no sessions; a restore refuses, naming them, when
the backup's migrations differ from the database's."""

import io
import os
import stat
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def back_up(directory: Path) -> Path:
    out = io.StringIO()
    call_command("backup_database", "--dir", str(directory), stdout=out)
    return Path(out.getvalue().strip())


@pytest.fixture
def wide_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("wide_umask")
def test_the_backup_is_readable_by_its_owner_only(tmp_path):
    directory = tmp_path / "backups"
    path = back_up(directory)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # today: 0o644
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700  # today: 0o755


def test_a_restore_brings_back_no_sessions(tmp_path):
    Client().force_login(UserFactory())
    assert Session.objects.count() == 1
    path = back_up(tmp_path)
    call_command("restore_database", str(path), stdout=io.StringIO())
    assert Session.objects.count() == 0  # today: the session signed in at backup time is live again


def test_a_restore_into_other_migrations_is_refused_naming_them(tmp_path):
    path = back_up(tmp_path)
    recorder = MigrationRecorder(connection)
    recorder.record_applied("recovery", "9999_newer_than_the_backup")
    with pytest.raises(CommandError, match="only in this database: recovery.9999_newer_than_the_backup"):
        call_command("restore_database", str(path), stdout=io.StringIO())
    assert ("recovery", "9999_newer_than_the_backup") in recorder.applied_migrations()  # nothing restored

    err = io.StringIO()
    call_command("restore_database", str(path), "--force", stdout=io.StringIO(), stderr=err)
    assert "Warning: the backup's migrations differ" in err.getvalue()
    assert ("recovery", "9999_newer_than_the_backup") not in recorder.applied_migrations()
