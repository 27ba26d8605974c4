"""The "Who benefits" demo in Riverton: a threshold on money funded, and one alert with the
outreach done about it.

In last year's neighbourhood budget (co-commissioning's demo) Northfield, the one area in
deprivation quintile 3, won 15 % of the money for 24 % of the people: a ratio of 0.64, under
the 0.8 the council set. Staff logged what they did about it; the page shows the ratio of the
period after beside it. This loader runs before the Co apps' (it writes no figures, only the
threshold, the alert and the action: the page reads the figures when it is shown).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from coproduce.initiatives.benefit_selectors import benefit_periods
from coproduce.initiatives.models import BenefitAlert, BenefitThreshold, GroupKind, OutreachAction

if TYPE_CHECKING:
    from coproduce.initiatives.demo_city import City

MONEY = "money-funded"
THRESHOLD = Decimal("0.80")


def load(city: City) -> None:
    """Load the benefits demo into the demo city (idempotent)."""
    staff = city.people["staff"]
    BenefitThreshold.objects.update_or_create(
        place=city.city,
        source=MONEY,
        defaults={"minimum_ratio": THRESHOLD, "set_by": staff},
    )
    today = timezone.localdate()
    before = next(p for key, _label, p in benefit_periods(today) if key == "12-months-before")
    # Reloaded on a later day, the period has moved on: keep one demo alert, not one a day.
    BenefitAlert.objects.filter(
        place=city.city, source=MONEY, group_kind=GroupKind.QUINTILE, group="3"
    ).exclude(period_start=before.start, period_end=before.end).delete()
    alert, _created = BenefitAlert.objects.update_or_create(
        place=city.city,
        source=MONEY,
        group_kind=GroupKind.QUINTILE,
        group="3",
        period_start=before.start,
        period_end=before.end,
        defaults={"threshold": THRESHOLD},
    )
    OutreachAction.objects.update_or_create(
        alert=alert,
        what=(
            "Proposal-writing sessions at Northfield library and the community centre, "
            "with help to cost ideas, before this year's round opens."
        ),
        defaults={
            "done_on": today - timedelta(days=20),
            "done_by": "Community development team",
            "logged_by": staff,
        },
    )
