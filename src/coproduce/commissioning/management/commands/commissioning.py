"""``coproduce commissioning import-pabulib FILE.pb`` and ``export-pabulib ROUND_ID OUT.pb``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.commissioning.models import BudgetingRound
from coproduce.commissioning.services.exchange import round_export_pabulib, round_import_pabulib
from coproduce.initiatives.models import Initiative, Origin
from coproduce.organisations.models import Organisation


def _archive(organisation_slug: str | None) -> Initiative:
    """Return the initiative that holds imported past rounds, creating it if needed."""
    organisations = Organisation.objects.order_by("pk")
    organisation = (
        organisations.filter(slug=organisation_slug).first()
        if organisation_slug
        else organisations.first()
    )
    if organisation is None or organisation.place is None:
        raise CommandError("no organisation with a place to hold the round; pass --initiative")
    initiative, _created = Initiative.objects.get_or_create(
        slug=f"{organisation.slug}-past-budgets",
        defaults={
            "title": f"Past participatory budgets ({organisation.name})",
            "summary": "Published participatory budgeting elections, kept for comparison.",
            "origin": Origin.INSIDE_OUT,
            "organisation": organisation,
            "place": organisation.place,
        },
    )
    return initiative


class Command(BaseCommand):
    help = "Import a pabulib file as a closed round, or export a closed round's ballots."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import-pabulib", help="create a historical round from FILE.pb")
        importing.add_argument("file", type=Path)
        importing.add_argument("--initiative", help="slug of the initiative to hold the round")
        importing.add_argument("--organisation", help="slug of the organisation (default: first)")
        exporting = sub.add_parser("export-pabulib", help="write a closed round to OUT.pb")
        exporting.add_argument("round_id", type=int)
        exporting.add_argument("out", type=Path)
        exporting.add_argument("--area", type=int, help="area id, for rounds with districts")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import-pabulib":
                self._import(options)
            else:
                self._export(options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        if options["initiative"]:
            initiative = Initiative.objects.filter(slug=options["initiative"]).first()
            if initiative is None:
                raise CommandError(f"no initiative {options['initiative']!r}")
        else:
            initiative = _archive(options["organisation"])
        round_ = round_import_pabulib(
            source=path, initiative=initiative, actor=None, count_now=True
        )
        winners = round_.proposals.filter(result__selected=True).count()
        self.stdout.write(
            f"imported {path.name}: {round_.proposals.count()} projects, "
            f"{round_.ballots.count()} ballots, {winners} funded"
        )
        self.stdout.write(str(round_.pk))

    def _export(self, options: dict[str, Any]) -> None:
        round_ = BudgetingRound.objects.filter(pk=options["round_id"]).first()
        if round_ is None:
            raise CommandError(f"no round {options['round_id']}")
        areas = list(round_.areas.order_by("pk"))
        if options["area"]:
            areas = [a for a in areas if a.pk == options["area"]]
        if len(areas) != 1:
            raise CommandError(
                "choose one area with --area: "
                + ", ".join(f"{a.pk} {a.name}" for a in round_.areas.all())
            )
        text = round_export_pabulib(round_=round_, area=areas[0], actor=None)
        options["out"].write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {options['out']}")
