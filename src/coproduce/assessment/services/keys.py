"""Open311 API keys: issue (the key is shown once), check, rate-limit and revoke."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.assessment.models import ApiKey, Report
from coproduce.governance.audit import audit_record
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_create(
    *,
    name: str,
    actor: Person | None,
    organisation: Organisation | None = None,
    hourly_limit: int = 60,
) -> tuple[ApiKey, str]:
    """Issue a key and return it with its secret, which is never stored or shown again.

    ``actor`` None is the command line, run by whoever administers the server.
    """
    if actor is not None and not can(actor, Action.MANAGE_API_KEYS, organisation):
        raise PermissionDenied(_("Only the organisation's staff can issue API keys."))
    secret = "cp311_" + secrets.token_urlsafe(24)
    with transaction.atomic():
        key = ApiKey.objects.create(
            name=name.strip() or "unnamed",
            prefix=secret[:10],
            key_hash=_hash(secret),
            organisation=organisation,
            created_by=actor,
            hourly_limit=hourly_limit,
        )
        audit_record(action="apikey.create", actor=actor, target=key, data={"name": key.name})
    return key, secret


def api_key_revoke(*, key: ApiKey, actor: Person | None) -> None:
    """Revoke a key at once; requests with it are refused from now on."""
    if actor is not None and not can(actor, Action.MANAGE_API_KEYS, key.organisation):
        raise PermissionDenied(_("Only the organisation's staff can revoke this key."))
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(action="apikey.revoke", actor=actor, target=key, data={"name": key.name})


def api_key_find(secret: str) -> ApiKey | None:
    """Return the live key matching ``secret``, or None if unknown or revoked."""
    if not secret:
        return None
    return ApiKey.objects.filter(key_hash=_hash(secret), revoked_at=None).first()


def api_key_over_limit(key: ApiKey) -> bool:
    """Return True once the key has created its hourly allowance of reports."""
    since = timezone.now() - timedelta(hours=1)
    return Report.objects.filter(api_key=key, created_at__gte=since).count() >= key.hourly_limit
