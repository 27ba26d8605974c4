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
from coproduce.audit.chain import audit_record
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


class ApiKeyOverLimit(Exception):
    """The key has already created its hourly allowance of reports."""

    def __init__(self, key: ApiKey) -> None:
        super().__init__(key.hourly_limit)
        self.key = key


def api_key_reserve(key: ApiKey) -> ApiKey:
    """Within the caller's transaction, take one of the key's reports for this hour.

    The key's row stays locked until the caller's transaction ends, so concurrent posts with
    one key queue here and each counts the reports committed before it: a key limited to
    five an hour stores five, however many arrive at once. (SQLite's transactions take the
    write lock when they begin, which serialises them the same way.) Return the locked key;
    raise PermissionDenied if it was revoked meanwhile, ApiKeyOverLimit if it is used up.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("api_key_reserve must run inside the transaction that stores the report")
    locked = ApiKey.objects.select_for_update().filter(pk=key.pk, revoked_at=None).first()
    if locked is None:
        raise PermissionDenied(_("This API key has been revoked."))
    since = timezone.now() - timedelta(hours=1)
    if Report.objects.filter(api_key=locked, created_at__gte=since).count() >= locked.hourly_limit:
        raise ApiKeyOverLimit(locked)
    return locked
