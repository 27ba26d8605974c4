"""Helpers of scripts/production_smoke.sh that are easier in Python than in the shell.

smoke_stack.py create-db URL NAME   create database NAME on URL's server; print its URL
smoke_stack.py drop-db URL NAME     drop it (closing its connections first)
smoke_stack.py wait URL             wait until URL/readyz answers ready (60 s at most)
smoke_stack.py task                 send a task through the configured queue and wait for it
"""

from __future__ import annotations

import http.client
import os
import sys
import time
import urllib.parse


def create_db(url: str, name: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_admin_url(url), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def drop_db(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_admin_url(url), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _admin_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/postgres"))


def wait(url: str, seconds: float = 60) -> bool:
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=5
        )
        try:
            connection.request("GET", "/readyz", headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return True
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.5)
    return False


def task(seconds: float = 45) -> bool:
    """Enqueue a real task of the platform through Django's Tasks API; wait for its success."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    import django

    django.setup()
    from django_tasks import TaskResultStatus

    from coproduce.assessment.tasks import email_address

    result = email_address.enqueue("smoke@example.org", "Smoke test", "The worker runs tasks.")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result.refresh()
        if result.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
            break
        time.sleep(0.2)
    ok = result.status == TaskResultStatus.SUCCESSFUL and result.return_value is True
    print(f"  task {result.id} on {result.backend}: {result.status}")
    return ok


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "create-db":
        print(create_db(*args))
        return 0
    if command == "drop-db":
        drop_db(*args)
        return 0
    if command == "wait":
        return 0 if wait(args[0]) else 1
    if command == "task":
        return 0 if task() else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
