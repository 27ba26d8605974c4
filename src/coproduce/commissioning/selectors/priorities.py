"""Reads for priority setting: raw and population-weighted averages, and who answered."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from coproduce.accounts.selectors import consented_demographics
from coproduce.commissioning.models import PriorityExercise, ServiceArea
from coproduce.initiatives.selectors import activities_for_user
from coproduce.places.selectors import population_profile
from coproduce.places.weighting import respondent_weights, weighted_mean, weighted_median


@dataclass(frozen=True)
class AreaSummary:
    area: ServiceArea
    mean: float
    median: float
    weighted_mean: float
    weighted_median: float


@dataclass(frozen=True)
class PrioritySummary:
    responses: int
    areas: list[AreaSummary]
    groups: list[tuple[str, str, int, float]]
    weighted_on: tuple[str, ...]
    missing: tuple[tuple[str, str], ...]


def exercise_for_user(person: object, pk: int) -> PriorityExercise:
    """Return an exercise in an activity the person may see, or 404."""
    return get_object_or_404(
        PriorityExercise.objects.filter(activity__in=activities_for_user(person)).select_related(  # type: ignore[arg-type]
            "activity__stage__initiative__place", "activity__eligible_place"
        ),
        pk=pk,
    )


def _population(exercise: PriorityExercise) -> dict[str, dict[str, float]]:
    place = exercise.activity.eligible_place or exercise.activity.stage.initiative.place
    return population_profile(place)


def priority_summary(exercise: PriorityExercise) -> PrioritySummary:
    """Return each area's mean and median allocation, raw and weighted, and group counts."""
    responses = list(exercise.responses.values_list("person_id", "allocations"))
    people = [person_id for person_id, _ in responses]
    answers_by_person = consented_demographics(people)
    answers = [answers_by_person.get(p, {}) for p in people]
    population = _population(exercise)
    weighting = respondent_weights(answers, population)
    weight_values = weighting.values if weighting else tuple(1.0 for _ in answers)
    areas = []
    for area in exercise.areas.all():
        values = [float(allocations.get(str(area.pk), 0)) for _, allocations in responses]
        if not values:
            areas.append(AreaSummary(area, 0.0, 0.0, 0.0, 0.0))
            continue
        areas.append(
            AreaSummary(
                area,
                statistics.fmean(values),
                float(statistics.median(values)),
                weighted_mean(values, weight_values),
                weighted_median(values, weight_values),
            )
        )
    counted: Counter[tuple[str, str]] = Counter()
    for answer in answers:
        for dimension, category in answer.items():
            counted[(dimension, category)] += 1
    groups = []
    for dimension, categories in population.items():
        total = sum(categories.values()) or 1
        for category, count in categories.items():
            groups.append(
                (dimension, category, counted.get((dimension, category), 0), 100 * count / total)
            )
    dimensions = weighting.dimensions if weighting else ()
    missing = weighting.missing_categories if weighting else ()
    return PrioritySummary(len(responses), areas, groups, dimensions, missing)
