"""Indicators the platform computes from its own records: the participation ledger.

Only the core is read (``initiatives.Contribution``), never another Co app: a report is
counted by its ledger row (kind ``report``), so "reports" means reports made through the
initiative's activities, whatever became of them. Sealed rows (secret ballots while
voting is open) count nowhere, as everywhere else.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from coproduce.evaluation.models import ComputedMeasure
from coproduce.initiatives.models import Contribution, Initiative

REPORT_KIND = "report"


def computed_value(measure: str, *, initiative: Initiative, on: date) -> float:
    """Return the measure's value for the initiative, counting the ledger up to ``on``.

    Participants are the distinct people with a row (rows whose person deleted their
    account are left out, as nobody can tell them apart). Raise ValueError for an unknown
    measure.
    """
    rows = Contribution.objects.filter(
        activity__stage__initiative=initiative,
        sealed=False,
        created_at__lt=timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min)),
    )
    if measure == ComputedMeasure.PARTICIPANTS:
        people = rows.filter(person__isnull=False).values("person_id").distinct().count()
        return float(people)
    if measure == ComputedMeasure.REPORTS:
        return float(rows.filter(kind=REPORT_KIND).count())
    if measure == ComputedMeasure.CONTRIBUTIONS:
        return float(rows.count())
    raise ValueError(f"unknown computed measure: {measure}")
