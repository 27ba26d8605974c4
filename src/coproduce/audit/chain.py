"""Write and verify the hash-chained audit log.

The log is the bottom of the core: every app records its staff actions here, and it imports
no app of ours (an event finds its organisation by following relations by name).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from coproduce.audit.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation

GENESIS = "0" * 64
# Found by its label: the log sits below every app and imports none of them.
ORGANISATION = "organisations.organisation"

# The relations followed, in order, from an event's target to the organisation it belongs
# to (a proposal's ``group`` is its author, not its owner, so it is not followed).
OWNER_PATH = (
    "organisation",
    "initiative",
    "stage",
    "activity",
    "round",
    "panel",
    "category",
    "plan",
    "survey",
    "exercise",
    "commitment",
    "report",
    "proposal",
    "line",
)


def organisation_of(item: models.Model | None, *, depth: int = 0) -> Organisation | None:
    """Return the organisation an item belongs to, following ``OWNER_PATH``; None if none."""
    if item is None or depth > 8:
        return None
    if item._meta.label_lower == ORGANISATION:
        return item  # type: ignore[return-value]
    names = {field.name for field in item._meta.concrete_fields if field.is_relation}
    for name in OWNER_PATH:
        if name in names:
            found = organisation_of(getattr(item, name), depth=depth + 1)
            if found is not None:
                return found
    source = getattr(item, "source", None)  # a lineage link belongs with what it links from
    return organisation_of(source, depth=depth + 1) if isinstance(source, models.Model) else None


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
    organisation: Organisation | None = None,
) -> AuditEvent:
    """Append an event to the chain and return it (within the caller's transaction).

    The event belongs to ``organisation``, else to the target's (``organisation_of``).
    """
    if organisation is None:
        organisation = organisation_of(target)
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
            organisation=organisation,
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
