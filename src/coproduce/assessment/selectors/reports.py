"""Reads for reports: public lists with filters, duplicates nearby, response statistics."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.assessment.geo import box_around, distance_m
from coproduce.assessment.models import Report, ReportCategory, ReportStatus
from coproduce.organisations.permissions import Action, can, organisations_where
from coproduce.places.models import Place

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person


@dataclass(frozen=True)
class ReportFilters:
    category: str = ""
    status: str = ""
    area: str = ""
    since: date | None = None
    until: date | None = None
    channel: int | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _areas_within(slug: str) -> list[int]:
    """Return the ids of the place with ``slug`` and of every place inside it."""
    ids = list(Place.objects.filter(slug=slug).values_list("pk", flat=True))
    frontier = ids
    while frontier:
        frontier = list(Place.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def reports_public(filters: ReportFilters | None = None) -> QuerySet[Report]:
    """Reports anyone may see, filtered, with what list pages show fetched up front."""
    reports = (
        Report.objects.select_related("category", "place")
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("-created_at", "-pk")
    )
    if filters is None:
        return reports
    if filters.channel:
        reports = reports.filter(category__activity_id=filters.channel)
    if filters.category:
        reports = reports.filter(category__code=filters.category)
    if filters.status == "open":
        reports = reports.exclude(status=ReportStatus.CLOSED)
    elif filters.status:
        reports = reports.filter(status=filters.status)
    if filters.area:
        reports = reports.filter(place_id__in=_areas_within(filters.area))
    if filters.since:
        reports = reports.filter(created_at__gte=_day_start(filters.since))
    if filters.until:
        reports = reports.filter(created_at__lt=_day_start(filters.until) + timedelta(days=1))
    return reports


@dataclass(frozen=True)
class Nearby:
    report: Report
    metres: float


def duplicates_near(
    *, category: ReportCategory, lon: float, lat: float, limit: int = 5
) -> list[Nearby]:
    """Return open reports of the category within its duplicate distance, nearest first."""
    radius = category.duplicate_distance_m
    west, south, east, north = box_around(lon, lat, radius)
    candidates = (
        Report.objects.filter(
            category=category,
            lon__gte=west,
            lon__lte=east,
            lat__gte=south,
            lat__lte=north,
        )
        .exclude(status=ReportStatus.CLOSED)
        .select_related("category")
        .annotate(support_count=Count("supports"))
    )
    nearby = []
    for report in candidates:
        assert report.lon is not None and report.lat is not None
        metres = distance_m(lon, lat, report.lon, report.lat)
        if metres <= radius:
            nearby.append(Nearby(report, metres))
    return sorted(nearby, key=lambda n: n.metres)[:limit]


@dataclass(frozen=True)
class AreaStats:
    area: Place | None
    reports: int
    open: int
    median_hours_to_acknowledge: float | None
    median_hours_to_close: float | None
    reopened: int


def _median_hours(spans: list[float]) -> float | None:
    return round(statistics.median(spans) / 3600, 1) if spans else None


def response_stats(reports: QuerySet[Report], *, kind: str = "district") -> list[AreaStats]:
    """Per area of ``kind``: counts and median hours to acknowledge and to close."""
    places = {p.pk: p for p in Place.objects.all()}

    def area_of(place_id: int | None) -> Place | None:
        place = places.get(place_id) if place_id else None
        while place is not None and place.kind != kind:
            place = places.get(place.parent_id) if place.parent_id else None
        return place

    rows = reports.values_list(
        "place_id", "status", "created_at", "acknowledged_at", "closed_at", "reopened_count"
    )
    grouped: dict[int | None, list[tuple[object, ...]]] = {}
    for row in rows.order_by():
        area = area_of(row[0])
        grouped.setdefault(area.pk if area else None, []).append(row)
    result = []
    for area_id, members in grouped.items():
        acknowledged = [(r[3] - r[2]).total_seconds() for r in members if r[3]]  # type: ignore[operator]
        closed = [(r[4] - r[2]).total_seconds() for r in members if r[4]]  # type: ignore[operator]
        result.append(
            AreaStats(
                area=places.get(area_id) if area_id else None,
                reports=len(members),
                open=sum(1 for r in members if r[1] != ReportStatus.CLOSED),
                median_hours_to_acknowledge=_median_hours(acknowledged),
                median_hours_to_close=_median_hours(closed),
                reopened=sum(int(r[5]) for r in members),  # type: ignore[call-overload]
            )
        )
    return sorted(result, key=lambda s: (s.area is None, s.area.name if s.area else ""))


def report_for_staff(person: Person | AnonymousUser, pk: int) -> Report:
    """Fetch a report the person may triage; raise 404 or PermissionDenied."""
    report = get_object_or_404(
        Report.objects.select_related("category__organisation", "place", "reporter"), pk=pk
    )
    if not can(person, Action.TRIAGE_REPORTS, report.category.organisation):
        raise PermissionDenied
    return report


# Triage order: new reports first, then acknowledged, in progress, closed.
TRIAGE_ORDER = [
    ReportStatus.OPEN,
    ReportStatus.ACKNOWLEDGED,
    ReportStatus.IN_PROGRESS,
    ReportStatus.CLOSED,
]
# The triage filter: every status, plus "not closed" (the default) and "all".
NOT_CLOSED, ALL = "not_closed", "all"


def triage_statuses() -> list[tuple[str, str]]:
    """Return the triage filter's choices, each with its own value."""
    statuses = [(value, str(label)) for value, label in ReportStatus.choices]
    return [(NOT_CLOSED, _("Not closed")), *statuses, (ALL, _("All"))]


def reports_for_triage(
    person: Person | AnonymousUser, *, status: str = NOT_CLOSED
) -> QuerySet[Report]:
    """Reports of every organisation the person triages for: new first, then oldest first.

    Raise ValueError for a status the filter does not offer.
    """
    organisations = organisations_where(person, Action.TRIAGE_REPORTS)
    reports = reports_public().filter(category__organisation__in=organisations)
    if status == NOT_CLOSED:
        reports = reports.exclude(status=ReportStatus.CLOSED)
    elif status in ReportStatus.values:
        reports = reports.filter(status=status)
    elif status != ALL:
        raise ValueError(status)
    priority = Case(
        *(When(status=value, then=Value(rank)) for rank, value in enumerate(TRIAGE_ORDER)),
        default=Value(len(TRIAGE_ORDER)),
    )
    return reports.select_related("assignee").order_by(priority, "created_at", "pk")


def categories_open() -> QuerySet[ReportCategory]:
    return ReportCategory.objects.filter(active=True).select_related("organisation")


def attribute_display(report: Report) -> list[tuple[str, str]]:
    """The report's answers to its category's questions, as question and readable answer."""
    rows = []
    for attribute in report.category.attributes.all():
        if attribute.code not in report.attributes:
            continue
        names = {str(v["key"]): str(v["name"]) for v in attribute.values}
        value = report.attributes[attribute.code]
        values = value if isinstance(value, list) else [value]
        rows.append((attribute.description, ", ".join(names.get(str(v), str(v)) for v in values)))
    return rows
