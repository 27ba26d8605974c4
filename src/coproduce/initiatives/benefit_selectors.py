"""Reads for "Who benefits": each registered benefit compared with the population, by area
and by the deprivation quintile of the area, and the alerts staff acted on.

The areas of a place are its children (Riverton's districts); a unit that landed in a ward
counts for its district. A unit on the place itself (a city-wide project) belongs to no area
and is counted apart. An area's deprivation quintile is the quintile most of its people live
in (its population profile's ``deprivation_quintile``; a tie goes to the more deprived).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from coproduce.initiatives.benefits import (
    BenefitSource,
    Period,
    Summary,
    UnknownBenefitSource,
    benefit_source,
)
from coproduce.initiatives.models import BenefitAlert, BenefitThreshold, GroupKind, Initiative
from coproduce.methods.stats.benefits import (
    BenefitGroup,
    GroupBenefit,
    benefit_shares,
    concentration_index,
    group_medians,
)
from coproduce.organisations.permissions import Action, can
from coproduce.places.models import Place
from coproduce.places.selectors import population_profiles
from coproduce.ui.demography import category_label

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import OutreachAction

DEPRIVATION = "deprivation_quintile"


@dataclass(frozen=True)
class BenefitRow:
    """One group (an area or a quintile): its figures, and whether it is under-served."""

    kind: GroupKind
    key: str
    label: str
    figures: GroupBenefit
    median: float | None
    under_served: bool


@dataclass(frozen=True)
class BenefitPicture:
    source: BenefitSource
    place: Place
    period: Period
    by_area: list[BenefitRow]
    by_quintile: list[BenefitRow]
    concentration: float | None
    overall_median: float | None
    elsewhere_units: int  # units on the place itself, in no one area
    threshold: Decimal | None

    @property
    def flagged(self) -> list[BenefitRow]:
        return [row for row in self.by_quintile + self.by_area if row.under_served]

    def row(self, kind: str, key: str) -> BenefitRow | None:
        rows = self.by_quintile if kind == GroupKind.QUINTILE else self.by_area
        return next((r for r in rows if r.key == key), None)


def benefit_periods(today: date) -> list[tuple[str, str, Period]]:
    """Return the periods the page offers: key, label, period (the first is the default)."""
    year_ago = today - timedelta(days=365)
    return [
        ("last-12-months", _("The last 12 months"), Period(year_ago + timedelta(days=1), today)),
        (
            "12-months-before",
            _("The 12 months before"),
            Period(year_ago - timedelta(days=364), year_ago),
        ),
        ("this-year", _("This calendar year"), Period(date(today.year, 1, 1), today)),
        (
            "last-year",
            _("Last calendar year"),
            Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        ),
    ]


def area_quintile(profile: Mapping[str, Mapping[str, float]]) -> str | None:
    """Return the deprivation quintile most of an area's people live in (ties: more deprived)."""
    counts = profile.get(DEPRIVATION, {})
    if not counts or not any(counts.values()):
        return None
    return min(counts, key=lambda q: (-counts[q], q))


def _area_population(place: Place, profile: Mapping[str, Mapping[str, float]]) -> float:
    if place.population:
        return float(place.population)
    return float(sum(profile.get(DEPRIVATION, {}).values()))


def _quintile_label(quintile: str) -> str:
    return category_label(DEPRIVATION, quintile)


def _area_of(areas: set[int], parents: Mapping[int, int | None], place_id: int) -> int | None:
    current: int | None = place_id
    while current is not None and current not in areas:
        current = parents.get(current)
    return current


@dataclass(frozen=True)
class Area:
    place: Place
    population: float
    quintile: str | None


@dataclass(frozen=True)
class AreaFrame:
    """A place's areas with their populations and quintiles, and every place's parent: read
    once per page, whatever the number of benefits shown."""

    place: Place
    areas: list[Area]
    parents: dict[int, int | None]


def area_frame(place: Place) -> AreaFrame:
    """Return the areas of ``place`` (its children) that have people, in name order."""
    children = list(Place.objects.filter(parent=place).order_by("name"))
    profiles = population_profiles(children)
    areas = []
    for child in children:
        population = _area_population(child, profiles[child.pk])
        if population:
            areas.append(Area(child, population, area_quintile(profiles[child.pk])))
    return AreaFrame(place, areas, dict(Place.objects.values_list("pk", "parent_id")))


def _units_by_area(
    frame: AreaFrame, units: Mapping[int, Sequence[float]]
) -> tuple[dict[int, list[float]], int]:
    ids = {area.place.pk for area in frame.areas}
    by_area: dict[int, list[float]] = defaultdict(list)
    elsewhere = 0
    for place_id, amounts in units.items():
        area = _area_of(ids, frame.parents, place_id)
        if area is not None:
            by_area[area].extend(amounts)
        elif _area_of({frame.place.pk}, frame.parents, place_id) is not None:
            elsewhere += len(amounts)
    return by_area, elsewhere


def benefits_picture(
    place: Place,
    source: BenefitSource,
    period: Period,
    *,
    threshold: Decimal | None = None,
    frame: AreaFrame | None = None,
) -> BenefitPicture:
    """Compare ``source``'s units in ``period`` with the population of ``place``'s areas.

    ``threshold`` (a representation ratio) flags the groups below it; None leaves all
    unflagged. ``frame`` is ``area_frame(place)`` when the caller has read it already.
    """
    frame = frame if frame is not None else area_frame(place)
    by_area_units, elsewhere = _units_by_area(frame, source.units_by_place(period))
    area_groups: list[BenefitGroup] = []
    quintile_units: dict[str, list[float]] = defaultdict(list)
    quintile_population: dict[str, float] = defaultdict(float)
    labels = {}
    for area in frame.areas:
        units = tuple(by_area_units.get(area.place.pk, ()))
        area_groups.append(BenefitGroup(area.place.slug, area.population, units))
        labels[area.place.slug] = area.place.name
        if area.quintile is not None:
            quintile_population[area.quintile] += area.population
            quintile_units[area.quintile].extend(units)
    quintile_groups = [
        BenefitGroup(q, quintile_population[q], tuple(quintile_units[q]))
        for q in sorted(quintile_population)
    ]
    limit = float(threshold) if threshold is not None else None
    by_area = _rows(GroupKind.PLACE, area_groups, source, limit, labels)
    by_quintile = _rows(
        GroupKind.QUINTILE,
        quintile_groups,
        source,
        limit,
        {q: _quintile_label(q) for q in quintile_population},
    )
    concentration = None
    if source.summary == Summary.TOTAL:
        concentration = concentration_index(
            [r.figures.per_head or 0.0 for r in by_quintile],
            [r.figures.population for r in by_quintile],
        )
    everyone = BenefitGroup("all", 1.0, tuple(u for g in area_groups for u in g.units))
    return BenefitPicture(
        source=source,
        place=place,
        period=period,
        by_area=by_area,
        by_quintile=by_quintile,
        concentration=concentration,
        overall_median=group_medians([everyone])["all"],
        elsewhere_units=elsewhere,
        threshold=threshold,
    )


def _rows(
    kind: GroupKind,
    groups: list[BenefitGroup],
    source: BenefitSource,
    limit: float | None,
    labels: Mapping[str, str],
) -> list[BenefitRow]:
    medians = group_medians(groups)
    rows = []
    for figures in benefit_shares(groups):
        under = (
            source.summary == Summary.TOTAL
            and limit is not None
            and figures.ratio is not None
            and figures.ratio < limit
        )
        rows.append(
            BenefitRow(kind, figures.key, labels[figures.key], figures, medians[figures.key], under)
        )
    return rows


def benefit_threshold(place: Place, source: BenefitSource) -> BenefitThreshold | None:
    return BenefitThreshold.objects.filter(place=place, source=source.key).first()


def can_manage_benefits(person: Person | AnonymousUser, place: Place) -> bool:
    """Return True if the person may set thresholds and log outreach for ``place``.

    Those who may set up initiatives (with their second factor) in the body that keeps the
    place's population profile; where no body keeps it, in a body that runs an initiative
    for the place itself.
    """
    body = place.owning_body()
    if body is not None:
        return can(person, Action.MANAGE_INITIATIVES, body)
    if not person.is_authenticated:
        return False
    runners = {
        i.organisation
        for i in Initiative.objects.filter(place=place).select_related("organisation")
    }
    return any(can(person, Action.MANAGE_INITIATIVES, body) for body in runners)


@dataclass(frozen=True)
class AlertView:
    """An alert staff acted on, its actions, and the group's figures then and in the next
    period (None where the group or its source is gone)."""

    alert: BenefitAlert
    source: BenefitSource | None
    label: str
    actions: list[OutreachAction]
    then: BenefitRow | None
    next_period: Period
    after: BenefitRow | None


def alerts_for_place(place: Place) -> list[AlertView]:
    """Return the place's alerts, newest period first, with the figures beside them."""
    alerts = BenefitAlert.objects.filter(place=place).prefetch_related("actions")
    pictures: dict[tuple[str, Period], BenefitPicture] = {}
    frame = area_frame(place)

    def picture(source: BenefitSource, period: Period, threshold: Decimal) -> BenefitPicture:
        if (source.key, period) not in pictures:
            pictures[source.key, period] = benefits_picture(
                place, source, period, threshold=threshold, frame=frame
            )
        return pictures[source.key, period]

    views = []
    for alert in alerts:
        period = Period(alert.period_start, alert.period_end)
        try:
            source: BenefitSource | None = benefit_source(alert.source)
        except UnknownBenefitSource:
            source = None
        then = after = None
        if source is not None:
            then = picture(source, period, alert.threshold).row(alert.group_kind, alert.group)
            after = picture(source, period.following(), alert.threshold).row(
                alert.group_kind, alert.group
            )
        label = then.label if then else alert.group
        views.append(
            AlertView(
                alert, source, label, list(alert.actions.all()), then, period.following(), after
            )
        )
    return views
