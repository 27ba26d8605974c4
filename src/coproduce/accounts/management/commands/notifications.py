"""``coproduce notifications digest --period daily|weekly`` and ``notifications remind``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.accounts.models import EmailChoice
from coproduce.accounts.notifications import digest_send
from coproduce.accounts.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the notification digests, or the reminders before phases end."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        digest = sub.add_parser("digest", help="e-mail each person their unread notifications")
        digest.add_argument("--period", choices=["daily", "weekly"], required=True)
        sub.add_parser("remind", help="remind people of what they started before it closes")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "digest":
            sent = digest_send(period=EmailChoice(options["period"]))
            self.stdout.write(f"{sent} digest(s) sent")
        else:
            for key, told in reminders_send().items():
                self.stdout.write(f"{key}: {told} reminded")
