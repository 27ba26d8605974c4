"""Who an experiment is about, and what is known of them: the population, each person's
stratum and covariates, and the outcome from the participation ledger.

One reader per fact: consented demographics come from ``accounts.selectors``, residence
from ``places.Residency``, following from ``accounts.Follow``, participation from the
ledger (``initiatives.Contribution``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from coproduce.accounts.following import followers_of
from coproduce.accounts.models import Person
from coproduce.accounts.selectors import consented_demographics
from coproduce.evaluation.experiment_models import (
    Experiment,
    ExperimentAssignment,
    Population,
    Stratification,
)
from coproduce.initiatives.models import Contribution
from coproduce.places.models import Place, Residency

# A person without a consented age band is in a group of their own, never left out.
UNKNOWN = "unknown"
# Prior participation: ledger rows in this many days before assignment (a balance covariate).
PRIOR_DAYS = 365
DEMOGRAPHIC_COVARIATES = ("age_band", "sex", "deprivation_quintile")


def experiment_place(experiment: Experiment) -> Place | None:
    """Return the place whose residents are invited: the activity's, else the initiative's."""
    activity = experiment.activity
    return activity.eligible_place or activity.stage.initiative.place


def _place_and_below(place: Place) -> dict[int, str]:
    names = {place.pk: place.name}
    level = [place.pk]
    while level:
        children = list(Place.objects.filter(parent_id__in=level).values_list("pk", "name"))
        names.update(children)
        level = [pk for pk, _name in children if pk not in level]
    return names


def _live(ids: Iterable[int]) -> list[int]:
    return sorted(
        Person.objects.filter(pk__in=set(ids), is_active=True, anonymised_at=None).values_list(
            "pk", flat=True
        )
    )


def residence_of(experiment: Experiment) -> dict[int, str]:
    """Return ``{person id: name of the place they live in}`` within the experiment's place
    (the first by name when someone is verified in several)."""
    place = experiment_place(experiment)
    if place is None:
        return {}
    names = _place_and_below(place)
    found: dict[int, str] = {}
    for person_id, place_id in Residency.objects.filter(place_id__in=names).values_list(
        "person_id", "place_id"
    ):
        name = names[place_id]
        if person_id not in found or name < found[person_id]:
            found[person_id] = name
    return found


def population_ids(experiment: Experiment) -> list[int]:
    """Return the ids of the people the experiment would assign now, in order."""
    if experiment.population == Population.RESIDENTS:
        return _live(residence_of(experiment))
    followers = followers_of(experiment.activity.stage.initiative)
    return _live(followers.values_list("pk", flat=True))


def strata_of(experiment: Experiment, person_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Return each person's stratum as the experiment's stratification defines it."""
    how = experiment.stratification
    places = (
        residence_of(experiment)
        if how in (Stratification.PLACE, Stratification.PLACE_AGE_BAND)
        else {}
    )
    ages = (
        consented_demographics(person_ids)
        if how in (Stratification.AGE_BAND, Stratification.PLACE_AGE_BAND)
        else {}
    )
    strata: dict[int, tuple[str, ...]] = {}
    for pk in person_ids:
        key: tuple[str, ...] = ()
        if how in (Stratification.PLACE, Stratification.PLACE_AGE_BAND):
            key += (places.get(pk, UNKNOWN),)
        if how in (Stratification.AGE_BAND, Stratification.PLACE_AGE_BAND):
            key += (ages.get(pk, {}).get("age_band", UNKNOWN),)
        strata[pk] = key or ("all",)
    return strata


def _window_start(row: ExperimentAssignment) -> datetime:
    return row.invited_at or row.assigned_at


def outcomes_of(experiment: Experiment, rows: list[ExperimentAssignment]) -> list[float]:
    """Return 1 for each person who took part in the activity within the window after their
    invitation (after assignment, for someone not invited yet), else 0; in ``rows`` order.

    Sealed ledger rows (secret ballots while voting is open) count nowhere, as everywhere.
    A row whose person erased their account keeps the outcome it had then.
    """
    window = timedelta(days=experiment.window_days)
    wanted = {row.person_id for row in rows if row.person_id is not None}
    moments: dict[int, list[datetime]] = {}
    for person_id, at in Contribution.objects.filter(
        activity_id=experiment.activity_id, sealed=False, person__isnull=False
    ).values_list("person_id", "created_at"):
        if person_id in wanted:
            moments.setdefault(person_id, []).append(at)
    values = []
    for row in rows:
        if row.person_id is None:
            values.append(row.outcome_at_erasure or 0.0)
            continue
        start = _window_start(row)
        took_part = any(start <= at < start + window for at in moments.get(row.person_id, []))
        values.append(1.0 if took_part else 0.0)
    return values


@dataclass(frozen=True)
class Covariates:
    """Balance covariates, one value per assignment row (``None`` when not known)."""

    values: dict[str, list[float | None] | list[str | None]]


def covariates_of(experiment: Experiment, rows: list[ExperimentAssignment]) -> Covariates:
    """Return the consented demographics, the place (residents only) and the number of ledger
    rows in the year before assignment, for each row."""
    ids = [row.person_id for row in rows if row.person_id is not None]
    demographics = consented_demographics(ids)
    columns: dict[str, list[float | None] | list[str | None]] = {}
    for name in DEMOGRAPHIC_COVARIATES:
        column: list[str | None] = [
            demographics.get(row.person_id, {}).get(name) if row.person_id else None for row in rows
        ]
        if any(value is not None for value in column):
            columns[name] = column
    if experiment.population == Population.RESIDENTS:
        places = residence_of(experiment)
        columns["place"] = [places.get(row.person_id or 0) for row in rows]
    prior: dict[int, int] = {}
    if experiment.assigned_at is not None:
        since = experiment.assigned_at - timedelta(days=PRIOR_DAYS)
        for person_id in Contribution.objects.filter(
            person_id__in=ids,
            sealed=False,
            created_at__gte=since,
            created_at__lt=experiment.assigned_at,
        ).values_list("person_id", flat=True):
            prior[person_id] = prior.get(person_id, 0) + 1
    columns["prior_participation"] = [
        float(prior.get(row.person_id, 0)) if row.person_id else None for row in rows
    ]
    return Covariates(columns)
