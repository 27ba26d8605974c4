"""Reads for the public commitments tracker and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from coproduce.audit.models import AuditEvent
from coproduce.governance.models import Commitment
from coproduce.organisations.permissions import Action, organisations_where, sees_everything

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person


@dataclass(frozen=True)
class TrackerFilters:
    status: str = ""
    organisation: str = ""
    owner: str = ""
    overdue: bool = False
    query: str = ""


def commitments_tracker(filters: TrackerFilters) -> QuerySet[Commitment]:
    """Public commitments matching the filters, with what list pages show preloaded."""
    rows = Commitment.objects.select_related("organisation", "initiative")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.organisation:
        rows = rows.filter(organisation__slug=filters.organisation)
    if filters.owner:
        rows = rows.filter(owner=filters.owner)
    if filters.query:
        rows = rows.filter(
            Q(title__icontains=filters.query) | Q(description__icontains=filters.query)
        )
    if filters.overdue:
        from django.utils import timezone

        rows = rows.filter(
            due_date__lt=timezone.localdate(), status__in=["planned", "in_progress", "delayed"]
        )
    return rows.order_by("due_date", "pk")


def audit_events_for_user(person: Person | AnonymousUser) -> QuerySet[AuditEvent] | None:
    """Return the audit events the person may read, newest first; None if they may read none.

    The site administrator reads every event; anyone else the events of organisations where
    they may ``VIEW_AUDIT``.
    """
    events = AuditEvent.objects.select_related("actor", "organisation").order_by("-pk")
    if sees_everything(person):
        return events
    organisations = organisations_where(person, Action.VIEW_AUDIT)
    if not organisations:
        return None
    return events.filter(organisation__in=organisations)
