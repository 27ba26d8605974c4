"""What this app holds about a person: their rows in the participation ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.initiatives.models import Contribution

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> list[dict[str, Any]]:
    rows = Contribution.objects.filter(person=person).select_related("activity")
    return [
        {
            "activity": c.activity.title if c.activity else None,
            "co": c.co,
            "mode": c.mode,
            "kind": c.kind,
            "channel": c.channel,
            "at": c.created_at.isoformat(),
        }
        for c in rows
    ]


def _erase(person: Person) -> None:
    # The row stays, so every count is unchanged; only the person is cleared.
    Contribution.objects.filter(person=person).update(person=None)


CONTRIBUTIONS = PersonalData(
    section="contributions",
    export=_export,
    erase=_erase,
    # Kept: who entered a paper or phone contribution for someone else (staff).
    fields=("initiatives.Contribution.person", "initiatives.Contribution.recorded_by"),
)
