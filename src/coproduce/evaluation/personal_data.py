"""What this app holds about a person: the measurements they entered or imported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.evaluation.models import Measurement

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> dict[str, Any]:
    rows = Measurement.objects.filter(entered_by=person).select_related("indicator")
    return {
        "measurements_entered": [
            {"indicator": m.indicator.name, "date": m.date.isoformat(), "value": m.value}
            for m in rows
        ]
    }


def _erase(person: Person) -> None:
    # The figures are the organisation's record; only the name of who entered them goes.
    Measurement.objects.filter(entered_by=person).update(entered_by=None)


MEASUREMENTS = PersonalData(
    section="evaluation",
    export=_export,
    erase=_erase,
    fields=("evaluation.Measurement.entered_by",),
)
