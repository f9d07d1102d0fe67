"""Backups with the database's own tools, for whichever database DATABASE_URL names.

SQLite: the sqlite3 online-backup API (a consistent copy while the app runs; in-memory databases too).
PostgreSQL: pg_dump in its custom format, restored with pg_restore --clean in a single transaction.
Both keep every value exactly, timestamps to the microsecond (dumpdata's JSON does not).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.db import connection

BACKUP_DIR = Path("backups")


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
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    if connection.vendor == "sqlite":
        target = directory / f"dsg-{stamp}.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    if connection.vendor == "postgresql":
        target = directory / f"dsg-{stamp}.pgdump"
        args, env = _pg_env()
        # The arguments are the settings' own connection details and our file name, never user input.
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", *args, "--file", str(target)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"No backup method for a {connection.vendor} database")


def restore(path: Path) -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.is_file():
        raise BackupError(f"No backup file {path}")
    if connection.vendor == "sqlite":
        if path.suffix != ".sqlite3":
            raise BackupError(f"{path} is not a SQLite backup (.sqlite3)")
        source = sqlite3.connect(path)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    if connection.vendor == "postgresql":
        if path.suffix != ".pgdump":
            raise BackupError(f"{path} is not a PostgreSQL backup (.pgdump)")
        connection.close()  # pg_restore drops and recreates tables: no open transaction of ours in the way
        args, env = _pg_env()
        # The settings' own connection details and the operator's file.
        command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args]
        result = subprocess.run([*command, str(path)], env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    raise BackupError(f"No restore method for a {connection.vendor} database")
