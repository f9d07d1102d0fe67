"""Backups with the database's own tools, for whichever database DATABASE_URL names.

SQLite: the sqlite3 online-backup API (a consistent copy while the app runs; in-memory databases too).
PostgreSQL: pg_dump in its custom format, restored with pg_restore --clean in a single transaction.
Both keep every value exactly, timestamps to the microsecond (dumpdata's JSON does not).

A backup holds password hashes and secret tokens: it is written 0600 in a 0700 folder, and without the rows of
the sessions (a restore must not sign anyone back in) or of the page cache. A restore first compares the
backup's migrations with the database's and refuses, naming them, when they differ (restoring into another
schema drops columns and migration rows silently, and the next `migrate` fails), unless forced.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

BACKUP_DIR = Path("backups")
# Tables whose rows a backup leaves out (the tables themselves are kept, empty).
NOT_BACKED_UP = ("django_session", "dsg_cache")


class BackupError(Exception):
    """Said to the operator: what failed and what to check."""


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed (it comes with PostgreSQL's client: apt-get install postgresql-client)"
        )
    return found


def _pg_env() -> tuple[list[str], dict]:
    settings = connection.settings_dict
    args = ["--host", settings.get("HOST") or "localhost", "--port", str(settings.get("PORT") or 5432)]
    args += ["--username", settings["USER"], "--dbname", settings["NAME"]]
    return args, {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}


def backup(directory: Path = BACKUP_DIR, *, now: datetime | None = None) -> Path:
    """Write a backup file under ``directory`` and return its path."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)  # also when it existed, or the umask widened it
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    if connection.vendor == "sqlite":
        target = _private_file(directory / f"dsg-{stamp}.sqlite3")
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
            for table in NOT_BACKED_UP:
                destination.execute(f'DELETE FROM "{table}"')  # noqa: S608 - our own constant names
            destination.commit()
            destination.execute("VACUUM")  # so the deleted rows are not left in free pages
        finally:
            destination.close()
        return target
    if connection.vendor == "postgresql":
        target = _private_file(directory / f"dsg-{stamp}.pgdump")
        args, env = _pg_env()
        left_out = [f"--exclude-table-data={table}" for table in NOT_BACKED_UP]
        # The arguments are the settings' own connection details and our file name, never user input.
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", *left_out, *args, "--file", str(target)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            target.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        target.chmod(0o600)
        return target
    raise BackupError(f"No backup method for a {connection.vendor} database")


def _private_file(path: Path) -> Path:
    """Create ``path`` empty, readable and writable by this user only, before anything is written to it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def _backup_migrations(path: Path) -> set[tuple[str, str]]:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return set(source.execute("SELECT app, name FROM django_migrations"))
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a readable SQLite backup ({error})") from None
        finally:
            source.close()
    # The custom format's django_migrations rows, as the COPY text pg_restore would run.
    command = [_tool("pg_restore"), "--data-only", "--table=django_migrations", "--file=-", str(path)]
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise BackupError(f"pg_restore could not read {path}: {result.stderr.strip()}")
    rows, copying = set(), False
    for line in result.stdout.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            copying = True
        elif copying and line == "\\.":
            break
        elif copying:
            _, app, name, *_ = line.split("\t")
            rows.add((app, name))
    return rows


def migration_differences(path: Path) -> str:
    """'' when the backup at ``path`` was taken at the database's migrations, else what differs."""
    in_backup = _backup_migrations(path)
    here = set(MigrationRecorder(connection).applied_migrations())
    said = []
    if only := sorted(in_backup - here):
        said.append("only in the backup: " + ", ".join(f"{app}.{name}" for app, name in only))
    if only := sorted(here - in_backup):
        said.append("only in this database: " + ", ".join(f"{app}.{name}" for app, name in only))
    return "; ".join(said)


def restore(path: Path, *, force: bool = False) -> str:
    """Replace the database's contents with the backup at ``path``. Refuses (BackupError) when the backup's
    migrations differ from the database's, unless ``force``; returns the differences it went past."""
    if not path.is_file():
        raise BackupError(f"No backup file {path}")
    if connection.vendor == "sqlite" and path.suffix != ".sqlite3":
        raise BackupError(f"{path} is not a SQLite backup (.sqlite3)")
    if connection.vendor == "postgresql" and path.suffix != ".pgdump":
        raise BackupError(f"{path} is not a PostgreSQL backup (.pgdump)")
    differences = migration_differences(path) if connection.vendor in ("sqlite", "postgresql") else ""
    if differences and not force:
        raise BackupError(
            f"{path} was taken at other migrations than this database's ({differences}). Restoring it "
            "would leave the schema and its migration records out of step. Restore it into a database "
            "migrated to the backup's migrations (the code of the backup's date), or pass --force."
        )
    _restore(path)
    return differences


def _restore(path: Path) -> None:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    if connection.vendor == "postgresql":
        connection.close()  # pg_restore drops and recreates tables: no open transaction of ours in the way
        args, env = _pg_env()
        # The settings' own connection details and the operator's file.
        command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args]
        result = subprocess.run([*command, str(path)], env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    raise BackupError(f"No restore method for a {connection.vendor} database")
