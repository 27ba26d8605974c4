"""``coproduce indicators_refresh [--enqueue]``: record today's value of every computed
indicator (from the participation ledger). Run it daily (cron or a scheduler)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from coproduce.evaluation.services import computed_indicators_refresh_all
from coproduce.evaluation.tasks import computed_indicators_refresh


class Command(BaseCommand):
    help = "Record today's value of every computed indicator."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="leave the work to the task queue"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            computed_indicators_refresh.enqueue()
            self.stdout.write("queued")
            return
        written = computed_indicators_refresh_all()
        self.stdout.write(f"{written} computed indicators refreshed")
