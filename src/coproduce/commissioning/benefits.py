"""What co-commissioning hands out, for "Who benefits": the money funded by winning projects.

A winning project's cost counts for the place of its ballot area (a district's sub-budget);
projects of an area with no place (a city-wide ballot) count for no place. Its date is when
the round's results phase started, or when it was counted if that phase was not scheduled.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.commissioning.models import Phase, ProjectResult
from coproduce.initiatives.benefits import (
    BenefitSource,
    Period,
    UnitsByPlace,
    register_benefit_source,
)
from coproduce.initiatives.models import ActivityPhase


def money_funded(period: Period) -> UnitsByPlace:
    """Return ``{place_id: [cost in pounds of each winning project]}`` decided in ``period``."""
    winners = ProjectResult.objects.filter(selected=True, area__place__isnull=False)
    rows = list(
        winners.values_list(
            "area__place_id",
            "proposal__estimated_cost",
            "proposal__revised_cost",
            "area__result__computed_at",
            "area__round__activity_id",
        )
    )
    results_start = dict(
        ActivityPhase.objects.filter(
            key=Phase.RESULTS, activity_id__in={row[4] for row in rows}
        ).values_list("activity_id", "starts_at")
    )
    units: dict[int, list[float]] = defaultdict(list)
    for place_id, estimated, revised, counted, activity_id in rows:
        decided: datetime | None = results_start.get(activity_id, counted)
        if decided is None:
            continue
        if period.start <= timezone.localdate(decided) <= period.end:
            units[place_id].append((revised if revised is not None else estimated) / 100)
    return units


def register() -> None:
    register_benefit_source(
        BenefitSource(
            key="money-funded",
            label=_("Money funded"),
            unit=_("£"),
            units_by_place=money_funded,
        )
    )


register()
