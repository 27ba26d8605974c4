"""A throwaway database for one benchmark leg: Django set up on SQLite or PostgreSQL, a
fresh database created for the measurement and dropped after it, so no real data is touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def in_throwaway_database(db: str, name: str, measure: Callable[[Any], None]) -> None:
    """Run ``measure(connection)`` in a new database called ``name`` on ``db`` ("sqlite" or
    "postgres"; DATABASE_URL names the PostgreSQL server, else the local default)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    os.environ.setdefault("COPRODUCE_VAR_DIR", "/tmp/coproduce-bench-var")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    if db == "postgres":
        os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL") or DEFAULT_PG
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.conf import settings

    settings.DATABASES["default"]["TEST"] = {
        "NAME": f"/tmp/{name}.sqlite3" if db == "sqlite" else name
    }
    django.setup()
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        measure(connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def each_database(script: str, argv: list[str], db: str, leg: Callable[[], None]) -> int:
    """Run ``leg`` for one database, or (``db == "both"``) ``script`` again once per database,
    each in a process of its own (Django is set up once per process), with the same ``argv``
    and a later ``--db`` (argparse keeps the last); return the worst exit status."""
    if db != "both":
        leg()
        return 0
    status = 0
    for one in ("sqlite", "postgres"):
        command = [sys.executable, script, *argv, "--db", one]
        status |= subprocess.run(command, check=False).returncode
    return status
