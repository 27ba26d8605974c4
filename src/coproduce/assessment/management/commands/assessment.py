"""``coproduce assessment remind-fixed [--after-days 14]``: ask "is it really fixed?" again.

Run it daily (cron or a scheduler); each report is reminded at most once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.assessment.services.reports import report_fix_reminders


class Command(BaseCommand):
    help = "Co-assessment housekeeping."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        remind = commands.add_parser("remind-fixed", help='ask reporters "is it really fixed?"')
        remind.add_argument("--after-days", type=int, default=14)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = report_fix_reminders(after=timedelta(days=options["after_days"]))
        self.stdout.write(f"{sent} reminders queued")
