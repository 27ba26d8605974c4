"""The one door to ``coproduce.methods.stats``: post-stratify survey respondents by raking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coproduce.methods.stats import (
    WeightingError,
    rake,
    weighted_mean,
    weighted_median,
    weighted_shares,
)
from coproduce.places.models import Place, PopulationGroup

__all__ = [
    "Weights",
    "population_profile",
    "respondent_weights",
    "weighted_mean",
    "weighted_median",
    "weighted_shares",
]


@dataclass(frozen=True)
class Weights:
    """Weights in respondent order, and which population dimensions they match."""

    values: tuple[float, ...]
    dimensions: tuple[str, ...]
    missing_categories: tuple[tuple[str, str], ...]


def population_profile(place: Place) -> dict[str, dict[str, float]]:
    """Return the place's population as dimension → category → count."""
    profile: dict[str, dict[str, float]] = {}
    for group in PopulationGroup.objects.filter(place=place):
        profile.setdefault(group.dimension, {})[group.category] = float(group.count)
    return profile


def respondent_weights(
    profiles: Sequence[Mapping[str, str]], population: Mapping[str, Mapping[str, float]]
) -> Weights | None:
    """Return raking weights on the dimensions respondents gave, or None when none apply."""
    answers = [
        {k: str(v) for k, v in profile.items() if k in population and v not in (None, "")}
        for profile in profiles
    ]
    if not answers or not any(answers):
        return None
    try:
        result = rake(answers, population)
    except WeightingError:
        return None
    if not result.dimensions:
        return None
    return Weights(result.weights, result.dimensions, result.missing_categories)
