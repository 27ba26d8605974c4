"""Demo data for volunteering in Riverton: the street champions, who help deliver a street
improvement residents funded last year (linked by lineage), with roles, checks, coming
shifts with volunteers and a waiting list, and a past shift whose hours are confirmed.

Idempotent: nothing is added when the programme is already set up.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils import timezone

from coproduce.delivery.models import Approach, Opportunity, Shift, SignUp, SignUpStatus
from coproduce.delivery.services.hours import hours_confirm, shift_check_in
from coproduce.delivery.services.setup import (
    check_record,
    opportunity_create,
    role_add,
    shift_add,
)
from coproduce.delivery.services.sign_ups import shift_sign_up, volunteer_offer_save
from coproduce.governance.models import Commitment, CommitmentSource
from coproduce.initiatives.models import LineageKind
from coproduce.initiatives.services import lineage_link

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.initiatives.demo_city import City
    from coproduce.places.models import Place


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _next_saturday() -> int:
    return (5 - timezone.localdate().weekday()) % 7 or 7


def _offers(city: City) -> list[Person]:
    """Residents who said what they can do: weekends, some weekday evenings."""
    districts = list(city.districts.values())
    skills = [("gardening",), ("repairs", "gardening"), ("first_aid",), ("driving",), ()]
    people = [city.people["resident"], city.people["neighbour"], *city.residents[:14]]
    for index, person in enumerate(people):
        windows = [(5, time(9), time(17)), (6, time(10), time(16))]
        if index % 3 == 0:
            windows.append((2, time(18), time(21)))
        volunteer_offer_save(
            person=person,
            skills=skills[index % len(skills)],
            place=districts[index % len(districts)],
            max_km=[3, 5, 8, None][index % 4],
            hours_a_month=[6, 10, 16, None][index % 4],
            windows=windows,
        )
    return people


def _past_shift(
    opportunity: Opportunity, role: object, staff: Person, people: list[Person]
) -> None:
    """A Saturday session three weeks ago: people checked in and their hours confirmed."""
    shift = shift_add(
        opportunity=opportunity,
        actor=staff,
        role=role,  # type: ignore[arg-type]
        starts_at=_at(_next_saturday() - 21, 10),
        ends_at=_at(_next_saturday() - 21, 13),
        capacity=6,
        where="Station Road planters",
    )
    for person in people:
        # Written directly: the sign-up services refuse shifts that have started.
        sign_up = SignUp.objects.create(shift=shift, person=person, status=SignUpStatus.CONFIRMED)
        Shift.objects.filter(pk=shift.pk).update(taken=F("taken") + 1)
        shift_check_in(sign_up=sign_up, actor=staff)
        SignUp.objects.filter(pk=sign_up.pk).update(checked_in_at=shift.starts_at)
        hours_confirm(sign_up=sign_up, actor=staff)


def _funded_project(city: City) -> Commitment | None:
    return (
        Commitment.objects.filter(
            initiative=city.initiatives["safer-streets"], source=CommitmentSource.BUDGETING
        )
        .order_by("pk")
        .first()
    )


def load(city: City) -> None:
    activity = city.activities["street-champions"]
    if Opportunity.objects.filter(activity=activity).exists():
        return
    staff = city.people["staff"]
    place: Place = city.districts["eastbank"]
    opportunity = opportunity_create(
        activity=activity, actor=staff, approach=Approach.CO_IMPLEMENTING, place=place
    )
    champion = role_add(
        opportunity=opportunity,
        actor=staff,
        name="Street champion",
        description="Plant and look after the new planters, and tell us what needs fixing.",
        skills=["gardening"],
    )
    builder = role_add(
        opportunity=opportunity,
        actor=staff,
        name="Planter builder",
        description="Build the timber planters with the council's carpenter.",
        skills=["repairs"],
    )
    walk_leader = role_add(
        opportunity=opportunity,
        actor=staff,
        name="Safe routes walk leader",
        description="Walk children to school along the new route.",
        checks=["dbs"],
    )
    people = _offers(city)
    organisation = activity.stage.initiative.organisation
    for person, days in ((people[0], 400), (people[3], 200), (people[6], 20)):
        check_record(
            organisation=organisation,
            actor=staff,
            person=person,
            kind="dbs",
            expires_on=timezone.localdate() + timedelta(days=days),
        )
    saturday = _next_saturday()
    shifts = [
        shift_add(
            opportunity=opportunity,
            actor=staff,
            role=champion,
            starts_at=_at(saturday, 10),
            ends_at=_at(saturday, 13),
            capacity=4,
            where="Station Road planters",
            lat=52.47,
            lon=-1.45,
        ),
        shift_add(
            opportunity=opportunity,
            actor=staff,
            role=builder,
            starts_at=_at(saturday + 1, 11),
            ends_at=_at(saturday + 1, 15),
            capacity=3,
            where="Eastbank depot",
            lat=52.46,
            lon=-1.44,
        ),
        shift_add(
            opportunity=opportunity,
            actor=staff,
            role=walk_leader,
            starts_at=_at(saturday + 2, 8),
            ends_at=_at(saturday + 2, 9),
            capacity=2,
            place=city.districts["riverside"],
        ),
        shift_add(
            opportunity=opportunity,
            actor=staff,
            role=champion,
            starts_at=_at(saturday + 7, 10),
            ends_at=_at(saturday + 7, 13),
            capacity=6,
            place=city.districts["old-town"],
        ),
    ]
    gardeners = [p for p in people if "gardening" in p.volunteer_offer.skills]
    for person in gardeners[:4]:
        shift_sign_up(shift=shifts[0], person=person)
    for person in gardeners[4:6]:
        shift_sign_up(shift=shifts[0], person=person, wait=True)
    _past_shift(opportunity, champion, staff, gardeners[:5])
    project = _funded_project(city)
    if project is not None:
        lineage_link(
            source=project,
            target=opportunity,
            kind=LineageKind.LED_TO,
            note="Residents help deliver the project they funded.",
            actor=staff,
        )
    from coproduce.delivery import demo_timebank

    demo_timebank.load(city)
