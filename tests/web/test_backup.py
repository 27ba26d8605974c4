"""The backup and restore drill: a backup restored into an empty database holds every ballot,
receipt and audit event, and the audit chain verifies on the restored copy.

Each leg tests its own engine: PostgreSQL through pg_dump/pg_restore, SQLite through the
online backup API. The restore and the check run as the documented commands, in a process
of their own pointed at the new database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import coproduce
from coproduce.audit.chain import audit_record
from coproduce.audit.models import AuditEvent
from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.models import Ballot, BallotEnvelope, Receipt
from coproduce.commissioning.services.ballots import ballot_cast, ballots_open
from tests.commissioning.conftest import ids, make_round, second_voter, verify, voter

__all__ = ["make_round", "second_voter", "verify", "voter"]  # fixtures used below

SRC = Path(coproduce.__file__).resolve().parents[1]


@pytest.fixture
def voted(make_round: Any, voter: Any, second_voter: Any, organiser: Any) -> Any:
    """Two rounds with two ballots each: one still voting (sealed ballots), one whose
    envelopes were opened (ballots and receipts); audit events. Committed: see the marks."""
    for opened in (False, True):
        round_ = make_round()
        for person, choice in ((voter, 0), (second_voter, 1)):
            content = BallotContent((ids(round_)[choice],))
            ballot_cast(round_=round_, person=person, content=content)
        if opened:
            ballots_open(round_=round_)
    audit_record(action="test.backup", actor=organiser, target=round_, data={"drill": True})


def _facts(cursor: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every sealed ballot, opened ballot, receipt and audit event, read with plain SQL."""
    queries = {
        "sealed": f"SELECT id, seal, box FROM {BallotEnvelope._meta.db_table}",
        "ballots": f"SELECT id, CAST(choices AS TEXT) FROM {Ballot._meta.db_table}",
        "receipts": f"SELECT round_id, code FROM {Receipt._meta.db_table}",
        "audit": f"SELECT id, action, hash, prev_hash FROM {AuditEvent._meta.db_table}",
    }
    facts = {}
    for name, sql in queries.items():
        cursor.execute(sql)
        rows = cursor.fetchall()
        facts[name] = sorted(tuple(_plain(value) for value in row) for row in rows)
    return facts


def _plain(value: Any) -> Any:
    """Bytes whichever way the driver hands them over; UUIDs as hex, as SQLite stores them."""
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def _coproduce(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the ``coproduce`` command in a fresh process (the production settings)."""
    environment = {**os.environ, **env, "PYTHONPATH": str(SRC)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "coproduce.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _drill(backup: Path, env: dict[str, str], events: int) -> None:
    restored = _coproduce("restore", str(backup), env=env)
    assert restored.returncode == 0, restored.stderr
    assert f"audit chain intact: {events} events verified" in restored.stdout
    verified = _coproduce("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stderr
    assert f"{events} events verified" in verified.stdout


@pytest.fixture
def empty_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server; its URL. Dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL drill runs on the PostgreSQL leg")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        if os.environ.get("CI"):
            pytest.fail("pg_dump and pg_restore are needed (Debian: postgresql-client)")
        pytest.skip("pg_dump and pg_restore are not installed")
    settings = connection.settings_dict
    name = f"coproduce_restore_{uuid.uuid4().hex[:12]}"
    server = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    try:
        yield f"postgres://{user}@{host}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgres_backup_restores_every_ballot_receipt_and_audit_event(
    voted: Any, empty_postgres_database: str, tmp_path: Path
):
    backup = tmp_path / "coproduce.dump"
    call_command("backup", str(backup))
    with connection.cursor() as cursor:
        before = _facts(cursor)

    _drill(backup, {"DATABASE_URL": empty_postgres_database}, len(before["audit"]))

    with psycopg.connect(empty_postgres_database) as restored:
        after = _facts(restored.cursor())
    assert after == before
    assert [len(after[name]) for name in ("sealed", "ballots", "receipts")] == [2, 2, 2]


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_every_ballot_receipt_and_audit_event(voted: Any, tmp_path: Path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite drill runs on the SQLite leg")
    backup = tmp_path / "coproduce.sqlite3.backup"
    call_command("backup", str(backup))
    with connection.cursor() as cursor:
        before = _facts(cursor)

    var = tmp_path / "var"  # the default database of a new installation: var/coproduce.sqlite3
    _drill(backup, {"DATABASE_URL": "", "COPRODUCE_VAR_DIR": str(var)}, len(before["audit"]))

    with closing(sqlite3.connect(var / "coproduce.sqlite3")) as restored:
        after = _facts(restored.cursor())
    assert after == before
    assert [len(after[name]) for name in ("sealed", "ballots", "receipts")] == [2, 2, 2]


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path):
    backup = tmp_path / "any.backup"
    backup.write_bytes(b"PGDMP" if connection.vendor == "postgresql" else b"SQLite format 3\0")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(backup))


@pytest.mark.django_db
def test_a_failed_backup_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from coproduce.web import backup as module

    def half_then_fail(_connection: Any, path: Path) -> None:
        path.write_bytes(b"half a backup")
        raise module.BackupError("the dump tool stopped half-way")

    monkeypatch.setitem(module._WRITERS, connection.vendor, half_then_fail)
    with pytest.raises(CommandError, match="half-way"):
        call_command("backup", str(tmp_path / "broken.backup"))
    assert list(tmp_path.iterdir()) == []
