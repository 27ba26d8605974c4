"""What this app holds about a person: their API tokens (never the secret)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.api.models import ApiToken

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "created_at": t.created_at.isoformat(),
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in ApiToken.objects.filter(person=person)
    ]


def _erase(person: Person) -> None:
    ApiToken.objects.filter(person=person).delete()


API_TOKENS = PersonalData(
    section="api_tokens", export=_export, erase=_erase, fields=("api.ApiToken.person",)
)
