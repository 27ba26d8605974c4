"""``coproduce open311 create-key NAME`` / ``list-keys`` / ``revoke-key PREFIX``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.assessment.models import ApiKey
from coproduce.assessment.services.keys import api_key_create, api_key_revoke


class Command(BaseCommand):
    help = "Manage Open311 GeoReport v2 API keys."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create-key", help="issue a key; it is printed last")
        create.add_argument("name")
        create.add_argument("--organisation", default="", help="organisation slug")
        create.add_argument("--hourly-limit", type=int, default=60)
        commands.add_parser("list", help="list keys")
        revoke = commands.add_parser("revoke", help="revoke the key with this prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create-key":
            self._create(options)
        elif action == "list":
            for key in ApiKey.objects.all():
                state = "revoked" if key.revoked_at else "live"
                self.stdout.write(f"{key.prefix}\t{state}\t{key.hourly_limit}/h\t{key.name}")
        else:
            keys = list(ApiKey.objects.filter(prefix=options["prefix"], revoked_at=None))
            if len(keys) != 1:
                raise CommandError(f"no single live key with prefix {options['prefix']!r}")
            api_key_revoke(key=keys[0], actor=None)
            self.stdout.write(f"revoked {keys[0].prefix}")

    def _create(self, options: dict[str, Any]) -> None:
        from coproduce.organisations.models import Organisation

        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"no organisation {options['organisation']!r}")
        key, secret = api_key_create(
            name=options["name"],
            actor=None,
            organisation=organisation,
            hourly_limit=options["hourly_limit"],
        )
        self.stdout.write(f"Created key {key.prefix}… for {key.name}; it is shown only once:")
        self.stdout.write(secret)
