"""What co-assessment hands out, for "Who benefits": reports fixed, and the days to fix them.

A report counts for its place when it was closed as fixed in the period; its time to fix runs
from when it was made to when it was closed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from coproduce.assessment.models import CloseReason, Report
from coproduce.initiatives.benefits import (
    BenefitSource,
    Period,
    Summary,
    UnitsByPlace,
    register_benefit_source,
)


def _fixed(period: Period) -> list[tuple[int, float]]:
    rows = Report.objects.filter(
        close_reason=CloseReason.FIXED,
        place__isnull=False,
        closed_at__date__gte=period.start,
        closed_at__date__lte=period.end,
    ).values_list("place_id", "created_at", "closed_at")
    return [
        (place, (closed - made) / timedelta(days=1))
        for place, made, closed in rows
        if closed is not None
    ]


def reports_fixed(period: Period) -> UnitsByPlace:
    """Return ``{place_id: [1 for each report fixed in period]}``."""
    units: dict[int, list[float]] = defaultdict(list)
    for place, _days in _fixed(period):
        units[place].append(1.0)
    return units


def days_to_fix(period: Period) -> UnitsByPlace:
    """Return ``{place_id: [days each report fixed in period took]}``."""
    units: dict[int, list[float]] = defaultdict(list)
    for place, days in _fixed(period):
        units[place].append(days)
    return units


def register() -> None:
    register_benefit_source(
        BenefitSource(
            key="reports-fixed",
            label=_("Reports fixed"),
            unit=_("reports"),
            units_by_place=reports_fixed,
        )
    )
    register_benefit_source(
        BenefitSource(
            key="days-to-fix",
            label=_("Days to fix a report"),
            unit=_("days"),
            units_by_place=days_to_fix,
            summary=Summary.MEDIAN,
            decimals=1,
        )
    )


register()
