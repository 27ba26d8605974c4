"""``coproduce search reindex``: rebuild the site's search index."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.search.registry import search_reindex, search_sources


class Command(BaseCommand):
    help = "Work with the site's search index."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reindex = sub.add_parser(
            "reindex", help="Rebuild the index of every kind (or those named) from the database."
        )
        reindex.add_argument("kinds", nargs="*", help="kinds to rebuild, e.g. proposal report")

    def handle(self, *args: Any, **options: Any) -> None:
        known = search_sources()
        unknown = [k for k in options["kinds"] if k not in known]
        if unknown:
            raise CommandError(
                f"no such kind: {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        counts = search_reindex(options["kinds"] or None)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} entries")
