"""The demo city of Riverton: places, organisations, people, initiatives and commitments.

Loading is idempotent: rows are found by slug or email and brought back to the demo state.
Later apps add their own ``demo.py`` with ``load(city)``; ``coproduce demo`` runs them all.
"""

from __future__ import annotations

import functools
import random
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from coproduce.accounts.models import Person
from coproduce.assessment.instruments import REPORT_CHANNEL, SCRUTINY_PANEL, SURVEY
from coproduce.commissioning.instruments import BUDGETING_ROUND, PRIORITY_SETTING
from coproduce.delivery.instruments import VOLUNTEERING
from coproduce.design.instruments import IDEAS, OPINION_MAP
from coproduce.governance.models import (
    Commitment,
    CommitmentOwner,
    CommitmentSource,
    CommitmentStatus,
    CommitmentUpdate,
)
from coproduce.initiatives.demo_city import City
from coproduce.initiatives.generic import WORKSHOP
from coproduce.initiatives.models import (
    Activity,
    Channel,
    Co,
    Contribution,
    Initiative,
    Lead,
    LineageKind,
    Mode,
    Origin,
    Stage,
)
from coproduce.initiatives.services import lineage_link
from coproduce.organisations.models import Membership, Organisation, OrganisationKind, Role
from coproduce.places.models import Place, PlaceKind, PopulationGroup, Residency, ResidencyMethod

PASSWORD = "riverton-demo-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
WEST, EAST, SOUTH, NORTH = -1.60, -1.40, 52.40, 52.50


def _box(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 5), round(y, 5)] for x, y in ring]]}


DISTRICTS = [
    # slug, name, box, population, deprivation skew (quintile 1 = most deprived)
    ("northfield", "Northfield", (WEST, 52.45, -1.50, NORTH), 61000, 3),
    ("eastbank", "Eastbank", (-1.50, 52.45, EAST, NORTH), 74000, 1),
    ("old-town", "Old Town", (WEST, SOUTH, -1.50, 52.45), 52000, 4),
    ("riverside", "Riverside", (-1.50, SOUTH, EAST, 52.45), 68000, 2),
]
AGE_SHARES = {
    "16-24": 14,
    "25-34": 17,
    "35-44": 16,
    "45-54": 16,
    "55-64": 14,
    "65-74": 12,
    "75+": 11,
}


def _place(slug: str, **values: Any) -> Place:
    place, _ = Place.objects.update_or_create(slug=slug, defaults=values)
    return place


def _profile(place: Place, population: int, deprivation: int) -> None:
    adults = int(population * 0.82)
    rows = [("age_band", band, adults * share // 100) for band, share in AGE_SHARES.items()]
    rows += [("sex", "female", adults * 51 // 100), ("sex", "male", adults * 49 // 100)]
    weights = [5 - abs(q - deprivation) for q in range(1, 6)]
    rows += [
        ("deprivation_quintile", str(q), adults * w // sum(weights))
        for q, w in zip(range(1, 6), weights, strict=True)
    ]
    for dimension, category, count in rows:
        PopulationGroup.objects.update_or_create(
            place=place, dimension=dimension, category=category, defaults={"count": count}
        )


def load_places() -> tuple[Place, dict[str, Place], dict[str, Place]]:
    city = _place(
        "riverton",
        name="Riverton",
        kind=PlaceKind.CITY,
        parent=None,
        boundary=_box(WEST, SOUTH, EAST, NORTH),
        population=255000,
    )
    districts: dict[str, Place] = {}
    wards: dict[str, Place] = {}
    for slug, name, (w, s, e, n), population, deprivation in DISTRICTS:
        district = _place(
            slug,
            name=name,
            kind=PlaceKind.DISTRICT,
            parent=city,
            boundary=_box(w, s, e, n),
            population=population,
        )
        districts[slug] = district
        _profile(district, population, deprivation)
        middle = (w + e) / 2
        for half, (ww, ee) in (("west", (w, middle)), ("east", (middle, e))):
            ward = _place(
                f"{slug}-{half}",
                name=f"{name} {half.title()}",
                kind=PlaceKind.WARD,
                parent=district,
                boundary=_box(ww, s, ee, n),
                population=population // 2,
            )
            wards[ward.slug] = ward
    _profile(city, 255000, 3)
    return city, districts, wards


ORGANISATIONS = [
    (
        "riverton-council",
        "Riverton City Council",
        OrganisationKind.PUBLIC_BODY,
        "The local authority for Riverton's four districts.",
    ),
    (
        "riverton-health",
        "Riverton Health and Care Trust",
        OrganisationKind.PUBLIC_BODY,
        "Community health, mental health and adult social care.",
    ),
    (
        "eastside-neighbours",
        "Eastside Neighbours",
        OrganisationKind.COMMUNITY_GROUP,
        "Residents of Eastbank who look after their streets, garden and each other.",
    ),
]

ACCOUNTS = [
    # email, name, role, organisation, superuser
    ("resident@riverton.example", "Rosa Resident", None, None, False),
    ("neighbour@riverton.example", "Nadia Neighbour", None, None, False),
    ("staff@riverton.example", "Sam Staff", Role.STAFF, "riverton-council", False),
    # A second member of staff, so paper ballots can be double-entered in the demo.
    ("clerk@riverton.example", "Eli Clerk", Role.STAFF, "riverton-council", False),
    ("moderator@riverton.example", "Mo Moderator", Role.MODERATOR, "riverton-council", False),
    ("councillor@riverton.example", "Cllr Chris Hale", Role.COUNCILLOR, "riverton-council", False),
    ("care@riverton.example", "Priya Practitioner", Role.STAFF, "riverton-health", False),
    (
        "coordinator@riverton.example",
        "Kofi Coordinator",
        Role.COORDINATOR,
        "eastside-neighbours",
        False,
    ),
    ("admin@riverton.example", "Ada Admin", None, None, True),
]


@functools.cache
def _password_hash() -> str:
    # One hash for every demo account (the password is printed anyway): hashing it 70 times
    # took 20 s of CPU of every `coproduce demo`.
    return make_password(PASSWORD)


def _person(email: str, name: str, *, superuser: bool = False, born: date | None = None) -> Person:
    person = Person.objects.filter(email=email).first() or Person(email=email)
    person.display_name = name
    person.is_superuser = person.is_staff = superuser
    person.date_of_birth = born
    person.is_active = True
    person.password = _password_hash()
    person.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=person, email=email, defaults={"verified": True, "primary": True}
    )
    return person


def _second_factor(person: Person) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(person, TOTP_SECRET)


def load_people(
    organisations: dict[str, Organisation], wards: dict[str, Place]
) -> tuple[dict[str, Person], list[Person]]:
    people: dict[str, Person] = {}
    for email, name, role, org_slug, superuser in ACCOUNTS:
        person = _person(email, name, superuser=superuser, born=date(1984, 5, 17))
        people[email.split("@")[0]] = person
        if role is not None and org_slug is not None:
            Membership.objects.update_or_create(
                organisation=organisations[org_slug], person=person, defaults={"role": role}
            )
        if role is not None or superuser:
            _second_factor(person)
    for key, ward in (("resident", "old-town-east"), ("neighbour", "eastbank-west")):
        Residency.objects.get_or_create(
            person=people[key], place=wards[ward], defaults={"method": ResidencyMethod.STAFF}
        )
    rng = random.Random(2026)
    residents = []
    for index in range(60):
        existing = Person.objects.filter(email=f"resident{index:02d}@riverton.example").first()
        person = existing or Person.objects.create_user(
            f"resident{index:02d}@riverton.example",
            None,
            display_name=f"Resident {index:02d}",
            date_of_birth=date(1940 + rng.randrange(66), rng.randrange(1, 13), 1),
        )
        residents.append(person)
        Residency.objects.get_or_create(
            person=person,
            place=rng.choice(list(wards.values())),
            defaults={"method": ResidencyMethod.REGISTER},
        )
    return people, residents


INITIATIVES: list[dict[str, Any]] = [
    {
        "slug": "safer-streets",
        "title": "Safer streets for walking and cycling",
        "summary": "Residents and the council decide which street improvements to fund, design "
        "them together, look after them with volunteers, and report what still needs fixing.",
        "origin": Origin.INSIDE_OUT,
        "organisation": "riverton-council",
        "place": "riverton",
        "stages": {
            Co.COMMISSIONING: (Lead.SHARED, "Residents vote; the council checks feasibility"),
            Co.DESIGN: (Lead.SHARED, "Design workshops with the highways team"),
            Co.DELIVERY: (Lead.CITIZENS, "Street champions, supported by the council"),
            Co.ASSESSMENT: (Lead.CITIZENS, "Residents report problems and judge the results"),
        },
        "activities": [
            (
                "streets-budget",
                Co.COMMISSIONING,
                BUDGETING_ROUND,
                "Neighbourhood budget 2027",
                -20,
                25,
                "riverton",
                16,
            ),
            (
                "street-ideas",
                Co.DESIGN,
                IDEAS,
                "Ideas for safer streets",
                -30,
                30,
                None,
                None,
            ),
            (
                "station-road-map",
                Co.DESIGN,
                OPINION_MAP,
                "How should Station Road work?",
                -40,
                20,
                None,
                None,
            ),
            (
                "street-champions",
                Co.DELIVERY,
                VOLUNTEERING,
                "Street champions",
                -120,
                None,
                None,
                16,
            ),
            (
                "street-reports",
                Co.ASSESSMENT,
                REPORT_CHANNEL,
                "Report a street problem",
                -365,
                None,
                None,
                None,
            ),
        ],
    },
    {
        "slug": "eastbank-garden",
        "title": "Eastbank community garden",
        "summary": "Neighbours turned a disused lot into a garden and asked the council to "
        "help: a citizen-led initiative the council now supports.",
        "origin": Origin.OUTSIDE_IN,
        "organisation": "eastside-neighbours",
        "place": "eastbank",
        "stages": {
            Co.DESIGN: (Lead.CITIZENS, "Planting plan drawn up by neighbours"),
            Co.DELIVERY: (Lead.CITIZENS, "Weekly volunteer sessions"),
            Co.ASSESSMENT: (Lead.SHARED, "A yearly survey of garden users"),
        },
        "activities": [
            (
                "garden-workshop",
                Co.DESIGN,
                WORKSHOP,
                "Planting plan workshop",
                10,
                11,
                None,
                None,
            ),
            (
                "garden-sessions",
                Co.DELIVERY,
                VOLUNTEERING,
                "Saturday garden sessions",
                -200,
                None,
                None,
                None,
            ),
            (
                "garden-survey",
                Co.ASSESSMENT,
                SURVEY,
                "Garden users' survey",
                -10,
                30,
                "eastbank",
                None,
            ),
        ],
    },
    {
        "slug": "peer-support",
        "title": "Mental health peer support",
        "summary": "People with lived experience and the Trust's staff design and run peer "
        "support groups, and a panel of service users scrutinises how well they work.",
        "origin": Origin.INSIDE_OUT,
        "organisation": "riverton-health",
        "place": "riverton",
        "stages": {
            Co.DESIGN: (Lead.SHARED, "Experience-based co-design"),
            Co.DELIVERY: (Lead.CITIZENS, "Trained peer supporters"),
            Co.ASSESSMENT: (Lead.CITIZENS, "Service users' scrutiny panel"),
        },
        "activities": [
            (
                "peer-design",
                Co.DESIGN,
                WORKSHOP,
                "Designing the groups together",
                -90,
                -60,
                None,
                18,
            ),
            (
                "peer-groups",
                Co.DELIVERY,
                VOLUNTEERING,
                "Peer support groups",
                -50,
                None,
                None,
                18,
            ),
            (
                "peer-panel",
                Co.ASSESSMENT,
                SCRUTINY_PANEL,
                "Service users' scrutiny panel",
                -30,
                150,
                None,
                18,
            ),
        ],
    },
    {
        "slug": "youth-services",
        "title": "Youth services: what should we fund?",
        "summary": "Young people set priorities for the youth services budget and review "
        "what last year's spending achieved.",
        "origin": Origin.INSIDE_OUT,
        "organisation": "riverton-council",
        "place": "riverton",
        "stages": {
            Co.COMMISSIONING: (Lead.SHARED, "Young people's priority setting"),
            Co.ASSESSMENT: (Lead.CITIZENS, "Youth council review"),
        },
        "activities": [
            (
                "youth-priorities",
                Co.COMMISSIONING,
                PRIORITY_SETTING,
                "Divide the youth services budget",
                -5,
                40,
                "riverton",
                13,
            ),
        ],
    },
]


def _at(days: int) -> datetime:
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    return today + timedelta(days=days)


def load_initiatives(
    city: Place, places: dict[str, Place], organisations: dict[str, Organisation]
) -> tuple[dict[str, Initiative], dict[str, Activity]]:
    initiatives: dict[str, Initiative] = {}
    activities: dict[str, Activity] = {}
    for spec in INITIATIVES:
        initiative, _ = Initiative.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "summary": spec["summary"],
                "origin": spec["origin"],
                "organisation": organisations[spec["organisation"]],
                "place": places[spec["place"]],
            },
        )
        initiatives[spec["slug"]] = initiative
        stages = {}
        for co, (lead, note) in spec["stages"].items():
            stages[co], _ = Stage.objects.update_or_create(
                initiative=initiative, co=co, defaults={"lead": lead, "lead_note": note}
            )
        for key, co, kind, title, start, end, place, age in spec["activities"]:
            activity = Activity.objects.filter(stage__initiative=initiative, title=title).first()
            activity = activity or Activity(title=title)
            activity.stage, activity.kind = stages[co], kind
            activity.starts_at = _at(start)
            activity.ends_at = _at(end) if end is not None else None
            activity.eligible_place = places[place] if place else None
            activity.min_age = age
            activity.save()
            activities[key] = activity
    return initiatives, activities


COMMITMENTS = [
    # title, organisation, initiative, owner, source, due in days, status, progress, reason
    (
        "Publish the neighbourhood budget results within 30 days of the vote",
        "riverton-council",
        "safer-streets",
        CommitmentOwner.ORGANISATION,
        CommitmentSource.CHARTER,
        60,
        CommitmentStatus.PLANNED,
        0,
        "",
    ),
    (
        "Repair the Station Road crossing",
        "riverton-council",
        "safer-streets",
        CommitmentOwner.ORGANISATION,
        CommitmentSource.OTHER,
        -14,
        CommitmentStatus.DELAYED,
        40,
        "Parts are on order; the contractor starts once they arrive.",
    ),
    (
        "Keep the garden open every Saturday",
        "eastside-neighbours",
        "eastbank-garden",
        CommitmentOwner.PARTICIPANTS,
        CommitmentSource.CHARTER,
        180,
        CommitmentStatus.IN_PROGRESS,
        55,
        "Open 22 of the last 24 Saturdays.",
    ),
    (
        "Fit a water supply to the garden",
        "riverton-council",
        "eastbank-garden",
        CommitmentOwner.ORGANISATION,
        CommitmentSource.OTHER,
        -60,
        CommitmentStatus.DONE,
        100,
        "Standpipe fitted and tested.",
    ),
    (
        "Train twelve peer supporters",
        "riverton-health",
        "peer-support",
        CommitmentOwner.ORGANISATION,
        CommitmentSource.OTHER,
        90,
        CommitmentStatus.IN_PROGRESS,
        50,
        "Six trained; second cohort starts next month.",
    ),
    (
        "Answer every panel recommendation within 8 weeks",
        "riverton-health",
        "peer-support",
        CommitmentOwner.ORGANISATION,
        CommitmentSource.CHARTER,
        150,
        CommitmentStatus.PLANNED,
        0,
        "",
    ),
]


def load_commitments(
    organisations: dict[str, Organisation], initiatives: dict[str, Initiative], staff: Person
) -> dict[str, Commitment]:
    commitments: dict[str, Commitment] = {}
    for title, org, initiative, owner, source, due, status, progress, reason in COMMITMENTS:
        commitment, created = Commitment.objects.update_or_create(
            title=title,
            organisation=organisations[org],
            defaults={
                "initiative": initiatives[initiative],
                "owner": owner,
                "source": source,
                "due_date": timezone.localdate() + timedelta(days=due),
                "owner_name": "Eastside Neighbours' volunteers"
                if owner == CommitmentOwner.PARTICIPANTS
                else "",
                "status": status,
                "progress": progress,
            },
        )
        if created and reason:
            CommitmentUpdate.objects.create(
                commitment=commitment, status=status, progress=progress, reason=reason, by=staff
            )
        commitments[title] = commitment
    return commitments


def load_ledger(activities: dict[str, Activity], residents: list[Person], staff: Person) -> None:
    rng = random.Random(7)
    kinds = {
        BUDGETING_ROUND: ("proposal", Mode.VOICE),
        OPINION_MAP: ("statement", Mode.VOICE),
        IDEAS: ("idea.support", Mode.VOICE),
        VOLUNTEERING: ("shift", Mode.ACTION),
        REPORT_CHANNEL: ("report", Mode.VOICE),
        WORKSHOP: ("workshop", Mode.VOICE),
        SURVEY: ("response", Mode.VOICE),
        SCRUTINY_PANEL: ("panel-session", Mode.ACTION),
        PRIORITY_SETTING: ("allocation", Mode.VOICE),
    }
    for activity in activities.values():
        if activity.contributions.exists() or activity.starts_at > timezone.now():
            continue
        kind, mode = kinds[activity.kind]
        for person in rng.sample(residents, rng.randrange(8, 30)):
            channel = rng.choices(
                [Channel.ONLINE, Channel.ASSISTED, Channel.PAPER], weights=[8, 1, 1]
            )[0]
            Contribution.objects.create(
                person=person,
                activity=activity,
                co=activity.stage.co,
                mode=mode,
                kind=kind,
                channel=channel,
                recorded_by=None if channel == Channel.ONLINE else staff,
                created_at=activity.starts_at + timedelta(hours=rng.randrange(1, 400)),
            )


def load_demographics(residents: list[Person]) -> None:
    """Give most demo residents consented demographics, skewed as real turnout often is:
    older and better-off residents take part more (the Matthew effect)."""
    from coproduce.accounts.models import Demographics
    from coproduce.accounts.services import demographics_give

    rng = random.Random(11)
    ages = list(AGE_SHARES)
    for person in residents:
        if Demographics.objects.filter(person=person).exists() or rng.random() < 0.15:
            continue
        demographics_give(
            person=person,
            values={
                "age_band": rng.choices(ages, weights=[3, 6, 10, 14, 18, 22, 12])[0],
                "sex": rng.choice(["female", "female", "male"]),
                "deprivation_quintile": str(rng.choices(range(1, 6), weights=[1, 2, 3, 5, 6])[0]),
            },
        )


def load_feedback(residents: list[Person]) -> None:
    """A little feedback from the phase banner for staff to read at /staff/feedback/."""
    from coproduce.web.models import Feedback

    for text, page, person in (
        ("The vote page was easy on my phone, thank you.", "/budgets/", residents[0]),
        ("Could the map show street names?", "/places/", None),
    ):
        Feedback.objects.get_or_create(text=text, defaults={"page": page, "person": person})


def load() -> City:
    """Load or refresh the demo city and return what later apps build on."""
    city, districts, wards = load_places()
    places = {"riverton": city, **districts, **wards}
    organisations = {}
    for slug, name, kind, description in ORGANISATIONS:
        organisations[slug], _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "description": description,
                "place": districts["eastbank"] if kind == "community_group" else city,
            },
        )
    city.owner = organisations["riverton-council"]  # keeps Riverton's population profile
    city.save(update_fields=["owner"])
    people, residents = load_people(organisations, wards)
    initiatives, activities = load_initiatives(city, places, organisations)
    commitments = load_commitments(organisations, initiatives, people["staff"])
    load_ledger(activities, residents, people["staff"])
    load_demographics(residents)
    load_feedback(residents)
    lineage_link(
        source=activities["street-reports"],
        target=commitments["Repair the Station Road crossing"],
        kind=LineageKind.LED_TO,
        note="Forty-one reports about the crossing in a year.",
    )
    lineage_link(
        source=activities["garden-workshop"],
        target=initiatives["safer-streets"],
        kind=LineageKind.LED_TO,
        note="The garden's neighbours asked for a safe route to it.",
    )
    return City(city, districts, wards, organisations, people, residents, initiatives, activities)


def accounts_text() -> str:
    """Describe the demo accounts for the terminal."""
    lines = [
        "",
        "Coproduce demo: Riverton is loaded (make demo serves it at http://127.0.0.1:8000).",
        f"Every demo account's password is: {PASSWORD}",
        "",
    ]
    for email, name, role, org, superuser in ACCOUNTS:
        what = (
            "site administrator"
            if superuser
            else (f"{role.label} at {org}" if role is not None else "resident")
        )
        lines.append(f"  {email:<32} {name:<22} {what}")
    lines += [
        "",
        "Staff accounts use two-factor authentication (TOTP). Add this secret to an "
        f"authenticator app: {TOTP_SECRET}",
        "(under `make demo`, the code 000000 is also accepted, for this laptop demo only)",
        "",
    ]
    return "\n".join(lines)
