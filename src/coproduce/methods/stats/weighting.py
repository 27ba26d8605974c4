"""Weight respondents so they resemble the population they come from.

A place's population profile gives *marginal* counts per dimension (age band, sex,
deprivation quintile), not their joint table, so weights are found by raking (iterative
proportional fitting): each dimension in turn rescales the weights so the weighted share of
every category matches the population's, until all match. A respondent who did not give a
dimension keeps their weight for that dimension. Categories with no respondents cannot be
represented; they are reported and the remaining categories are matched to their shares
among the categories that are present.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coproduce.methods.errors import MethodsError

Profile = Mapping[str, Mapping[str, float]]
Answers = Mapping[str, str]


class WeightingError(MethodsError):
    """The respondents or the population profile cannot be weighted."""


@dataclass(frozen=True)
class RakingResult:
    """Weights in respondent order (mean 1), with how the fit went."""

    weights: tuple[float, ...]
    dimensions: tuple[str, ...]
    converged: bool
    iterations: int
    missing_categories: tuple[tuple[str, str], ...]


def _targets(population: Mapping[str, float], present: set[str]) -> dict[str, float]:
    kept = {category: count for category, count in population.items() if category in present}
    total = sum(kept.values())
    if total <= 0:
        return {}
    return {category: count / total for category, count in kept.items()}


def _rake_dimension(
    weights: list[float], answers: Sequence[Answers], dimension: str, target: Mapping[str, float]
) -> float:
    """Rescale weights on one dimension; return the largest relative change made."""
    members = [i for i, a in enumerate(answers) if a.get(dimension) in target]
    mass = sum(weights[i] for i in members)
    totals: dict[str, float] = {}
    for i in members:
        category = answers[i][dimension]
        totals[category] = totals.get(category, 0.0) + weights[i]
    change = 0.0
    for i in members:
        category = answers[i][dimension]
        factor = target[category] * mass / totals[category]
        change = max(change, abs(factor - 1.0))
        weights[i] *= factor
    return change


def rake(
    answers: Sequence[Answers],
    population: Profile,
    *,
    dimensions: Sequence[str] | None = None,
    tolerance: float = 1e-9,
    max_iterations: int = 200,
) -> RakingResult:
    """Return raking weights matching ``population``'s marginal shares on ``dimensions``.

    ``answers`` holds each respondent's categories (missing keys: not given); ``population``
    maps dimension → category → count. ``dimensions`` defaults to those of the population
    that at least one respondent answered. Raise ``WeightingError`` when there is no one to
    weight or a population count is negative.
    """
    if not answers:
        raise WeightingError("there are no respondents to weight")
    for dimension, counts in population.items():
        if any(count < 0 for count in counts.values()):
            raise WeightingError(f"population counts for {dimension!r} must not be negative")
    if dimensions is None:
        dimensions = [d for d in population if any(d in a for a in answers)]
    targets: dict[str, dict[str, float]] = {}
    missing: list[tuple[str, str]] = []
    for dimension in dimensions:
        present = {a[dimension] for a in answers if dimension in a}
        targets[dimension] = _targets(population.get(dimension, {}), present)
        missing += [(dimension, c) for c in population.get(dimension, {}) if c not in present]
    weights = [1.0] * len(answers)
    iterations, converged = 0, not targets
    while targets and iterations < max_iterations:
        iterations += 1
        change = max(_rake_dimension(weights, answers, d, t) for d, t in targets.items())
        if change < tolerance:
            converged = True
            break
    mean = sum(weights) / len(weights)
    return RakingResult(
        weights=tuple(w / mean for w in weights),
        dimensions=tuple(targets),
        converged=converged,
        iterations=iterations,
        missing_categories=tuple(missing),
    )


def weighted_mean(values: Sequence[float], weights: Sequence[float]) -> float:
    """Return the weighted mean; raise ``WeightingError`` if the weights sum to zero."""
    total = sum(weights)
    if len(values) != len(weights) or total <= 0:
        raise WeightingError("values and positive weights must correspond one to one")
    return sum(v * w for v, w in zip(values, weights, strict=True)) / total


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    """Return the weighted median (the lower one where the halves balance exactly)."""
    total = sum(weights)
    if len(values) != len(weights) or total <= 0:
        raise WeightingError("values and positive weights must correspond one to one")
    running = 0.0
    ordered = sorted(zip(values, weights, strict=True))
    for index, (value, weight) in enumerate(ordered):
        running += weight
        if running > total / 2:
            return value
        if running == total / 2:
            return (value + ordered[index + 1][0]) / 2
    return ordered[-1][0]


def weighted_shares(categories: Sequence[str], weights: Sequence[float]) -> dict[str, float]:
    """Return each category's weighted share (summing to 1)."""
    total = sum(weights)
    if len(categories) != len(weights) or total <= 0:
        raise WeightingError("categories and positive weights must correspond one to one")
    shares: dict[str, float] = {}
    for category, weight in zip(categories, weights, strict=True):
        shares[category] = shares.get(category, 0.0) + weight / total
    return shares
