"""``coproduce demo``: load (or reload) the demo city and print its accounts."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from coproduce.search.registry import search_reindex
from coproduce.web import demo


class Command(BaseCommand):
    help = "Load or reload the demo city (idempotent) and print the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the accounts.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            city = demo.load()
        for config in apps.get_app_configs():
            if config.name.startswith("coproduce.") and config.name != "coproduce.web":
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                self.stderr.write(f"loading demo data: {config.label}")
                with transaction.atomic():
                    module.load(city)
        counts = search_reindex()
        self.stderr.write(f"search index: {sum(counts.values())} entries")
        if not options["quiet"]:
            self.stdout.write(demo.accounts_text())
