"""The one adapter between this app and ``coproduce.methods.stats`` (population weighting)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coproduce.methods import stats


@dataclass(frozen=True)
class Weighting:
    """Weights in respondent order (all 1 when nothing could be weighted) and what was used."""

    weights: tuple[float, ...]
    dimensions: tuple[str, ...]
    missing: tuple[tuple[str, str], ...]


def weigh(
    answers: Sequence[Mapping[str, str]], population: Mapping[str, Mapping[str, float]]
) -> Weighting:
    """Return raking weights matching the population profile, or equal weights if impossible."""
    if not answers:
        return Weighting((), (), ())
    try:
        result = stats.rake(answers, population)
    except stats.WeightingError:
        return Weighting(tuple(1.0 for _ in answers), (), ())
    return Weighting(result.weights, result.dimensions, result.missing_categories)


def mean(values: Sequence[float], weights: Sequence[float]) -> float:
    return stats.weighted_mean(values, weights)


def median(values: Sequence[float], weights: Sequence[float]) -> float:
    return stats.weighted_median(values, weights)
