"""Demo data for co-design: the live opinion map on Station Road, in Riverton's streets
initiative, with seeded statements, two written by residents (one waiting for the
moderator) and votes from the demo residents in three camps. Idempotent: a map that already
has statements is left as it is."""

from __future__ import annotations

import random

from coproduce.design.analysis import map_refresh
from coproduce.design.models import OpinionMap
from coproduce.design.services.opinions import (
    opinion_map_create,
    statement_moderate,
    statement_submit,
    statement_vote,
    statements_seed,
)
from coproduce.initiatives.demo_city import City

STATEMENTS = [
    "Station Road should be closed to through traffic at school times.",
    "The bus lane on Station Road should run all day, not only at peak times.",
    "Parking outside the shops matters more than a cycle lane.",
    "A protected cycle lane would make me cycle to the station.",
    "Pavements are too narrow for buggies and wheelchairs.",
    "Deliveries to the shops should happen before 10 am.",
    "The speed limit should be 20 mph along the whole road.",
    "More trees and benches would bring people to the shops.",
    "Any change should be tried for six months before it is made permanent.",
    "Closing the road would push traffic onto the side streets.",
    "The crossing by the station needs a longer green light for people on foot.",
    "Market days on Saturdays would be good for the road.",
]
# How each camp tends to vote on each statement (+1 agree, -1 disagree, 0 either way).
CAMPS = [
    [1, 1, -1, 1, 1, 1, 1, 1, 1, -1, 1, 1],  # people on foot and on bikes
    [-1, -1, 1, -1, 1, 0, -1, 0, 1, 1, 1, 0],  # drivers and shopkeepers
    [0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1],  # bus users
]


def load(city: City) -> None:
    """Load or leave the Station Road opinion map."""
    activity = city.activities.get("station-road-map")
    if activity is None:
        return
    existing = OpinionMap.objects.filter(activity=activity).first()
    if existing is not None and existing.statements.exists():
        return
    staff, moderator = city.people["staff"], city.people["moderator"]
    opinion_map = opinion_map_create(
        activity=activity, actor=staff, question="How should Station Road work?"
    )
    statements = statements_seed(opinion_map=opinion_map, actor=staff, texts=STATEMENTS)
    voters = city.residents[:45]
    approved = statement_submit(
        opinion_map=opinion_map,
        person=voters[0],
        text="Residents' parking permits for the streets next to the station.",
    )
    statement_moderate(statement=approved, actor=moderator, approve=True)
    statement_submit(
        opinion_map=opinion_map,
        person=voters[1],
        text="Put a zebra crossing outside the primary school.",
    )
    rng = random.Random(14)
    for index, person in enumerate(voters):
        camp = CAMPS[index % len(CAMPS)]
        for statement, lean in zip(statements, camp, strict=True):
            if rng.random() < 0.2:
                continue  # not everyone votes on everything
            value = lean if rng.random() < 0.85 else rng.choice((-1, 0, 1))
            statement_vote(statement=statement, person=person, value=value)
        if rng.random() < 0.5:
            statement_vote(statement=approved, person=person, value=camp[2] * -1 or 1)
    map_refresh(opinion_map, full=True)
