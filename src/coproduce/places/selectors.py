"""Reads for places: the one reader of a place's population profile."""

from __future__ import annotations

from coproduce.places.models import Place, PopulationGroup


def population_profile(place: Place) -> dict[str, dict[str, float]]:
    """Return the place's population as dimension → category → count (in category order)."""
    profile: dict[str, dict[str, float]] = {}
    for group in PopulationGroup.objects.filter(place=place).order_by("dimension", "category"):
        profile.setdefault(group.dimension, {})[group.category] = float(group.count)
    return profile
