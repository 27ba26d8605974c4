"""Reads for places: the one reader of a place's population profile, and of where a person
lives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from coproduce.places.models import Place, PopulationGroup, Residency

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def population_profile(place: Place) -> dict[str, dict[str, float]]:
    """Return the place's population as dimension → category → count (in category order)."""
    profile: dict[str, dict[str, float]] = {}
    for group in PopulationGroup.objects.filter(place=place).order_by("dimension", "category"):
        profile.setdefault(group.dimension, {})[group.category] = float(group.count)
    return profile


def population_profiles(places: Iterable[Place]) -> dict[int, dict[str, dict[str, float]]]:
    """Return ``population_profile`` for many places at once (one query), by place id."""
    profiles: dict[int, dict[str, dict[str, float]]] = {place.pk: {} for place in places}
    groups = PopulationGroup.objects.filter(place_id__in=profiles).order_by("dimension", "category")
    for group in groups:
        profiles[group.place_id].setdefault(group.dimension, {})[group.category] = float(
            group.count
        )
    return profiles


def residence_places(person: Person) -> frozenset[int]:
    """Return the ids of the places the person lives in (verified residency) and of every
    place that contains them, read in one query."""
    places: set[int] = set()
    residencies = Residency.objects.filter(person_id=person.pk).select_related(
        "place__parent__parent"
    )
    for residency in residencies:
        places.update(place.pk for place in residency.place.lineage())
    return frozenset(places)
