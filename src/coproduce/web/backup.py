"""Back up the database to one file, and restore such a file into an empty database.

PostgreSQL goes through ``pg_dump`` and ``pg_restore`` (custom format, one transaction on
restore); SQLite through its online backup API, which copies a consistent snapshot while
the site keeps running. Uploaded files and ``SECRECY_KEY`` are not in the database: back
them up apart (docs/administrators.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connections

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = ["BackupError", "database_backup", "database_restore"]

POSTGRES_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def database_backup(*, path: Path, using: str = "default") -> int:
    """Write a backup of the database to ``path``; return its size in bytes.

    The file appears only when the backup is complete. Raise ``BackupError`` if the
    database's engine is not supported or its dump tool fails.
    """
    connection = connections[using]
    write = _WRITERS.get(connection.vendor)
    if write is None:
        raise BackupError(f"backups of {connection.vendor} databases are not supported")
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(connection, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def _dump_postgres(connection: BaseDatabaseWrapper, path: Path) -> None:
    dump = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
    _run([*dump, f"--file={path}"], connection.settings_dict)


def _dump_sqlite(connection: BaseDatabaseWrapper, path: Path) -> None:
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)


_WRITERS: dict[str, Callable[[BaseDatabaseWrapper, Path], None]] = {
    "postgresql": _dump_postgres,
    "sqlite": _dump_sqlite,
}


def database_restore(*, path: Path, using: str = "default") -> None:
    """Restore the backup at ``path`` into the database, which must be empty.

    Raise ``BackupError`` if the database already holds tables, if the file is not a
    backup of this engine, or if the restore tool fails (nothing is then restored).
    """
    connection = connections[using]
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the database {connection.settings_dict['NAME']} is not empty "
            f"({len(tables)} tables): restore into a new, empty database"
        )
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if connection.vendor == "postgresql" and head.startswith(POSTGRES_MAGIC):
        name = connection.settings_dict["NAME"]
        restore = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        _run(
            [*restore, "--single-transaction", f"--dbname={name}", str(path)],
            connection.settings_dict,
        )
    elif connection.vendor == "sqlite" and head == SQLITE_MAGIC:
        connection.ensure_connection()
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as source:
            source.backup(connection.connection)
    else:
        raise BackupError(f"{path} is not a backup of a {connection.vendor} database")


def _run(command: list[str], settings_dict: dict[str, Any]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    # Our own fixed program and arguments; the connection goes through the environment.
    result = subprocess.run(  # noqa: S603
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
