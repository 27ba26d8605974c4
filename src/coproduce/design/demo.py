"""Demo data for co-design, in Riverton's streets initiative: an ideas board (one idea over
the threshold and answered, one waiting for its answer) and the live opinion map on
Station Road, with seeded statements, two written by residents (one waiting for the
moderator) and votes from the demo residents in three camps. Idempotent: a map that already
has statements is left as it is."""

from __future__ import annotations

import random

from coproduce.design.analysis import map_refresh
from coproduce.design.models import IdeaBoard, OpinionMap
from coproduce.design.services.ideas import (
    idea_answer,
    idea_board_set_up,
    idea_submit,
    idea_support,
)
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


IDEAS = [
    # title, text, category, supports, answer (status, text) or None
    (
        "A zebra crossing outside Riverside Primary",
        "Children cross Mill Lane between parked cars at 8.45 every morning.",
        "Crossings",
        12,
        (
            "accepted",
            "Thank you. The crossing is in the highways programme for the spring: the survey "
            "is done and building starts in March.",
        ),
    ),
    (
        "Planters to narrow the corner at Elm Street",
        "Cars take the corner fast; planters would slow them and make it greener.",
        "Traffic calming",
        9,
        None,
    ),
    (
        "Brighter lights on the river path",
        "The path from the station is dark after 5 pm in winter.",
        "Lighting",
        3,
        None,
    ),
]


def load(city: City) -> None:
    """Load or leave the ideas board, the Station Road opinion map and the square's appraisal."""
    load_ideas(city)
    load_opinion_map(city)
    from coproduce.design.appraisal_demo import load_appraisal

    load_appraisal(city)


def load_ideas(city: City) -> None:
    """Load or leave the ideas board for safer streets."""
    activity = city.activities.get("street-ideas")
    if (
        activity is None
        or IdeaBoard.objects.filter(activity=activity, ideas__isnull=False).exists()
    ):
        return
    staff = city.people["staff"]
    board = idea_board_set_up(
        activity=activity,
        actor=staff,
        threshold=8,
        categories="Crossings\nTraffic calming\nLighting",
    )
    residents = city.residents
    for index, (title, text, category, n_supports, answer) in enumerate(IDEAS):
        idea = idea_submit(
            board=board, person=residents[index], title=title, text=text, category=category
        )
        for person in residents[10 : 10 + n_supports]:
            idea_support(idea=idea, person=person)
        if answer is not None:
            idea_answer(idea=idea, actor=staff, status=answer[0], text=answer[1])


def load_opinion_map(city: City) -> None:
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
