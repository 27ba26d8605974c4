"""What this app holds about a person: the updates they wrote (follows are the core's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.governance.models import CommitmentUpdate

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> dict[str, Any]:
    updates = CommitmentUpdate.objects.filter(by=person).select_related("commitment")
    return {
        "updates_written": [
            {
                "commitment": u.commitment.title,
                "status": u.status,
                "reason": u.reason,
                "at": u.at.isoformat(),
            }
            for u in updates
        ],
    }


def _erase(person: Person) -> None:
    # Public updates stay (they are the organisation's word), without the writer's name.
    CommitmentUpdate.objects.filter(by=person).update(by=None)


COMMITMENTS = PersonalData(
    section="commitments",
    export=_export,
    erase=_erase,
    fields=("governance.CommitmentUpdate.by",),
)
