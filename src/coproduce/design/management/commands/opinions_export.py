"""``coproduce opinions export ACTIVITY_ID OUTDIR``: write the conversation as Polis does."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.design.analysis import polis_write
from coproduce.design.models import OpinionMap


class Command(BaseCommand):
    help = "Write an opinion map's conversation in Polis' openData CSV layout."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("activity", type=int, help="the activity's id")
        parser.add_argument("folder", help="where to write comments.csv, votes.csv, …")

    def handle(self, *args: Any, **options: Any) -> None:
        opinion_map = OpinionMap.objects.filter(activity_id=options["activity"]).first()
        if opinion_map is None:
            raise CommandError(f"activity {options['activity']} has no opinion map")
        folder = polis_write(opinion_map, options["folder"])
        self.stdout.write(f"Wrote {folder}/comments.csv, votes.csv, participants-votes.csv")
