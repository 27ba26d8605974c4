"""What this app holds about a person: their roles in organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.organisations.models import Membership

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> list[dict[str, Any]]:
    return [
        {"organisation": m.organisation.name, "role": m.role}
        for m in Membership.objects.filter(person=person).select_related("organisation")
    ]


def _erase(person: Person) -> None:
    Membership.objects.filter(person=person).delete()


MEMBERSHIPS = PersonalData(
    section="memberships", export=_export, erase=_erase, fields=("organisations.Membership.person",)
)
