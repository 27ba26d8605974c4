"""``coproduce restore FILE``: restore a backup into an empty database, then verify it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from coproduce.audit.chain import audit_verify
from coproduce.web.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Restore FILE (made by `coproduce backup`) into the configured database, which must "
        "be empty, then check the audit log's hash chain on the restored copy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a backup made by `coproduce backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        try:
            database_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        name = connection.settings_dict["NAME"]
        self.stdout.write(f"restored {path} into the {connection.vendor} database {name}")
        report = audit_verify()
        if not report.ok:
            raise CommandError(f"the restored audit chain is broken: {report.reason}")
        self.stdout.write(f"audit chain intact: {report.checked} events verified")
