"""Issue, check and revoke API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.utils import timezone

from coproduce.api.models import ApiToken

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, person: Person, name: str) -> str:
    """Create a token for ``person`` and return it; it is shown once and stored hashed."""
    token = "cp_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(person=person, name=name, token_hash=_hash(token))
    return token


def token_person(token: str) -> Person | None:
    """Return the active person holding a live token, or None."""
    row = (
        ApiToken.objects.select_related("person")
        .filter(token_hash=_hash(token), revoked_at=None, person__is_active=True)
        .first()
    )
    return row.person if row else None


def token_revoke(*, token_id: int, person: Person) -> bool:
    """Revoke one of the person's tokens; return False if it was not theirs or not live."""
    updated = ApiToken.objects.filter(pk=token_id, person=person, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    return updated == 1
