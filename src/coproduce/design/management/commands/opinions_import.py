"""``coproduce opinions import DIR --activity ID``: load a Polis export into an activity."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from coproduce.design.analysis import PolisExportError, map_refresh, polis_read
from coproduce.design.services.exchange import opinion_map_import
from coproduce.initiatives.models import Activity


class Command(BaseCommand):
    help = "Load a Polis export (comments.csv and votes.csv, or the API's JSON) into an activity."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("folder", help="the Polis export folder")
        parser.add_argument("--activity", type=int, required=True, help="the activity's id")

    def handle(self, *args: Any, **options: Any) -> None:
        activity = Activity.objects.filter(pk=options["activity"]).first()
        if activity is None:
            raise CommandError(f"there is no activity {options['activity']}")
        try:
            rows = polis_read(options["folder"])
            opinion_map = opinion_map_import(activity=activity, rows=rows)
        except PolisExportError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        analysis = map_refresh(opinion_map)
        groups = analysis.summary["n_groups"] if analysis is not None else 0
        self.stdout.write(
            f"Imported {len(rows.statements)} statements and {len(rows.votes)} votes "
            f"into activity {activity.pk}; the map has {groups} groups."
        )
