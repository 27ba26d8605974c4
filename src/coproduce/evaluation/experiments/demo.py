"""Riverton's demo experiment: two reminder texts for the garden users' survey, sent to the
verified residents of Eastbank, stratified by age band, finished and ready to analyse.

The residents it needs (Eastbank neighbours with consented demographics) are made here; the
invitations are marked sent in the past without e-mailing anyone, and the answers are rows
in the participation ledger, as the survey would write them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from coproduce.accounts.models import Person
from coproduce.accounts.services import demographics_give
from coproduce.evaluation.experiment_models import Experiment, ExperimentAssignment
from coproduce.evaluation.experiments.services import (
    experiment_arm_add,
    experiment_assign,
    experiment_create,
    experiment_freeze,
    experiment_preregistration_update,
)
from coproduce.initiatives.demo_city import City
from coproduce.initiatives.models import Contribution, Mode
from coproduce.places.models import Residency, ResidencyMethod

TITLE = "Garden survey reminder: text A or text B"
NEIGHBOURS = 300
AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
# The simulated truth: the share answering within the week, by arm.
RATES = {"Text A": 0.16, "Text B": 0.31}
WINDOW_DAYS = 7
SEED = 20260314


def _neighbours(city: City) -> list[Person]:
    wards = [w for slug, w in city.wards.items() if slug.startswith("eastbank")]
    rng = random.Random(314)
    found = []
    for n in range(NEIGHBOURS):
        email = f"neighbour{n:03d}@riverton.example"
        person = Person.objects.filter(email=email).first()
        if person is None:
            person = Person.objects.create_user(
                email,
                None,
                display_name=f"Eastbank neighbour {n:03d}",
                date_of_birth=date(1940 + rng.randrange(66), rng.randrange(1, 13), 1),
            )
            Residency.objects.create(
                person=person, place=rng.choice(wards), method=ResidencyMethod.REGISTER
            )
            if rng.random() < 0.85:
                demographics_give(
                    person=person,
                    values={
                        "age_band": rng.choice(AGE_BANDS),
                        "sex": rng.choice(["female", "male"]),
                        "deprivation_quintile": str(rng.randrange(1, 6)),
                    },
                )
        found.append(person)
    return found


def _design(city: City) -> Experiment:
    actor = city.people["coordinator"]
    experiment = experiment_create(
        actor=actor,
        activity=city.activities["garden-survey"],
        title=TITLE,
        population="residents",
        stratification="age_band",
        window_days=WINDOW_DAYS,
    )
    # a fixed seed, so the demo's assignment (and analysis) is the same on every machine
    Experiment.objects.filter(pk=experiment.pk).update(seed=SEED)
    experiment.refresh_from_db()
    for name, subject, text in (
        (
            "Text A",
            "Reminder: the garden users' survey",
            "The survey of the Eastbank community garden is open. It takes three minutes.",
        ),
        (
            "Text B",
            "Your neighbours are telling us about the garden",
            "Many of your neighbours have already said how the garden is working for them. "
            "Add your voice: it takes three minutes.",
        ),
    ):
        experiment_arm_add(
            actor=actor, experiment=experiment, name=name, subject=subject, text=text
        )
    experiment_preregistration_update(
        actor=actor,
        experiment=experiment,
        hypothesis="Saying that neighbours have taken part (a social norm) raises the share "
        "who answer the survey, compared with a plain reminder.",
        primary_outcome="Answered the garden users' survey within 7 days of the reminder "
        "(a row in the participation ledger).",
        analysis_plan="Difference in the share answering, Text B minus Text A; blocked "
        "(Neyman) estimator within age bands, 95% interval, two-sided test at 5%, with a "
        "randomisation test of 10,000 permutations. Intention to treat: everyone assigned.",
        expected_control_rate=0.15,
        expected_treatment_rate=0.30,
    )
    return experiment_freeze(actor=actor, experiment=experiment)


def load(city: City) -> None:
    """Create the finished experiment once (idempotent: an existing one is left alone)."""
    if "garden-survey" not in city.activities or Experiment.objects.filter(title=TITLE).exists():
        return
    _neighbours(city)
    experiment = _design(city)
    experiment_assign(actor=city.people["coordinator"], experiment=experiment)
    # It ran last week: frozen, assigned and sent in the past, and the window has closed.
    sent = timezone.now() - timedelta(days=WINDOW_DAYS + 2)
    Experiment.objects.filter(pk=experiment.pk).update(
        frozen_at=sent - timedelta(days=2), assigned_at=sent - timedelta(days=1), sent_at=sent
    )
    experiment.assignments.update(assigned_at=sent - timedelta(days=1), invited_at=sent)
    rng = random.Random(2718)
    activity = city.activities["garden-survey"]
    answers = []
    for row in ExperimentAssignment.objects.filter(experiment=experiment).select_related("arm"):
        if rng.random() < RATES[row.arm.name]:
            answers.append(
                Contribution(
                    person_id=row.person_id,
                    activity=activity,
                    co=activity.stage.co,
                    mode=Mode.VOICE,
                    kind="response",
                    created_at=sent + timedelta(hours=rng.randrange(1, 24 * WINDOW_DAYS)),
                )
            )
    Contribution.objects.bulk_create(answers)
