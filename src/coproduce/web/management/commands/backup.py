"""``coproduce backup FILE``: write the database to one file (see ``coproduce restore``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from coproduce.web.backup import BackupError, database_backup


class Command(BaseCommand):
    help = "Back up the database to FILE (pg_dump's custom format, or a SQLite file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            size = database_backup(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        name = connection.settings_dict["NAME"]
        self.stdout.write(
            f"backed up the {connection.vendor} database {name} to {path} ({size:,} bytes)"
        )
