"""``coproduce streets_import FILE.csv``: replace the address search's streets (name, lat, lon)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.places.services import CsvImportError
from coproduce.places.streets import streets_parse, streets_replace


class Command(BaseCommand):
    help = "Replace the address search's streets from a CSV with columns name, lat, lon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="UTF-8 CSV with columns name, lat, lon")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}") from None
        try:
            saved = streets_replace(streets=streets_parse(text), actor=None)
        except CsvImportError as error:
            raise CommandError(
                "nothing was changed:\n" + "\n".join(str(e) for e in error.errors)
            ) from None
        self.stdout.write(f"{saved} streets loaded")
