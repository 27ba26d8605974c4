"""The one adapter to ``coproduce.methods.stats``: weight participants to a place's population.

Surveys, priority setting and every other instrument that weights results come through here,
so raking is configured, and fails, the same way everywhere.
"""

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

__all__ = ["Weights", "respondent_weights", "weighted_mean", "weighted_median", "weighted_shares"]


@dataclass(frozen=True)
class Weights:
    """Weights in respondent order, and which population dimensions they match."""

    values: tuple[float, ...]
    dimensions: tuple[str, ...]
    missing_categories: tuple[tuple[str, str], ...]


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
