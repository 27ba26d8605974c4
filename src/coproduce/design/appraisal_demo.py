"""Demo data for options appraisal: three layouts for Riverton Square in the safer-streets
initiative's co-design stage, five criteria with their sources, four stakeholder groups
(residents weigh online; the traders, the disability forum and the council's weights come
from workshops, entered by staff), published. Idempotent: an appraisal that has options is
left as it is."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from coproduce.design.instruments import APPRAISAL
from coproduce.design.models import Appraisal, AppraisalMethod
from coproduce.design.services.appraisal import (
    appraisal_publish,
    appraisal_set_up,
    criterion_add,
    group_add,
    group_weights_enter,
    member_add,
    member_weights_set,
    option_add,
    scores_set,
)
from coproduce.initiatives.demo_city import City
from coproduce.initiatives.models import Activity, Co
from coproduce.initiatives.services import activity_create

TITLE = "Three layouts for Riverton Square"
OPTIONS = [
    ("Market square", "Open paving with 36 market pitches and the car park kept."),
    ("Green square", "Lawns, trees and a rain garden; parking moves to Mill Lane."),
    ("Shared space", "One level surface for people and slow traffic, with planting."),
]
# name, direction, unit, description, source
CRITERIA = [
    ("Cost", "cost", "£", "Building cost", "Quantity surveyor's estimate, 2026"),
    ("Green space", "benefit", "m²", "Area planted", "Landscape architect's plans"),
    ("Parking", "benefit", "spaces", "Parking spaces kept", "Highways team"),
    ("Accessibility", "benefit", "/100", "Access audit score", "Disability forum's access audit"),
    ("Events", "benefit", "a year", "Events the square can hold", "Events team"),
]
SCORES = {
    "Market square": [150_000, 300, 34, 62, 32],
    "Green square": [250_000, 1_400, 8, 86, 10],
    "Shared space": [175_000, 850, 22, 74, 24],
}
# Residents weigh online (importance 0–10 each); the others come from workshops.
RESIDENTS = [(4, 9, 3, 6, 5), (6, 7, 5, 5, 4), (3, 10, 2, 7, 6), (7, 6, 6, 4, 5), (5, 8, 4, 8, 3)]
WORKSHOPS = {
    "Traders": ((5, 2, 9, 3, 8), "Traders' workshop at the Corn Exchange: dot votes"),
    "Disability forum": ((2, 4, 3, 10, 2), "Disability forum meeting: points out of 10"),
    "Council": ((8, 5, 3, 6, 5), "Cabinet member's briefing: the council's budget priorities"),
}


def _activity(city: City) -> Activity | None:
    initiative = city.initiatives.get("safer-streets")
    if initiative is None:
        return None
    existing = Activity.objects.filter(
        stage__initiative=initiative, kind=APPRAISAL, title=TITLE
    ).first()
    if existing is not None:
        return existing
    return activity_create(
        actor=city.people["staff"],
        initiative=initiative,
        co=Co.DESIGN,
        kind=APPRAISAL,
        title=TITLE,
        description="The square is to be rebuilt. Residents, traders, the disability forum "
        "and the council weigh what matters to them; the results show each group's choice "
        "and a compromise.",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=60),
    )


def load_appraisal(city: City) -> None:
    """Load or leave the Riverton Square appraisal, published."""
    activity = _activity(city)
    if activity is None:
        return
    found = Appraisal.objects.filter(activity=activity).first()
    if found is not None and found.options.exists():
        return
    staff = city.people["staff"]
    appraisal = appraisal_set_up(
        activity=activity,
        actor=staff,
        question="Which layout for Riverton Square?",
        method=AppraisalMethod.WSM,
    )
    options = [
        option_add(appraisal=appraisal, actor=staff, name=n, description=d) for n, d in OPTIONS
    ]
    criteria = [
        criterion_add(appraisal=appraisal, actor=staff, name=n, direction=d, unit=u, description=t)
        for n, d, u, t, _source in CRITERIA
    ]
    scores_set(
        appraisal=appraisal,
        actor=staff,
        values={
            (o.pk, c.pk): float(SCORES[o.name][i]) for o in options for i, c in enumerate(criteria)
        },
        sources={(o.pk, c.pk): CRITERIA[i][4] for o in options for i, c in enumerate(criteria)},
    )
    residents = group_add(
        appraisal=appraisal, actor=staff, name="Residents", description="People who live nearby"
    )
    for person, importances in zip(city.residents[50:55], RESIDENTS, strict=True):
        member_add(group=residents, actor=staff, email=person.email)
        member_weights_set(
            group=residents,
            person=person,
            importances={c.pk: v for c, v in zip(criteria, importances, strict=True)},
        )
    for name, (weights, note) in WORKSHOPS.items():
        group = group_add(appraisal=appraisal, actor=staff, name=name)
        group_weights_enter(
            group=group,
            actor=staff,
            weights={c.pk: float(v) for c, v in zip(criteria, weights, strict=True)},
            note=note,
        )
    appraisal_publish(appraisal=appraisal, actor=staff)
