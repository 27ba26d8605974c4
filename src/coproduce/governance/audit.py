"""Write and verify the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from coproduce.governance.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from coproduce.accounts.models import Person

GENESIS = "0" * 64


def _digest(event: AuditEvent) -> str:
    content = {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "prev": event.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def audit_record(
    *,
    action: str,
    actor: Person | None = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to the chain and return it (within the caller's transaction)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS}
        )
        event = AuditEvent(
            actor=actor if actor is not None and actor.pk else None,
            actor_label=str(actor) if actor is not None and actor.pk else "system",
            action=action,
            object_type=target._meta.label_lower if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            data=json.loads(json.dumps(data or {}, default=str)),
            prev_hash=head.last_hash,
        )
        event.hash = _digest(event)
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    """What ``audit_verify`` found: how many events hold, and the first that does not."""

    checked: int
    ok: bool
    broken_at: int | None = None
    reason: str = ""


def audit_verify() -> ChainReport:
    """Walk the chain in order; report the first event whose link or content is broken."""
    previous = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != previous:
            return ChainReport(checked, False, event.pk, "its link to the previous event is broken")
        if _digest(event) != event.hash:
            return ChainReport(checked, False, event.pk, "its content no longer matches its hash")
        previous = event.hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        return ChainReport(checked, False, None, "events after the last one checked were removed")
    return ChainReport(checked, True)
