"""What this app holds about a person: where they are a verified resident."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.places.models import Residency

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> list[dict[str, Any]]:
    return [
        {"place": r.place.name, "method": r.method, "verified_at": r.verified_at.isoformat()}
        for r in Residency.objects.filter(person=person).select_related("place")
    ]


def _erase(person: Person) -> None:
    Residency.objects.filter(person=person).delete()


RESIDENCIES = PersonalData(
    section="residencies",
    export=_export,
    erase=_erase,
    fields=(
        "places.Residency.person",
        # Kept: the staff member who verified someone else, and a register entry's claim
        # (so the entry cannot be claimed again); both point to the anonymised account.
        "places.Residency.verified_by",
        "places.RegisterEntry.claimed_by",
    ),
)
