"""``coproduce audit verify``: check the audit log's hash chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.audit.chain import audit_verify


class Command(BaseCommand):
    help = "Work with the tamper-evident audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check every link of the chain; report the first broken one.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.ok:
            where = f"event {report.broken_at}" if report.broken_at else "the end of the chain"
            raise CommandError(
                f"audit chain broken at {where}: {report.reason} "
                f"({report.checked} events before it are intact)"
            )
        self.stdout.write(f"audit chain intact: {report.checked} events verified")
