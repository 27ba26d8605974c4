"""Reads for the public commitments tracker."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from coproduce.governance.models import Commitment


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
