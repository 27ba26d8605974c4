"""What this app holds about a person: the feedback they sent while signed in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.web.models import Feedback

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "text": f.text,
            "email": f.email,
            "page": f.page,
            "created_at": f.created_at.isoformat(),
        }
        for f in Feedback.objects.filter(person=person)
    ]


def _erase(person: Person) -> None:
    # Feedback is private, read only by staff: it goes with the account, e-mail and all.
    Feedback.objects.filter(person=person).delete()
    # Who read feedback is staff bookkeeping; the reading stays, the name goes.
    Feedback.objects.filter(read_by=person).update(read_by=None)


FEEDBACK = PersonalData(
    section="feedback",
    export=_export,
    erase=_erase,
    fields=("web.Feedback.person", "web.Feedback.read_by"),
)
