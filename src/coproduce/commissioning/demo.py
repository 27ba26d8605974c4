"""Demo data for co-commissioning: a round in voting, a real past round, a personal budget
plan and a priority-setting exercise with responses. Idempotent: reloading adds nothing twice."""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from coproduce.accounts.models import DemographicConsent, Demographics, Person
from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.instruments import BUDGETING_ROUND
from coproduce.commissioning.models import (
    BallotFormat,
    BudgetingRound,
    PaymentMethod,
    Phase,
    PriorityExercise,
    Proposal,
    ProposalStatus,
    Rule,
    SupportPlan,
)
from coproduce.commissioning.services.ballots import ballot_cast
from coproduce.commissioning.services.exchange import round_import_pabulib
from coproduce.commissioning.services.personal import (
    LineSpec,
    change_decide,
    change_propose,
    plan_create,
    spending_record,
)
from coproduce.commissioning.services.priorities import exercise_create, response_submit
from coproduce.commissioning.services.rounds import AreaSpec, round_create, round_phase_set
from coproduce.initiatives.demo_city import City
from coproduce.initiatives.models import Initiative, Origin
from coproduce.initiatives.services import activity_schedule_set, contributions_unseal

PABULIB_FILE = "Netherlands_Assen_2024.pb"
PROPOSALS = {
    "northfield": [
        ("Safer crossing on Mill Lane", 38_000, "Roads"),
        ("Cycle racks at Northfield library", 9_000, "Cycling"),
        ("Brighter lighting on the canal path", 27_000, "Lighting"),
    ],
    "eastbank": [
        ("Traffic calming on Eastbank Road", 42_000, "Roads"),
        ("Benches and shade on the garden route", 12_000, "Walking"),
        ("School street at Eastbank Primary", 20_000, "Walking"),
    ],
    "old-town": [
        ("Wider pavements on Market Street", 45_000, "Walking"),
        ("Dropped kerbs around the old town", 15_000, "Access"),
        ("Cycle parking at the station", 18_000, "Cycling"),
    ],
    "riverside": [
        ("Riverside path resurfacing", 40_000, "Walking"),
        ("Lighting under the rail bridge", 16_000, "Lighting"),
        ("Pedestrian crossing at Quay Street", 30_000, "Roads"),
    ],
}


def _shared_data() -> Path:
    default = Path(settings.BASE_DIR).parents[1].parent / "shared" / "data"
    return Path(os.environ.get("COPRODUCE_SHARED_DATA", default))


def load_round_in_voting(city: City) -> BudgetingRound:
    activity = city.activities["streets-budget"]
    round_ = BudgetingRound.objects.filter(activity=activity).first()
    if round_ is None:
        areas = [AreaSpec(d.name, 60_000_00, d) for d in city.districts.values()]
        round_ = round_create(
            activity=activity,
            actor=None,
            total_budget=60_000_00 * len(areas),
            areas=areas,
            ballot_format=BallotFormat.KNAPSACK,
            rule=Rule.EQUAL_SHARES,
        )
    authors = city.residents[:12]
    for slug, items in PROPOSALS.items():
        area = round_.areas.get(place=city.districts[slug])
        boundary = city.districts[slug].boundary or {"coordinates": [[[0, 0], [0, 0], [0, 0]]]}
        (west, south), _se, (east, north), *_rest = boundary["coordinates"][0]
        for index, (title, pounds, category) in enumerate(items):
            Proposal.objects.update_or_create(
                round=round_,
                title=title,
                defaults={
                    "area": area,
                    "description": f"{title}: proposed by residents of {area.name}.",
                    "estimated_cost": pounds * 100,
                    "category": category,
                    "longitude": round(west + (east - west) * (0.25 + 0.25 * index), 5),
                    "latitude": round(south + (north - south) * (0.3 + 0.2 * index), 5),
                    "status": ProposalStatus.FEASIBLE,
                    "feasibility_reason": "Checked by the highways team; costed with a 10% margin.",
                    "author": authors[(index * 4 + len(slug)) % len(authors)],
                },
            )
    if round_.phase != Phase.VOTING:
        round_ = round_phase_set(round_=round_, actor=None, phase=Phase.VOTING)
    _cast_demo_ballots(round_, city)
    return round_


def _cast_demo_ballots(
    round_: BudgetingRound, city: City, *, people: list[Person] | None = None, seed: int = 4
) -> None:
    if round_.envelopes.exists() or round_.ballots.exists():
        return
    rng = random.Random(seed)
    from coproduce.commissioning.selectors.rounds import ballot_proposals, voter_status

    for person in city.residents[:40] if people is None else people:
        status = voter_status(person, round_)
        if status.area is None:
            continue
        proposals = ballot_proposals(status.area)
        rng.shuffle(proposals)
        chosen, spent = [], 0
        for proposal in proposals:
            if spent + proposal.cost <= status.area.budget and rng.random() < 0.7:
                chosen.append(proposal.pk)
                spent += proposal.cost
        if chosen:
            ballot_cast(round_=round_, person=person, content=BallotContent(tuple(chosen)))


LAST_YEAR = {
    "northfield": [
        ("Resurface the Mill Lane cycle path", 30_000),
        ("Planters on Northfield Parade", 8_000),
        ("Bus shelter seating", 14_000),
    ],
    "eastbank": [
        ("Eastbank Road zebra crossing", 35_000),
        ("Street trees on Canal Street", 16_000),
        ("Bike hangar for flats", 9_000),
    ],
    "old-town": [
        ("Market Street benches", 10_000),
        ("Old Town wayfinding signs", 12_000),
        ("Lighting in Chapel Alley", 26_000),
    ],
    "riverside": [
        ("Quay Street cycle lane", 40_000),
        ("Riverside play street", 11_000),
        ("Footbridge ramp repair", 18_000),
    ],
}


def load_closed_round(city: City) -> BudgetingRound:
    """Last year's neighbourhood budget: voted online and on paper, counted, winners published."""
    from coproduce.commissioning.services.ballots import paper_entry_record, voter_codes_issue
    from coproduce.commissioning.services.results import (
        round_recount,
        round_tally,
        winners_publish,
    )
    from coproduce.initiatives.models import Activity

    streets = city.activities["streets-budget"]
    title = "Neighbourhood budget 2026"
    existing = BudgetingRound.objects.filter(
        activity__title=title, activity__stage=streets.stage
    ).first()
    if existing is not None:
        return existing
    activity = Activity.objects.create(
        stage=streets.stage,
        kind=BUDGETING_ROUND,
        title=title,
        description="Last year's round: residents chose street improvements in each district.",
        starts_at=timezone.now() - timedelta(days=1),
        eligible_place=city.city,
        min_age=16,
    )
    round_ = round_create(
        activity=activity,
        actor=None,
        total_budget=50_000_00 * 4,
        areas=[AreaSpec(d.name, 50_000_00, d) for d in city.districts.values()],
        ballot_format=BallotFormat.KNAPSACK,
        rule=Rule.GREEDY,
        allow_changes=False,
    )
    for slug, items in LAST_YEAR.items():
        area = round_.areas.get(place=city.districts[slug])
        for index, (name, pounds) in enumerate(items):
            Proposal.objects.create(
                round=round_,
                area=area,
                title=name,
                description=f"{name}, proposed by residents of {area.name}.",
                estimated_cost=pounds * 100,
                status=ProposalStatus.FEASIBLE,
                feasibility_reason="Checked and costed by the highways team.",
                author=city.residents[(index * 7 + len(slug)) % len(city.residents)],
            )
    # Voting is held now so the demo's ballots go through the real services, then the
    # round's dates are set back to last year's.
    round_ = round_phase_set(round_=round_, actor=None, phase=Phase.VOTING)
    _cast_demo_ballots(round_, city, people=city.residents[20:60], seed=2026)
    staff, admin = city.people["staff"], city.people["admin"]
    area = round_.areas.get(place=city.districts["eastbank"])
    from coproduce.commissioning.selectors.rounds import ballot_proposals

    on_ballot = [p.pk for p in ballot_proposals(area)]
    for code in voter_codes_issue(round_=round_, area=area, count=6, actor=staff):
        content = BallotContent(tuple(on_ballot[:2]))
        paper_entry_record(round_=round_, code=code, content=content, actor=staff)
        paper_entry_record(round_=round_, code=code, content=content, actor=admin)
    now = timezone.now()
    activity_schedule_set(
        activity=round_.activity,
        actor=None,
        starts_at=now - timedelta(days=400),
        ends_at=None,
        phase_starts={
            Phase.REVIEW: now - timedelta(days=390),
            Phase.VOTING: now - timedelta(days=380),
            Phase.RESULTS: now - timedelta(days=370),
            Phase.IMPLEMENTATION: now - timedelta(days=360),
        },
    )
    contributions_unseal(activity=round_.activity)
    round_tally(round_.pk)
    # A councillor asked for the count to be checked before publication: the recount's
    # history shows on the results page. The queued task counts the same ballots again.
    round_recount(
        round_=BudgetingRound.objects.get(pk=round_.pk),
        actor=staff,
        reason="A councillor asked for the count to be checked before the winners were published.",
    )
    round_tally(round_.pk)
    round_.refresh_from_db()
    winners_publish(round_=round_, actor=None)
    return round_


def load_past_round(city: City) -> BudgetingRound | None:
    existing = BudgetingRound.objects.filter(imported_from=PABULIB_FILE).first()
    if existing is not None:
        return existing
    path = _shared_data() / "pabulib" / PABULIB_FILE
    if not path.is_file():
        sys.stderr.write(f"commissioning demo: {path} not found; skipping the past round\n")
        return None
    council = city.organisations["riverton-council"]
    archive, _created = Initiative.objects.get_or_create(
        slug="past-budgets",
        defaults={
            "title": "Participatory budgets elsewhere",
            "summary": "Real participatory budgeting elections from pabulib, to compare with ours.",
            "origin": Origin.INSIDE_OUT,
            "organisation": council,
            "place": city.city,
        },
    )
    return round_import_pabulib(source=path, initiative=archive, actor=None, count_now=True)


def load_plan(city: City) -> SupportPlan:
    person, professional = city.people["resident"], city.people["care"]
    plan = SupportPlan.objects.filter(person=person, professional=professional).first()
    if plan is not None:
        return plan
    plan = plan_create(
        person=person,
        professional=professional,
        organisation=city.organisations["riverton-health"],
        title="Rosa's support plan",
        allocation=8_400_00,
        actor=professional,
    )
    change = change_propose(
        plan=plan,
        actor=professional,
        outcomes="Get out of the house twice a week; keep swimming; have help with shopping.",
        lines=[
            LineSpec(
                "Personal assistant, 4 hours a week",
                5_200_00,
                PaymentMethod.PROVIDER,
                "Riverton Care Co-op",
            ),
            LineSpec("Swimming and a companion", 1_200_00, PaymentMethod.DIRECT),
            LineSpec("Community transport", 900_00, PaymentMethod.PROVIDER, "Dial-a-Ride Riverton"),
        ],
        review_date=timezone.localdate() + timedelta(days=90),
        note="Drafted together at our meeting.",
    )
    change_decide(change=change, actor=person, agree=True)
    line = plan.lines.get(key="swimming-and-a-companion")
    spending_record(
        plan=plan,
        line=line,
        amount=48_00,
        spent_on=timezone.localdate() - timedelta(days=6),
        actor=person,
        note="Four sessions",
    )
    return plan


AREAS = [
    (
        "Youth clubs",
        "Evening clubs in each district.",
        120_000_00,
        [
            (0, "All four clubs close."),
            (60_000_00, "Two clubs open three evenings."),
            (120_000_00, "All four clubs stay open."),
        ],
    ),
    (
        "Sport and activities",
        "Free sport sessions and holiday activities.",
        80_000_00,
        [(40_000_00, "Holiday sessions only."), (80_000_00, "Weekly sessions all year.")],
    ),
    (
        "Mental health support",
        "Counselling and drop-ins for 13–25s.",
        60_000_00,
        [(30_000_00, "Waiting list of 10 weeks."), (90_000_00, "Seen within 2 weeks.")],
    ),
    (
        "Careers and training",
        "Apprenticeship advice and work tasters.",
        40_000_00,
        [(20_000_00, "Online advice only."), (40_000_00, "Advisers in every school.")],
    ),
]


def load_priorities(city: City) -> PriorityExercise:
    activity = city.activities["youth-priorities"]
    exercise = PriorityExercise.objects.filter(activity=activity).first()
    if exercise is None:
        exercise = exercise_create(
            activity=activity, total=300_000_00, step=10_000_00, areas=AREAS, actor=None
        )
    if exercise.responses.exists():
        return exercise
    rng = random.Random(13)
    areas = list(exercise.areas.values_list("pk", flat=True))
    for person in city.residents[:36]:
        steps = [1] * len(areas)
        for _ in range(30 - len(areas)):
            steps[rng.randrange(len(areas))] += 1
        response_submit(
            exercise=exercise,
            person=person,
            allocations={pk: n * exercise.step for pk, n in zip(areas, steps, strict=True)},
        )
    return exercise


def _age_band(born: date | None) -> str | None:
    if born is None:
        return None
    age = (timezone.localdate() - born).days // 365
    for low, high, band in (
        (16, 24, "16-24"),
        (25, 34, "25-34"),
        (35, 44, "35-44"),
        (45, 54, "45-54"),
        (55, 64, "55-64"),
        (65, 74, "65-74"),
    ):
        if low <= age <= high:
            return band
    return "75+" if age >= 75 else None


def load_demographics(residents: list[Person]) -> None:
    """Give two thirds of the demo residents consented demographics (for the turnout profile)."""
    rng = random.Random(21)
    for person in residents[:40]:
        if Demographics.objects.filter(person=person).exists():
            continue
        values = {
            "sex": rng.choice(["female", "male"]),
            "deprivation_quintile": str(rng.randint(1, 5)),
        }
        band = _age_band(person.date_of_birth)
        if band:
            values["age_band"] = band
        consent = DemographicConsent.objects.create(person=person)
        Demographics.objects.create(person=person, consent=consent, values=values)


def load_following(city: City, round_: BudgetingRound) -> None:
    """The demo resident follows the round in voting (so its reminder and phases reach them)."""
    from coproduce.accounts.following import follow_start

    resident = city.people.get("resident")
    if resident is not None:
        follow_start(person=resident, target=round_.activity)


def load(city: City) -> None:
    """Load the co-commissioning demo into the demo city."""
    load_demographics(city.residents)
    voting = load_round_in_voting(city)
    load_closed_round(city)
    load_past_round(city)
    load_plan(city)
    load_priorities(city)
    load_following(city, voting)
