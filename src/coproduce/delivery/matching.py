"""The one adapter to ``coproduce.methods.matching``: "fill these shifts" from the database.

The instance is built from what people said they can do (weekly windows laid over the
shifts' dates, skills, the place they travel from and how far, hours a month), the checks
the opportunity's organisation recorded, and the places each shift has left. What the
library cannot know is folded into its rules:

* shifts a person already holds are cut out of their windows, so nothing proposed
  overlaps them;
* a person with any row on a shift (holding, waiting, declined, withdrawn) is not proposed
  for it again: each shift needs a private skill that everyone else holds;
* the hours a month are what is left of them in the month the first shift starts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
from django.db.models import Prefetch
from django.utils import timezone

from coproduce.delivery.instruments import SHIFT_SIGN_UP
from coproduce.delivery.models import (
    HOLDING,
    AvailabilityWindow,
    Shift,
    SignUp,
    VolunteerCheck,
    VolunteerOffer,
)
from coproduce.initiatives.rules import can as can_take_part
from coproduce.methods import matching
from coproduce.ui.geometry import bounds

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.delivery.models import Opportunity
    from coproduce.places.models import Place

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class ProposedPlace:
    person: Person
    shift: Shift
    distance_km: float


@dataclass(frozen=True)
class ShiftLeft:
    """A shift with places the proposal leaves empty, and the library's reason code."""

    shift: Shift
    places: int
    filled: int
    reason: str
    data: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    places: list[ProposedPlace]
    filled: int
    distance_km: float
    left: list[ShiftLeft]
    volunteers: int
    unlocated_shifts: list[Shift]


def place_point(place: Place | None) -> tuple[float, float] | None:
    """Return (lat, lon) at the middle of the place's boundary, or None."""
    if place is None or not place.boundary:
        return None
    box = bounds([place.boundary])
    if box is None:
        return None
    west, south, east, north = box
    return (south + north) / 2, (west + east) / 2


def shift_point(shift: Shift) -> tuple[float, float] | None:
    if shift.lat is not None and shift.lon is not None:
        return shift.lat, shift.lon
    return place_point(shift.place) or place_point(shift.opportunity.place)


def _wall(moment: datetime) -> datetime:
    """Local wall-clock time without its offset: the library compares naive times."""
    return timezone.localtime(moment).replace(tzinfo=None)


def _subtract(windows: list[Interval], busy: list[Interval]) -> list[Interval]:
    for cut_start, cut_end in busy:
        kept: list[Interval] = []
        for start, end in windows:
            if cut_end <= start or end <= cut_start:
                kept.append((start, end))
                continue
            if start < cut_start:
                kept.append((start, cut_start))
            if cut_end < end:
                kept.append((cut_end, end))
        windows = kept
    return windows


def _windows(offer: VolunteerOffer, first: date, last: date) -> list[Interval]:
    found: list[Interval] = []
    day = first
    while day <= last:
        for window in offer.windows.all():
            if window.weekday == day.weekday():
                found.append(
                    (datetime.combine(day, window.starts), datetime.combine(day, window.ends))
                )
        day += timedelta(days=1)
    return found


def _hours_left(offer: VolunteerOffer, held: list[SignUp], month: tuple[int, int]) -> float | None:
    if offer.hours_a_month is None:
        return None
    used = sum(
        s.shift.hours
        for s in held
        if (timezone.localtime(s.shift.starts_at).year, timezone.localtime(s.shift.starts_at).month)
        == month
    )
    return max(offer.hours_a_month - used, 0.0)


def _volunteers(
    opportunity: Opportunity, shifts: Sequence[Shift]
) -> tuple[list[matching.Volunteer], dict[str, Person]]:
    first = min(_wall(s.starts_at) for s in shifts).date()
    last = max(_wall(s.ends_at) for s in shifts).date()
    start = timezone.localtime(min(s.starts_at for s in shifts))
    month = (start.year, start.month)
    organisation = opportunity.activity.stage.initiative.organisation
    offers = list(
        VolunteerOffer.objects.filter(windows__isnull=False)
        .distinct()
        .select_related("person", "place")
        .prefetch_related(
            Prefetch("windows", queryset=AvailabilityWindow.objects.order_by("weekday", "starts"))
        )
    )
    rows = SignUp.objects.filter(shift__in=shifts).values_list("person_id", "shift_id")
    seen = defaultdict(set)
    for person_id, shift_id in rows:
        seen[person_id].add(shift_id)
    checks: dict[int, dict[str, date]] = defaultdict(dict)
    for person_id, kind, expires in VolunteerCheck.objects.filter(
        organisation=organisation
    ).values_list("person_id", "kind", "expires_on"):
        checks[person_id][kind] = expires
    held_by: dict[int, list[SignUp]] = defaultdict(list)
    holding = SignUp.objects.filter(
        person__in=[o.person_id for o in offers], status__in=HOLDING
    ).select_related("shift")
    for sign_up in holding:
        held_by[sign_up.person_id or 0].append(sign_up)
    volunteers, people = [], {}
    for offer in offers:
        point = place_point(offer.place)
        person = offer.person
        if point is None or not can_take_part(person, SHIFT_SIGN_UP, opportunity.activity).ok:
            continue
        held = held_by[person.pk]
        busy = [(_wall(s.shift.starts_at), _wall(s.shift.ends_at)) for s in held]
        key = f"p{person.pk}"
        people[key] = person
        volunteers.append(
            matching.Volunteer(
                id=key,
                lat=point[0],
                lon=point[1],
                available=tuple(_subtract(_windows(offer, first, last), busy)),
                skills=frozenset(offer.skills)
                | {f"shift-{s.pk}" for s in shifts if s.pk not in seen[person.pk]},
                checks=checks.get(person.pk, {}),
                max_km=offer.max_km,
                max_hours=_hours_left(offer, held, month),
            )
        )
    return volunteers, people


def shifts_fill(*, opportunity: Opportunity, shifts: Sequence[Shift]) -> Proposal:
    """Propose who should take the shifts' free places: the most places, then least travel."""
    open_shifts = [s for s in shifts if s.places_left > 0 and s.starts_at > timezone.now()]
    located = [(s, shift_point(s)) for s in open_shifts]
    unlocated = [s for s, point in located if point is None]
    candidates = [(s, point) for s, point in located if point is not None]
    if not candidates:
        return Proposal([], 0, 0.0, [], 0, unlocated)
    volunteers, people = _volunteers(opportunity, [s for s, _ in candidates])
    by_key = {f"s{s.pk}": s for s, _ in candidates}
    instance = matching.MatchingInstance(
        volunteers=tuple(volunteers),
        shifts=tuple(
            matching.Shift(
                id=f"s{s.pk}",
                start=_wall(s.starts_at),
                end=_wall(s.ends_at),
                lat=point[0],
                lon=point[1],
                capacity=s.places_left,
                skills=frozenset(s.role.skills) | {f"shift-{s.pk}"},
                checks=frozenset(s.role.checks),
            )
            for s, point in candidates
        ),
    )
    result = matching.match(instance)
    points = {v.id: (v.lat, v.lon) for v in volunteers}
    where = {f"s{s.pk}": point for s, point in candidates}
    pairs = result.assignment
    km = matching.haversine_km(
        np.array([points[v][0] for v, _ in pairs], dtype=np.float64),
        np.array([points[v][1] for v, _ in pairs], dtype=np.float64),
        np.array([where[s][0] for _, s in pairs], dtype=np.float64),
        np.array([where[s][1] for _, s in pairs], dtype=np.float64),
    )
    places = [
        ProposedPlace(people[v], by_key[s], round(float(d), 3))
        for (v, s), d in zip(pairs, km, strict=True)
    ]
    places.sort(key=lambda p: (p.shift.starts_at, p.shift.pk, p.person.display_name))
    left = [
        ShiftLeft(by_key[o.shift], o.capacity, o.filled, str(o.reason), dict(o.data))
        for o in result.unfilled
    ]
    return Proposal(places, result.filled, result.distance_km, left, len(volunteers), unlocated)
