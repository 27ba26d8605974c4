"""What co-delivery hands out, for "Who benefits": volunteer hours confirmed.

A confirmed sign-up's hours count for the shift's place, else the opportunity's, on the day
they were confirmed.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from coproduce.delivery.models import SignUp
from coproduce.initiatives.benefits import (
    BenefitSource,
    Period,
    UnitsByPlace,
    register_benefit_source,
)


def volunteer_hours(period: Period) -> UnitsByPlace:
    """Return ``{place_id: [hours of each sign-up confirmed in period]}``."""
    rows = SignUp.objects.filter(
        minutes__isnull=False,
        confirmed_at__date__gte=period.start,
        confirmed_at__date__lte=period.end,
    ).values_list("shift__place_id", "shift__opportunity__place_id", "minutes")
    units: dict[int, list[float]] = defaultdict(list)
    for shift_place, opportunity_place, minutes in rows:
        place = shift_place or opportunity_place
        if place is not None and minutes is not None:
            units[place].append(minutes / 60)
    return units


def register() -> None:
    register_benefit_source(
        BenefitSource(
            key="volunteer-hours",
            label=_("Volunteer hours confirmed"),
            unit=_("hours"),
            units_by_place=volunteer_hours,
            decimals=1,
        )
    )


register()
